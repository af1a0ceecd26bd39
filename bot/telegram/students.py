"""The students' callbacks: each turns an update into one engine call and the engine's replies
into messages. No decision is made here that the terminal would not make the same way."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable

from telegram import Message, Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.conversation import texts
from bot.conversation.commands import STUDENT_COMMANDS
from bot.conversation.deep_links import open_on, payload_of
from bot.conversation.turn import Turn
from bot.hot_reload import LiveAssistant
from bot.replies import Reply, State
from bot.staff.journal import Journal
from bot.telegram.chat_state import (
    Stats,
    addressed_to_bot,
    is_private,
    reply_in_chat,
    student_state,
)
from bot.telegram.pasted import deleted_if_pasted, told_why
from bot.telegram.rendering import answer_query, decode_action

_log = logging.getLogger(__name__)
CHANNEL = "telegram"


class StudentHandlers:
    """Free text, commands, buttons and everything else a student sends. The office's staff
    group (`staff_chat`) is for tickets: the assistant does not chat there."""

    def __init__(
        self,
        live: LiveAssistant,
        stats: Stats,
        journal: Journal | None = None,
        staff_chat: int | None = None,
        person: Callable[[Update, State], Reply | None] | None = None,
        delete_pasted: bool = True,
        offer: Callable[[Update, list[Reply]], list[Reply]] | None = None,
    ) -> None:
        self.live = live
        self.offer = offer  # what else a private chat is offered with its replies (announcements)
        self.delete_pasted = delete_pasted  # privacidad.borrar_datos_pegados
        self.stats = stats
        self.journal = journal
        self.staff_chat = staff_chat
        self.person = person  # the handoff's first step, where the office has a staff group

    def _in_staff_chat(self, update: Update) -> bool:
        return update.effective_chat is not None and update.effective_chat.id == self.staff_chat

    async def on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Free text: in groups only when the bot is mentioned or replied to."""
        message = update.effective_message
        if message is None or message.text is None or self._in_staff_chat(update):
            return
        text = message.text
        if not is_private(update):
            if not addressed_to_bot(message, context.bot.username, context.bot.id):
                return
            text = text.replace(f"@{context.bot.username}", " ")
        with student_state(update, context) as state:
            turn = self.live.assistant.on_text(state, text)
            asked = self.person(update, state) if turn.person and self.person else None
        self._count(turn)
        self._record(update, text, turn)
        replies = [asked] if asked else turn.replies
        if await deleted_if_pasted(message, self.delete_pasted):
            self.stats.counts["pasted_data_deleted"] += 1
            replies = told_why(replies)
        await reply_in_chat(update, context, self._offered(update, replies))

    async def on_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """The students' commands, and unknown ones (in a private chat)."""
        message = update.effective_message
        if message is None or not message.text or self._in_staff_chat(update):
            return
        command, _, target = message.text.split(maxsplit=1)[0].lstrip("/").partition("@")
        if target and target.casefold() != (context.bot.username or "").casefold():
            return  # /start@OtherBot is for another bot
        if not is_private(update) and not target and command.lower() not in STUDENT_COMMANDS:
            return  # in a group, an unknown command is probably another bot's
        with student_state(update, context) as state:
            if command.lower() == "start":  # a deep link (t.me/<bot>?start=fechas) opens on it
                turn = open_on(self.live.assistant, state, payload_of(message.text))
            else:
                turn = self.live.assistant.on_command(state, command)
        self.stats.counts["commands"] += 1
        await reply_in_chat(update, context, self._offered(update, turn.replies))

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A button press; always answered, forged or stale data included."""
        query = update.callback_query
        if query is None:
            return
        action = decode_action(query.data)
        assistant = self.live.assistant
        if action is None:
            self.stats.counts["stale_buttons"] += 1
            turn = Turn([assistant.menu(texts.STALE_OPTION)])
        else:
            with student_state(update, context) as state:
                turn = assistant.on_action(state, action)
        self.stats.counts["buttons"] += 1
        answer = None
        if isinstance(query.message, Message):
            answer = f"{query.message.chat.id}:{query.message.message_id}"
        self._record(update, None, turn, answer)
        if turn.feedback is not None:  # a vote: a small confirmation, no new message
            self.stats.counts["votes"] += 1
            await answer_query(update, turn.replies[0].text if turn.replies else None)
            return
        await answer_query(update)
        await reply_in_chat(update, context, self._offered(update, turn.replies))

    async def on_non_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Stickers, photos, voice and the like: ask kindly for text."""
        message = update.effective_message
        if message is None or self._in_staff_chat(update):
            return
        if not is_private(update) and not addressed_to_bot(message, context.bot.username, context.bot.id):
            return
        self.stats.counts["non_text"] += 1
        await reply_in_chat(update, context, [Reply(texts.NON_TEXT)])

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log the update id and the exception (never message text), apologise, keep running."""
        update_id = update.update_id if isinstance(update, Update) else None
        _log.error("update %s failed", update_id, exc_info=context.error)
        self.stats.counts["errors"] += 1
        if isinstance(update, Update) and update.callback_query:
            await answer_query(update)  # every button press gets its answer, even now
        if isinstance(update, Update) and update.effective_chat:
            try:
                await context.bot.send_message(update.effective_chat.id, texts.TRY_AGAIN)
            except TelegramError:
                _log.warning("could not tell chat about the error of update %s", update_id)

    def _offered(self, update: Update, replies: list[Reply]) -> list[Reply]:
        return self.offer(update, replies) if self.offer else replies

    def _record(self, update: Update, text: str | None, turn: Turn, answer: str | None = None) -> None:
        if self.journal is None or update.effective_user is None:
            return
        try:
            self.journal.record(CHANNEL, update.effective_user.id, text, turn, self.live.version, answer)
        except sqlite3.Error:  # the journal is for staff: never let it cost a student an answer
            _log.exception("could not journal update %s", update.update_id)

    def _count(self, turn: Turn) -> None:
        match = turn.match
        if match is None:
            return
        kind = match.small_talk or match.kind  # greetings and thanks counted apart
        self.stats.counts[f"questions_{kind}"] += 1
