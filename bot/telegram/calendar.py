"""The reception calendar from Telegram, for admins with only a phone: `/calendario` lists the
inscription periods and closures (🗑 under each), `/periodo` and `/cierre` add one after a
preview of today's dates answer as students would then read it, and a confirmation.

Reading the dates and the refusals are in `bot/reception/date_reading.py`, the write in
`bot/reception/calendar_edit.py`; every write is recorded for `/cambios` and "↩️ Deshacer".
After a write the assistant reloads, so the dates answer and the pending reminders follow.
"""

from __future__ import annotations

import asyncio
import html
import itertools
from dataclasses import dataclass
from pathlib import Path

from telegram import Update
from telegram.ext import ContextTypes

from bot.conversation import texts
from bot.hot_reload import LiveAssistant
from bot.knowledge.editing import EditError
from bot.knowledge.schema import Closure, Period
from bot.reception.answers import reception_answer
from bot.reception.calendar_edit import KINDS, add_span, remove_span
from bot.reception.date_reading import DateError, Span, read_span, span_problem, spoken
from bot.replies import Button, Reply
from bot.staff.changes import ChangeLog
from bot.telegram.rendering import admin_action, answer_query, number_in, send_replies

BUTTONS = "cal:"
SAVE, CANCEL, DELETE = "cal:ok:", "cal:no:", "cal:del:"  # cal:del:<p|c><index>:<version>
USAGE = (
    "Escribe el nombre, dos puntos y las fechas, por ejemplo:\n"
    "<code>/{command} {example}: del 11 al 22 de enero de 2027</code>\n"
    "(también 11/01/2027 al 22/01/2027, o un solo día)."
)
EXAMPLES = {"periodos": "Inscripción 2027-1", "cierres": "Día de Reyes"}


@dataclass(frozen=True)
class Draft:
    key: str  # periodos | cierres
    name: str
    span: Span


