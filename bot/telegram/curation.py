"""The staff console on Telegram: /reporte lists the largest groups of unanswered questions, each
with buttons to add it as a phrasing of an item, send it to a fuera_de_tema group, or ignore it.
The write and its proof come from `bot/staff/curation.py`; only admins may use it."""

from __future__ import annotations

import asyncio
import html
import logging
from pathlib import Path

from telegram import Message, Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.conversation import texts
from bot.hot_reload import LiveAssistant
from bot.knowledge.editing import OUT_OF_SCOPE_PREFIX, EditError
from bot.replies import Reply
from bot.staff import curation
from bot.staff.changes import ChangeLog
from bot.staff.journal import Journal, ShownGroup
from bot.telegram.rendering import admin_action, answer_query, number_in, send_replies
from bot.telegram.staff import StaffHandlers, summary_text
from bot.understanding.matching import MatchSettings

_log = logging.getLogger(__name__)


class StaffConsole:
    def __init__(
        self,
        staff: StaffHandlers,
        journal: Journal,
        faq_dir: Path,
        matching: MatchSettings,
        changes: ChangeLog | None = None,
    ) -> None:
        self.staff = staff
        self.changes = changes  # every write recorded, for /cambios and ↩️ Deshacer
        self.live: LiveAssistant = staff.live
        self.journal = journal
        self.faq_dir = faq_dir
        self.matching = matching

    async def on_report(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/reporte: the week's summary, then the largest pending groups with their buttons."""
        chat = update.effective_chat
        if chat is None or not await self.staff.is_admin(update, context):
            return
        assistant = self.live.assistant
        report = await self.staff.weekly_report()
        await send_replies(context.bot, chat.id, [Reply(summary_text(report))])
        if report is None:
            return
        replies = []
        for group in report.groups[: curation.GROUPS_SHOWN]:
            group_id = self.journal.show_group(group.examples[0], group.keys, group.count, group.nearest)
            evidence = assistant.matcher.evidence(group.examples[0])
            candidates = [c.intent for c in evidence.candidates] if evidence else []
            replies.append(curation.group_reply(group, group_id, assistant.knowledge.names, candidates))
        if replies:
            await send_replies(context.bot, chat.id, replies)

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """➕ an item, 🗂 another item, ↪️ fuera de tema, 🚫 ignore."""
        query, user = update.callback_query, update.effective_user
        action = await admin_action(update, self.staff.admins)
        if query is None or action is None or user is None:
            return
        kind, number, target = curation.parse_button(action)
        group_id = number_in(number)
        group = self.journal.shown_group(group_id) if group_id is not None else None
        if group is None:
            await answer_query(update, texts.CURATION_GONE)
            return
        await answer_query(update)
        knowledge = self.live.assistant.knowledge
        if kind == curation.PICK:
            reply = curation.pick_item(group, knowledge)
        elif kind == curation.OUTSIDE:
            reply = curation.pick_redirect(group, knowledge)
        elif kind == curation.IGNORE:
            self.journal.decide(user.first_name, "ignore", None, group)
            reply = Reply(f"Listo, ignoré «{html.escape(group.question)}» y sus parecidas.")
            await _close(query.message, f"🚫 Ignorada por {html.escape(user.first_name)}.")
        elif kind == curation.ADD and (target in knowledge.items or target == knowledge.reception.id):
            reply = await self._write(group, target, user.first_name, query.message, user.id)
        elif kind == curation.REDIRECT and target in knowledge.out_of_scope:
            reply = await self._write(
                group, OUT_OF_SCOPE_PREFIX + target, user.first_name, query.message, user.id
            )
        else:
            reply = Reply(texts.STALE_OPTION)
        chat = update.effective_chat
        if chat is not None:
            await send_replies(context.bot, chat.id, [reply])

    async def _write(
        self, group: ShownGroup, target: str, who: str, message: object, who_id: int = 0
    ) -> Reply:
        """Add the group's question to `target`, reload, and show how it is answered now."""
        try:
            added = await asyncio.to_thread(
                curation.add_checked, self.faq_dir, target, group.question, self.matching
            )
        except EditError as exc:
            return Reply(f"No la agregué: {html.escape(str(exc))}")
        if self.changes is not None:
            name = self.live.assistant.knowledge.names.get(target.removeprefix(OUT_OF_SCOPE_PREFIX), target)
            self.changes.record(
                who_id, who, added.file, f"frase «{group.question}» en «{name}»", added.before
            )
        outcome = await asyncio.to_thread(self.live.reload)
        if outcome.problems:  # validated before the write, so only if the files moved meanwhile
            return Reply(
                "Agregué la frase, pero la base de conocimiento tiene problemas; "
                "corre <code>faqbot check</code>."
            )
        assistant = self.live.assistant
        action = "redirect" if target.startswith(OUT_OF_SCOPE_PREFIX) else "phrasing"
        self.journal.decide(who, action, target.removeprefix(OUT_OF_SCOPE_PREFIX), group)
        name = assistant.knowledge.names.get(target.removeprefix(OUT_OF_SCOPE_PREFIX), target)
        await _close(message, f"✅ {html.escape(who)} la agregó a «{html.escape(name)}».")
        result = assistant.matcher.match(group.question)
        return Reply(curation.proof(group.question, target, result, assistant.knowledge))


async def _close(message: object, note: str) -> None:
    """Mark a group's message as decided and take its buttons away."""
    if not isinstance(message, Message) or not message.text:
        return
    try:
        await message.edit_text(f"{message.text_html}\n\n{note}")
    except TelegramError:
        _log.info("could not mark a console message as decided")
