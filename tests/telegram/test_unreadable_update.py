"""Third adversarial review, defect 11: one update the library cannot parse (a self-hosted Bot
API server may send one) is skipped and logged; polling goes on and students are answered."""

from __future__ import annotations

import logging

from bot.config import WebhookSettings
from bot.telegram.application import build_application
from tests.support.harness import Student, bot_running, bot_settings, running
from tests.telegram.test_e2e import _free_port

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


async def test_in_webhook_mode_an_unreadable_update_is_skipped_not_redelivered(
    server, faq_copy, tmp_path, caplog
) -> None:
    """python-telegram-bot 22 answers such an update 400 (Telegram posts it again and again) and
    logs it whole, with what the student wrote: the bot answers 200 and logs its id only."""
    port = _free_port()
    hook = WebhookSettings("127.0.0.1", port, f"http://127.0.0.1:{port}/telegram", "telegram", "s3cret")
    settings = bot_settings(server, faq_copy, tmp_path / "data", webhook=hook)
    secret_words = {**UNREADABLE["message"], "text": "mi curp es secreta zafiro"}
    ana = Student(server, 61)
    with caplog.at_level(logging.DEBUG):
        async with running(build_application(settings, server.token), webhook=hook, secret=hook.secret_token):
            skipped = server.raw_update({"message": secret_words})
            [answer] = await ana.say("que es el seguro facultativo")
    assert answer.plain.startswith("¿Qué es el seguro facultativo?")
    assert [status for update, status in server.webhook_responses if update == skipped] == [200]
    assert f"skipped update {skipped}" in caplog.text
    assert "zafiro" not in caplog.text
