"""What the conversation was just about, kept in the student's state for a few minutes: the
last two topics answered (to read a follow-up in their light), how many questions in a row went
unanswered (a second miss offers a person), and the last unanswered question, masked (what the
student may send to the office). Never more than that; stale or malformed entries are dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.clock import is_recent
from bot.privacy import redact

RECENT_KEY = "recent"  # {"topics": [latest first], "misses": n, "asked": text, "said": digest, "at": …}
RECENT_SECONDS = 5 * 60
MAX_KEPT_QUESTION = 300
State = dict[str, Any]


class Recent:
    """A view on one student's state at one moment; it rewrites the entry as it goes."""

    def __init__(self, state: State, now: float, is_topic: Callable[[str], bool]) -> None:
        self._state = state
        self._now = int(now)
        saved = state.get(RECENT_KEY)
        entry: dict[str, Any] = saved if is_recent(saved, now, RECENT_SECONDS) else {}
        if not entry:
            state.pop(RECENT_KEY, None)
        topics = entry.get("topics")
        entry["topics"] = (
            [t for t in topics if isinstance(t, str) and is_topic(t)][:2] if isinstance(topics, list) else []
        )
        self._entry = entry

    @property
    def topics(self) -> tuple[str, ...]:
        return tuple(self._entry["topics"])

    @property
    def question(self) -> str | None:
        asked = self._entry.get("asked")
        return asked if isinstance(asked, str) and asked else None

    def answered(self, topic: str) -> None:
        """A topic was answered: it leads the context, and misses and the question are gone."""
        topics = [topic, *(t for t in self.topics if t != topic)]
        self._save({"topics": topics[:2]})

    def missed(self) -> int:
        """One more question in a row the bot could not answer; how many now."""
        misses = self._entry.get("misses", 0)
        misses = misses + 1 if isinstance(misses, int) else 1
        self._save({**self._entry, "misses": misses})
        return misses

    @property
    def piece(self) -> int | None:
        """Which piece of the last answer was quoted last ("¿y luego?" asks for the next)."""
        piece = self._entry.get("piece")
        return piece if isinstance(piece, int) and not isinstance(piece, bool) else None

    def quoted(self, piece: int) -> None:
        self._save({**self._entry, "piece": piece})

    @property
    def urgent(self) -> bool:
        """The safety line was given a few minutes ago."""
        return self._entry.get("urgent") is True

    def mark_urgent(self) -> None:
        self._save({**self._entry, "urgent": True})

    @property
    def last_said(self) -> str | None:
        """A digest of the last reply's first message (never its text: it may quote the student)."""
        said = self._entry.get("said")
        return said if isinstance(said, str) else None

    def remember_said(self, digest: str) -> None:
        self._save({**self._entry, "said": digest})

    def keep_question(self, text: str) -> None:
        self._save({**self._entry, "asked": redact(text).strip()[:MAX_KEPT_QUESTION]})

    def _save(self, entry: dict[str, Any]) -> None:
        self._entry = {**entry, "at": self._now}
        self._state[RECENT_KEY] = self._entry
