"""What the staff group reads while a ticket's answer becomes a new answer for every student:
the draft with its buttons, the prompts, and the proof after publishing. Every fixed sentence
of "📚 Guardar como respuesta" is here; the rules are in `drafts.py`. Transport-free.
"""

from __future__ import annotations

import html

from bot.knowledge.new_item import MIN_PHRASES
from bot.replies import Button, Reply
from bot.staff.drafts import ANSWER, PHRASES, TITLE, Draft, problems, warnings

# Button actions (in versioned callback data; <= 64 bytes with the ids): lrn:<verb>:<draft>:<rev>
BUTTONS = "lrn:"
NEW = "lrn:new:"  # lrn:new:<ticket> (the card's button; bot/office/handoff.py SAVE_PREFIX)
EDIT = {TITLE: "lrn:ttl:", ANSWER: "lrn:ans:", PHRASES: "lrn:frs:"}
PUBLISH, CANCEL, EXISTING = "lrn:pub:", "lrn:del:", "lrn:old:"
TO_ITEM = "lrn:to:"  # lrn:to:<draft>:<item id>
EXISTING_SHOWN = 8

NO_TICKET = "Esa pregunta ya no está en el registro."
NO_ANSWER = "Esa pregunta todavía no tiene una respuesta de la oficina (con texto) que guardar."
SAVE_NEEDS_REPLY = (
    "Para guardar una respuesta, manda /guardar en el grupo del personal respondiendo a la "
    "tarjeta de la pregunta o a un mensaje de ella (después de contestarle al estudiante)."
)
GONE = "Ese borrador ya no está (se publicó o se canceló)."
OUTDATED = "Ese borrador cambió; usa los botones del más reciente."
CANCELLED = "Listo, descarté el borrador; no cambié nada."
PROMPTS = {
    TITLE: "✏️ Responde a este mensaje con el nuevo título (la pregunta como la haría un estudiante, "
    "máximo 60 caracteres).",
    ANSWER: "✏️ Responde a este mensaje con la nueva respuesta, tal como la leerán los estudiantes.",
    PHRASES: "✍️ Responde a este mensaje con otras formas en que un estudiante lo preguntaría, una "
    "por renglón (con sus palabras, como lo escribirían en el chat).",
}
EXISTING_PROMPT = "¿De qué tema es «{question}»? La agrego como otra forma de preguntarlo:"
NO_TOPICS = "No hay temas todavía."


def draft_reply(draft: Draft, preview: str, item_id: str) -> Reply:
    """The draft as the admin reviews it: the answer exactly as a student will read it, the
    phrasings, what blocks publishing and what to look at, and the buttons."""
    lines = [
        f"📚 <b>Borrador de respuesta</b> (pregunta #{draft.ticket}). Así lo verá un estudiante:",
        "",
        preview,
        "",
        f"<i>Formas de preguntarlo ({len(draft.phrases)}; mínimo {MIN_PHRASES}):</i>",
        *(f"• {html.escape(p)}" for p in draft.phrases),
        f"<i>Id:</i> <code>{html.escape(item_id)}</code>",
    ]
    if draft.greeting:
        lines.append(f"✂️ Quité «{html.escape(draft.greeting)}» del principio de la respuesta.")
    blocking, notes = problems(draft), warnings(draft)
    lines += [f"⛔ Falta: {html.escape(p)}." for p in blocking]
    lines += [f"⚠️ Ojo: {html.escape(w)}." for w in notes]
    ref = f"{draft.id}:{draft.rev}"
    buttons = [
        Button("✏️ Cambiar título", f"{EDIT[TITLE]}{ref}"),
        Button("✏️ Cambiar respuesta", f"{EDIT[ANSWER]}{ref}"),
        Button("✍️ Agregar formas de preguntarlo", f"{EDIT[PHRASES]}{ref}"),
    ]
    if not blocking:
        label = "⚠️ Publicar así" if notes else "✅ Publicar"
        buttons.append(Button(label, f"{PUBLISH}{ref}"))
    buttons += [
        Button("➕ Es de un tema que ya existe", f"{EXISTING}{ref}"),
        Button("✖️ Cancelar", f"{CANCEL}{ref}"),
    ]
    return Reply("\n".join(lines), tuple(buttons))


def existing_reply(draft: Draft, topics: list[tuple[str, str]]) -> Reply:
    """The topics the question could belong to (the nearest first), as buttons."""
    if not topics:
        return Reply(NO_TOPICS)
    return Reply(
        EXISTING_PROMPT.format(question=html.escape(draft.question)),
        tuple(Button(f"➕ {title}"[:40], f"{TO_ITEM}{draft.id}:{topic}") for topic, title in topics),
    )


def published(
    draft: Draft, item_id: str, line: int, now_answered_by: str | None, titles: dict[str, str]
) -> str:
    """After publishing: where it was written and how the student's question is answered now."""
    asked = html.escape(draft.question)
    head = (
        f"✅ Publiqué «{html.escape(draft.title)}» en <code>preguntas.yaml</code> (línea {line}, "
        f"id <code>{html.escape(item_id)}</code>)."
    )
    if now_answered_by == item_id:
        proof = f"Lo probé: a «{asked}» ahora respondo directo con esta nueva respuesta."
    elif now_answered_by is not None:
        proof = (
            f"Lo probé: a «{asked}» todavía respondo con "
            f"«{html.escape(titles.get(now_answered_by, now_answered_by))}»; "
            "agrega más formas de preguntarlo o dímelo con /reporte."
        )
    else:
        proof = (
            f"Lo probé: «{asked}» todavía no se responde directo (la ofrezco como sugerencia); "
            "agregar otra forma de preguntarlo ayuda."
        )
    return f"{head}\n{proof}\nSi fue un error, se deshace con /cambios."


def change_note(draft: Draft) -> str:
    """The line /cambios lists for a published draft."""
    return f"pregunta nueva «{draft.title}» (de la pregunta #{draft.ticket})"
