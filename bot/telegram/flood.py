"""Per-student flood control: one "dame un momento", then the excess is dropped until they slow
down. Other students are never affected. Transport-independent."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from typing import Literal

Verdict = Literal["ok", "warn", "drop"]
TAP_COST = 1 / 3


class FloodGuard:
    """Weighs each student's updates in a sliding window (dropped ones too: still flooding).

    A message weighs 1 and a button press less (TAP_COST): tapping through the questionnaire is
    quick but legitimate, a hundred taps a second is not. Students who have been quiet for a
    whole window are forgotten, at most once per window, so 100,000 students who each asked once
    do not stay in memory."""

    def __init__(
        self, limit: int = 8, window: float = 10.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window = window
        self._clock = clock
        self._seen: dict[int, deque[tuple[float, float]]] = {}  # (when, cost)
        self._load: dict[int, float] = {}
        self._warned: set[int] = set()
        self._pruned_at = clock()

    def __len__(self) -> int:
        return len(self._seen)

    def check(self, student: int, cost: float = 1.0) -> Verdict:
        now = self._clock()
        if now - self._pruned_at >= self.window:
            self._prune(now)
        seen = self._seen.setdefault(student, deque())
        load = self._load.get(student, 0.0)
        while seen and now - seen[0][0] >= self.window:
            load -= seen.popleft()[1]
        seen.append((now, cost))
        load = self._load[student] = load + cost
        if load <= self.limit + 1e-9:
            self._warned.discard(student)
            return "ok"
        if student in self._warned:
            return "drop"
        self._warned.add(student)
        return "warn"

    def _prune(self, now: float) -> None:
        self._pruned_at = now
        for student in [s for s, seen in self._seen.items() if now - seen[-1][0] >= self.window]:
            del self._seen[student], self._load[student]
            self._warned.discard(student)
