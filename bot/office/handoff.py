"""Handing a student's question to the Seguro Facultativo office: what the student is asked and
told, what the staff read, and the rules (one open ticket per student, a few new ones a day).

Transport-free; `bot/telegram/handoff.py` moves these texts between the student's chat and the
staff group. The student's half-written request lives in their state under HANDOFF_KEY.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bot.clock import MEXICO_CITY, is_recent
from bot.office.hours import Office, when
from bot.office.tickets import Ticket
from bot.privacy import redact
from bot.replies import Button, Reply, State

HANDOFF_KEY = "handoff"  # {"question": masked text, "at": unix time} or {"writing": true, ...}
HANDOFF_SECONDS = 15 * 60
# Button actions (inside versioned callback data): the student's, then the ticket's.
BUTTONS = ("hs:", "tk:")  # every handoff button's action starts with one of these
SEND, WRITE, CANCEL = "hs:send", "hs:write", "hs:cancel"
RATE_PREFIX = "tk:rate:"  # tk:rate:+:12
TAKE_PREFIX = "tk:take:"
DONE_PREFIX = "tk:done:"
SAVE_PREFIX = "lrn:new:"  # lrn:new:<ticket>: "📚 Guardar como respuesta" (bot/telegram/learning.py)
SAVE_AS_ANSWER = "📚 Guardar como respuesta"
MAX_QUESTION = 1000

WRITE_PROMPT = (
    "Escríbeme en un solo mensaje la pregunta para la oficina del Seguro Facultativo. "
    "🔒 No incluyas tu NSS, tu CURP ni tu teléfono."
)
CANCELLED = "Listo, no envié nada. Si quieres, sigue preguntándome a mí."
NOTHING_PENDING = "Esa pregunta ya no está pendiente. Si quieres enviar otra, usa /persona."
STUDENT_SENT = "📨 Se lo envié a la oficina (#{id})."
TICKET_CLOSED = (
    "Esa conversación con la oficina ya terminó ✅. Si tienes otra pregunta, escríbemela o usa /persona."
)
THANKS = "¡Gracias por contarnos! 🙌"
PRIVACY_LINE = "🔏 Qué se guarda de tu pregunta, por cuánto tiempo y cómo borrarla: /privacidad"
REPLY_HINT = "↩️ Responde a este mensaje para contestarle."  # the last line of an open card
STAFF_ONLY = "Eso lo hacen las personas de la oficina en su grupo."
ALREADY_RESOLVED = "Esa pregunta ya está resuelta."
FOLLOW_UPS_WINDOW = 3600.0
TOO_MANY_FOLLOW_UPS = (
    "Ya le enviaste {count} mensajes a la oficina en la última hora (#{id}) 🙏. "
    "Para no saturarla, espera su respuesta; en un rato podrás escribirles de "
    "nuevo."
)
NOT_DELIVERED = (
    "No pude hacerle llegar tu mensaje a la oficina en este momento 😔; no quedó enviado. Intenta más tarde."
)


def pending_request(state: State, now: datetime) -> dict[str, Any] | None:
    """The student's request in progress, if recent."""
    request = state.get(HANDOFF_KEY)
    if is_recent(request, now.timestamp(), HANDOFF_SECONDS):
        return request
    state.pop(HANDOFF_KEY, None)
    return None


def is_writing(state: State, now: datetime) -> bool:
    """Whether the student is typing their question for the office right now (read only)."""
    request = state.get(HANDOFF_KEY)
    return is_recent(request, now.timestamp(), HANDOFF_SECONDS) and bool(request.get("writing"))


