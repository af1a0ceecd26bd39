"""The commands the engine leaves to adapters are answered by the Telegram adapter itself, each
one: none of them reaches the engine's "not in this channel" reply."""

from __future__ import annotations

from pathlib import Path

from telegram.ext import Application

from bot.conversation import texts
from bot.conversation.commands import ADAPTER_COMMANDS
from bot.privacy_rights import texts as privacy_texts
from bot.telegram.application import build_application
from tests.support.harness import bot_settings
from tests.telegram.test_handlers import OfflineRequest, _message, _update


async def test_every_adapter_command_has_its_telegram_answer(faq_copy: Path, tmp_path: Path) -> None:
    from tests.support.fake_telegram import FakeTelegram

    settings = bot_settings(FakeTelegram(), faq_copy, tmp_path / "data")
    application: Application = build_application(
        settings, "1:offline", request=OfflineRequest(), rate_limiter=False
    )
    async with application:
        for number, command in enumerate(sorted(ADAPTER_COMMANDS), start=1):
            entity = {"type": "bot_command", "offset": 0, "length": len(command) + 1}
            message = _message(f"/{command}", entities=[entity])
            await application.process_update(_update(application, number, message=message))
        request = application.bot.request
        assert isinstance(request, OfflineRequest)
        sent = [params["text"] for params in request.sent()]
    assert sorted(ADAPTER_COMMANDS) == ["borrar_mis_datos", "mis_datos", "privacidad"]
    assert len(sent) == len(ADAPTER_COMMANDS)
    assert not any(text == texts.NOT_IN_THIS_CHANNEL or texts.UNKNOWN_COMMAND in text for text in sent)
    # sorted: borrar_mis_datos, mis_datos, privacidad (a new student: nothing is kept yet)
    assert sent[:2] == [privacy_texts.NOTHING_LEFT, privacy_texts.NOTHING_KEPT]
    assert sent[2].startswith(privacy_texts.NOTICE_TITLE)
