"""What every Telegram callback shares: the student's engine state for this chat, the counters
for /estado, and how a reply goes back to the chat an update came from. It sits below the
student, staff and handoff callbacks so that none of them has to borrow from another."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from telegram import Message, ReplyParameters, Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from bot.replies import Reply, State
from bot.telegram.rendering import send_replies


@dataclass
class Stats:
    """Counts for /estado; nothing here identifies a student."""

    started: float = field(default_factory=time.time)
    counts: Counter[str] = field(default_factory=Counter)


@contextmanager
def student_state(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Iterator[State]:
    """The engine state of this student in this chat, kept in PTB's user_data (which the
    persistence saves) under the chat id, and forgotten as soon as it is empty.

    A questionnaire started in a private chat does not continue in a group, and a message sent
    on behalf of a chat (anonymous group admins share one Telegram id) has no state at all."""
    user_data, chat, message = context.user_data, update.effective_chat, update.effective_message
    if user_data is None or chat is None or (message is not None and message.sender_chat):
        yield {}
        return
    if update.effective_user is not None:
        _upgrade_legacy_state(user_data, update.effective_user.id)
    key = str(chat.id)
    state = user_data.get(key)
    state = state if isinstance(state, dict) else {}
    try:
        yield state
    finally:
        if state:
            user_data[key] = state
        else:
            user_data.pop(key, None)


def peek_state(user_data: Any, user_id: int, chat_id: int) -> State:
    """A student's state for one chat, read without changing anything (for filters, which see
    the update before any callback opens the state)."""
    data = user_data.get(user_id) if user_data is not None else None
    state = data.get(str(chat_id)) if isinstance(data, dict) else None
    return state if isinstance(state, dict) else {}


def _upgrade_legacy_state(user_data: dict[Any, Any], user_id: int) -> None:
    """State saved before it was kept per chat ({"flow": [...]}) belongs to the private chat."""
    legacy = {key: user_data.pop(key) for key in list(user_data) if not _is_chat_key(key)}
    if legacy:
        user_data.setdefault(str(user_id), legacy)


def _is_chat_key(key: object) -> bool:
    return isinstance(key, str) and key.lstrip("-").isdecimal() and key.isascii()


def is_private(update: Update) -> bool:
    return update.effective_chat is not None and update.effective_chat.type == ChatType.PRIVATE


def addressed_to_bot(message: Message, username: str, bot_id: int) -> bool:
    """In a group, the bot answers only when mentioned or replied to."""
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot_id:
        return True
    text = message.text or message.caption or ""
    return bool(username) and f"@{username}".casefold() in text.casefold()


async def reply_in_chat(update: Update, context: ContextTypes.DEFAULT_TYPE, replies: list[Reply]) -> None:
    """Replies to the chat the update came from; in a group, quoting the message answered."""
    chat = update.effective_chat
    if chat is None:
        return
    quote = None
    if not is_private(update) and update.effective_message is not None:
        quote = ReplyParameters(update.effective_message.message_id, allow_sending_without_reply=True)
    await send_replies(context.bot, chat.id, replies, quote)