def ask_to_confirm(
    state: State, question: str, now: datetime, office: Office, first_name: str, open_ticket: Ticket | None
) -> Reply:
    """Show what will be sent, to whom, and when an answer can be expected."""
    masked = redact(question).strip()[:MAX_QUESTION]
    state[HANDOFF_KEY] = {"question": masked, "at": int(now.timestamp())}
    where = (
        f"Lo agrego a tu pregunta #{open_ticket.id} para la oficina:"
        if open_ticket
        else "Esta es la pregunta que le enviaré a la oficina del Seguro Facultativo:"
    )
    text = (
        f"{where}\n\n«{html.escape(masked)}»\n\nLa verán las personas de la oficina, con tu "
        f"nombre de Telegram ({html.escape(first_name)}). 🔒 No incluyas tu NSS, tu CURP ni "
        f"tu teléfono.\n{when_answered(office, now)}\n{PRIVACY_LINE}"
    )
    return Reply(
        text, (Button("✅ Enviar", SEND), Button("✏️ Escribir otra", WRITE), Button("✖️ Cancelar", CANCEL))
    )


def ask_to_write(state: State, now: datetime) -> Reply:
    state[HANDOFF_KEY] = {"writing": True, "at": int(now.timestamp())}
    return Reply(WRITE_PROMPT, (Button("✖️ Cancelar", CANCEL),))


def when_answered(office: Office, now: datetime) -> str:
    """'La oficina atiende de lunes a viernes de 9:00 a 14:00; te responderán a partir del
    lunes a las 9:00.' (or that it is open now, or nothing known about its hours)."""
    hours = office.hours_text()
    if hours is None:
        return "Te responderán aquí en cuanto puedan."
    if office.is_open(now):
        return f"La oficina atiende {hours}; ahora está abierta, te responderán aquí."
    opening = office.next_opening(now)
    later = (
        f"te responderán a partir {_from(when(opening, now))}"
        if opening
        else "te responderán aquí en cuanto puedan"
    )
    return f"La oficina atiende {hours}; {later}."


def sent(ticket: Ticket, added: bool, office: Office, now: datetime) -> Reply:
    lead = (
        f"Listo ✅, lo agregué a tu pregunta #{ticket.id}."
        if added
        else f"Listo ✅, le envié tu pregunta a la oficina (#{ticket.id})."
    )
    return Reply(
        f"{lead} {when_answered(office, now)}\n\nSu respuesta te llegará en este chat; "
        "para contestarles, responde (deslizando) a su mensaje. Mientras, puedes "
        "seguir preguntándome a mí."
    )


def office_unreachable(office: Office, now: datetime) -> Reply:
    """The staff group could not be reached: nothing was registered, here is the contact."""
    return Reply(
        "No pude hacerle llegar tu pregunta a la oficina en este momento 😔; no quedó "
        f"registrada. Intenta más tarde o búscala directamente:\n\n"
        f"{office.contact_html(now)}"
    )


def too_many(office: Office, now: datetime) -> Reply:
    return Reply(
        "Ya enviaste varias preguntas hoy 🙏. Para no saturar a la oficina, espera su "
        f"respuesta o búscala directamente:\n\n{office.contact_html(now)}"
    )


def card(ticket: Ticket, question: str) -> Reply:
    """The ticket's card in the staff group, always built from the ticket itself (never from
    the card's own text, which a question could imitate): with Tomar / Resuelto while open."""
    topics = [t for t in ticket.topics.split("\n") if t]
    nearest = ", ".join(html.escape(t) for t in topics) or "ninguno"
    opened = datetime.fromtimestamp(ticket.opened, MEXICO_CITY)
    head = (
        f"🎫 <b>#{ticket.id}</b> · {html.escape(ticket.name)} · {opened:%d/%m %H:%M}\n\n"
        f"«{html.escape(question)}»\n\n<i>Temas más cercanos:</i> {nearest}"
    )
    if not ticket.open:
        return Reply(f"{head}\n✅ Resuelto.", save_button(ticket))
    who = f"\n🙋 Lo atiende {html.escape(ticket.taken_by)}." if ticket.taken_by else ""
    return Reply(f"{head}{who}\n{REPLY_HINT}", (*staff_buttons(ticket), *save_button(ticket)))


