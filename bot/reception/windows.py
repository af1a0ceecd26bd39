"""When NSS cards are received: the inscription periods and the monthly inter-semester window,
minus the days the office is closed (`cierres`: vacations, holidays). Days are Mexico City days
(see `bot.clock`)."""

from __future__ import annotations

import calendar
import html
from dataclasses import dataclass
from datetime import date, timedelta

from bot.clock import spanish_date, spanish_range
from bot.knowledge.schema import Closure, ReceptionFile

MONTHLY_LABEL = "entre semestres"
NO_URGENT = "<b>No hay trámites urgentes ni extemporáneos.</b>"
UPCOMING_SHOWN = 3


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


def windows_around(rules: ReceptionFile, day: date, months_ahead: int = 13) -> list[Window]:
    """All reception windows from last month to `months_ahead` ahead, overlaps merged, the
    office's closed days taken out (a window partly closed keeps its open days)."""
    raw: list[tuple[date, date, str]] = []
    for month_start in _month_starts((day.replace(day=1) - timedelta(days=1)).replace(day=1),
                                     months_ahead + 1):
        last = calendar.monthrange(month_start.year, month_start.month)[1]
        first_day = min(rules.monthly.first_day, last)
        last_day = min(rules.monthly.last_day, last)
        raw.append((month_start.replace(day=first_day), month_start.replace(day=last_day),
                    MONTHLY_LABEL))
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
    return _without_closures(merged, rules.closures)


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
    return (f"la oficina está cerrada por {closure.name} y vuelve a abrir el "
            f"{spanish_date(closure.end + timedelta(days=1))}")


def reception_status(rules: ReceptionFile, day: date) -> ReceptionStatus:
    windows = windows_around(rules, day)
    current = next((w for w in windows if w.contains(day)), None)
    upcoming = [w for w in windows if w.start > day]
    return ReceptionStatus(day, current, upcoming)


def _days(count: int) -> str:
    return "mañana" if count == 1 else f"en {count} días"


def window_sentence(rules: ReceptionFile, day: date) -> str:
    """One sentence on today's status, used inside other answers ({ventana} in the flow)."""
    status = reception_status(rules, day)
    if status.current:
        end = status.current.end
        if end == day:
            return f"hoy es el último día de recepción ({spanish_date(end)})."
        return f"la recepción está abierta hoy y hasta el {spanish_date(end)}."
    opening = status.next_opening
    closed = _closed_today(rules, day)
    lead = f"{closed}; " if closed else ""
    if opening is None:
        return f"{lead}por ahora no hay fechas de recepción programadas."
    return (f"{lead}la próxima recepción abre el {spanish_date(opening.start)} "
            f"({_days((opening.start - day).days)}).")


def reception_answer(rules: ReceptionFile, day: date) -> str:
    """The full answer to "¿cuándo entrego mi NSS?" for `day`, as Telegram HTML."""
    status = reception_status(rules, day)
    lines: list[str] = []
    if status.current:
        end = status.current.end
        until = ("y hoy es el último día" if end == day
                 else f"hasta el <b>{spanish_date(end)}</b>")
        lines.append(f"✅ <b>Hoy sí se reciben tarjetas del NSS</b>, {until}.")
    else:
        opening = status.next_opening
        closed = _closed_today(rules, day)
        reason = f": {html.escape(closed)}" if closed else ""
        nxt = ("Por ahora no hay fechas de recepción programadas." if opening is None else
               f"La próxima recepción abre el <b>{spanish_date(opening.start)}</b> "
               f"({_days((opening.start - day).days)}).")
        lines.append(f"📅 Hoy no se reciben tarjetas del NSS{reason}. {nxt}")
    upcoming = status.upcoming[:UPCOMING_SHOWN]
    if upcoming:
        lines.append("")
        lines.append("Próximas fechas:")
        lines.extend(f"• {spanish_range(w.start, w.end)} ({', '.join(w.labels)})" for w in upcoming)
    lines.append("")
    monthly = rules.monthly
    periods = ("en las fechas que establece Servicios Escolares" if not rules.periods
               else "en las fechas de arriba, que establece Servicios Escolares")
    lines.append(
        f"Las tarjetas se reciben durante la inscripción y/o reinscripción ({periods}) y, "
        f"entre semestres, del {monthly.first_day} al {monthly.last_day} de cada mes."
    )
    lines.append(NO_URGENT)
    return "\n".join(lines)
