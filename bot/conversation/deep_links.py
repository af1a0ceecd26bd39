"""Deep links: `t.me/<bot>?start=PAYLOAD` arrives as `/start PAYLOAD`, and the assistant opens on
what the link names instead of the generic greeting. A poster at the office window, the school's
page or a classmate's shared answer can then land a student on the dates, the questionnaire or
one answer. Transport-free: a payload in, the Turn the engine gives for it out, through the
Assistant's public methods only, so the terminal and Telegram open the same way."""

from __future__ import annotations

import re

from bot.conversation.dialog import Assistant
from bot.conversation.turn import Turn
from bot.knowledge import KnowledgeBase
from bot.replies import TOPIC_PREFIX, State

# The payloads that name a command rather than a topic: the link opens on that command.
COMMAND_PAYLOADS = ("fechas", "elegibilidad", "persona", "contacto", "avisos")
# What Telegram lets through a start parameter: 1-64 of A-Z, a-z, 0-9, _ and -.
_PAYLOAD = re.compile(r"[A-Za-z0-9_-]{1,64}")


def payload_of(text: str) -> str | None:
    """The payload of a `/start PAYLOAD` message (any @botname after /start allowed), or None
    for a plain /start, another command or a payload Telegram would never send."""
    words = text.split()
    if len(words) != 2 or words[0].lower().split("@")[0] != "/start":
        return None
    return words[1] if _PAYLOAD.fullmatch(words[1]) else None


def payload_pattern(payload: str) -> str:
    """A regular expression for the whole text of `/start PAYLOAD` (for adapters that route one
    payload to their own handler, as Telegram does with `avisos` and `persona`)."""
    return rf"^/start(?:@\w+)?\s+{re.escape(payload)}\s*$"


def names_something(knowledge: KnowledgeBase, payload: str) -> bool:
    """Whether a link with this payload opens on something rather than the greeting (for
    `faqbot cartel --inicio`, checked before a poster is printed with a dead link)."""
    return (
        payload.lower() in COMMAND_PAYLOADS or payload in knowledge.items or payload == knowledge.reception.id
    )


def link(username: str, payload: str | None = None) -> str:
    """The t.me link that opens the bot, on `payload` when given."""
    base = f"https://t.me/{username.lstrip('@')}"
    return f"{base}?start={payload}" if payload else base


def open_on(assistant: Assistant, state: State, payload: str | None) -> Turn:
    """What `/start PAYLOAD` shows: a command's reply, an answer, or (for anything unknown,
    including no payload) the greeting."""
    if payload is not None:
        key = payload.lower()
        if key in COMMAND_PAYLOADS:
            return assistant.on_command(state, key)
        if assistant.topics.is_topic(payload):
            return assistant.on_action(state, TOPIC_PREFIX + payload)
    return assistant.on_command(state, "start")
