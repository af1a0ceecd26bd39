"""Running the real PTB Application against the fake Bot API, and students that talk to it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path

from telegram import Update
from telegram.ext import Application

from bot.config import Settings, TelegramSettings, WebhookSettings
from bot.hot_reload import LiveAssistant
from bot.telegram.application import LIVE, build_application
from bot.understanding.matching import MatchSettings
from tests.conftest import ROOT
from tests.support.fake_telegram import FakeTelegram, SentMessage

ADMIN_ID = 4242


def bot_settings(server: FakeTelegram, faq_dir: Path, data_dir: Path, *,
                 flood: tuple[int, float] = (8, 10.0), concurrent: int = 64,
                 webhook: WebhookSettings | None = None) -> Settings:
    telegram = TelegramSettings(
        base_url=server.base_url, admins=frozenset({ADMIN_ID}), concurrent_updates=concurrent,
        reload_seconds=0.2, persistence_seconds=0.2, flood_messages=flood[0],
        flood_seconds=flood[1],
        webhook=webhook or WebhookSettings("127.0.0.1", 0, None, "telegram", None),
    )
    return Settings(ROOT / "config.yaml", faq_dir, data_dir, MatchSettings(), date(2026, 12, 3),
                    telegram)


@asynccontextmanager
async def running(application: Application, webhook: WebhookSettings | None = None,
                  secret: str | None = None) -> AsyncIterator[Application]:
    """What `run_polling`/`run_webhook` do, inside the test's event loop."""
    await application.initialize()
    if application.post_init:
        await application.post_init(application)
    if webhook is None:
        await application.updater.start_polling(poll_interval=0.0, timeout=1,
                                                allowed_updates=Update.ALL_TYPES)
    else:
        await application.updater.start_webhook(
            listen=webhook.listen, port=webhook.port, url_path=webhook.path,
            webhook_url=webhook.url, secret_token=secret, allowed_updates=Update.ALL_TYPES)
    await application.start()
    try:
        yield application
    finally:
        await application.updater.stop()
        await application.stop()
        if application.post_stop:
            await application.post_stop(application)
        await application.shutdown()
        if application.post_shutdown:
            await application.post_shutdown(application)


@asynccontextmanager
async def bot_running(settings: Settings, server: FakeTelegram) -> AsyncIterator[Application]:
    async with running(build_application(settings, server.token)) as application:
        yield application


def live_of(application: Application) -> LiveAssistant:
    """The LiveAssistant the running application answers from."""
    return application.bot_data[LIVE]


class Student:
    """A student in a chat: says things, taps buttons, reads what the bot sent back."""

    def __init__(self, server: FakeTelegram, user_id: int, chat_id: int | None = None) -> None:
        self.server = server
        self.user_id = user_id
        self.chat_id = chat_id if chat_id is not None else user_id

    async def say(self, text: str, reply_to: SentMessage | None = None,
                  expect: int = 1) -> list[SentMessage]:
        mark = len(self.server.sent)
        self.server.user_text(self.user_id, text, self.chat_id, reply_to)
        return await self.server.replies(self.chat_id, mark, at_least=expect)

    async def send(self, expect: int = 1, **content: object) -> list[SentMessage]:
        mark = len(self.server.sent)
        self.server.user_message(self.user_id, self.chat_id, **content)
        return await self.server.replies(self.chat_id, mark, at_least=expect)

    async def press(self, message: SentMessage, data: str, expect: int = 1) -> list[SentMessage]:
        mark = len(self.server.sent)
        self.server.user_presses(self.user_id, message, data)
        return await self.server.replies(self.chat_id, mark, at_least=expect)

    async def tap(self, label: str, on: SentMessage | None = None,
                  expect: int = 1) -> list[SentMessage]:
        message = on or self.last_with_buttons()
        data = dict(message.buttons).get(label)
        assert data is not None, f"no button {label!r}: {[b for b, _ in message.buttons]}"
        return await self.press(message, data, expect)

    def last_with_buttons(self) -> SentMessage:
        return next(m for m in reversed(self.server.sent)
                    if m.chat_id == self.chat_id and m.buttons)

    def received(self) -> list[SentMessage]:
        return [m for m in self.server.sent if m.chat_id == self.chat_id]
