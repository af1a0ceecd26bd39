"""Concurrency that is fair and safe for per-student state: different students at once, each
student's own updates one after another in the order Telegram sent them, and no student able to
hold up the others.

PTB's BaseUpdateProcessor takes a shared slot for every update the moment it arrives; a student
whose updates queue up behind their own lock would then hold every slot, and a hundred quick
taps stall everyone. Here each update is judged when it arrives (flood control counts messages,
edits and button presses alike), waits behind the same student's earlier updates without a
slot, and only then takes one of the shared slots. A student's queue is short: beyond it the
excess is refused (one notice), so a backlog never builds up. When the application stops, what
is running finishes and what still waits after a short grace period is left.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from bot.telegram.flood import Verdict

_log = logging.getLogger(__name__)
_NO_BASE_LIMIT = 1 << 30  # the base class's semaphore would be taken before the student's lock


def student_key(update: object) -> int | None:
    """Whose updates must stay in order: the user, or the chat when there is no user."""
    if not isinstance(update, Update):
        return None
    if update.effective_user is not None:
        return update.effective_user.id
    return update.effective_chat.id if update.effective_chat else None


async def _refuse_nothing(update: object, first: bool) -> None:
    """Default refusal: say nothing."""


@dataclass
class _Student:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    queued: int = 0  # updates admitted and not finished, the running one included
    warned: bool = False  # told to slow down since the queue was last empty


class FairUpdateProcessor(BaseUpdateProcessor):
    """`slots` updates at once overall, one per student, at most `max_queued` per student."""

    def __init__(
        self,
        slots: int,
        admit: Callable[[object], Verdict] | None = None,
        refuse: Callable[[object, bool], Awaitable[None]] = _refuse_nothing,
        max_queued: int = 8,
        grace_seconds: float = 5.0,
        uncapped: Callable[[object], bool] = lambda update: False,
    ) -> None:
        super().__init__(_NO_BASE_LIMIT)
        self._uncapped = uncapped  # trusted senders (the staff group): no backlog cap
        self.slots = slots
        self._slots: asyncio.Semaphore | None = None
        self._admit = admit or (lambda update: "ok")
        self._refuse = refuse
        self._max_queued = max_queued
        self._grace = grace_seconds
        self._students: dict[int, _Student] = {}
        self._running: Callable[[], bool] = lambda: True
        self._stop_seen: float | None = None
        self.left_at_stop = 0

    def follow(self, running: Callable[[], bool]) -> None:
        """Tell the processor how to know that the application is stopping."""
        self._running = running

    def busy(self, key: int) -> bool:
        """True while the student has an update queued or running."""
        return key in self._students

    def __len__(self) -> int:
        return len(self._students)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.slots)
        key = student_key(update)
        if key is None:
            async with self._slots:
                await coroutine
            return
        student = self._students.setdefault(key, _Student())
        verdict = self._admit(update)
        if verdict == "ok" and student.queued >= self._max_queued and not self._uncapped(update):
            verdict = "warn"
        if verdict == "warn":  # one notice per backlog, whichever limit was reached first
            verdict = "drop" if student.warned else "warn"
            student.warned = True
        if verdict != "ok":
            _discard(coroutine)
            self._forget_if_idle(key, student)
            await self._refuse(update, verdict == "warn")
            return
        student.queued += 1
        try:
            async with student.lock:
                if self._leaving():
                    _discard(coroutine)
                    self.left_at_stop += 1
                    await self._refuse(update, False)  # a button press is still answered
                    return
                async with self._slots:
                    await coroutine
        finally:
            student.queued -= 1
            self._forget_if_idle(key, student)

    def _forget_if_idle(self, key: int, student: _Student) -> None:
        if not student.queued:
            del self._students[key]  # its lock is free and its queue empty: nothing to keep

    def _leaving(self) -> bool:
        """True once the application has been stopping for longer than the grace period."""
        if self._running():
            return False
        now = time.monotonic()
        if self._stop_seen is None:
            self._stop_seen = now
        return now - self._stop_seen > self._grace

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        if self.left_at_stop:
            _log.warning("left %d queued updates unprocessed when stopping", self.left_at_stop)


def _discard(coroutine: Awaitable[Any]) -> None:
    """Drop an update's processing that never started (no 'never awaited' warning)."""
    if isinstance(coroutine, Coroutine):
        coroutine.close()
