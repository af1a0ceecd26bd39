"""When NSS cards are received: the inscription periods and the monthly inter-semester window,
minus the days the office is closed (`cierres`: vacations, holidays) and, when staff gave the
office's timetable, minus the days it does not open (a window "del 1 al 5" that ends on a
Saturday is received from the 1st to the 4th). Today's status knows whether today's opening
hours are already over. Days are Mexico City days (see `bot.clock`).

Dates only: what a student is told about them is in `bot/reception/answers.py`."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Protocol

from bot.knowledge.schema import Closure, ReceptionFile

MONTHLY_LABEL = "entre semestres"


class OfficeHours(Protocol):
    """The office's opening on a day (earliest opening, latest closing), None when it does not
    open; `bot.office.hours.Office` is one."""

    def hours_on(self, day: date) -> tuple[time, time] | None: ...


@dataclass(frozen=True)
class Window:
    """A stretch of consecutive days on which cards are received, with why."""

    start: date
    end: date
    labels: tuple[str, ...]

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class ReceptionStatus:
    today: date
    current: Window | None
    upcoming: list[Window]

    @property
    def next_opening(self) -> Window | None:
        return self.upcoming[0] if self.upcoming else None


def _month_starts(first: date, months: int) -> list[date]:
    starts, year, month = [], first.year, first.month
    for _ in range(months):
        starts.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return starts


def windows_around(
    rules: ReceptionFile, day: date, months_ahead: int = 13, hours: OfficeHours | None = None
) -> list[Window]:
    """All reception windows from last month to `months_ahead` ahead, overlaps merged, the
    office's closed days taken out (a window partly closed keeps its open days)."""
    raw: list[tuple[date, date, str]] = []
    for month_start in _month_starts(
        (day.replace(day=1) - timedelta(days=1)).replace(day=1), months_ahead + 1
    ):
        last = calendar.monthrange(month_start.year, month_start.month)[1]
        first_day = min(rules.monthly.first_day, last)
        last_day = min(rules.monthly.last_day, last)
        raw.append((month_start.replace(day=first_day), month_start.replace(day=last_day), MONTHLY_LABEL))
    raw.extend((p.start, p.end, p.name) for p in rules.periods)
    raw.sort()

    merged: list[Window] = []
    for start, end, label in raw:
        if merged and start <= merged[-1].end + timedelta(days=1):
            previous = merged[-1]
            labels = previous.labels if label in previous.labels else (*previous.labels, label)
            merged[-1] = Window(previous.start, max(previous.end, end), labels)
        else:
            merged.append(Window(start, end, (label,)))
    kept = _without_closures(merged, rules.closures)
    return kept if hours is None else _office_days_only(kept, hours)


def _office_days_only(windows: list[Window], hours: OfficeHours) -> list[Window]:
    """Each window cut to the days the office opens (weekends out, for a Monday–Friday office)."""
    kept: list[Window] = []
    for window in windows:
        start: date | None = None
        day = window.start
        while day <= window.end:
            if hours.hours_on(day) is not None:
                start = start or day
            elif start is not None:
                kept.append(Window(start, day - timedelta(days=1), window.labels))
                start = None
            day += timedelta(days=1)
        if start is not None:
            kept.append(Window(start, window.end, window.labels))
    return kept


def _without_closures(windows: list[Window], closures: list[Closure]) -> list[Window]:
    kept: list[Window] = []
    for window in windows:
        pieces = [(window.start, window.end)]
        for closure in closures:
            remaining = []
            for start, end in pieces:
                if closure.end < start or closure.start > end:
                    remaining.append((start, end))
                    continue
                if start < closure.start:
                    remaining.append((start, closure.start - timedelta(days=1)))
                if end > closure.end:
                    remaining.append((closure.end + timedelta(days=1), end))
            pieces = remaining
        kept += [Window(start, end, window.labels) for start, end in pieces]
    return kept


def closure_on(rules: ReceptionFile, day: date) -> Closure | None:
    """The closure the office is in on `day`, if any."""
    return next((c for c in rules.closures if c.start <= day <= c.end), None)


def reception_status(rules: ReceptionFile, day: date, hours: OfficeHours | None = None) -> ReceptionStatus:
    windows = windows_around(rules, day, hours=hours)
    current = next((w for w in windows if w.contains(day)), None)
    upcoming = [w for w in windows if w.start > day]
    return ReceptionStatus(day, current, upcoming)


@dataclass(frozen=True)
class Today:
    """Reception as a student asking now must hear it: the status, today's opening hours when
    today is a reception day and the timetable is known, and whether they are over."""

    status: ReceptionStatus
    hours: tuple[time, time] | None = None
    over: bool = False  # a reception day whose closing time has passed

    @property
    def receiving(self) -> bool:
        """Cards can still be handed in today or on a later day of this same window."""
        current = self.status.current
        return current is not None and not (self.over and current.end == self.status.today)


def reception_today(
    rules: ReceptionFile, day: date, hours: OfficeHours | None = None, at: time | None = None
) -> Today:
    """Today's reception at time of day `at` (None: the whole day is still ahead)."""
    status = reception_status(rules, day, hours)
    today_hours = hours.hours_on(day) if hours is not None and status.current else None
    over = bool(today_hours and at is not None and at >= today_hours[1])
    return Today(status, today_hours, over)
