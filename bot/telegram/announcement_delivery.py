"""Sending a confirmed announcement to everyone who opted in, and showing how far it got.

One task at a time goes through the confirmed announcements, oldest first, a batch of chats at
a time, each message in the broadcast lane (`bot/telegram/broadcast.py`, the same machinery as
the reception reminders). When the bot stops it finishes the messages already on their way and
starts no more; at the next start the start-up job picks up where it stopped, so a restart sends
nothing twice and skips nobody. Progress is one message in the chat where the admin sent it,
edited at most every PROGRESS_SECONDS: "Enviado a 340 de 1 200".
"""

from __future__ import annotations

import asyncio
import logging
import time

from telegram.error import TelegramError
from telegram.ext import Application, CallbackContext

from bot.office import announcement_replies as replies
from bot.office.announcements import Announcement, AnnouncementStore
from bot.telegram.broadcast import SENDING_AT_ONCE, Outcome, each, send_bulk
from bot.telegram.chat_state import Stats
from bot.telegram.rendering import keyboard

_log = logging.getLogger(__name__)
PROGRESS_SECONDS = 4.0  # Telegram allows about 20 messages a minute in a group
BATCH = SENDING_AT_ONCE


class AnnouncementDelivery:
    def __init__(
        self, store: AnnouncementStore, stats: Stats, progress_seconds: float = PROGRESS_SECONDS
    ) -> None:
        self.store = store
        self.stats = stats
        self.progress_seconds = progress_seconds
        self._task: asyncio.Task[None] | None = None

    def kick(self, application: Application) -> None:
        """Make sure the delivery task runs (after a confirmation, and at start-up)."""
        if self._task is None or self._task.done():
            self._task = application.create_task(self._run(application), name="announcements")

    async def job(self, context: CallbackContext) -> None:
        """JobQueue callback at start-up: resume what a stop left halfway."""
        if self.store.unfinished():
            self.kick(context.application)

    async def _run(self, application: Application) -> None:
        while application.running:
            todo = self.store.unfinished()
            if not todo:
                return
            await self._deliver(application, todo[0])

    async def _deliver(self, application: Application, announcement: Announcement) -> None:
        bot = application.bot
        message = replies.announcement(announcement.text)
        markup = keyboard(message)
        shown = ""
        last = 0.0

        async def send(chat: int) -> None:
            if not self.store.sending(announcement.id, chat):
                return
            outcome = await send_bulk(bot, chat, message.text, markup)
            self.store.delivered(announcement.id, chat, outcome.value)
            if outcome is Outcome.SENT:
                self.stats.counts["announcements_sent"] += 1
            elif outcome is Outcome.FAILED:
                _log.warning("an announcement could not be sent; it will be tried again")

        while application.running:
            chats = self.store.pending(announcement.id, BATCH)
            if not chats:
                break
            await each(chats, send)
            if time.monotonic() - last >= self.progress_seconds:
                shown, last = await self._show(application, announcement, shown), time.monotonic()
        if not application.running and not self.store.tally(announcement.id).done:
            return  # the next start resumes it
        self.store.finish(announcement.id)
        await asyncio.sleep(max(0.0, last + self.progress_seconds - time.monotonic()))  # no edit burst
        await self._show(application, announcement, shown)
        _log.info("announcement %d finished", announcement.id)

    async def _show(self, application: Application, announcement: Announcement, shown: str) -> str:
        """Edit the progress message when its text changed; what it shows now."""
        text = replies.progress(self.store.tally(announcement.id))
        progress = self.store.get(announcement.id)
        if text == shown or progress is None or progress.progress is None:
            return shown
        try:
            await application.bot.edit_message_text(text, announcement.chat, progress.progress)
        except TelegramError:
            _log.info("the progress of announcement %d could not be shown", announcement.id)
        return text
