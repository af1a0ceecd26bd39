"""Telegram callbacks: each turns an update into an engine call and the engine's replies into
messages. No decisions are made here that the terminal would not make the same way."""

from __future__ import annotations

import asyncio
import html
import logging
import sqlite3
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from telegram import Message, ReplyParameters, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.conversation import texts
from bot.conversation.dialog import COMMANDS, Turn
from bot.hot_reload import LiveAssistant
from bot.knowledge import Problem
from bot.replies import Reply, State
from bot.staff.journal import Journal
from bot.staff.report import Report, build_report, report_text
from bot.telegram.flood import TAP_COST, FloodGuard, Verdict
from bot.telegram.rendering import answer_query, decode_action, send_replies

if TYPE_CHECKING:
    from bot.reception.reminders import ReminderStore
    from bot.telegram.handoff import HandoffRelay

_log = logging.getLogger(__name__)

FLOOD_WAIT = "Dame un momento 🙏, me llegaron muchos mensajes seguidos. Escríbeme en unos segundos."
TRY_AGAIN = "Uy, algo falló de mi lado 😓. Intenta de nuevo en un momento, por favor."
ADMINS_ONLY = "Este comando es solo para el personal del Seguro Facultativo."
MAX_PROBLEMS_SHOWN = 20
CHANNEL = "telegram"


@dataclass
class Stats:
    """Counts for /estado; nothing here identifies a student."""

    started: float = field(default_factory=time.time)
    counts: Counter[str] = field(default_factory=Counter)


