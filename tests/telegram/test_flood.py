"""Per-student flood control: one notice, then the excess dropped until the student slows down;
other students unaffected, and memory pruned."""

from __future__ import annotations

from bot.telegram.flood import FloodGuard


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_flood_guard_warns_once_then_drops_until_the_student_slows_down() -> None:
    clock = FakeClock()
    guard = FloodGuard(limit=8, window=10.0, clock=clock)
    verdicts = []
    for _ in range(12):
        verdicts.append(guard.check(1))
        clock.now += 0.5
    assert verdicts == ["ok"] * 8 + ["warn", "drop", "drop", "drop"]
    assert guard.check(2) == "ok"  # another student is unaffected
    clock.now += 10.0
    assert guard.check(1) == "ok"


def test_per_student_memory_is_pruned() -> None:
    clock = {"now": 0.0}
    guard = FloodGuard(limit=8, window=10.0, clock=lambda: clock["now"])
    for student in range(100_000):
        guard.check(student)
    clock["now"] += 11
    guard.check(1)
    assert len(guard) == 1


def test_a_student_who_floods_again_is_warned_again() -> None:
    """Back under the limit without ever going quiet for a whole window (so not forgotten by
    the pruning): a second flood gets its own notice."""
    clock = FakeClock()
    guard = FloodGuard(limit=8, window=10.0, clock=clock)
    assert [guard.check(1) for _ in range(8)] == ["ok"] * 8  # at 0 s
    clock.now = 5.0
    assert guard.check(1) == "warn"
    clock.now = 10.0  # the eight of 0 s leave the window; the one of 5 s stays
    assert guard.check(1) == "ok"
    assert [guard.check(1) for _ in range(7)] == ["ok"] * 6 + ["warn"]
    assert guard.check(1) == "drop"


def test_the_window_slides_recent_messages_still_count() -> None:
    clock = FakeClock()
    guard = FloodGuard(limit=8, window=10.0, clock=clock)
    assert guard.check(1) == "ok"  # at 0 s
    clock.now = 5.0
    assert [guard.check(1) for _ in range(8)] == ["ok"] * 7 + ["warn"]
    clock.now = 10.0  # the one of 0 s leaves; the eight of 5 s still weigh 8
    assert guard.check(1) == "drop"


def test_taps_weigh_less_than_messages() -> None:
    guard = FloodGuard(limit=8, window=10.0, clock=FakeClock())
    assert [guard.check(1, cost=1 / 3) for _ in range(24)] == ["ok"] * 24
    assert guard.check(1, cost=1 / 3) == "warn"


def test_a_student_is_forgotten_after_a_whole_quiet_window_not_before() -> None:
    clock = FakeClock()
    clock.now = 100.0
    guard = FloodGuard(limit=8, window=10.0, clock=clock)
    assert [guard.check(1) for _ in range(9)][-1] == "warn"  # flooding at 100 s
    guard.check(2)
    clock.now = 109.0
    guard.check(3)
    assert len(guard) == 3  # nobody has been quiet for a whole window yet
    clock.now = 110.0  # student 1 and 2: quiet since 100 s, exactly one window
    assert guard.check(4) == "ok"
    assert len(guard) == 2  # 3 (at 109 s) and 4
    assert [guard.check(1) for _ in range(9)][-1] == "warn"  # a new flood: a new notice
