"""Reminders on Telegram: "🔔 Avísame cuando abra" and /avisos for students, and the daily run
that tells subscribers on the opening day (what is due comes from `bot/reception/reminders.py`).

The run is a JobQueue job at `recordatorios.hora` (Mexico City) and once at start-up, so a
reminder whose hour passed while the bot was down goes out as soon as it is back. Messages go in
the rate limiter's broadcast lane: a student asking during the broadcast is answered first.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import date, time

from telegram import Bot, Update
from telegram.constants import ChatType
from telegram.ext import CallbackContext, ContextTypes

from bot.clock import clock_text
from bot.hot_reload import LiveAssistant
from bot.reception import reminders
from bot.reception.reminders import Due, ReminderStore, reminder_day, reminder_text
from bot.replies import REMIND_CANCEL, Button, Reply
from bot.telegram.broadcast import Outcome, each, send_bulk
from bot.telegram.chat_state import Stats
from bot.telegram.rendering import answer_query, keyboard, send_replies

_log = logging.getLogger(__name__)
# What else a chat is offered with its reminder, and shown in /avisos (the office's
# announcements): a reply per chat, or None.
Extra = Callable[[int], Reply | None]


class ReminderService:
    def __init__(
        self,
        live: LiveAssistant,
        store: ReminderStore,
        at: time,
        stats: Stats,
        offer: Extra | None = None,
        section: Extra | None = None,
    ) -> None:
        self.live = live
        self.store = store
        self.at = at
        self.stats = stats
        self.offer = offer  # added (once) to a reminder: text after it, its buttons
        self.section = section  # the rest of /avisos, in a private chat
        self._delivering = asyncio.Lock()

    # ----- students ---------------------------------------------------------------------

    async def on_remind(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """🔔 Avísame cuando abra: one message on the day the next window opens."""
        await answer_query(update)
        chat = update.effective_chat
        if chat is None:
            return
        assistant = self.live.assistant
        today = assistant.clock.today()
        found = reminder_day(assistant.knowledge.reception, today, assistant.office_hours)
        day = found[1] if found else None
        at = clock_text(self.at)
        if chat.type != ChatType.PRIVATE:
            reply = Reply(reminders.PRIVATE_ONLY)
        elif assistant.reception_open():
            reply = Reply(reminders.OPEN_NOW)
        elif day is None:
            reply = Reply(reminders.NO_DATES)
        elif self._waiting_for(chat.id) == day:
            reply = Reply(reminders.subscription_text(day, at), _cancel_button())
        else:
            self.store.subscribe(chat.id, today)
            self.stats.counts["reminders_subscribed"] += 1
            reply = Reply(reminders.subscribed_text(day, at), _cancel_button())
        await send_replies(context.bot, chat.id, [reply])

    async def on_cancel(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await answer_query(update)
        chat = update.effective_chat
        if chat is not None:
            text = reminders.CANCELLED if self.store.cancel(chat.id) else reminders.NO_SUBSCRIPTION
            await send_replies(context.bot, chat.id, [Reply(text)])

    async def on_list(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/avisos: the student's reminder, with a way to cancel it."""
        chat = update.effective_chat
        if chat is None:
            return
        since = self.store.since(chat.id)
        if since is None:
            reply = Reply(reminders.NO_SUBSCRIPTION)
        else:
            reply = Reply(
                reminders.subscription_text(self._waiting_for(chat.id), clock_text(self.at)), _cancel_button()
            )
        more = self.section(chat.id) if self.section and chat.type == ChatType.PRIVATE else None
        if more is not None:
            reply = Reply(f"{reply.text}\n\n{more.text}", reply.buttons + more.buttons)
        await send_replies(context.bot, chat.id, [reply])

    def _waiting_for(self, chat: int) -> date | None:
        """The day the student's reminder is due, if they have one."""
        since = self.store.since(chat)
        found = (
            reminder_day(self.live.assistant.knowledge.reception, since, self.live.assistant.office_hours)
            if since
            else None
        )
        return found[1] if found else None

    # ----- the daily run ----------------------------------------------------------------

    async def job(self, context: CallbackContext) -> None:
        """JobQueue callback: the daily run (and the one at start-up)."""
        sent = await self.deliver(context.bot)
        if sent:
            _log.info("reminders: %d sent", sent)

    async def deliver(self, bot: Bot) -> int:
        """Send every reminder due now (at or after the hour on a window's day); each is marked
        before it goes out and ended when Telegram takes it, so none is ever sent twice."""
        async with self._delivering:
            now = self.live.assistant.clock.now()
            if now.time().replace(tzinfo=None) < self.at:
                return 0
            today = now.date()
            assistant = self.live.assistant
            due = self.store.due(assistant.knowledge.reception, today, assistant.office_hours)

            async def send(item: Due) -> bool:
                if not self.store.sending(item):  # cancelled since the run began
                    return False
                text, extra = reminder_text(item.window, today), self.offer(item.chat) if self.offer else None
                if extra is not None:
                    text = f"{text}\n\n{extra.text}"
                outcome = await send_bulk(bot, item.chat, text, keyboard(extra) if extra else None)
                if outcome is Outcome.BLOCKED:  # blocked the bot: unsubscribed quietly
                    self.store.delivered(item, "blocked")
                    return False
                if outcome is Outcome.FAILED:
                    _log.warning("a reminder could not be sent; it will be retried")
                    self.store.retry_later(item.chat)
                    return False
                self.store.delivered(item, "sent")
                return True

            results = await each(due, send)
        self.stats.counts["reminders_sent"] += sum(results)
        return sum(results)


def _cancel_button() -> tuple[Button, ...]:
    return (Button("Cancelar el aviso", REMIND_CANCEL),)
