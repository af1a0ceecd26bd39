"""What the conversation sends back, whatever the transport: replies (Telegram-HTML text plus
buttons) and the actions the buttons carry.

The actions travel inside Telegram callback data, so they stay short (< 64 bytes).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

State = dict[str, Any]  # one student's conversation state: small, JSON-serialisable

MENU = "menu"
MORE_TOPICS = "menu:"  # menu:<page>: the topics menu's later pages ("📋 Más temas")
QUESTIONNAIRE = "flow"  # in buttons already sent: the value stays
BACK = "back"
RESTART = "restart"
CANCEL = "cancel"
RESUME = "resume"
NO_MATCH = "nomatch"
TOPIC_PREFIX = "faq:"
PICK_PREFIX = "pick:"  # a topic chosen from "¿Quisiste decir…?" (the journal learns from it)
FEEDBACK_PREFIX = "fb:"  # fb:+:topic or fb:-:topic
OPTION_PREFIX = "opt:"  # opt:<node>:<option key>; the key names the option, not its place
PERSON = "person"  # the way to a person; a transport that can hand the question over does
REMIND = "remind"  # "Avísame cuando abra": a transport that can send reminders does
REMIND_CANCEL = "remind:cancel"


@dataclass(frozen=True)
class Button:
    label: str
    action: str


@dataclass(frozen=True)
class Reply:
    text: str  # Telegram HTML
    buttons: tuple[Button, ...] = ()
    rate: str | None = None  # the topic this answer is about, which the student may rate 👍/👎
