"""Telegram callbacks: each turns an update into an engine call and the engine's replies into
messages. No decisions are made here that the terminal would not make the same way."""

from __future__ import annotations

import asyncio
import html
import logging
import sqlite3
import time
from collections import Counter
from dataclasses import dataclass, field

from telegram import Message, ReplyParameters, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot import messages
from bot.dialog import COMMANDS, Reply, Turn
from bot.flood import FloodGuard
from bot.journal import Journal
from bot.knowledge import Problem
from bot.live import LiveAssistant
from bot.report import build_report, report_text
from bot.telegram.rendering import decode_action, keyboard, split_message

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

    # ----- gate -----------------------------------------------------------------------

    async def flood_gate(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Runs before every handler: a student flooding messages gets one notice, the rest is
        dropped. Button taps are not counted: a quick student tapping through the flow is fine."""
        user, message = update.effective_user, update.message
        if user is None or message is None:
            return
        if not _is_private(update) and not (
                (message.text or "").startswith("/")
                or _addressed_to_bot(message, context.bot.username, context.bot.id)):
            return  # group chatter the bot ignores anyway does not count
        verdict = self.flood.check(user.id)
        if verdict == "ok":
            return
        self.stats.counts["flood_dropped"] += 1
        if verdict == "warn" and update.effective_chat:
            await context.bot.send_message(update.effective_chat.id, FLOOD_WAIT)
        raise ApplicationHandlerStop

    # ----- students -------------------------------------------------------------------

    async def on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Free text: in groups only when the bot is mentioned or replied to."""
        message = update.effective_message
        if message is None or message.text is None:
            return
        text = message.text
        if not _is_private(update):
            if not _addressed_to_bot(message, context.bot.username, context.bot.id):
                return
            text = text.replace(f"@{context.bot.username}", " ")
        turn = self.live.assistant.on_text(_state(context), text)
        self._count(turn)
        self._record(update, text, turn)
        await self._send(update, context, turn.replies)

    async def on_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/start /ayuda /preguntas /fechas /elegibilidad /cancelar."""
        message = update.effective_message
        if message is None or not message.text:
            return
        command, _, target = message.text.split(maxsplit=1)[0].lstrip("/").partition("@")
        if not _is_private(update) and command.lower() not in COMMANDS and (
                target.casefold() != (context.bot.username or "").casefold()):
            return  # in a group, an unknown command is probably another bot's
        turn = self.live.assistant.on_command(_state(context), command)
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
            turn = Turn([assistant.menu(messages.STALE_OPTION)])
        else:
            turn = assistant.on_action(_state(context), action)
        self.stats.counts["buttons"] += 1
        self._record(update, None, turn)
        if turn.feedback is not None:  # a vote: a small confirmation, no new message
            self.stats.counts["votes"] += 1
            await _answer_quietly(update, turn.replies[0].text if turn.replies else None)
            return
        await _answer_quietly(update)
        await self._send(update, context, turn.replies)

    async def on_non_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Stickers, photos, voice and the like: ask kindly for text."""
        message = update.effective_message
        if message is None:
            return
        if not _is_private(update) and not _addressed_to_bot(message, context.bot.username,
                                                              context.bot.id):
            return
        self.stats.counts["non_text"] += 1
        await self._send(update, context, [Reply(messages.NON_TEXT)])

    # ----- staff ----------------------------------------------------------------------

    async def on_reload(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/recargar: load faq/ now and say what happened."""
        if not await self._is_admin(update, context):
            return
        outcome = await asyncio.to_thread(self.live.reload)
        if outcome.problems:
            text = problems_text(outcome.problems, outcome.version)
        else:
            text = f"✅ Base de conocimiento cargada: versión <code>{outcome.version}</code>."
        await self._send(update, context, [Reply(text)])

    async def on_status(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/estado: version, uptime and counts."""
        if not await self._is_admin(update, context):
            return
        uptime = int(time.time() - self.stats.started)
        counts = "\n".join(f"• {name}: {value}" for name, value in sorted(self.stats.counts.items()))
        loaded = time.strftime("%Y-%m-%d %H:%M", time.localtime(self.live.loaded_at))
        text = (f"<b>Estado</b>\nVersión: <code>{self.live.version}</code> (cargada {loaded})\n"
                f"Activo desde hace {uptime // 3600} h {uptime % 3600 // 60} min\n"
                f"Estudiantes a media conversación: "
                f"{sum(1 for data in context.application.user_data.values() if data)}\n"
                f"{counts or '• sin actividad todavía'}")
        await self._send(update, context, [Reply(text)])

    async def on_report(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/reporte: the last week's summary for staff."""
        if not await self._is_admin(update, context):
            return
        await self._send(update, context, [Reply(self.weekly_summary())])

    def weekly_summary(self) -> str:
        """Short report of the last 7 days (also sent to the admins every Monday)."""
        if self.journal is None:
            return "El diario de preguntas está desactivado."
        titles = {t.id: t.title for t in self.live.assistant.knowledge.topics}
        text = report_text(build_report(self.journal, titles, since_days=7), limit=5)
        return (f"📊 {html.escape(text)}\n\nReporte completo: "
                "<code>faqbot report --html reporte.html</code>")

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log the update id and the exception (never message text), apologise, keep running."""
        update_id = update.update_id if isinstance(update, Update) else None
        _log.error("update %s failed", update_id, exc_info=context.error)
        self.stats.counts["errors"] += 1
        if isinstance(update, Update) and update.callback_query:
            await _answer_quietly(update)  # every button press gets its answer, even now
        if isinstance(update, Update) and update.effective_chat:
            try:
                await context.bot.send_message(update.effective_chat.id, TRY_AGAIN)
            except TelegramError:
                _log.warning("could not tell chat about the error of update %s", update_id)

    # ----- helpers --------------------------------------------------------------------

    async def _is_admin(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
        user = update.effective_user
        if user is not None and user.id in self.admins:
            return True
        await self._send(update, context, [Reply(ADMINS_ONLY)])
        return False

    def _record(self, update: Update, text: str | None, turn: Turn) -> None:
        if self.journal is None or update.effective_user is None:
            return
        try:
            self.journal.record(CHANNEL, update.effective_user.id, text, turn, self.live.version)
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
        for reply in replies:
            chunks = split_message(reply.text)
            for number, chunk in enumerate(chunks, start=1):
                markup = keyboard(reply) if number == len(chunks) else None
                await context.bot.send_message(chat.id, chunk, reply_markup=markup,
                                               reply_parameters=quote)


def problems_text(problems: list[Problem], serving: str) -> str:
    """What the admins read after an invalid edit."""
    shown = "\n".join(f"• <code>{html.escape(str(p))}</code>" for p in problems[:MAX_PROBLEMS_SHOWN])
    more = len(problems) - MAX_PROBLEMS_SHOWN
    extra = f"\n… y {more} más (corre <code>faqbot check</code>)" if more > 0 else ""
    return (f"⚠️ La edición de la base de conocimiento tiene problemas; sigo usando la versión "
            f"<code>{serving}</code>.\n{shown}{extra}")


def _state(context: ContextTypes.DEFAULT_TYPE) -> dict:
    """The student's engine state: PTB's user_data, saved by the persistence."""
    return context.user_data if context.user_data is not None else {}


def _is_private(update: Update) -> bool:
    return update.effective_chat is not None and update.effective_chat.type == ChatType.PRIVATE


def _addressed_to_bot(message: Message, username: str, bot_id: int) -> bool:
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot_id:
        return True
    text = message.text or message.caption or ""
    return bool(username) and f"@{username}".casefold() in text.casefold()


async def _answer_quietly(update: Update, text: str | None = None) -> None:
    try:
        await update.callback_query.answer(text)
    except TelegramError:
        _log.info("callback query of update %s could not be answered (too old?)", update.update_id)
