"""Time in Mexico City, and dates as students read them.

"Today" is always the calendar day in Mexico City, whatever the server's time zone, because a
student asking at 23:59 on the 5th must hear that the window is still open. Every part that asks
what day or hour it is asks a `Clock`, so FAQBOT_TODAY and FAQBOT_NOW freeze all of them at once.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any, TypeGuard
from zoneinfo import ZoneInfo

MEXICO_CITY = ZoneInfo("America/Mexico_City")
DAY_SECONDS = 86_400
DAY_NAMES = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")
MONTHS = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)


def today_in_mexico(now: datetime | None = None) -> date:
    """The current calendar day in Mexico City (`now` must be timezone-aware)."""
    return (now or datetime.now(MEXICO_CITY)).astimezone(MEXICO_CITY).date()


class Clock:
    """Tells today's date and the time in Mexico City. A fixed day (FAQBOT_TODAY) freezes the
    date, a fixed moment (FAQBOT_NOW) the date and the time of day, for demos and tests."""

    def __init__(
        self,
        fixed: date | None = None,
        now: Callable[[], datetime] | None = None,
        fixed_now: datetime | None = None,
    ) -> None:
        self._fixed = fixed_now.date() if fixed_now is not None else fixed
        self._fixed_now = fixed_now
        self._now = now

    def today(self) -> date:
        if self._fixed is not None:
            return self._fixed
        return today_in_mexico(self._now() if self._now else None)

    def time_of_day(self) -> time | None:
        """The time in Mexico City, or None when only the day is frozen (FAQBOT_TODAY): answers
        that depend on the hour then speak of the whole day, so they stay reproducible."""
        if self._fixed is not None and self._fixed_now is None:
            return None
        return self.now().time().replace(tzinfo=None)

    def now(self) -> datetime:
        """The current moment, aware, in Mexico City."""
        if self._fixed_now is not None:
            return self._fixed_now
        real = (self._now() if self._now else datetime.now(MEXICO_CITY)).astimezone(MEXICO_CITY)
        if self._fixed is not None:  # the frozen day, at the real time of day
            return datetime.combine(self._fixed, real.timetz())
        return real


def spanish_date(day: date, with_year: bool = True) -> str:
    """'1 de diciembre de 2026'."""
    text = f"{day.day} de {MONTHS[day.month - 1]}"
    return f"{text} de {day.year}" if with_year else text


def spanish_range(start: date, end: date) -> str:
    """'del 1 al 5 de diciembre de 2026', shortest form that stays unambiguous."""
    if start == end:
        return f"el {spanish_date(start)}"
    if (start.year, start.month) == (end.year, end.month):
        return f"del {start.day} al {spanish_date(end)}"
    if start.year == end.year:
        return f"del {spanish_date(start, with_year=False)} al {spanish_date(end)}"
    return f"del {spanish_date(start)} al {spanish_date(end)}"


def is_recent(entry: object, now: float, seconds: float) -> TypeGuard[dict[str, Any]]:
    """True for a state entry stamped (its "at", unix time) within the last `seconds`; state
    comes back from disk, so anything else is stale."""
    return (
        isinstance(entry, dict)
        and isinstance(entry.get("at"), int | float)
        and 0 <= now - entry["at"] <= seconds
    )


def clock_text(moment: time) -> str:
    """'9:00', '14:30'."""
    return f"{moment.hour}:{moment.minute:02d}"
