"""Which updates belong to the handoff, decided before any callback runs: a staff reply to a
ticket message, a student's reply to an office answer, a student typing their question for the
office. Only replies to the bot's own ticket messages in the configured staff chat count."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from telegram import Message
from telegram.constants import ChatType
from telegram.ext import filters

from bot.hot_reload import LiveAssistant
from bot.office import handoff
from bot.office.tickets import TicketStore
from bot.telegram.chat_state import peek_state


class RepliesToTicket(filters.MessageFilter):
    """A message in the staff chat that replies to one of the bot's ticket messages."""

    def __init__(self, tickets: TicketStore, staff_chat: int) -> None:
        super().__init__(name="replies_to_ticket")
        self._tickets, self.staff_chat = tickets, staff_chat

    def filter(self, message: Message) -> bool:
        replied = message.reply_to_message
        return (
            message.chat_id == self.staff_chat
            and replied is not None
            and replied.from_user is not None
            and replied.from_user.id == message.get_bot().id
            and self._tickets.by_staff_message(replied.message_id) is not None
        )


class RepliesToOffice(filters.MessageFilter):
    """A student's private message that replies to an office answer the bot relayed."""

    def __init__(self, tickets: TicketStore) -> None:
        super().__init__(name="replies_to_office")
        self._tickets = tickets

    def filter(self, message: Message) -> bool:
        replied = message.reply_to_message
        return (
            message.chat.type == ChatType.PRIVATE
            and replied is not None
            and self._tickets.by_student_message(message.chat_id, replied.message_id) is not None
        )


class WritingToOffice(filters.MessageFilter):
    """A student's private message while they are typing their question for the office: it
    goes to the relay, not to the assistant. Reads the state without opening it, so the update
    still opens it only once, in the callback."""

    def __init__(self, user_data: Mapping[int, Any], live: LiveAssistant) -> None:
        super().__init__(name="writing_to_office")
        self._user_data, self._live = user_data, live

    def filter(self, message: Message) -> bool:
        if message.chat.type != ChatType.PRIVATE or message.from_user is None:
            return False
        state = peek_state(self._user_data, message.from_user.id, message.chat_id)
        return handoff.is_writing(state, self._live.assistant.clock.now())
