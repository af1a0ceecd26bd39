"""Quick handler tests through Application.process_update with an offline request class
(PTB's own approach): no network, every Bot API call recorded."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from telegram import Update
from telegram.ext import Application
from telegram.request import BaseRequest, RequestData

from bot.conversation import texts
from bot.telegram.application import build_application
from tests.support.harness import bot_settings

BOT = {"id": 1, "is_bot": True, "first_name": "Seguro", "username": "seguro_bot"}


class OfflineRequest(BaseRequest):
    """Answers like the Bot API would and keeps every call for the test to read."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self._ids = 100

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    @property
    def read_timeout(self) -> float:
        return 1.0

    async def do_request(
        self, url: str, method: str, request_data: RequestData | None = None, *args: Any, **kwargs: Any
    ) -> tuple[int, bytes]:
        name = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        self.calls.append((name, params))
        result: Any = True
        if name == "getMe":
            result = BOT
        elif name == "sendMessage":
            self._ids += 1
            result = {
                "message_id": self._ids,
                "date": int(time.time()),
                "text": params["text"],
                "chat": {"id": params["chat_id"], "type": "private"},
                "from": BOT,
            }
        return 200, json.dumps({"ok": True, "result": result}).encode()

    def sent(self) -> list[dict[str, Any]]:
        return [params for name, params in self.calls if name == "sendMessage"]


@pytest.fixture
async def app(faq_copy: Path, tmp_path: Path) -> AsyncIterator[Application]:
    from tests.support.fake_telegram import FakeTelegram

    settings = bot_settings(FakeTelegram(), faq_copy, tmp_path / "data")
    application = build_application(settings, "1:offline", request=OfflineRequest(), rate_limiter=False)
    async with application:
        yield application


def _request(app: Application) -> OfflineRequest:
    return app.bot.request  # type: ignore[return-value]


def _update(app: Application, number: int, **payload: Any) -> Update:
    return Update.de_json({"update_id": number, **payload}, app.bot)


def _message(text: str, user: int = 50, **extra: Any) -> dict[str, Any]:
    return {
        "message_id": 1,
        "date": int(time.time()),
        "text": text,
        "chat": {"id": user, "type": "private"},
        "from": {"id": user, "is_bot": False, "first_name": "Ana"},
        **extra,
    }


async def test_text_is_answered_in_html_with_a_keyboard(app: Application) -> None:
    await app.process_update(_update(app, 1, message=_message("q es el seguro facultativo")))
    [sent] = _request(app).sent()
    assert sent["parse_mode"] == "HTML"
    assert sent["link_preview_options"] == {"is_disabled": True}
    assert sent["text"].startswith("<b>¿Qué es el seguro facultativo?</b>")
    rows = [[button["text"] for button in row] for row in sent["reply_markup"]["inline_keyboard"]]
    assert rows[-2:] == [[texts.TOPICS], ["👍", "👎"]]


async def test_forged_button_is_answered_and_gets_the_menu(app: Application) -> None:
    query = {
        "id": "77",
        "chat_instance": "c",
        "data": "9|whatever",
        "from": {"id": 50, "is_bot": False, "first_name": "Ana"},
        "message": _message("menu", user=50),
    }
    await app.process_update(_update(app, 2, callback_query=query))
    names = [name for name, _ in _request(app).calls]
    assert "answerCallbackQuery" in names
    [sent] = _request(app).sent()
    assert sent["text"] == texts.STALE_OPTION


async def test_edited_message_gets_no_reply(app: Application) -> None:
    await app.process_update(_update(app, 3, edited_message=_message("hola", edit_date=1)))
    assert _request(app).sent() == []


async def test_voice_note_asks_for_text(app: Application) -> None:
    voice = {"file_id": "v", "file_unique_id": "v", "duration": 3}
    message = {k: v for k, v in _message("").items() if k != "text"}
    await app.process_update(_update(app, 4, message={**message, "voice": voice}))
    [sent] = _request(app).sent()
    assert sent["text"] == texts.NON_TEXT


async def test_state_lives_in_user_data_per_chat(app: Application) -> None:
    await app.process_update(
        _update(
            app,
            5,
            message=_message("/elegibilidad", entities=[{"type": "bot_command", "offset": 0, "length": 13}]),
        )
    )
    assert app.user_data[50] == {"50": {"flow": ["institucion"]}}  # per chat
