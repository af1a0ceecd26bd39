"""What a student is told about reception, as Telegram HTML: the full answer to "¿cuándo entrego
mi NSS?", the one sentence other answers embed ({ventana}), and a day asked about ("¿y mañana?").
"Hoy sí se reciben" is said only while the office is open now or later today.

Apart from `bot/reception/windows.py`, which works out the dates: these are the sentences made
from them, so a change of wording never touches the date arithmetic, and the dates are read
(by the reminders, the calendar preview) without the wording."""

from __future__ import annotations

import html
from datetime import date, time, timedelta

from bot.clock import DAY_NAMES, clock_text, spanish_date, spanish_range
from bot.knowledge.schema import ReceptionFile
from bot.reception.windows import (
    OfficeHours,
    ReceptionStatus,
    Today,
    closure_on,
    reception_status,
    reception_today,
)

NO_URGENT = "<b>No hay trámites urgentes ni extemporáneos.</b>"
UPCOMING_SHOWN = 3


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


def _days(count: int) -> str:
    return "mañana" if count == 1 else f"en {count} días"


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
