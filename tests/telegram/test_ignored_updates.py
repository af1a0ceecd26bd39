"""Updates the bot must not answer: edited commands, and commands addressed to other bots in a
group."""

from __future__ import annotations

from tests.support.fake_telegram import BOT_USERNAME
from tests.support.harness import Student, bot_running, handled


async def test_edited_commands_are_ignored(server, settings) -> None:
    async with bot_running(settings, server) as application:
        for _ in range(12):
            server.user_edits(35, "/fechas")
        await handled(application, server)
    assert [m for m in server.sent if m.chat_id == 35] == []


async def test_commands_for_other_bots_are_ignored_in_groups(server, settings) -> None:
    group = Student(server, 39, chat_id=-200)
    async with bot_running(settings, server) as application:
        for command in ("/start@OtherBot", "/fechas@OtherBot", "/ayuda@otro_bot hola"):
            assert await group.say_unanswered(application, command) == []
        [ours] = await group.say(f"/fechas@{BOT_USERNAME}")
    assert "Hoy sí se reciben" in ours.plain
