"""Per-student flood control: one "dame un momento", then the excess is dropped until they slow
down. Other students are never affected. Transport-independent."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from typing import Literal

Verdict = Literal["ok", "warn", "drop"]
_PRUNE_AT = 10_000


class FloodGuard:
    """Counts each student's messages in a sliding window (dropped ones too: still flooding)."""

    def __init__(self, limit: int = 8, window: float = 10.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window = window
        self._clock = clock
        self._seen: dict[int, deque[float]] = {}
        self._warned: set[int] = set()

    def check(self, student: int) -> Verdict:
        now = self._clock()
        seen = self._seen.setdefault(student, deque())
        while seen and now - seen[0] >= self.window:
            seen.popleft()
        seen.append(now)
        if len(seen) <= self.limit:
            self._warned.discard(student)
            return "ok"
        if len(self._seen) > _PRUNE_AT:
            self._prune(now)
        if student in self._warned:
            return "drop"
        self._warned.add(student)
        return "warn"

    def _prune(self, now: float) -> None:
        for student in [s for s, seen in self._seen.items() if now - seen[-1] >= self.window]:
            del self._seen[student]
            self._warned.discard(student)
