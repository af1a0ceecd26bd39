"""One forum topic per ticket, when the staff group is a forum and the bot may manage its topics.

With ten open tickets in one group, replies and follow-ups interleave; in a forum each ticket
gets a topic ("#12 · Ana · que pasa con mi…") holding its card, the student's follow-ups and
the staff's answers, and anything a staff member writes there goes to the student. ✅ Resuelto
closes the topic; the student writing again on that ticket reopens it (and the ticket).

Whether topics can be used is asked of Telegram, not configured: getChat says whether the group
is a forum, getChatMember of the bot itself whether it is the owner or an admin with
can_manage_topics. The answer is kept for RECHECK_SECONDS (staff may turn the forum on or give
the right later) and dropped at once when a topic call fails, so the next ticket asks again.
Without topics (a plain group, no right, a failure) everything happens in the group as before:
this module only ever adds a message_thread_id. The staff commands stay in the General topic.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from telegram import Bot, ChatMember, ChatMemberAdministrator, Message
from telegram.error import BadRequest, TelegramError
from telegram.ext import filters

from bot.office import handoff
from bot.office.tickets import Ticket, TicketStore
from bot.telegram.rendering import keyboard

_log = logging.getLogger(__name__)

RECHECK_SECONDS = 600.0
_GONE = ("thread not found", "topic_deleted", "topic_id_invalid")  # the topic no longer exists


class TopicDesk:
    """The staff group's topics, one per ticket, while Telegram lets the bot manage them."""

    def __init__(
        self, tickets: TicketStore, staff_chat: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.tickets = tickets
        self.staff_chat = staff_chat
        self._clock = clock
        self._usable: bool | None = None  # None: ask Telegram before the next topic
        self._checked = 0.0
        self.messages = InTicketTopic(self)  # a staff message inside a ticket's topic

    def follow(self, staff_chat: int) -> None:
        """The staff group moved (became a supergroup): its topics are asked about afresh."""
        self.staff_chat = staff_chat
        self.recheck()

    def recheck(self) -> None:
        self._usable = None

    async def usable(self, bot: Bot) -> bool:
        """Whether the staff group is a forum where the bot may open and close topics."""
        if self._usable is not None and self._clock() - self._checked < RECHECK_SECONDS:
            return self._usable
        try:
            chat = await bot.get_chat(self.staff_chat)
            me = await bot.get_chat_member(self.staff_chat, bot.id) if chat.is_forum else None
        except TelegramError as exc:
            _log.info("could not ask whether the staff group has topics: %s", exc)
            self.recheck()
            return False
        self._usable = me is not None and (
            me.status == ChatMember.OWNER
            or (isinstance(me, ChatMemberAdministrator) and bool(me.can_manage_topics))
        )
        self._checked = self._clock()
        return self._usable

    # ----- a ticket's topic -------------------------------------------------------------

    async def open(self, bot: Bot, ticket: Ticket, first_name: str, question: str) -> None:
        """A topic for a new ticket, when topics can be used; else nothing (the group as before)."""
        if not await self.usable(bot):
            return
        name = handoff.topic_name(ticket.id, first_name, question)
        try:
            topic = await bot.create_forum_topic(self.staff_chat, name)
        except TelegramError as exc:
            _log.warning("could not open a topic for ticket %s, it goes to the group: %s", ticket.id, exc)
            self.recheck()
            return
        self.tickets.set_topic(ticket.id, self.staff_chat, topic.message_thread_id)

    def thread(self, ticket_id: int | None) -> int | None:
        """The message_thread_id to post a ticket's messages with (None: the group itself)."""
        return self.tickets.topic_of(ticket_id, self.staff_chat) if ticket_id is not None else None

    def missing(self, ticket_id: int, exc: TelegramError) -> bool:
        """Whether posting in the ticket's topic failed because of the topic (deleted, closed
        to the bot): then the message goes to the group, and a deleted topic is forgotten."""
        reason = str(exc).lower()
        if not isinstance(exc, BadRequest) or not ("thread" in reason or "topic" in reason):
            return False
        _log.warning("the topic of ticket %s refused a message, it goes to the group: %s", ticket_id, exc)
        if any(gone in reason for gone in _GONE):
            self.tickets.set_topic(ticket_id, None, None)
        self.recheck()
        return True

    def ticket_in(self, message: Message) -> Ticket | None:
        """The ticket whose topic a staff group message was written in."""
        thread = message.message_thread_id
        if message.chat_id != self.staff_chat or not message.is_topic_message or thread is None:
            return None
        ticket_id = self.tickets.in_topic(self.staff_chat, thread)
        return self.tickets.get(ticket_id) if ticket_id is not None else None

    async def close(self, bot: Bot, ticket_id: int) -> None:
        """✅ Resuelto: the ticket's topic is closed (it stays readable)."""
        thread = self.thread(ticket_id)
        if thread is None:
            return
        try:
            await bot.close_forum_topic(self.staff_chat, thread)
        except TelegramError as exc:  # closed by hand already, deleted, or the right withdrawn
            _log.info("could not close the topic of ticket %s: %s", ticket_id, exc)
            self.recheck()

    async def reopen(self, bot: Bot, ticket: Ticket) -> Ticket | None:
        """The student wrote on a resolved ticket that has a topic: the ticket opens again (if
        it is the student's only one), its topic too and its card gets its buttons back. None
        when it stays closed: without a topic, resolved is final, as in a plain group."""
        thread = self.thread(ticket.id)
        if thread is None or not self.tickets.reopen(ticket.id):
            return None
        try:
            await bot.reopen_forum_topic(self.staff_chat, thread)
        except TelegramError as exc:  # reopened by hand already, or deleted: the post will tell
            _log.info("could not reopen the topic of ticket %s: %s", ticket.id, exc)
            self.recheck()
        reopened = self.tickets.get(ticket.id)
        assert reopened is not None
        await self._show_card(bot, reopened)
        return reopened

    async def _show_card(self, bot: Bot, ticket: Ticket) -> None:
        card = self.tickets.card(ticket.id)
        questions = self.tickets.questions(ticket.id)
        if card is None:
            return
        reply = handoff.card(ticket, questions[0] if questions else "")
        try:
            await bot.edit_message_text(reply.text, self.staff_chat, card, reply_markup=keyboard(reply))
        except TelegramError:
            _log.info("could not update the card of ticket %s", ticket.id)


class InTicketTopic(filters.MessageFilter):
    """A message inside a ticket's topic of the staff group, an anonymous admin's too (the
    wiring leaves out commands and service notes: topic closed, reopened, renamed)."""

    def __init__(self, desk: TopicDesk) -> None:
        super().__init__(name="in_ticket_topic")
        self._desk = desk

    def filter(self, message: Message) -> bool:
        return (
            message.is_topic_message is True
            and message.chat_id == self._desk.staff_chat
            and self._desk.ticket_in(message) is not None
        )
