"""Admission of each update as it arrives (the update processor asks before queueing it):
everything a student sends counts toward their flood limit, messages, edits and button presses
alike; group chatter the bot ignores does not, and neither does anything in the office's staff
group (staff answering a dozen tickets are not flooding; each answer must reach its student)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from telegram import Update
from telegram.error import TelegramError

from bot.conversation import texts
from bot.telegram.chat_state import Stats, addressed_to_bot, is_private
from bot.telegram.flood import TAP_COST, FloodGuard, Verdict

_log = logging.getLogger(__name__)


class Admission:
    """`urgent` says whether a text speaks of an urgent health situation: such a message is
    never held back by the flood limit."""

    def __init__(
        self,
        flood: FloodGuard,
        stats: Stats,
        urgent: Callable[[str], bool] = lambda text: False,
        staff_chats: set[int] | None = None,
    ) -> None:
        self.flood = flood
        self.stats = stats
        self.urgent = urgent
        self.staff_chats = staff_chats if staff_chats is not None else set()

    def admit(self, update: object) -> Verdict:
        if not isinstance(update, Update) or update.effective_user is None:
            return "ok"
        if self.from_staff(update):
            return "ok"
        message = update.message or update.edited_message
        if update.message is not None and self.urgent(update.message.text or ""):
            return "ok"
        if message is not None and not is_private(update):
            bot = update.get_bot()
            if not ((message.text or "").startswith("/") or addressed_to_bot(message, bot.username, bot.id)):
                return "ok"
        # Telegram sends an inline query at nearly every keystroke of `@bot …`: weighed as a tap.
        light = update.callback_query is not None or update.inline_query is not None
        cost = TAP_COST if light else 1.0
        return self.flood.check(update.effective_user.id, cost)

    def from_staff(self, update: object) -> bool:
        """An update in the office's staff group: never limited, never queued behind a cap."""
        return (
            isinstance(update, Update)
            and update.effective_chat is not None
            and update.effective_chat.id in self.staff_chats
        )

    async def refuse(self, update: object, first: bool) -> None:
        """An update over the limit: the first gets "dame un momento", the rest nothing; a
        button press is still answered, so the student's button stops spinning."""
        self.stats.counts["flood_dropped"] += 1
        if not isinstance(update, Update):
            return
        try:
            if update.callback_query is not None:
                await update.callback_query.answer(texts.FLOOD_WAIT if first else None)
            elif first and update.message is not None:  # edits get no reply of any kind
                await update.get_bot().send_message(update.message.chat_id, texts.FLOOD_WAIT)
        except TelegramError:
            _log.info("could not tell update %s to slow down", update.update_id)
