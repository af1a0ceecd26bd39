"""What students and admins read about the office's announcements, and the actions their
buttons carry: the announcement as students get it (staff's text masked and escaped, with a
one-tap way out), the admin's preview and progress, the offer and the /avisos toggle.

Transport-free: the Telegram adapter (`bot/telegram/announcements.py`) only sends these.
"""

from __future__ import annotations

import html

from bot.office.announcements import IN, Tally
from bot.privacy import redact
from bot.replies import Button, Reply

MAX_CHARS = 3500  # leaves room for the heading (and the preview's lines) within Telegram's 4,096

# Button actions (callback data stays short).
JOIN = "ann:in"  # "📣 Sí, quiero los avisos" (the offer, /avisos)
DECLINE = "ann:no"  # "No, gracias" (the offer)
LEAVE = "ann:out"  # "Dejar de recibir avisos" (on every announcement, /avisos)
STUDENT_ACTIONS = (JOIN, DECLINE, LEAVE)
SEND = "ann:ok:"  # ann:ok:<announcement id>
DROP = "ann:x:"  # ann:x:<announcement id>

HEADING = "📣 <b>Aviso de la oficina del Seguro Facultativo</b>"
LEAVE_LABEL = "Dejar de recibir avisos"
JOIN_LABEL = "📣 Sí, quiero los avisos"
DECLINE_LABEL = "No, gracias"
OFFER = (
    "📣 ¿Quieres recibir también los <b>avisos de la oficina</b> del Seguro Facultativo? Solo te "
    "escribo cuando la oficina mande uno, y los dejas cuando quieras."
)
JOINED = (
    "Listo 📣, te mando los avisos de la oficina. Para dejarlos, toca «Dejar de recibir avisos» "
    "en cualquiera de ellos o usa /avisos."
)
DECLINED = "Está bien, no te mando avisos de la oficina. Si cambias de opinión, usa /avisos."
LEFT = "Listo, ya no te mando avisos de la oficina. Si cambias de opinión, usa /avisos."
NOT_IN = "No recibes avisos de la oficina. Si los quieres, usa /avisos."
PRIVATE_ONLY = "Para recibir avisos escríbeme en privado 🙂."
SECTION_IN = "📣 <b>Avisos de la oficina</b>: sí los recibes."
SECTION_OUT = "📣 <b>Avisos de la oficina</b>: no los recibes. Te escribo solo cuando la oficina mande uno."

USAGE = (
    "Escribe el aviso después del comando, por ejemplo:\n"
    "<code>/aviso Mañana la oficina no abre. La recepción sigue el lunes.</code>\n"
    "Lo reciben los estudiantes que pidieron los avisos de la oficina."
)
TOO_LONG = "Tu aviso tiene {length} caracteres; el máximo es {limit}. Acórtalo y mándalo otra vez."
NOBODY = (
    "Todavía nadie pidió los avisos de la oficina, así que nadie lo recibiría. Se ofrecen a los "
    "estudiantes después de preguntar por las fechas o de recibir un recordatorio, y en /avisos."
)
MASKED = (
    "🔒 Oculté datos personales (NSS, CURP, teléfonos o correos). Los estudiantes ven el contacto "
    "de la oficina con /contacto."
)
DRAFT_GONE = "Ese aviso ya se envió, se canceló o es de hace más de un día; escribe /aviso otra vez."
CANCELLED = "Listo, no envié el aviso."
ADMIN_PLACES = "Manda /aviso en el grupo de la oficina o en un chat privado conmigo."


def number(n: int) -> str:
    """1 200: thousands set apart with a space, as in the staff's reports."""
    return f"{n:,}".replace(",", " ")


def compose(typed: str) -> tuple[str, bool]:
    """The body students get from what the admin typed: personal data masked, HTML escaped (the
    text is shown as written, never read as markup); and whether anything was masked."""
    masked = redact(typed.strip())
    return html.escape(masked, quote=False), masked != typed.strip()


def problem(typed: str) -> str | None:
    """Why `typed` cannot be sent (empty, too long), for the admin; None when it can."""
    text = typed.strip()
    if not text:
        return USAGE
    if len(text) > MAX_CHARS:
        return TOO_LONG.format(length=number(len(text)), limit=number(MAX_CHARS))
    return None


def announcement(body: str) -> Reply:
    """The message each student gets."""
    return Reply(f"{HEADING}\n\n{body}", (Button(LEAVE_LABEL, LEAVE),))


def preview(body: str, audience: int, masked: bool, draft: int) -> Reply:
    """What the admin sees before sending: the message exactly as students will read it, how
    many will get it, and Enviar/Cancelar (nothing to confirm when nobody would get it)."""
    lines = [f"👀 <b>Vista previa</b>: así lo verán los estudiantes.\n\n{announcement(body).text}\n"]
    if masked:
        lines.append(MASKED)
    if not audience:
        return Reply("\n".join([*lines, NOBODY]))
    who = "1 estudiante" if audience == 1 else f"{number(audience)} estudiantes"
    lines.append(
        f"Lo recibirán <b>{who}</b> (los que pidieron los avisos de la oficina), "
        f"con el botón «{LEAVE_LABEL}»."
    )
    return Reply(
        "\n".join(lines), (Button("📣 Enviar", f"{SEND}{draft}"), Button("✖️ Cancelar", f"{DROP}{draft}"))
    )


def progress(tally: Tally) -> str:
    """The one message edited while it goes out, and its last version."""
    line = f"Enviado a {number(tally.sent)} de {number(tally.total)}"
    if not tally.done:
        return f"📣 {line}…"
    notes = [
        f"{number(count)} {what}"
        for count, what in (
            (tally.blocked, "bloquearon al bot y ya no reciben avisos"),
            (tally.skipped, "dejaron los avisos antes de que les llegara"),
            (tally.failed, "no se pudieron entregar"),
            (tally.unknown, "quedaron sin confirmar cuando el bot se detuvo"),
        )
        if count
    ]
    return f"✅ {line}. Terminé." + (f"\n({'; '.join(notes)}.)" if notes else "")


def offer_buttons() -> tuple[Button, ...]:
    return (Button(JOIN_LABEL, JOIN), Button(DECLINE_LABEL, DECLINE))


def section(status: str | None) -> Reply:
    """The announcements' half of /avisos: whether the student gets them, and the toggle."""
    if status == IN:
        return Reply(SECTION_IN, (Button(LEAVE_LABEL, LEAVE),))
    return Reply(SECTION_OUT, (Button("📣 Recibir avisos de la oficina", JOIN),))


def record_line(body: str, recipients: int) -> str:
    """The /cambios line: what was announced (shortened) and to how many."""
    plain = html.unescape(body).replace("\n", " ")
    short = plain if len(plain) <= 80 else plain[:79] + "…"
    return f"envió «{short}» a {number(recipients)} estudiantes"
