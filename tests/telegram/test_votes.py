"""Votes on answers (👍/👎) on Telegram: one per student per answer, the last one counts."""

from __future__ import annotations

import asyncio

from bot.staff.journal import Journal
from tests.support.harness import Student, bot_running, bot_settings


async def test_one_vote_per_student_per_answer(server, faq_copy, tmp_path) -> None:
    settings = bot_settings(server, faq_copy, tmp_path / "data", flood=(100, 10.0))
    student = Student(server, 38)
    async with bot_running(settings, server):
        [answer] = await student.say("como saco mi nss")
        [again] = await student.say("como saco mi nss")
        presses = [(answer, "👎"), *[(answer, "👍")] * 39, (again, "👎")]
        for message, vote in presses:  # the last vote on each answer is the student's mind
            query = server.user_presses(student.user_id, message, dict(message.buttons)[vote])
            while not server.callback_queries[query]:
                await asyncio.sleep(0.01)
    votes = [(f.intent, f.vote) for f in Journal.open(settings.data_dir).feedback()]
    assert sorted(votes) == [("documento_nss", -1), ("documento_nss", 1)]  # one per answer
