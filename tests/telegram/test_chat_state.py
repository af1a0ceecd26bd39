"""A student's chat state on Telegram: one per student and chat (anonymous admins share none),
forgotten when idle."""

from __future__ import annotations

from telegram.ext import Application

from bot.conversation import texts
from tests.support.harness import Student, bot_running

ANONYMOUS_ADMIN = 1087968824  # Telegram's GroupAnonymousBot: every anonymous admin


async def test_conversation_state_is_per_student_and_chat(server, settings) -> None:
    private, in_group = Student(server, 40), Student(server, 40, chat_id=-300)
    anonymous = {"sender_chat": {"id": -300, "type": "group", "title": "Grupo"}}
    async with bot_running(settings, server):
        await private.say("/elegibilidad")
        [group_reply] = await in_group.say("/cancelar")
        for command in ("/elegibilidad", "/cancelar"):  # two anonymous admins, one Telegram id
            mark = len(server.sent)
            server.user_message(
                ANONYMOUS_ADMIN,
                -300,
                text=command,
                **anonymous,
                entities=[{"type": "bot_command", "offset": 0, "length": len(command)}],
            )
            [admin_reply] = await server.replies(-300, mark)
        [private_reply] = await private.tap("No, es privada")
    assert group_reply.plain.startswith(texts.QUESTIONNAIRE_NOT_ACTIVE)  # the private one stays there
    assert admin_reply.plain.startswith(texts.QUESTIONNAIRE_NOT_ACTIVE)  # nor do they share a flow
    assert "no aplica para ti" in private_reply.plain


async def test_idle_students_are_forgotten_and_the_journal_is_purged_daily(server, settings) -> None:
    async with bot_running(settings, server) as application:
        for user in range(50, 80):
            await Student(server, user).say("hola")
        await Student(server, 90).say("/elegibilidad")
        assert len(application.user_data) >= 31
        jobs = {job.name: job for job in application.job_queue.jobs()}
        await jobs["housekeeping"].callback(_JobContext(application))
        assert set(application.user_data) == {90}  # only the one in the middle of the flow
    purge = jobs["journal purge"]
    assert purge.next_t is not None and purge.next_t.hour == 3


class _JobContext:
    def __init__(self, application: Application) -> None:
        self.application = application
