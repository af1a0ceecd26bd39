"""The staff half of the handoff on Telegram: posting to the staff group (long texts split, a
group migrated to a supergroup followed), a staff reply relayed to the student, Tomar /
Resuelto, /resuelto and /pendientes. The student half is `bot/telegram/handoff.py`, which
builds on this class; texts and rules are in `bot/office/handoff.py`. In a forum group each
ticket has a topic of its own (`bot/telegram/handoff_topics.py`).
"""

from __future__ import annotations

import logging

from telegram import Message, MessageId, ReplyParameters, Update
from telegram.error import ChatMigrated, Forbidden, TelegramError
from telegram.ext import ContextTypes

from bot.conversation import texts
from bot.hot_reload import LiveAssistant
from bot.office import handoff
from bot.office.tickets import Ticket, TicketStore
from bot.replies import Reply
from bot.telegram.chat_state import Stats
from bot.telegram.handoff_filters import RepliesToTicket
from bot.telegram.handoff_topics import TopicDesk
from bot.telegram.rendering import answer_query, keyboard, send_replies, split_message

_log = logging.getLogger(__name__)


class StaffSide:
    """What the staff group sees and does with tickets."""

    def __init__(
        self,
        live: LiveAssistant,
        tickets: TicketStore,
        staff_chat: int,
        stats: Stats,
        staff_chats: set[int] | None = None,
    ) -> None:
        self.live = live
        self.tickets = tickets
        self.staff_chat = staff_chat
        self.stats = stats
        self.staff_chats = staff_chats if staff_chats is not None else {staff_chat}
        self.staff_replies = RepliesToTicket(tickets, staff_chat)
        self.topics = TopicDesk(tickets, staff_chat)

    # ----- posting to the group ---------------------------------------------------------

    async def post(
        self,
        context: ContextTypes.DEFAULT_TYPE,
        reply: Reply,
        quote: ReplyParameters | None = None,
        ticket_id: int | None = None,
    ) -> list[Message]:
        """One text in the staff group (in the ticket's topic, if it has one), split under
        Telegram's limit (buttons on the last part); a group that became a supergroup is
        followed to its new id once."""
        try:
            return await self._post_parts(context, reply, quote, ticket_id)
        except ChatMigrated as exc:
            _log.warning("the staff group moved to chat %s; put it in handoff.staff_chat_id", exc.new_chat_id)
            self.staff_chat = self.staff_replies.staff_chat = exc.new_chat_id
            self.staff_chats.add(exc.new_chat_id)
            self.topics.follow(exc.new_chat_id)
            return await self._post_parts(context, reply, quote, ticket_id)

    async def _post_parts(
        self,
        context: ContextTypes.DEFAULT_TYPE,
        reply: Reply,
        quote: ReplyParameters | None,
        ticket_id: int | None,
        in_topic: bool = True,
    ) -> list[Message]:
        thread = self.topics.thread(ticket_id) if in_topic else None
        parts = split_message(reply.text)
        try:
            return [
                await context.bot.send_message(
                    self.staff_chat,
                    part,
                    message_thread_id=thread,
                    reply_parameters=quote,
                    reply_markup=keyboard(reply) if number == len(parts) else None,
                )
                for number, part in enumerate(parts, start=1)
            ]
        except TelegramError as exc:
            if thread is None or ticket_id is None or not self.topics.missing(ticket_id, exc):
                raise
        return await self._post_parts(context, reply, quote, ticket_id, in_topic=False)

    # ----- staff callbacks --------------------------------------------------------------

    async def on_staff_reply(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A staff reply to a ticket message: relayed to the student (text, photos, files)."""
        message = update.effective_message
        if message is None or message.reply_to_message is None:
            return
        ticket = self.tickets.by_staff_message(message.reply_to_message.message_id)
        if ticket is not None:
            await self._relay(message, ticket, context)

    async def on_topic_message(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Anything a staff member writes in a ticket's topic goes to the student while the
        ticket is open; once resolved, the topic is told the message stayed there."""
        message = update.effective_message
        ticket = self.topics.ticket_in(message) if message is not None else None
        if message is None or ticket is None:
            return
        if ticket.open:
            await self._relay(message, ticket, context)
        else:
            await message.reply_text(handoff.TOPIC_TICKET_CLOSED.format(id=ticket.id))

    async def _relay(self, message: Message, ticket: Ticket, context: ContextTypes.DEFAULT_TYPE) -> None:
        try:
            delivered: list[Message | MessageId] = [
                await context.bot.send_message(ticket.chat, part)
                for part in split_message(handoff.office_answer(ticket, message.text))
            ]
            if not message.text:  # a photo, a document…: the same message, after the header
                delivered.append(
                    await context.bot.copy_message(ticket.chat, message.chat_id, message.message_id)
                )
        except Forbidden:
            await message.reply_text(texts.STAFF_COULD_NOT_DELIVER)
            return
        except TelegramError:
            _log.warning("could not relay an office answer of ticket %s", ticket.id)
            await message.reply_text(texts.STAFF_DELIVERY_FAILED)
            return
        for number, sent in enumerate(delivered):
            self.tickets.record(
                ticket.id,
                "staff",
                staff_message=message.message_id,
                student_message=sent.message_id,
                text=message.text if number == 0 else None,  # kept for "📚 Guardar como respuesta"
            )
        self.stats.counts["handoff_answers"] += 1
        try:
            await message.set_reaction("👍")  # delivered: no extra message in the group
        except TelegramError:
            _log.info("could not react to the relayed staff message of ticket %s", ticket.id)
        if ticket.first_answer is None:  # the card now offers "📚 Guardar como respuesta"
            await self.redraw_card(ticket.id, context)

    async def on_resolved(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/resuelto, as a reply to a ticket message in the staff group."""
        message = update.effective_message
        if message is None or message.chat_id != self.staff_chat:
            return
        replied = message.reply_to_message
        ticket = self.tickets.by_staff_message(replied.message_id) if replied else None
        ticket = ticket or self.topics.ticket_in(message)  # in a ticket's topic, no reply needed
        if ticket is None:
            await message.reply_text(texts.RESOLVED_NEEDS_REPLY)
            return
        await self._resolve(ticket, staff_name(update), context)

    async def on_pending(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/pendientes in the staff group: open tickets, oldest first, with their age."""
        message = update.effective_message
        if message is None or message.chat_id != self.staff_chat:
            return
        text = handoff.pending_list(self.tickets.pending(), self.live.assistant.clock.now())
        await send_replies(context.bot, self.staff_chat, [Reply(text)])

    async def staff_choice(self, action: str, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """🙋 Tomar / ✅ Resuelto on a card."""
        query = update.callback_query
        assert query is not None
        message = query.message
        if not isinstance(message, Message) or message.chat_id != self.staff_chat:
            await answer_query(update, handoff.STAFF_ONLY)
            return
        number = action.rsplit(":", 1)[-1]
        ticket = (
            self.tickets.get(int(number))
            if number.isascii() and number.isdecimal() and len(number) < 12
            else None
        )
        if ticket is None:
            await answer_query(update, texts.STALE_OPTION)
            return
        who = staff_name(update)
        if not action.startswith(handoff.TAKE_PREFIX):
            await answer_query(update, "Marcado como resuelto.")
            await self._resolve(ticket, who, context, message)
        elif self.tickets.take(ticket.id, who):
            await answer_query(update, f"Lo atiendes tú, {who}.")
            await self.refresh_card(ticket.id, message)
        else:
            await answer_query(update, handoff.ALREADY_RESOLVED)
            await self.refresh_card(ticket.id, message)

    async def _resolve(
        self, ticket: Ticket, who: str, context: ContextTypes.DEFAULT_TYPE, card: Message | None = None
    ) -> None:
        if not self.tickets.resolve(ticket.id, who):
            return  # resolved already: the student was told then
        self.stats.counts["handoff_resolved"] += 1
        if card is not None:
            await self.refresh_card(ticket.id, card)
        try:
            await send_replies(context.bot, ticket.chat, [handoff.resolved(ticket)])
        except Forbidden:
            await context.bot.send_message(
                self.staff_chat,
                texts.STAFF_COULD_NOT_DELIVER,
                message_thread_id=self.topics.thread(ticket.id),
                reply_parameters=quote(self.tickets.card(ticket.id)),
            )
        await self.topics.close(context.bot, ticket.id)

    async def refresh_card(self, ticket_id: int, card: Message) -> None:
        """Rebuild the card from the ticket (its state, who attends it) and show it."""
        ticket = self.tickets.get(ticket_id)
        if ticket is None or not card.text:
            return
        questions = self.tickets.questions(ticket.id)
        reply = handoff.card(ticket, questions[0] if questions else "")
        try:
            await card.edit_text(reply.text, reply_markup=keyboard(reply))
        except TelegramError:
            _log.info("could not update the card of ticket %s", ticket_id)

    async def redraw_card(self, ticket_id: int, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Rebuild the card from the ticket when only its id in the group is at hand."""
        ticket, card_id = self.tickets.get(ticket_id), self.tickets.card(ticket_id)
        if ticket is None or card_id is None:
            return
        questions = self.tickets.questions(ticket.id)
        reply = handoff.card(ticket, questions[0] if questions else "")
        try:
            await context.bot.edit_message_text(
                reply.text, self.staff_chat, card_id, reply_markup=keyboard(reply)
            )
        except TelegramError:
            _log.info("could not update the card of ticket %s", ticket_id)


def staff_name(update: Update) -> str:
    user = update.effective_user
    return user.first_name if user is not None else "alguien"


def quote(message_id: int | None) -> ReplyParameters | None:
    return ReplyParameters(message_id, allow_sending_without_reply=True) if message_id else None
