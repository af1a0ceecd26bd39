"""The Seguro Facultativo office: where it is, how to reach it, and whether it is open now.

Transport-free: `/contacto`, the way to a person and the handoff's "te responderán a partir
de…" all read it. Staff describe it in config.yaml (`oficina:`); nothing is shown that they
did not write.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from bot.clock import DAY_NAMES, clock_text, spanish_date
from bot.normalize import fold

_DAYS = {fold(name): number for number, name in enumerate(DAY_NAMES)}
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")
LOOK_AHEAD_DAYS = 60
DEFAULT_NAME = "Oficina del Seguro Facultativo"


def parse_days(value: str | Iterable[str]) -> frozenset[int]:
    """'lunes a viernes', 'lunes, miércoles y viernes' or a list of days -> weekday numbers."""
    parts = [value] if isinstance(value, str) else list(value)
    days: set[int] = set()
    for part in parts:
        text = fold(str(part))
        spans = re.split(r"\s+a\s+", text)
        if len(spans) == 2 and spans[0] in _DAYS and spans[1] in _DAYS:
            first, last = _DAYS[spans[0]], _DAYS[spans[1]]
            days.update(range(first, last + 1) if first <= last else [*range(first, 7), *range(0, last + 1)])
            continue
        for word in text.split():  # fold() already turned commas into spaces
            if word == "y":
                continue
            if word not in _DAYS:
                raise ValueError(f"'{part}' no es un día: escribe por ejemplo «lunes a viernes»")
            days.add(_DAYS[word])
    if not days:
        raise ValueError("faltan los días, por ejemplo «lunes a viernes»")
    return frozenset(days)


def parse_time(value: str | int) -> time:
    """'9:00' or what YAML makes of an unquoted 9:00 (540, minutes in base 60) -> time."""
    if isinstance(value, int) and not isinstance(value, bool):
        hours, minutes = divmod(value, 60)
        value = f"{hours}:{minutes:02d}"
    else:
        match = _TIME.match(str(value).strip())
        if not match:
            raise ValueError(f'\'{value}\' no es una hora: escribe por ejemplo "9:00" o "14:30"')
        hours, minutes = int(match.group(1)), int(match.group(2))
    if not (0 <= hours <= 23 and 0 <= minutes <= 59):
        raise ValueError(f"'{value}' no es una hora válida")
    return time(hours, minutes)


@dataclass(frozen=True)
class Opening:
    """One line of the timetable: these weekdays, from `start` to `end`."""

    days: frozenset[int]
    start: time
    end: time

    def describe(self) -> str:
        return f"{_days_text(self.days)} de {clock_text(self.start)} a {clock_text(self.end)}"


@dataclass(frozen=True)
class Office:
    name: str = DEFAULT_NAME
    place: str | None = None
    hours: tuple[Opening, ...] = ()
    email: str | None = None
    phone: str | None = None
    url: str | None = None
    # Days the office is closed whatever its timetable (vacations, holidays): the reason, or None.
    closed_on: Callable[[date], str | None] = field(default=lambda day: None, compare=False)

    def hours_on(self, day: date) -> tuple[time, time] | None:
        """When the office opens and closes on `day` (its earliest opening and latest closing),
        or None when it does not open that day."""
        if self.closed_on(day):
            return None
        spans = [(o.start, o.end) for o in self.hours if day.weekday() in o.days]
        if not spans:
            return None
        return min(start for start, _ in spans), max(end for _, end in spans)

    def hours_on_weekday(self, weekday: int) -> tuple[time, time] | None:
        """When the office opens and closes on such a weekday by its timetable (closures aside)."""
        spans = [(o.start, o.end) for o in self.hours if weekday in o.days]
        if not spans:
            return None
        return min(start for start, _ in spans), max(end for _, end in spans)

    def is_open(self, now: datetime) -> bool:
        return self.open_until(now) is not None

    def open_until(self, now: datetime) -> time | None:
        """When today's opening ends, if the office is open at `now`."""
        if self.closed_on(now.date()):
            return None
        moment = now.time().replace(tzinfo=None)
        for opening in self.hours:
            if now.weekday() in opening.days and opening.start <= moment < opening.end:
                return opening.end
        return None

    def next_opening(self, now: datetime) -> datetime | None:
        """The next moment the office opens after `now` (None without a timetable)."""
        for offset in range(LOOK_AHEAD_DAYS):
            day = now.date() + timedelta(days=offset)
            if self.closed_on(day):
                continue
            starts = sorted(o.start for o in self.hours if day.weekday() in o.days)
            for start in starts:
                moment = datetime.combine(day, start, now.tzinfo)
                if moment > now:
                    return moment
        return None

    def hours_text(self) -> str | None:
        """'de lunes a viernes de 9:00 a 14:00', or None when staff gave no timetable."""
        return "; ".join(o.describe() for o in self.hours) or None

    def status_text(self, now: datetime) -> str | None:
        """'Ahora está abierta hasta las 14:00.' / 'Ahora está cerrada. Abre el lunes a las 9:00.'"""
        until = self.open_until(now)
        if until is not None:
            return f"Ahora está abierta hasta las {clock_text(until)}."
        opening = self.next_opening(now)
        if opening is None:
            return None
        reason = self.closed_on(now.date())
        closed = f"Hoy está cerrada ({reason})." if reason else "Ahora está cerrada."
        return f"{closed} Abre {when(opening, now)}."

    def contact_html(self, now: datetime) -> str:
        """Everything staff wrote about the office, for /contacto and dead ends (HTML)."""
        e = html.escape
        lines = [f"<b>{e(self.name)}</b>"]
        if self.place:
            lines.append(f"📍 {e(self.place)}")
        hours = self.hours_text()
        if hours:
            lines.append(f"🕘 Atiende {e(hours)}.")
            status = self.status_text(now)
            if status:
                lines.append(e(status))
        if self.email:
            lines.append(f"✉️ {e(self.email)}")
        if self.phone:
            lines.append(f"📞 {e(self.phone)}")
        if self.url:
            lines.append(f"🔗 {e(self.url)}")
        if len(lines) == 1:
            lines.append("Pregunta por ella en tu escuela.")
        return "\n".join(lines)


def when(moment: datetime, now: datetime) -> str:
    """'hoy a las 9:00', 'mañana a las 9:00', 'el lunes a las 9:00', 'el lunes 7 de … a las'."""
    days = (moment.date() - now.date()).days
    at = f"a las {clock_text(moment.time())}"
    if days == 0:
        return f"hoy {at}"
    if days == 1:
        return f"mañana {at}"
    if days < 7:
        return f"el {DAY_NAMES[moment.weekday()]} {at}"
    return f"el {DAY_NAMES[moment.weekday()]} {spanish_date(moment.date(), with_year=False)} {at}"


def _days_text(days: frozenset[int]) -> str:
    """'de lunes a viernes', 'los sábados', 'los lunes, miércoles y viernes'."""
    ordered = sorted(days)
    if len(ordered) > 2 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"de {DAY_NAMES[ordered[0]]} a {DAY_NAMES[ordered[-1]]}"
    names = [DAY_NAMES[d] + ("s" if d >= 5 else "") for d in ordered]  # sábados, domingos
    return "los " + (names[0] if len(names) == 1 else f"{', '.join(names[:-1])} y {names[-1]}")