def staff_buttons(ticket: Ticket) -> tuple[Button, ...]:
    return (
        Button("🙋 Tomar", f"{TAKE_PREFIX}{ticket.id}"),
        Button("✅ Resuelto", f"{DONE_PREFIX}{ticket.id}"),
    )


def save_button(ticket: Ticket) -> tuple[Button, ...]:
    """Once the office answered, an admin can keep that answer for every student (not on a
    ticket whose student asked to be forgotten: its texts are gone)."""
    answered = ticket.first_answer is not None and ticket.student != 0
    return (Button(SAVE_AS_ANSWER, f"{SAVE_PREFIX}{ticket.id}"),) if answered else ()


def student_follow_up(ticket: Ticket, text: str) -> str:
    return f"💬 <b>#{ticket.id}</b> · {html.escape(ticket.name)}:\n{html.escape(redact(text))}"


def office_answer(ticket: Ticket, text: str | None) -> str:
    body = f"\n\n{html.escape(text)}" if text else ""
    return (
        f"💬 <b>Respuesta de la oficina del Seguro Facultativo</b> (#{ticket.id}):{body}\n\n"
        "<i>Para contestarles, responde a este mensaje.</i>"
    )


def resolved(ticket: Ticket) -> Reply:
    return Reply(
        f"✅ La oficina marcó tu pregunta #{ticket.id} como resuelta. ¿Te ayudaron?",
        (Button("👍 Sí", f"{RATE_PREFIX}+:{ticket.id}"), Button("👎 No", f"{RATE_PREFIX}-:{ticket.id}")),
    )


def pending_list(tickets: Sequence[Ticket], now: datetime) -> str:
    """/pendientes: open tickets, oldest first, with how long they have waited."""
    if not tickets:
        return "No hay preguntas pendientes. 🎉"
    lines = [f"<b>Preguntas pendientes ({len(tickets)})</b>, la más antigua primero:"]
    for ticket in tickets:
        waited = _age(now.timestamp() - ticket.opened)
        who = f" · lo atiende {html.escape(ticket.taken_by)}" if ticket.taken_by else ""
        lines.append(f"• #{ticket.id} · {html.escape(ticket.name)} · hace {waited}{who}")
    return "\n".join(lines)


def _age(seconds: float) -> str:
    minutes = int(seconds // 60)
    if minutes < 60:
        return f"{minutes} min"
    hours = minutes // 60
    return f"{hours} h {minutes % 60} min" if hours < 48 else f"{hours // 24} días"


def _from(moment: str) -> str:
    """'el lunes a las 9:00' -> 'del lunes a las 9:00'; 'mañana…' -> 'de mañana…'."""
    return "del" + moment[2:] if moment.startswith("el ") else f"de {moment}"


# ----- one forum topic per ticket (bot/telegram/handoff_topics.py) ------------------------

TOPIC_NAME_LIMIT = 128  # Telegram's limit on a topic's name
TOPIC_TICKET_CLOSED = (
    "📝 La pregunta #{id} ya está resuelta: este mensaje no se le envió al estudiante. Para "
    "escribirle de todos modos, responde a la tarjeta; si el estudiante vuelve a escribir, "
    "este tema se reabre."
)


def topic_name(ticket_id: int, first_name: str, question: str) -> str:
    """'#12 · Ana · que pasa con mi seguro si me…': the ticket's topic in the staff group's
    list, personal data masked like on the card, within Telegram's limit."""
    name = _clip(" ".join(redact(first_name).split()) or "Estudiante", 32)
    words = _clip(" ".join(redact(question).split()), 48)
    return f"#{ticket_id} · {name} · {words}"[:TOPIC_NAME_LIMIT]


def _clip(text: str, limit: int) -> str:
    """At most `limit` characters, cut between words when it can, with '…' when cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,.;:") + "…"
