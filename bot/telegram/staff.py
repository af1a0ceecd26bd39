"""The office staff's callbacks on Telegram: /recargar, /estado, the weekly summary, and what
admins are told when an edit of faq/ is rejected. Who is an admin is `telegram.admins`."""

from __future__ import annotations

import asyncio
import html
import logging
import time

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application, ContextTypes

from bot.conversation import texts
from bot.hot_reload import LiveAssistant
from bot.knowledge import Problem
from bot.office.tickets import TicketStore
from bot.reception.reminders import ReminderStore
from bot.replies import Reply
from bot.staff.journal import Journal
from bot.staff.report import Report, build_report, report_text
from bot.telegram.chat_state import Stats, reply_in_chat
from bot.telegram.rendering import send_replies

_log = logging.getLogger(__name__)
MAX_PROBLEMS_SHOWN = 20


class StaffHandlers:
    def __init__(
        self,
        live: LiveAssistant,
        admins: frozenset[int],
        stats: Stats,
        journal: Journal | None,
        tickets: TicketStore | None,
        reminders: ReminderStore | None,
    ) -> None:
        self.live = live
        self.admins = admins
        self.stats = stats
        self.journal = journal
        self.tickets = tickets
        self.reminders = reminders

    async def is_admin(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
        """True for the staff in `telegram.admins`; anyone else is told it is for staff."""
        user = update.effective_user
        if user is not None and user.id in self.admins:
            return True
        await reply_in_chat(update, context, [Reply(texts.ADMINS_ONLY)])
        return False

    async def on_reload(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/recargar: load faq/ now and say what happened."""
        if not await self.is_admin(update, context):
            return
        outcome = await asyncio.to_thread(self.live.reload)
        if outcome.problems:
            text = problems_text(outcome.problems, outcome.version)
        else:
            text = f"✅ Base de conocimiento cargada: versión <code>{outcome.version}</code>."
        await reply_in_chat(update, context, [Reply(text)])

    async def on_status(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/estado: version, uptime, what is waiting (office questions, reminders), counts."""
        if not await self.is_admin(update, context):
            return
        uptime = int(time.time() - self.stats.started)
        counts = "\n".join(f"• {name}: {value}" for name, value in sorted(self.stats.counts.items()))
        loaded = time.strftime("%Y-%m-%d %H:%M", time.localtime(self.live.loaded_at))
        text = (
            f"<b>Estado</b>\nVersión: <code>{self.live.version}</code> (cargada {loaded})\n"
            f"Activo desde hace {uptime // 3600} h {uptime % 3600 // 60} min\n"
            f"Estudiantes a media conversación: "
            f"{sum(1 for data in context.application.user_data.values() if data)}\n"
            f"{self._waiting()}"
            f"{counts or '• sin actividad todavía'}"
        )
        await reply_in_chat(update, context, [Reply(text)])

    def _waiting(self) -> str:
        """What students are waiting for: the office's answers and the reminders to send."""
        lines = []
        if self.tickets is not None:
            pending = self.tickets.pending()
            oldest = (
                f" (la más antigua, #{pending[0].id}, desde hace "
                f"{int(time.time() - pending[0].opened) // 3600} h)"
                if pending
                else ""
            )
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
        return await asyncio.to_thread(
            build_report,
            self.journal,
            assistant.knowledge.names,
            assistant.matcher.terms,
            7,
            tickets=self.tickets,
        )

    async def weekly_summary(self) -> str:
        """The admins' Monday summary."""
        return summary_text(await self.weekly_report())


def problems_text(problems: list[Problem], serving: str) -> str:
    """What the admins read after an invalid edit."""
    shown = "\n".join(f"• <code>{html.escape(str(p))}</code>" for p in problems[:MAX_PROBLEMS_SHOWN])
    more = len(problems) - MAX_PROBLEMS_SHOWN
    extra = f"\n… y {more} más (corre <code>faqbot check</code>)" if more > 0 else ""
    return (
        f"⚠️ La edición de la base de conocimiento tiene problemas; sigo usando la versión "
        f"<code>{serving}</code>.\n{shown}{extra}"
    )


def summary_text(report: Report | None) -> str:
    """A short report (the Monday summary, the head of /reporte), pointing to the rest."""
    if report is None:
        return texts.NO_JOURNAL
    return (
        f"📊 {html.escape(report_text(report, limit=5))}\n\nPara convertir las "
        "preguntas en frases o redirigirlas: /reporte. Reporte completo: "
        "<code>faqbot report --html reporte.html</code>"
    )


async def tell_admins(application: Application, admins: frozenset[int], text: str, what: str) -> None:
    """Send `text` to every admin (split if long); one who blocked the bot does not stop the
    others."""
    for admin in admins:
        try:
            await send_replies(application.bot, admin, [Reply(text)])
        except TelegramError:
            _log.warning("could not send %s to admin %s", what, admin)
