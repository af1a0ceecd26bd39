"""Running the real PTB Application against the fake Bot API, and students that talk to it."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, JobExecutionEvent
from telegram import Update
from telegram.ext import Application

from bot.config import Settings, TelegramSettings, WebhookSettings
from bot.hot_reload import LiveAssistant
from bot.telegram.application import LIVE, build_application
from bot.understanding.matching import MatchSettings
from tests.conftest import ROOT
from tests.support.fake_telegram import FakeTelegram, SentMessage

ADMIN_ID = 4242
CATCH_UP = "catch-up"  # the jobs the bot schedules once at start for what was due while it was down
_started_jobs: dict[int, set[str]] = {}  # id(application) -> the jobs scheduled at start
_finished_jobs: dict[int, set[str]] = {}  # id(application) -> names of the jobs that have run


def bot_settings(
    server: FakeTelegram,
    faq_dir: Path,
    data_dir: Path,
    *,
    flood: tuple[int, float] = (8, 10.0),
    concurrent: int = 64,
    webhook: WebhookSettings | None = None,
) -> Settings:
    telegram = TelegramSettings(
        base_url=server.base_url,
        admins=frozenset({ADMIN_ID}),
        concurrent_updates=concurrent,
        reload_seconds=0.2,
        persistence_seconds=0.2,
        flood_messages=flood[0],
        flood_seconds=flood[1],
        webhook=webhook or WebhookSettings("127.0.0.1", 0, None, "telegram", None),
    )
    return Settings(ROOT / "config.yaml", faq_dir, data_dir, MatchSettings(), date(2026, 12, 3), telegram)


@asynccontextmanager
async def running(
    application: Application, webhook: WebhookSettings | None = None, secret: str | None = None
) -> AsyncIterator[Application]:
    """What `run_polling`/`run_webhook` do, inside the test's event loop."""
    await application.initialize()
    if application.post_init:
        await application.post_init(application)
    _watch_jobs(application)  # before application.start() starts the job queue
    if webhook is None:
        await application.updater.start_polling(
            poll_interval=0.0, timeout=1, allowed_updates=Update.ALL_TYPES
        )
    else:
        await application.updater.start_webhook(
            listen=webhook.listen,
            port=webhook.port,
            url_path=webhook.path,
            webhook_url=webhook.url,
            secret_token=secret,
            allowed_updates=Update.ALL_TYPES,
        )
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
        _started_jobs.pop(id(application), None)
        _finished_jobs.pop(id(application), None)


@asynccontextmanager
async def bot_running(settings: Settings, server: FakeTelegram) -> AsyncIterator[Application]:
    async with running(build_application(settings, server.token)) as application:
        yield application


def _watch_jobs(application: Application) -> None:
    """Record the name of every job run that finishes (or fails) from now on."""
    if application.job_queue is None:
        return
    finished = _finished_jobs[id(application)] = set()
    scheduler = application.job_queue.scheduler
    names = {job.job.id: job.name for job in application.job_queue.jobs()}
    _started_jobs[id(application)] = set(names.values())

    def ran(event: JobExecutionEvent) -> None:
        job = scheduler.get_job(event.job_id)
        finished.add(names.get(event.job_id) or (job.name if job else event.job_id))

    scheduler.add_listener(ran, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)


async def jobs_ran(application: Application, *names: str, timeout: float = 10.0) -> None:
    """Until each named job has run to its end: what it would send has been sent."""
    finished = _finished_jobs[id(application)]
    deadline = time.monotonic() + timeout
    while not finished.issuperset(names):
        if time.monotonic() > deadline:
            raise AssertionError(f"jobs {sorted(set(names) - finished)} never ran")
        await asyncio.sleep(0.02)


async def caught_up(application: Application, timeout: float = 10.0) -> None:
    """Until every start-up catch-up job (the reminders' and, when it was missed, the weekly
    summary's) has run: a check that nothing went out is then a real one."""
    due = {name for name in _started_jobs[id(application)] if name.endswith(CATCH_UP)}
    assert due, "the bot scheduled no catch-up run at start"
    await jobs_ran(application, *due, timeout=timeout)


async def handled(application: Application, server: FakeTelegram, timeout: float = 10.0) -> None:
    """Until the bot has fetched every update sent so far and finished processing each one
    (answered, refused or dropped): what it would send in reply has been sent. PTB marks an
    update done in its queue only when its processing has ended."""
    await server.fetched(timeout=timeout)
    await asyncio.wait_for(application.update_queue.join(), timeout)


def live_of(application: Application) -> LiveAssistant:
    """The LiveAssistant the running application answers from."""
    return application.bot_data[LIVE]


class Student:
    """A student in a chat: says things, taps buttons, reads what the bot sent back."""

    def __init__(self, server: FakeTelegram, user_id: int, chat_id: int | None = None) -> None:
        self.server = server
        self.user_id = user_id
        self.chat_id = chat_id if chat_id is not None else user_id

    async def say(self, text: str, reply_to: SentMessage | None = None, expect: int = 1) -> list[SentMessage]:
        """The bot's replies once it has sent `expect` and gone quiet. With expect=0 it returns
        at once, before the bot has read the message: to check that it says nothing, use
        `say_unanswered`."""
        mark = len(self.server.sent)
        self.server.user_text(self.user_id, text, self.chat_id, reply_to)
        return await self.server.replies(self.chat_id, mark, at_least=expect)

    async def say_unanswered(
        self, application: Application, text: str, reply_to: SentMessage | None = None
    ) -> list[SentMessage]:
        """Say something the bot should not answer: what it sent to this chat once it has
        processed the message (an empty list when it kept quiet)."""
        mark = len(self.server.sent)
        self.server.user_text(self.user_id, text, self.chat_id, reply_to)
        await handled(application, self.server)
        return [m for m in self.server.sent[mark:] if m.chat_id == self.chat_id]

    async def send(self, expect: int = 1, **content: object) -> list[SentMessage]:
        mark = len(self.server.sent)
        self.server.user_message(self.user_id, self.chat_id, **content)
        return await self.server.replies(self.chat_id, mark, at_least=expect)

    async def press(self, message: SentMessage, data: str, expect: int = 1) -> list[SentMessage]:
        mark = len(self.server.sent)
        self.server.user_presses(self.user_id, message, data)
        return await self.server.replies(self.chat_id, mark, at_least=expect)

    async def tap(self, label: str, on: SentMessage | None = None, expect: int = 1) -> list[SentMessage]:
        message = on or self.last_with_buttons()
        data = dict(message.buttons).get(label)
        assert data is not None, f"no button {label!r}: {[b for b, _ in message.buttons]}"
        return await self.press(message, data, expect)

    def last_with_buttons(self) -> SentMessage:
        return next(m for m in reversed(self.server.sent) if m.chat_id == self.chat_id and m.buttons)

    def received(self) -> list[SentMessage]:
        return [m for m in self.server.sent if m.chat_id == self.chat_id]