class TelegramFrontend:
    """All the callbacks, sharing the live assistant, the flood guard and the counters."""

    def __init__(self, live: LiveAssistant, flood: FloodGuard, admins: frozenset[int],
                 stats: Stats | None = None, journal: Journal | None = None) -> None:
        self.live = live
        self.flood = flood
        self.admins = admins
        self.stats = stats or Stats()
        self.journal = journal
        self.handoff: HandoffRelay | None = None  # set when the office has a staff group
        self.reminders: ReminderStore | None = None  # set where reminders are kept

    def _staff_chat(self, update: Update) -> bool:
        """The office's group is for tickets: the assistant does not chat there."""
        return (self.handoff is not None and update.effective_chat is not None
                and update.effective_chat.id == self.handoff.staff_chat)

    # ----- admission (the update processor asks as each update arrives) ----------------

    def admit(self, update: object) -> Verdict:
        """Everything a student sends counts toward their limit the moment it arrives:
        messages, edits and button presses alike. Group chatter the bot ignores does not."""
        if not isinstance(update, Update) or update.effective_user is None:
            return "ok"
        message = update.message or update.edited_message
        if message is not None and not _is_private(update):
            bot = update.get_bot()
            if not ((message.text or "").startswith("/")
                    or _addressed_to_bot(message, bot.username, bot.id)):
                return "ok"
        cost = TAP_COST if update.callback_query is not None else 1.0
        return self.flood.check(update.effective_user.id, cost)

    async def refuse(self, update: object, first: bool) -> None:
        """An update over the limit: the first gets "dame un momento", the rest nothing; a
        button press is still answered, so the student's button stops spinning."""
        self.stats.counts["flood_dropped"] += 1
        if not isinstance(update, Update):
            return
        try:
            if update.callback_query is not None:
                await update.callback_query.answer(FLOOD_WAIT if first else None)
            elif first and update.message is not None:  # edits get no reply of any kind
                await update.get_bot().send_message(update.message.chat_id, FLOOD_WAIT)
        except TelegramError:
            _log.info("could not tell update %s to slow down", update.update_id)

    # ----- students -------------------------------------------------------------------

    async def on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Free text: in groups only when the bot is mentioned or replied to."""
        message = update.effective_message
        if message is None or message.text is None or self._staff_chat(update):
            return
        if self.handoff is not None and _is_private(update) and self.handoff.is_writing(
                update, context):
            await self.handoff.take_written(update, context)  # the question for the office
            return
        text = message.text
        if not _is_private(update):
            if not _addressed_to_bot(message, context.bot.username, context.bot.id):
                return
            text = text.replace(f"@{context.bot.username}", " ")
        with conversation(update, context) as state:
            turn = self.live.assistant.on_text(state, text)
        self._count(turn)
        self._record(update, text, turn)
        await self._send(update, context, turn.replies)

    async def on_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/start /ayuda /preguntas /fechas /elegibilidad /cancelar, and unknown commands."""
        message = update.effective_message
        if message is None or not message.text or self._staff_chat(update):
            return
        command, _, target = message.text.split(maxsplit=1)[0].lstrip("/").partition("@")
        if target and target.casefold() != (context.bot.username or "").casefold():
            return  # /start@OtherBot is for another bot
        if not _is_private(update) and not target and command.lower() not in COMMANDS:
            return  # in a group, an unknown command is probably another bot's
        with conversation(update, context) as state:
            turn = self.live.assistant.on_command(state, command)
        self.stats.counts["commands"] += 1
        await self._send(update, context, turn.replies)

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
            with conversation(update, context) as state:
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
        await self._send(update, context, turn.replies)

    async def on_non_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Stickers, photos, voice and the like: ask kindly for text."""
        message = update.effective_message
        if message is None or self._staff_chat(update):
            return
        if not _is_private(update) and not _addressed_to_bot(message, context.bot.username,
                                                              context.bot.id):
            return
        self.stats.counts["non_text"] += 1
        await self._send(update, context, [Reply(texts.NON_TEXT)])

    # ----- staff ----------------------------------------------------------------------

    async def on_reload(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/recargar: load faq/ now and say what happened."""
        if not await self.is_admin(update, context):
            return
        outcome = await asyncio.to_thread(self.live.reload)
        if outcome.problems:
            text = problems_text(outcome.problems, outcome.version)
        else:
            text = f"✅ Base de conocimiento cargada: versión <code>{outcome.version}</code>."
        await self._send(update, context, [Reply(text)])

    async def on_status(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/estado: version, uptime, what is waiting (office questions, reminders), counts."""
        if not await self.is_admin(update, context):
            return
        uptime = int(time.time() - self.stats.started)
        counts = "\n".join(f"• {name}: {value}" for name, value in sorted(self.stats.counts.items()))
        loaded = time.strftime("%Y-%m-%d %H:%M", time.localtime(self.live.loaded_at))
        text = (f"<b>Estado</b>\nVersión: <code>{self.live.version}</code> (cargada {loaded})\n"
                f"Activo desde hace {uptime // 3600} h {uptime % 3600 // 60} min\n"
                f"Estudiantes a media conversación: "
                f"{sum(1 for data in context.application.user_data.values() if data)}\n"
                f"{self._waiting()}"
                f"{counts or '• sin actividad todavía'}")
        await self._send(update, context, [Reply(text)])

    def _waiting(self) -> str:
        """What students are waiting for: the office's answers and the reminders to send."""
        lines = []
        if self.handoff is not None:
            pending = self.handoff.tickets.pending()
            oldest = (f" (la más antigua, #{pending[0].id}, desde hace "
                      f"{int(time.time() - pending[0].opened) // 3600} h)" if pending else "")
            lines.append(f"Preguntas esperando a la oficina: {len(pending)}{oldest}")
        if self.reminders is not None:
            lines.append(f"Avisos de recepción pendientes: {self.reminders.count()}")
        return "".join(f"{line}\n" for line in lines)

    async def weekly_report(self) -> Report | None:
        """The last 7 days, built in a worker thread so students keep getting answers
        meanwhile; None without a journal."""
        if self.journal is None:
            return None
        assistant = self.live.assistant
        tickets = self.handoff.tickets if self.handoff is not None else None
        return await asyncio.to_thread(build_report, self.journal, assistant.knowledge.names,
                                       assistant.matcher.terms, 7, tickets=tickets)

    async def weekly_summary(self) -> str:
        """The admins' Monday summary."""
        return summary_text(await self.weekly_report())

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log the update id and the exception (never message text), apologise, keep running."""
        update_id = update.update_id if isinstance(update, Update) else None
        _log.error("update %s failed", update_id, exc_info=context.error)
        self.stats.counts["errors"] += 1
        if isinstance(update, Update) and update.callback_query:
            await answer_query(update)  # every button press gets its answer, even now
        if isinstance(update, Update) and update.effective_chat:
            try:
                await context.bot.send_message(update.effective_chat.id, TRY_AGAIN)
            except TelegramError:
                _log.warning("could not tell chat about the error of update %s", update_id)

    # ----- helpers --------------------------------------------------------------------

    async def is_admin(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
        """True for the staff in `telegram.admins`; anyone else is told it is for staff."""
        user = update.effective_user
        if user is not None and user.id in self.admins:
            return True
        await self._send(update, context, [Reply(ADMINS_ONLY)])
        return False

    def _record(self, update: Update, text: str | None, turn: Turn,
                answer: str | None = None) -> None:
        if self.journal is None or update.effective_user is None:
            return
        try:
            self.journal.record(CHANNEL, update.effective_user.id, text, turn, self.live.version,
                                answer)
        except sqlite3.Error:  # the journal is for staff: never let it cost a student an answer
            _log.exception("could not journal update %s", update.update_id)

    def _count(self, turn: Turn) -> None:
        match = turn.match
        if match is None:
            return
        kind = match.small_talk or ("empty" if match.empty else match.outcome)
        self.stats.counts[f"questions_{kind}"] += 1

    async def _send(self, update: Update, context: ContextTypes.DEFAULT_TYPE,
                    replies: list[Reply]) -> None:
        chat = update.effective_chat
        if chat is None:
            return
        quote = None
        if not _is_private(update) and update.effective_message is not None:
            quote = ReplyParameters(update.effective_message.message_id,
                                    allow_sending_without_reply=True)
        await send_replies(context.bot, chat.id, replies, quote)


def problems_text(problems: list[Problem], serving: str) -> str:
    """What the admins read after an invalid edit."""
    shown = "\n".join(f"• <code>{html.escape(str(p))}</code>" for p in problems[:MAX_PROBLEMS_SHOWN])
    more = len(problems) - MAX_PROBLEMS_SHOWN
    extra = f"\n… y {more} más (corre <code>faqbot check</code>)" if more > 0 else ""
    return (f"⚠️ La edición de la base de conocimiento tiene problemas; sigo usando la versión "
            f"<code>{serving}</code>.\n{shown}{extra}")


def summary_text(report: Report | None) -> str:
    """A short report (the Monday summary, the head of /reporte), pointing to the rest."""
    if report is None:
        return "El diario de preguntas está desactivado."
    return (f"📊 {html.escape(report_text(report, limit=5))}\n\nPara convertir las "
            "preguntas en frases o redirigirlas: /reporte. Reporte completo: "
            "<code>faqbot report --html reporte.html</code>")


@contextmanager
def conversation(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Iterator[State]:
    """The engine state of this student in this chat, kept in PTB's user_data (which the
    persistence saves) under the chat id, and forgotten as soon as it is empty.

    A questionnaire started in a private chat does not continue in a group, and a message sent
    on behalf of a chat (anonymous group admins share one Telegram id) has no state at all."""
    user_data, chat, message = context.user_data, update.effective_chat, update.effective_message
    if user_data is None or chat is None or (message is not None and message.sender_chat):
        yield {}
        return
    if update.effective_user is not None:
        _upgrade_legacy_state(user_data, update.effective_user.id)
    key = str(chat.id)
    state = user_data.get(key)
    state = state if isinstance(state, dict) else {}
    try:
        yield state
    finally:
        if state:
            user_data[key] = state
        else:
            user_data.pop(key, None)


def _upgrade_legacy_state(user_data: dict[Any, Any], user_id: int) -> None:
    """State saved before it was kept per chat ({"flow": [...]}) belongs to the private chat."""
    legacy = {key: user_data.pop(key) for key in list(user_data) if not _is_chat_key(key)}
    if legacy:
        user_data.setdefault(str(user_id), legacy)


def _is_chat_key(key: object) -> bool:
    return isinstance(key, str) and key.lstrip("-").isdecimal() and key.isascii()


def _is_private(update: Update) -> bool:
    return update.effective_chat is not None and update.effective_chat.type == ChatType.PRIVATE


def _addressed_to_bot(message: Message, username: str, bot_id: int) -> bool:
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot_id:
        return True
    text = message.text or message.caption or ""
    return bool(username) and f"@{username}".casefold() in text.casefold()
