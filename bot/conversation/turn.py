"""What one input to the assistant produced: the replies, and for the journal and the adapters
how the question was read."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.replies import Reply
from bot.understanding.matching import MatchResult


@dataclass
class Turn:
    """The replies, and how the question was matched (None for buttons and commands)."""

    replies: list[Reply] = field(default_factory=list)
    match: MatchResult | None = None
    picked: str | None = None  # the did-you-mean choice: a topic id, or "none"
    feedback: tuple[str, int] | None = None  # (topic, +1 or -1)
    person: bool = False  # the student asked for a person: a channel with a handoff starts it
