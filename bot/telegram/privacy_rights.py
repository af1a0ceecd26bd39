"""/privacidad, /mis_datos and /borrar_mis_datos on Telegram: thin callbacks over
`bot/privacy_rights/` (what to list, what to delete), plus the two things only the adapter can
do: forget the student's saved conversation (PTB's user_data and its SQLite row) and edit the
deleted tickets' messages in the staff group."""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Message, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import Application, ContextTypes

from bot.hot_reload import LiveAssistant
from bot.privacy_rights import messages, texts
from bot.privacy_rights.notice import NoticeFacts, notice_html
from bot.privacy_rights.records import Erasure, StudentKey, StudentRecords
from bot.replies import Reply, State
from bot.telegram.chat_state import Stats, reply_in_chat
from bot.telegram.handoff import HandoffRelay
from bot.telegram.persistence import SqlitePersistence
from bot.telegram.rendering import answer_query, decode_action, send_replies

_log = logging.getLogger(__name__)
CHANNEL = "telegram"  # as the students' callbacks journal it


class TelegramSavedState:
    """A student's saved conversation: PTB's user_data (every chat of theirs) and its row."""

    def __init__(self, application: Application, persistence: SqlitePersistence) -> None:
        self.application = application
        self.persistence = persistence

    def states(self, user: int | str) -> list[State]:
        data = self.application.user_data.get(user) if isinstance(user, int) else None
        return [s for s in data.values() if isinstance(s, dict) and s] if isinstance(data, dict) else []

    def forget(self, user: int | str) -> bool:
        if not isinstance(user, int):
            return False
        data = self.application.user_data.get(user)
        had = bool(data)
        if isinstance(data, dict):
            data.clear()  # the running update's context holds this same dict
        self.application.drop_user_data(user)
        return self.persistence.forget(user) or had


class PrivacyCommands:
    """The notice, what is kept and its deletion; the office's tickets through `relay`."""

    def __init__(
        self,
        live: LiveAssistant,
        records: StudentRecords,
        facts: NoticeFacts,
        stats: Stats,
        relay: HandoffRelay | None = None,
    ) -> None:
        self.live = live
        self.records = records
        self.facts = facts
        self.stats = stats
        self.relay = relay

    @property
    def commands(self) -> dict[str, Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]]:
        """The command table's adapter-owned student commands, each with its callback."""
        return {
            "privacidad": self.on_notice,
            "mis_datos": self.on_holdings,
            "borrar_mis_datos": self.on_erase,
        }

    async def on_notice(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/privacidad, in any chat."""
        text = notice_html(self.live.assistant.knowledge.privacy, self.facts)
        self.stats.counts["privacy_notices"] += 1
        await reply_in_chat(update, context, [Reply(text)])

    async def on_holdings(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/mis_datos: in the student's private chat only (it is about them)."""
        key = _key(update)
        if key is None:
            await reply_in_chat(update, context, [Reply(texts.PRIVATE_ONLY)])
            return
        self.stats.counts["privacy_holdings"] += 1
        await reply_in_chat(update, context, [Reply(messages.holdings_html(self.records.holdings(key)))])

    async def on_erase(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/borrar_mis_datos: what will go, and the confirmation (or that nothing is left)."""
        key = _key(update)
        if key is None:
            await reply_in_chat(update, context, [Reply(texts.PRIVATE_ONLY)])
            return
        await reply_in_chat(update, context, [messages.ask_to_erase(self.records.holdings(key))])

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """🗑️ Sí, borrar todo / ✖️ No, on the confirmation in the student's private chat."""
        query, key = update.callback_query, _key(update)
        action = decode_action(query.data) if query else None
        await answer_query(update)
        if query is None or key is None or not isinstance(query.message, Message):
            return
        if action != messages.ERASE_CONFIRM:
            await _replace(query.message, texts.ERASE_KEPT)
            return
        erasure = self.records.erase(key)
        self.stats.counts["privacy_erasures"] += 0 if erasure.nothing else 1
        await self._tell_staff(context, erasure)
        await _replace(query.message, messages.erased_html(erasure))

    async def _tell_staff(self, context: ContextTypes.DEFAULT_TYPE, erasure: Erasure) -> None:
        """Each deleted ticket's messages in the group now say so, and the group is told."""
        note = messages.staff_told(erasure)
        if self.relay is None or note is None:
            return
        group = self.relay.staff_chat
        for ticket in erasure.tickets:
            for message_id in ticket.posts:
                try:
                    await context.bot.edit_message_text(messages.removed(ticket.id), group, message_id)
                except TelegramError as exc:
                    _log.info("could not edit a message of deleted ticket %s: %s", ticket.id, exc)
        try:
            await send_replies(context.bot, group, [Reply(note)])
        except TelegramError as exc:
            _log.warning("could not tell the staff group about a deletion: %s", exc)


def _key(update: Update) -> StudentKey | None:
    """The student, in their private chat; None anywhere else (nothing about them is shown in a
    group, and a button in another chat deletes nothing)."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None or chat.type != ChatType.PRIVATE or chat.id != user.id:
        return None
    return StudentKey(CHANNEL, user.id, chat.id)


async def _replace(message: Message, text: str) -> None:
    """The confirmation becomes the outcome, its buttons gone (a second tap finds nothing)."""
    try:
        await message.edit_text(text)
    except TelegramError:
        await send_replies(message.get_bot(), message.chat_id, [Reply(text)])
