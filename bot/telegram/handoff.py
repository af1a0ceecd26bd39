"""The handoff on Telegram: a student's question goes to the office's staff group as a card, a
staff reply to the card (or to any later message of that ticket) comes back in the student's
chat, and the student's reply to that answer goes back to the ticket. This module is the
student's half; the staff's is `bot/telegram/handoff_staff.py`. Texts and rules are in
`bot/office/handoff.py`; tickets and the message-id mapping in `bot/office/tickets.py`.

A ticket exists only once its card is in the staff group: when the group cannot be reached the
student is told and nothing is kept. A student's messages on one ticket are capped per hour, so
one student cannot flood the group with follow-ups.

Only replies to the bot's ticket messages in the configured staff chat are relayed; anything
else in any chat relays nothing (`bot/telegram/handoff_filters.py` checks both before a callback
runs).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from telegram import Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.config import HandoffSettings
from bot.conversation import texts
from bot.hot_reload import LiveAssistant
from bot.office import handoff
from bot.office.tickets import Ticket, TicketStore
from bot.privacy import redact
from bot.replies import Reply, State
from bot.telegram.chat_state import Stats, student_state
from bot.telegram.handoff_filters import RepliesToOffice, WritingToOffice
from bot.telegram.handoff_staff import StaffSide, quote
from bot.telegram.rendering import answer_query, decode_action, number_in, send_replies

_log = logging.getLogger(__name__)


class HandoffRelay(StaffSide):
    """Callbacks for both sides of the handoff."""

    def __init__(
        self,
        live: LiveAssistant,
        tickets: TicketStore,
        rules: HandoffSettings,
        stats: Stats,
        user_data: Mapping[int, Any],
        staff_chats: set[int] | None = None,
    ) -> None:
        assert rules.staff_chat_id is not None
        super().__init__(live, tickets, rules.staff_chat_id, stats, staff_chats)
        self.max_new_per_day = rules.max_new_per_day
        self.max_per_hour = rules.max_messages_per_hour
        self.office_replies = RepliesToOffice(tickets)
        self.writing_to_office = WritingToOffice(user_data, live)

    # ----- students ---------------------------------------------------------------------

    async def on_person(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/persona and the 🙋 button: confirm the last question, or ask for one."""
        if update.callback_query:
            await answer_query(update)
        chat = update.effective_chat
        if chat is None:
            return
        with student_state(update, context) as state:
            reply = self.person_reply(update, state)
        if reply is not None:
            await send_replies(context.bot, chat.id, [reply])

    def person_reply(self, update: Update, state: State) -> Reply | None:
        """The first step towards a person, on the student's open state: confirm their last
        question (never the "quiero hablar con una persona" itself), or ask them to write it.
        Free text asking for a person takes this same path."""
        user, chat = update.effective_user, update.effective_chat
        if user is None or chat is None:
            return None
        if chat.type != ChatType.PRIVATE:
            return Reply(texts.OFFICE_IN_PRIVATE)
        assistant = self.live.assistant
        now = assistant.clock.now()
        question = assistant.last_question(state)
        open_ticket = self.tickets.open_ticket(user.id)
        if open_ticket is None and self.tickets.opened_recently(user.id) >= self.max_new_per_day:
            return handoff.too_many(assistant.office, now)
        if question:
            return handoff.ask_to_confirm(
                state, question, now, assistant.office, user.first_name, open_ticket
            )
        return handoff.ask_to_write(state, now)

    async def take_written(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """The question the student typed for the office: confirm it before sending."""
        message, user = update.effective_message, update.effective_user
        if message is None or user is None or not message.text:
            return
        assistant = self.live.assistant
        with student_state(update, context) as state:
            reply = handoff.ask_to_confirm(
                state,
                message.text,
                assistant.clock.now(),
                assistant.office,
                user.first_name,
                self.tickets.open_ticket(user.id),
            )
        await send_replies(context.bot, message.chat_id, [reply])

    async def on_student_reply(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A student's reply to an office answer goes to the same ticket in the staff group."""
        message, user = update.effective_message, update.effective_user
        if message is None or user is None or message.reply_to_message is None:
            return
        ticket = self.tickets.by_student_message(message.chat_id, message.reply_to_message.message_id)
        if ticket is None:
            return
        if not ticket.open:  # in a forum group, writing on it reopens it and its topic
            reopened = await self.topics.reopen(context.bot, ticket) if message.text else None
            if reopened is None:
                await send_replies(context.bot, message.chat_id, [Reply(handoff.TICKET_CLOSED)])
                return
            ticket = reopened
        if not message.text:
            await send_replies(context.bot, message.chat_id, [Reply(texts.ONLY_TEXT_TO_OFFICE)])
            return
        reply = self._refused_follow_up(ticket) or await self._follow_up(
            context, ticket, message.text, Reply(handoff.STUDENT_SENT.format(id=ticket.id))
        )
        self.stats.counts["handoff_student_replies"] += 1
        await send_replies(context.bot, message.chat_id, [reply])

    def _refused_follow_up(self, ticket: Ticket) -> Reply | None:
        """The hourly cap on a student's messages to one ticket, said when it is reached."""
        count = self.tickets.student_messages_since(ticket.id, handoff.FOLLOW_UPS_WINDOW)
        if count < self.max_per_hour:
            return None
        return Reply(handoff.TOO_MANY_FOLLOW_UPS.format(count=count, id=ticket.id))

    async def _follow_up(
        self, context: ContextTypes.DEFAULT_TYPE, ticket: Ticket, text: str, done: Reply
    ) -> Reply:
        """One more message of the student on their open ticket, quoting its card."""
        try:
            posted = await self.post(
                context,
                Reply(handoff.student_follow_up(ticket, text)),
                quote(self.tickets.card(ticket.id)),
                ticket.id,
            )
        except TelegramError as exc:
            _log.warning("could not post a follow-up of ticket %s: %s", ticket.id, exc)
            return Reply(handoff.NOT_DELIVERED)
        for number, part in enumerate(posted):  # the text is kept once, with the first part
            self.tickets.record(
                ticket.id, "student", staff_message=part.message_id, text=None if number else text
            )
        return done

    async def _send(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """✅ Enviar: a new ticket with its card in the staff group, or one more question on the
        student's open ticket."""
        user, chat = update.effective_user, update.effective_chat
        if user is None or chat is None:
            return
        assistant = self.live.assistant
        now = assistant.clock.now()
        with student_state(update, context) as state:
            request = handoff.pending_request(state, now)
            state.pop(handoff.HANDOFF_KEY, None)
        question = request.get("question") if request else None
        if not question:
            await send_replies(context.bot, chat.id, [Reply(handoff.NOTHING_PENDING)])
            return
        ticket = self.tickets.open_ticket(user.id)
        if ticket is not None:
            reply = self._refused_follow_up(ticket) or await self._follow_up(
                context, ticket, question, handoff.sent(ticket, True, assistant.office, now)
            )
        elif self.tickets.opened_recently(user.id) >= self.max_new_per_day:
            reply = handoff.too_many(assistant.office, now)
        else:
            reply = await self._open(update, context, question)
        self.stats.counts["handoff_questions"] += 1
        await send_replies(context.bot, chat.id, [reply])

    async def _open(self, update: Update, context: ContextTypes.DEFAULT_TYPE, question: str) -> Reply:
        """A new ticket, kept only once its card is in the staff group."""
        user, chat = update.effective_user, update.effective_chat
        assert user is not None and chat is not None
        assistant = self.live.assistant
        now = assistant.clock.now()
        topics = [assistant.knowledge.title(c.intent) for c in assistant.matcher.match(question).candidates]
        ticket = self.tickets.create(user.id, chat.id, _name(update), topics)
        await self.topics.open(context.bot, ticket, user.first_name, question)
        try:
            [card, *_] = await self.post(context, handoff.card(ticket, question), ticket_id=ticket.id)
        except TelegramError as exc:
            self.tickets.discard(ticket.id)
            _log.warning("could not post a card to the staff group (is the bot in it?): %s", exc)
            return handoff.office_unreachable(assistant.office, now)
        self.tickets.record(ticket.id, "student", staff_message=card.message_id, text=question)
        return handoff.sent(ticket, False, assistant.office, now)

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Enviar / Escribir otra / Cancelar, 👍/👎 on a resolved ticket, Tomar / Resuelto."""
        query = update.callback_query
        action = decode_action(query.data) if query else None
        if query is None or action is None:
            return
        if action in (handoff.SEND, handoff.WRITE, handoff.CANCEL):
            await answer_query(update)
            await self._student_choice(action, update, context)
        elif action.startswith(handoff.RATE_PREFIX):
            await self._rate(action.removeprefix(handoff.RATE_PREFIX), update)
        elif action.startswith((handoff.TAKE_PREFIX, handoff.DONE_PREFIX)):
            await self.staff_choice(action, update, context)
        else:
            await answer_query(update, texts.STALE_OPTION)

    async def _student_choice(self, action: str, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        chat = update.effective_chat
        if chat is None:
            return
        if action == handoff.SEND:
            await self._send(update, context)
            return
        with student_state(update, context) as state:
            if action == handoff.WRITE:
                reply = handoff.ask_to_write(state, self.live.assistant.clock.now())
            else:
                state.pop(handoff.HANDOFF_KEY, None)
                reply = self.live.assistant.menu(handoff.CANCELLED)
        await send_replies(context.bot, chat.id, [reply])

    async def _rate(self, payload: str, update: Update) -> None:
        vote, _, number = payload.partition(":")
        ticket_id, user = number_in(number), update.effective_user
        if (
            vote in ("+", "-")
            and ticket_id is not None
            and user is not None
            and self.tickets.rate(ticket_id, user.id, 1 if vote == "+" else -1)
        ):
            await answer_query(update, handoff.THANKS)
        else:
            await answer_query(update, texts.STALE_OPTION)


def _name(update: Update) -> str:
    """What staff see of a student: first name and @username, personal data masked (a display
    name can hold a phone number)."""
    user = update.effective_user
    if user is None:
        return "Estudiante"
    return redact(f"{user.first_name} (@{user.username})" if user.username else user.first_name)
