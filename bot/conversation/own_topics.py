"""The assistant's own topics, understood from free text like the FAQ (phrasings in
`faq/asistente.yaml`) but answered from what staff wrote in config.yaml (`oficina:`): where the
office is, its hours, whether it is open now, its phone, e-mail and page. Each answer leads with
what was asked and then shows the whole contact, so a missing detail is never a dead end; a
detail staff did not write is said to be missing, never made up."""

from __future__ import annotations

import html
from datetime import date, datetime

from bot.clock import DAY_NAMES, clock_text, spanish_date
from bot.conversation import texts
from bot.conversation.office_questions import OfficeAsk
from bot.office.hours import Office

OFFICE_TOPICS = frozenset(
    {
        "oficina_lugar",
        "oficina_horario",
        "oficina_abierta",
        "oficina_telefono",
        "oficina_correo",
        "oficina_web",
    }
)


def office_lead(topic: str, office: Office, now: datetime) -> str:
    """The sentence that answers the question asked, from config.yaml or saying it is missing."""
    e = html.escape
    if topic == "oficina_lugar":
        return (
            f"📍 La {e(office.name)} está en: <b>{e(office.place)}</b>."
            if office.place
            else texts.OFFICE_NO_PLACE
        )
    if topic in ("oficina_horario", "oficina_abierta"):
        hours = office.hours_text()
        if hours is None:
            return texts.OFFICE_NO_HOURS
        status = office.status_text(now) or ""
        if topic == "oficina_abierta":
            return f"🕘 {e(status)} Atiende {e(hours)}.".replace("🕘  ", "🕘 ")
        return f"🕘 La oficina atiende {e(hours)}. {e(status)}".strip()
    if topic == "oficina_telefono":
        return (
            f"📞 El teléfono de la oficina es <b>{e(office.phone)}</b>."
            if office.phone
            else texts.OFFICE_NO_PHONE
        )
    if topic == "oficina_correo":
        return (
            f"✉️ El correo de la oficina es <b>{e(office.email)}</b>."
            if office.email
            else texts.OFFICE_NO_EMAIL
        )
    return f"🔗 La página de la oficina es {e(office.url)}" if office.url else texts.OFFICE_NO_URL


def office_answer(topic: str, office: Office, now: datetime) -> str:
    return f"{office_lead(topic, office, now)}\n\n{office.contact_html(now)}"


def asked_answer(ask: OfficeAsk, office: Office, now: datetime) -> str:
    """Each office topic asked, in the order asked (the hours on the day or at the hour named),
    then the whole contact once."""
    leads = []
    for topic in ask.topics:
        timed = topic in ("oficina_horario", "oficina_abierta") and office.hours
        lead = hours_asked(ask, office, now) if timed else None
        leads.append(lead or office_lead(topic, office, now))
    return "\n".join(dict.fromkeys(leads)) + f"\n\n{office.contact_html(now)}"


def hours_asked(ask: OfficeAsk, office: Office, now: datetime) -> str | None:
    """ "Los sábados no abre", "El lunes 30 de noviembre atiende de 9:00 a 14:00", "Mañana a
    las 15:00 ya estará cerrada…"; None when no day, weekday or hour was named."""
    if ask.every_weekday:
        return " ".join(_weekday_line(weekday, office) for weekday in sorted(ask.every_weekday))
    if ask.day is None and ask.hour is None:
        return None
    day = ask.day or now.date()
    named = _day_named(day, now.date())
    span = office.hours_on(day)
    if span is None:
        reason = office.closed_on(day)
        why = f" ({html.escape(reason)})" if reason else ""
        return f"🕘 {named} la oficina no abre{why}."
    start, end = span
    hours = f"atiende de {clock_text(start)} a {clock_text(end)}"
    if ask.hour is None:
        return f"🕘 {named} la oficina {hours}."
    at = f"a las {clock_text(ask.hour)}"
    if start <= ask.hour < end:
        return f"🕘 {named} {at} sí está abierta: {hours}."
    if ask.hour < start:
        return f"🕘 {named} {at} todavía no abre: {hours}."
    return f"🕘 {named} {at} ya estará cerrada: {hours}."


def _weekday_line(weekday: int, office: Office) -> str:
    name = DAY_NAMES[weekday] + ("s" if weekday >= 5 else "")
    span = office.hours_on_weekday(weekday)
    if span is None:
        return f"🕘 Los {name} la oficina no abre."
    return f"🕘 Los {name} la oficina atiende de {clock_text(span[0])} a {clock_text(span[1])}."


def _day_named(day: date, today: date) -> str:
    ahead = (day - today).days
    if ahead == 0:
        return "Hoy"
    if ahead == 1:
        return f"Mañana, {DAY_NAMES[day.weekday()]} {spanish_date(day, with_year=False)},"
    return f"El {DAY_NAMES[day.weekday()]} {spanish_date(day, with_year=False)}"
