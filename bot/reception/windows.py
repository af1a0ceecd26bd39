"""When NSS cards are received: the inscription periods and the monthly inter-semester window,
minus the days the office is closed (`cierres`: vacations, holidays) and, when staff gave the
office's timetable, minus the days it does not open (a window "del 1 al 5" that ends on a
Saturday is received from the 1st to the 4th). "Hoy sí se reciben" is said only while the office
is open now or later today. Days are Mexico City days (see `bot.clock`)."""

from __future__ import annotations

import calendar
import html
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Protocol

from bot.clock import DAY_NAMES, clock_text, spanish_date, spanish_range
from bot.knowledge.schema import Closure, ReceptionFile

MONTHLY_LABEL = "entre semestres"
NO_URGENT = "<b>No hay trámites urgentes ni extemporáneos.</b>"
UPCOMING_SHOWN = 3


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


def _closed_today(rules: ReceptionFile, day: date) -> str:
    """'la oficina está cerrada por Vacaciones de invierno y vuelve a abrir el 6 de enero de
    2027', or '' when it is not closed."""
    closure = closure_on(rules, day)
    if closure is None:
        return ""
    return (
        f"la oficina está cerrada por {closure.name} y vuelve a abrir el "
        f"{spanish_date(closure.end + timedelta(days=1))}"
    )


def reception_status(rules: ReceptionFile, day: date, hours: OfficeHours | None = None) -> ReceptionStatus:
    windows = windows_around(rules, day, hours=hours)
    current = next((w for w in windows if w.contains(day)), None)
    upcoming = [w for w in windows if w.start > day]
    return ReceptionStatus(day, current, upcoming)


def _days(count: int) -> str:
    return "mañana" if count == 1 else f"en {count} días"


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


def _span(hours: tuple[time, time]) -> str:
    return f"de {clock_text(hours[0])} a {clock_text(hours[1])}"


def _next_opening(status: ReceptionStatus, bold: bool = False) -> str:
    """'la próxima recepción abre el 1 de enero de 2027 (en 27 días)', in a sentence."""
    opening = status.next_opening
    if opening is None:
        return "por ahora no hay fechas de recepción programadas"
    day = spanish_date(opening.start)
    return (
        f"la próxima recepción abre el {f'<b>{day}</b>' if bold else day} "
        f"({_days((opening.start - status.today).days)})"
    )


def _not_today_reason(rules: ReceptionFile, day: date, hours: OfficeHours | None) -> str:
    """Why a day inside the rules' dates is not a reception day: a closure or a day the office
    does not open; '' when the rules simply receive nothing that day."""
    closed = _closed_today(rules, day)
    if closed:
        return closed
    if hours is not None and reception_status(rules, day).current is not None:
        return "la oficina no abre hoy"
    return ""


def window_sentence(
    rules: ReceptionFile, day: date, hours: OfficeHours | None = None, at: time | None = None
) -> str:
    """One sentence on today's status, used inside other answers ({ventana} in the flow)."""
    today = reception_today(rules, day, hours, at)
    current = today.status.current
    if current and today.over:
        if current.end > day:
            return (
                f"hoy la oficina ya cerró; la recepción sigue mañana y hasta el {spanish_date(current.end)}."
            )
        return f"la recepción de estas fechas terminó hoy; {_next_opening(today.status)}."
    if current:
        span = f" ({_span(today.hours)})" if today.hours else ""
        if current.end == day:
            return f"hoy es el último día de recepción ({spanish_date(current.end)}){span}."
        return f"la recepción está abierta hoy{span} y hasta el {spanish_date(current.end)}."
    reason = _not_today_reason(rules, day, hours)
    lead = f"{reason}; " if reason else ""
    return f"{lead}{_next_opening(today.status)}."


def _today_line(rules: ReceptionFile, today: Today, hours: OfficeHours | None) -> str:
    """The answer's first line: whether cards are received today, and until when."""
    status, day = today.status, today.status.today
    current = status.current
    if current and today.over and today.hours:
        closed = f"la oficina cerró a las {clock_text(today.hours[1])}"
        if current.end > day:
            tomorrow = hours.hours_on(day + timedelta(days=1)) if hours else None
            span = f", {_span(tomorrow)}" if tomorrow else ""
            until = (
                "y es el último día"
                if current.end == day + timedelta(days=1)
                else f"hasta el <b>{spanish_date(current.end)}</b>"
            )
            return f"📅 Hoy ya no: {closed}. <b>Mañana sí se reciben</b>{span}, {until}."
        return (
            f"📅 Hoy ya no se reciben: {closed} y hoy era el último día de esta recepción. "
            f"{_next_opening_html(status)}"
        )
    if current:
        span = f" ({_span(today.hours)})" if today.hours else ""
        until = (
            "y hoy es el último día" if current.end == day else f"hasta el <b>{spanish_date(current.end)}</b>"
        )
        return f"✅ <b>Hoy sí se reciben tarjetas del NSS</b>{span}, {until}."
    reason = _not_today_reason(rules, day, hours)
    why = f": {html.escape(reason)}" if reason else ""
    return f"📅 Hoy no se reciben tarjetas del NSS{why}. {_next_opening_html(status)}"


def _next_opening_html(status: ReceptionStatus) -> str:
    sentence = _next_opening(status, bold=True)
    return f"{sentence[0].upper()}{sentence[1:]}."


def reception_answer(
    rules: ReceptionFile, day: date, hours: OfficeHours | None = None, at: time | None = None
) -> str:
    """The full answer to "¿cuándo entrego mi NSS?" for `day` (at `at`), as Telegram HTML."""
    today = reception_today(rules, day, hours, at)
    lines = [_today_line(rules, today, hours)]
    upcoming = today.status.upcoming[:UPCOMING_SHOWN]
    if upcoming:
        lines.append("")
        lines.append("Próximas fechas:")
        lines.extend(f"• {spanish_range(w.start, w.end)} ({', '.join(w.labels)})" for w in upcoming)
    lines.append("")
    monthly = rules.monthly
    periods = (
        "en las fechas que establece Servicios Escolares"
        if not rules.periods
        else "en las fechas de arriba, que establece Servicios Escolares"
    )
    office_days = " en los días que abre la oficina" if hours is not None else ""
    lines.append(
        f"Las tarjetas se reciben durante la inscripción y/o reinscripción ({periods}) y, "
        f"entre semestres, del {monthly.first_day} al {monthly.last_day} de cada mes"
        f"{office_days}."
    )
    lines.append(NO_URGENT)
    return "\n".join(lines)


def reception_on(rules: ReceptionFile, day: date, today: date, hours: OfficeHours | None = None) -> str:
    """Whether cards are received on a day the student asks about ("¿y mañana?"), HTML."""
    ahead = (day - today).days
    named = "Mañana" if ahead == 1 else f"El {DAY_NAMES[day.weekday()]} {spanish_date(day)}"
    status = reception_status(rules, day, hours)
    if status.current:
        span = hours.hours_on(day) if hours else None
        at = f", {_span(span)}" if span else ""
        return f"✅ {named} sí se reciben tarjetas del NSS{at}."
    reason = _closed_today(rules, day)
    if not reason and hours is not None and reception_status(rules, day).current is not None:
        reason = "la oficina no abre ese día"
    why = f": {html.escape(reason)}" if reason else ""
    opening = status.next_opening
    nxt = "" if opening is None else f" La siguiente recepción abre el <b>{spanish_date(opening.start)}</b>."
    return f"📅 {named} no se reciben tarjetas del NSS{why}.{nxt}"
