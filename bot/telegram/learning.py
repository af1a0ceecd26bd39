""" "📚 Guardar como respuesta" on Telegram: in the staff group, an admin turns a ticket the office
answered into a new answer for every student (or into another way of asking an existing one).

Thin: the drafting rules are `bot/staff/drafts.py`, the texts `bot/staff/learning_texts.py`,
the write `bot/knowledge/new_item.py` (through `bot/staff/curation.py`), the record for
/cambios `bot/staff/changes.py`; drafts live in SQLite (`bot/staff/draft_store.py`), so one
half-edited survives a restart. Only admins (`telegram.admins`) act, only in the staff group;
a button of another draft, an older preview or a forged one changes nothing.
"""

from __future__ import annotations

import asyncio
import html
import logging
from dataclasses import replace
from pathlib import Path

from telegram import Message, ReplyParameters, Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes, filters

from bot.conversation import texts
from bot.conversation.topics import answer_text
from bot.hot_reload import LiveAssistant
from bot.knowledge.editing import EditError
from bot.knowledge.telegram_html import html_problems
from bot.office import handoff
from bot.office.tickets import TicketStore
from bot.replies import Reply
from bot.staff import curation
from bot.staff import learning_texts as say
from bot.staff.changes import ChangeLog
from bot.staff.draft_store import DraftStore
from bot.staff.drafts import ANSWER, Draft, draft_from_ticket, planned_id, problems, with_reply
from bot.telegram.rendering import answer_query, decode_action, number_in, send_replies
from bot.understanding.matching import MatchSettings

_log = logging.getLogger(__name__)


