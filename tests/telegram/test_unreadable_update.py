"""Third adversarial review, defect 11: one update the library cannot parse (a self-hosted Bot
API server may send one) is skipped and logged; polling goes on and students are answered."""

from __future__ import annotations

import logging

from tests.support.harness import Student, bot_running

UNREADABLE = {
    "message": {
        "message_id": 9,
        "date": 1,
        "chat": {"id": 61, "type": "private"},
        "from": {"id": 61, "is_bot": False, "first_name": "Ana"},
        "text": "/start",
        "entities": [{"type": "bot_command"}],
    }
}


async def test_one_update_the_library_cannot_parse_does_not_stall_the_bot(server, settings, caplog) -> None:
    ana = Student(server, 61)
    async with bot_running(settings, server):
        with caplog.at_level(logging.WARNING, "bot.telegram.lenient_updates"):
            skipped = server.raw_update(UNREADABLE)
            [answer] = await ana.say("que es el seguro facultativo")
        polls = server.get_updates_calls
    assert answer.plain.startswith("¿Qué es el seguro facultativo?")
    assert f"skipped update {skipped}" in caplog.text
    assert polls < 100  # not the same batch fetched again and again
