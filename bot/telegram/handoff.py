"""The handoff on Telegram: a student's question goes to the office's staff group as a card, a
staff reply to the card (or to any later message of that ticket) comes back in the student's
chat, and the student's reply to that answer goes back to the ticket. Texts and rules are in
`bot/office/handoff.py`; tickets and the message-id mapping in `bot/office/tickets.py`.

Only replies to the bot's ticket messages in the configured staff chat are relayed; anything
else in any chat relays nothing (`bot/telegram/handoff_filters.py` checks both before a callback
runs).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from telegram import Message, MessageId, ReplyParameters, Update
from telegram.constants import ChatType
from telegram.error import Forbidden, TelegramError
from telegram.ext import ContextTypes

from bot.conversation import texts
from bot.hot_reload import LiveAssistant
from bot.office import handoff
from bot.office.tickets import Ticket, TicketStore
from bot.replies import Reply, State
from bot.telegram.chat_state import Stats, student_state
from bot.telegram.handoff_filters import RepliesToOffice, RepliesToTicket, WritingToOffice
from bot.telegram.rendering import (
    answer_query,
    decode_action,
    keyboard,
    number_in,
    send_replies,
)

_log = logging.getLogger(__name__)


class HandoffRelay:
    """Callbacks for both sides of the handoff."""

    def __init__(self, live: LiveAssistant, tickets: TicketStore, staff_chat: int,
                 max_new_per_day: int, stats: Stats, user_data: Mapping[int, Any]) -> None:
        self.live = live
        self.tickets = tickets
        self.staff_chat = staff_chat
        self.max_new_per_day = max_new_per_day
        self.stats = stats
        self.staff_replies = RepliesToTicket(tickets, staff_chat)
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
            return handoff.ask_to_confirm(state, question, now, assistant.office,
                                          user.first_name, open_ticket)
        return handoff.ask_to_write(state, now)

    async def take_written(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """The question the student typed for the office: confirm it before sending."""
        message, user = update.effective_message, update.effective_user
        if message is None or user is None or not message.text:
            return
        assistant = self.live.assistant
        with student_state(update, context) as state:
            reply = handoff.ask_to_confirm(state, message.text, assistant.clock.now(),
                                           assistant.office, user.first_name,
                                           self.tickets.open_ticket(user.id))
        await send_replies(context.bot, message.chat_id, [reply])

    async def on_student_reply(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A student's reply to an office answer goes to the same ticket in the staff group."""
        message, user = update.effective_message, update.effective_user
        if message is None or user is None or message.reply_to_message is None:
            return
        ticket = self.tickets.by_student_message(message.chat_id,
                                                 message.reply_to_message.message_id)
        if ticket is None:
            return
        if not ticket.open:
            await send_replies(context.bot, message.chat_id, [Reply(handoff.TICKET_CLOSED)])
            return
        if not message.text:
            await send_replies(context.bot, message.chat_id, [Reply(texts.ONLY_TEXT_TO_OFFICE)])
            return
        sent = await context.bot.send_message(
            self.staff_chat, handoff.student_follow_up(ticket, _name(update), message.text),
            reply_parameters=_quote(self.tickets.card(ticket.id)))
        self.tickets.record(ticket.id, "student", staff_message=sent.message_id,
                            text=message.text)
        self.stats.counts["handoff_student_replies"] += 1
        await send_replies(context.bot, message.chat_id,
                           [Reply(handoff.STUDENT_SENT.format(id=ticket.id))])

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
        added = ticket is not None
        if ticket is None:
            if self.tickets.opened_recently(user.id) >= self.max_new_per_day:
                await send_replies(context.bot, chat.id, [handoff.too_many(assistant.office, now)])
                return
            ticket = self.tickets.create(user.id, chat.id, _name(update))
            topics = [assistant.knowledge.title(c.intent)
                      for c in assistant.matcher.match(question).candidates]
            reply = handoff.card(ticket, ticket.name, question, topics, now)
            posted = await self._post(context, reply)
        else:
            follow_up = Reply(handoff.student_follow_up(ticket, ticket.name, question))
            posted = await self._post(context, follow_up, _quote(self.tickets.card(ticket.id)))
        self.tickets.record(ticket.id, "student", staff_message=posted.message_id,
                            text=question)
        self.stats.counts["handoff_questions"] += 1
        await send_replies(context.bot, chat.id, [handoff.sent(ticket, added, assistant.office,
                                                                now)])

    async def _post(self, context: ContextTypes.DEFAULT_TYPE, reply: Reply,
                    quote: ReplyParameters | None = None) -> Message:
        """One message in the staff group (a card, or a follow-up quoting its card)."""
        return await context.bot.send_message(self.staff_chat, reply.text,
                                              reply_markup=keyboard(reply), reply_parameters=quote)

    # ----- staff ------------------------------------------------------------------------

    async def on_staff_reply(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A staff reply to a ticket message: relayed to the student (text, photos, files)."""
        message = update.effective_message
        if message is None or message.reply_to_message is None:
            return
        ticket = self.tickets.by_staff_message(message.reply_to_message.message_id)
        if ticket is None:
            return
        try:
            header = await context.bot.send_message(ticket.chat,
                                                    handoff.office_answer(ticket, message.text))
            delivered: list[Message | MessageId] = [header]
            if not message.text:  # a photo, a document…: the same message, after the header
                delivered.append(await context.bot.copy_message(ticket.chat, message.chat_id,
                                                                message.message_id))
        except Forbidden:
            await message.reply_text(texts.STAFF_COULD_NOT_DELIVER)
            return
        except TelegramError:
            _log.warning("could not relay an office answer of ticket %s", ticket.id)
            await message.reply_text(texts.STAFF_DELIVERY_FAILED)
            return
        for sent in delivered:
            self.tickets.record(ticket.id, "staff", staff_message=message.message_id,
                                student_message=sent.message_id)
        self.stats.counts["handoff_answers"] += 1
        try:
            await message.set_reaction("👍")  # delivered: no extra message in the group
        except TelegramError:
            _log.info("could not react to the relayed staff message of ticket %s", ticket.id)

    async def on_resolved(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/resuelto, as a reply to a ticket message in the staff group."""
        message = update.effective_message
        if message is None or message.chat_id != self.staff_chat:
            return
        replied = message.reply_to_message
        ticket = self.tickets.by_staff_message(replied.message_id) if replied else None
        if ticket is None:
            await message.reply_text(texts.RESOLVED_NEEDS_REPLY)
            return
        await self._resolve(ticket, _staff_name(update), context)

    async def on_pending(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/pendientes in the staff group: open tickets, oldest first, with their age."""
        message = update.effective_message
        if message is None or message.chat_id != self.staff_chat:
            return
        text = handoff.pending_list(self.tickets.pending(), self.live.assistant.clock.now())
        await send_replies(context.bot, self.staff_chat, [Reply(text)])

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
            await self._staff_choice(action, update, context)
        else:
            await answer_query(update, texts.STALE_OPTION)

    async def _student_choice(self, action: str, update: Update,
                              context: ContextTypes.DEFAULT_TYPE) -> None:
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
        if vote in ("+", "-") and ticket_id is not None and user is not None and \
                self.tickets.rate(ticket_id, user.id, 1 if vote == "+" else -1):
            await answer_query(update, handoff.THANKS)
        else:
            await answer_query(update, texts.STALE_OPTION)

    async def _staff_choice(self, action: str, update: Update,
                            context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        number = action.rsplit(":", 1)[-1]
        message = query.message
        if not isinstance(message, Message) or message.chat_id != self.staff_chat:
            await answer_query(update, handoff.STAFF_ONLY)
            return
        ticket_id = number_in(number)
        ticket = self.tickets.get(ticket_id) if ticket_id is not None else None
        if ticket is None:
            await answer_query(update, texts.STALE_OPTION)
            return
        who = _staff_name(update)
        if action.startswith(handoff.TAKE_PREFIX):
            self.tickets.take(ticket.id, who)
            await answer_query(update, f"Lo atiendes tú, {who}.")
            await self._refresh_card(ticket.id, message)
        else:
            await answer_query(update, "Marcado como resuelto.")
            await self._resolve(ticket, who, context, message)

    async def _resolve(self, ticket: Ticket, who: str, context: ContextTypes.DEFAULT_TYPE,
                       card: Message | None = None) -> None:
        if not self.tickets.resolve(ticket.id, who):
            return  # resolved already: the student was told then
        self.stats.counts["handoff_resolved"] += 1
        if card is not None:
            await self._refresh_card(ticket.id, card)
        try:
            await send_replies(context.bot, ticket.chat, [handoff.resolved(ticket)])
        except Forbidden:
            await context.bot.send_message(self.staff_chat, texts.STAFF_COULD_NOT_DELIVER,
                                           reply_parameters=_quote(self.tickets.card(ticket.id)))

    async def _refresh_card(self, ticket_id: int, card: Message) -> None:
        ticket = self.tickets.get(ticket_id)
        if ticket is None or not card.text:
            return
        reply = handoff.card_status(ticket, card.text_html)
        try:
            await card.edit_text(reply.text, reply_markup=keyboard(reply))
        except TelegramError:
            _log.info("could not update the card of ticket %s", ticket_id)


def _name(update: Update) -> str:
    """What staff see of a student: first name and @username."""
    user = update.effective_user
    if user is None:
        return "Estudiante"
    return f"{user.first_name} (@{user.username})" if user.username else user.first_name


def _staff_name(update: Update) -> str:
    user = update.effective_user
    return user.first_name if user is not None else "alguien"


def _quote(message_id: int | None) -> ReplyParameters | None:
    return ReplyParameters(message_id, allow_sending_without_reply=True) if message_id else None