class LearningConsole:
    def __init__(
        self,
        live: LiveAssistant,
        tickets: TicketStore,
        drafts: DraftStore,
        changes: ChangeLog,
        admins: frozenset[int],
        staff_chats: set[int],
        faq_dir: Path,
        matching: MatchSettings,
    ) -> None:
        self.live = live
        self.tickets = tickets
        self.drafts = drafts
        self.changes = changes
        self.admins = admins
        self.staff_chats = staff_chats  # shared with the handoff: it grows if the group moves
        self.faq_dir = faq_dir
        self.matching = matching
        self.replies = _RepliesToDraft(self)  # an admin's reply to a draft's prompt

    async def on_save(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/guardar, as a reply to a ticket's card or to another of its messages."""
        message, user = update.effective_message, update.effective_user
        if message is None or user is None:
            return
        if user.id not in self.admins:
            await self._say(context, message.chat_id, texts.ADMINS_ONLY, message.message_id)
            return
        if message.chat_id not in self.staff_chats:  # an admin's private chat: where to do it
            await self._say(context, message.chat_id, say.SAVE_NEEDS_REPLY)
            return
        replied = message.reply_to_message
        ticket = self.tickets.by_staff_message(replied.message_id) if replied else None
        if ticket is None or replied is None:
            await self._say(context, message.chat_id, say.SAVE_NEEDS_REPLY, message.message_id)
            return
        reply = self._start(ticket.id, replied.message_id, message.chat_id)
        await self._say(context, message.chat_id, reply)

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """The card's "📚 Guardar como respuesta" and every button of a draft."""
        query, user = update.callback_query, update.effective_user
        action = decode_action(query.data) if query else None
        message = query.message if query else None
        if action is None or user is None or not isinstance(message, Message):
            await answer_query(update)
            return
        if message.chat_id not in self.staff_chats:
            await answer_query(update, handoff.STAFF_ONLY)
            return
        if user.id not in self.admins:
            await answer_query(update, texts.ADMINS_ONLY)
            return
        verb, _, rest = action.removeprefix(say.BUTTONS).partition(":")
        number, _, tail = rest.partition(":")
        if f"{say.BUTTONS}{verb}:" == handoff.SAVE_PREFIX:
            ticket_id = number_in(number)
            reply = self._start(ticket_id, None, message.chat_id) if ticket_id is not None else None
            await answer_query(update, reply if isinstance(reply, str) else None)
            if isinstance(reply, Reply):
                await self._say(context, message.chat_id, reply)
            return
        draft_id = number_in(number)
        draft = self.drafts.get(draft_id) if draft_id is not None else None
        if draft is None:
            await answer_query(update, say.GONE)
            return
        if verb == "to":
            await answer_query(update)
            reply = await self._to_existing(draft, tail, user.id, user.first_name, message)
        elif number_in(tail) != draft.rev:
            await answer_query(update, say.OUTDATED)
            return
        else:
            await answer_query(update)
            reply = await self._act(
                f"{say.BUTTONS}{verb}:", draft, user.id, user.first_name, message, context
            )
        if reply is not None:
            await self._say(context, message.chat_id, reply)

    async def on_reply(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """An admin's reply to a draft's prompt: the new title, answer or phrasings."""
        message, user = update.effective_message, update.effective_user
        if message is None or user is None or message.reply_to_message is None or not message.text:
            return
        draft = self.drafts.waiting_on(message.reply_to_message.message_id)
        if draft is None or user.id not in self.admins:
            return
        draft = with_reply(draft, message.text_html if draft.awaiting == ANSWER else message.text)
        self.drafts.save(draft)
        await self._say(context, message.chat_id, self._draft_reply(draft))

    # ----- what the buttons do ----------------------------------------------------------

    def _start(self, ticket_id: int | None, staff_message: int | None, chat: int) -> Reply | str:
        """A new draft from the ticket (a toast's text when there is nothing to draft)."""
        ticket = self.tickets.get(ticket_id) if ticket_id is not None else None
        questions = self.tickets.questions(ticket.id) if ticket is not None else []
        if ticket is None or not questions:
            return say.NO_TICKET
        answer = self.tickets.office_answer(ticket.id, staff_message)
        if not answer:
            return say.NO_ANSWER
        evidence = self.live.assistant.matcher.evidence(questions[0])
        nearest = tuple(c.intent for c in evidence.candidates) if evidence else ()
        draft = draft_from_ticket(ticket.id, questions[0], answer, ticket.name, nearest)
        return self._draft_reply(self.drafts.create(replace(draft, chat=chat)))

    async def _act(
        self,
        kind: str,
        draft: Draft,
        who_id: int,
        who: str,
        message: Message,
        context: ContextTypes.DEFAULT_TYPE,
    ) -> Reply | None:
        edit = next((field for field, prefix in say.EDIT.items() if prefix == kind), None)
        if edit is not None:
            prompt = await context.bot.send_message(
                message.chat_id,
                say.PROMPTS[edit],
                reply_parameters=ReplyParameters(message.message_id, allow_sending_without_reply=True),
            )
            self.drafts.save(replace(draft, awaiting=edit, prompt=prompt.message_id))
            return None
        if kind == say.CANCEL:
            self.drafts.delete(draft.id)
            await _close(message, f"✖️ Descartado por {html.escape(who)}.")
            return Reply(say.CANCELLED)
        if kind == say.EXISTING:
            return say.existing_reply(draft, self._nearest_topics(draft))
        if kind == say.PUBLISH:
            return await self._publish(draft, who_id, who, message)
        return Reply(texts.STALE_OPTION)

    async def _publish(self, draft: Draft, who_id: int, who: str, message: Message) -> Reply:
        blocking = problems(draft)
        if blocking:
            return Reply(f"No la publiqué: {html.escape(blocking[0])}.")
        try:
            added = await asyncio.to_thread(
                curation.add_item_checked,
                self.faq_dir,
                draft.title,
                draft.answer,
                list(draft.phrases),
                None,
                self.matching,
            )
        except EditError as exc:
            return Reply(f"No la publiqué: {html.escape(str(exc))}.")
        self.changes.record(who_id, who, added.file, say.change_note(draft), added.before)
        self.drafts.delete(draft.id)
        await _close(message, f"✅ Publicado por {html.escape(who)}.")
        outcome = await asyncio.to_thread(self.live.reload)
        if outcome.problems:  # validated before the write, so only if the files moved meanwhile
            return Reply(
                "La guardé, pero la base de conocimiento tiene problemas; corre <code>faqbot check</code>."
            )
        assistant = self.live.assistant
        result = assistant.matcher.match(draft.question)
        answered = result.intent if result.outcome == "answer" else None
        item_id = added.text.removeprefix("- id: ")
        return Reply(say.published(draft, item_id, added.line, answered, assistant.knowledge.names))

    async def _to_existing(self, draft: Draft, target: str, who_id: int, who: str, message: Message) -> Reply:
        """ "➕ Es de un tema que ya existe": the question becomes another phrasing of `target`."""
        knowledge = self.live.assistant.knowledge
        if target not in knowledge.items and target != knowledge.reception.id:
            return Reply(texts.STALE_OPTION)
        phrase = draft.phrases[0] if draft.phrases else draft.question
        try:
            added = await asyncio.to_thread(curation.add_checked, self.faq_dir, target, phrase, self.matching)
        except EditError as exc:
            return Reply(f"No la agregué: {html.escape(str(exc))}")
        name = knowledge.title(target)
        self.changes.record(who_id, who, added.file, f"frase «{phrase}» en «{name}»", added.before)
        self.drafts.delete(draft.id)
        await _close(message, f"✅ {html.escape(who)} la agregó a «{html.escape(name)}».")
        await asyncio.to_thread(self.live.reload)
        assistant = self.live.assistant
        result = assistant.matcher.match(phrase)
        return Reply(curation.proof(phrase, target, result, assistant.knowledge))

    # ----- plumbing ---------------------------------------------------------------------

    def _draft_reply(self, draft: Draft) -> Reply:
        knowledge = self.live.assistant.knowledge
        title = draft.title if "<" not in draft.title and "&" not in draft.title else html.escape(draft.title)
        answer = draft.answer if not html_problems(draft.answer) else html.escape(draft.answer)
        return say.draft_reply(draft, answer_text(title, answer), planned_id(knowledge, draft.title))

    def _nearest_topics(self, draft: Draft) -> list[tuple[str, str]]:
        """The topics the matcher found nearest to the question, then the others."""
        knowledge = self.live.assistant.knowledge
        topics = {t.id: t.title for t in knowledge.topics}
        order = [t for t in draft.candidates if t in topics] + [
            t for t in topics if t not in draft.candidates
        ]
        return [(t, topics[t]) for t in order[: say.EXISTING_SHOWN]]

    async def _say(
        self, context: ContextTypes.DEFAULT_TYPE, chat: int, reply: Reply | str, quote: int | None = None
    ) -> None:
        reply = Reply(reply) if isinstance(reply, str) else reply
        where = ReplyParameters(quote, allow_sending_without_reply=True) if quote else None
        await send_replies(context.bot, chat, [reply], where)


class _RepliesToDraft(filters.MessageFilter):
    """A message in the staff group that replies to a draft's prompt."""

    def __init__(self, console: LearningConsole) -> None:
        super().__init__(name="RepliesToDraft")
        self.console = console

    def filter(self, message: Message) -> bool:
        replied = message.reply_to_message
        return (
            replied is not None
            and message.chat_id in self.console.staff_chats
            and self.console.drafts.waiting_on(replied.message_id) is not None
        )


async def _close(message: Message, note: str) -> None:
    """Mark a draft's message as decided and take its buttons away."""
    if not message.text:
        return
    try:
        await message.edit_text(f"{message.text_html}\n\n{note}")
    except TelegramError:
        _log.info("could not mark a draft as decided")
