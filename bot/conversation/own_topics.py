"""The assistant's own topics, understood from free text like the FAQ (phrasings in
`faq/asistente.yaml`) but answered from what staff wrote in config.yaml (`oficina:`): where the
office is, its hours, whether it is open now, its phone, e-mail and page. Each answer leads with
what was asked and then shows the whole contact, so a missing detail is never a dead end; a
detail staff did not write is said to be missing, never made up."""

from __future__ import annotations

import html
from datetime import datetime

from bot.conversation import texts
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