class CalendarConsole:
    def __init__(
        self, live: LiveAssistant, admins: frozenset[int], changes: ChangeLog, faq_dir: Path
    ) -> None:
        self.live = live
        self.faq_dir = faq_dir
        self.admins = admins
        self.changes = changes
        self.drafts: dict[int, Draft] = {}  # until confirmed or cancelled (not across restarts)
        self._ids = itertools.count(1)

    async def on_calendar(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/calendario: every period and closure, each with its 🗑."""
        chat, user = update.effective_chat, update.effective_user
        if chat is None or user is None or user.id not in self.admins:
            return
        reception = self.live.assistant.knowledge
        version = reception.version
        rows: list[tuple[str, str, Period | Closure]] = [
            (f"p{i}", "Periodo", p) for i, p in enumerate(reception.reception.periods)
        ]
        rows += [(f"c{i}", "Cierre", c) for i, c in enumerate(reception.reception.closures)]
        if not rows:
            text = "No hay periodos de inscripción ni cierres en <code>fechas.yaml</code>."
        else:
            text = "🗓 <b>Calendario de recepción</b>\n" + "\n".join(
                f"• {kind}: {html.escape(s.name)}, del {spoken(s.start)} al {spoken(s.end)}"
                for _, kind, s in rows
            )
        buttons = tuple(Button(f"🗑 {s.name}"[:40], f"{DELETE}{ref}:{version}") for ref, _, s in rows)
        await send_replies(context.bot, chat.id, [Reply(text, buttons)])

    async def on_period(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/periodo Nombre: fechas — a preview and a confirmation."""
        await self._draft(update, context, "periodos")

    async def on_closure(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/cierre Nombre: fechas — a preview and a confirmation."""
        await self._draft(update, context, "cierres")

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """✅ Guardar, ✖️ Cancelar, 🗑 (admins only; anything else does nothing)."""
        user, chat = update.effective_user, update.effective_chat
        if chat is None or user is None:
            return
        action = await admin_action(update, self.admins)
        if action is None:
            return
        await answer_query(update)
        if action.startswith(SAVE) or action.startswith(CANCEL):
            draft = self.drafts.pop(number_in(action.split(":")[2]) or 0, None)
            if draft is None:
                reply = Reply("Ese borrador ya no está; escribe el comando otra vez.")
            elif action.startswith(CANCEL):
                reply = Reply("Listo, no guardé nada.")
            else:
                reply = await self._save(draft, user.id, user.first_name)
        else:
            reply = await self._delete(action.removeprefix(DELETE), user.id, user.first_name)
        await send_replies(context.bot, chat.id, [reply])

    async def _draft(self, update: Update, context: ContextTypes.DEFAULT_TYPE, key: str) -> None:
        chat, user, message = update.effective_chat, update.effective_user, update.effective_message
        if chat is None or user is None or message is None or user.id not in self.admins:
            return
        command = "periodo" if key == "periodos" else "cierre"
        usage = USAGE.format(command=command, example=EXAMPLES[key])
        name, _, dates = " ".join(context.args or []).rpartition(":")
        assistant = self.live.assistant
        today = assistant.clock.today()
        try:
            span = read_span(dates, today) if name.strip() and dates.strip() else None
        except DateError as exc:
            span, usage = None, f"{html.escape(str(exc))}.\n\n{usage}"
        if span is None:
            await send_replies(context.bot, chat.id, [Reply(usage)])
            return
        reception = assistant.knowledge.reception
        existing = reception.periods if key == "periodos" else reception.closures
        problem = span_problem(name, span, [(s.name, s.start, s.end) for s in existing], today, KINDS[key])
        if problem:
            await send_replies(context.bot, chat.id, [Reply(f"No lo agrego: {html.escape(problem)}.")])
            return
        draft_id = next(self._ids)
        self.drafts[draft_id] = Draft(key, " ".join(name.split()), span)
        model = Period if key == "periodos" else Closure
        entry = model.model_validate({"nombre": name.strip(), "inicio": span.start, "fin": span.end})
        after = reception.model_copy(
            update={"periods" if key == "periodos" else "closures": [*existing, entry]}
        )
        preview = reception_answer(after, today, assistant.office_hours, assistant.clock.time_of_day())
        text = (
            f"🗓 {KINDS[key].capitalize()} «{html.escape(name.strip())}», del "
            f"{spoken(span.start)} al {spoken(span.end)}.\n\nAsí verán los estudiantes las "
            f"fechas hoy:\n\n{preview}"
        )
        buttons = (Button("✅ Guardar", f"{SAVE}{draft_id}"), Button("✖️ Cancelar", f"{CANCEL}{draft_id}"))
        await send_replies(context.bot, chat.id, [Reply(text, buttons)])

    async def _save(self, draft: Draft, who_id: int, who: str) -> Reply:
        today = self.live.assistant.clock.today()
        try:
            added = await asyncio.to_thread(add_span, self.faq_dir, draft.key, draft.name, draft.span, today)
        except EditError as exc:
            return Reply(f"No lo guardé: {html.escape(str(exc))}.")
        self.changes.record(
            who_id,
            who,
            added.file,
            f"{KINDS[draft.key]} «{draft.name}» del {spoken(draft.span.start)} al {spoken(draft.span.end)}",
            added.before,
        )
        await asyncio.to_thread(self.live.reload)
        return Reply(
            f"✅ Guardado en <code>fechas.yaml</code>. Los estudiantes ya ven "
            f"«{html.escape(draft.name)}» en las fechas; se deshace con /cambios."
        )

    async def _delete(self, ref: str, who_id: int, who: str) -> Reply:
        where, _, version = ref.partition(":")
        index = number_in(where[1:])
        key = {"p": "periodos", "c": "cierres"}.get(where[:1])
        if key is None or index is None:
            return Reply(texts.STALE_OPTION)
        if version != self.live.assistant.knowledge.version:
            return Reply("El calendario cambió desde esa lista; manda /calendario otra vez.")
        try:
            removed = await asyncio.to_thread(remove_span, self.faq_dir, key, index)
        except EditError as exc:
            return Reply(f"No lo borré: {html.escape(str(exc))}.")
        self.changes.record(
            who_id, who, removed.file, f"borró el {KINDS[key]} «{removed.text}»", removed.before
        )
        await asyncio.to_thread(self.live.reload)
        return Reply(
            f"🗑 Borré «{html.escape(removed.text)}» de <code>fechas.yaml</code>; se deshace con /cambios."
        )
