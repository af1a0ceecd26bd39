"""The staff console: turning an unanswered question into a phrasing of an item or into a
known out-of-scope question, with the proof that the assistant now handles it.

Transport-free: `faqbot add-phrase` and the buttons under /reporte both come here.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from bot.knowledge import KnowledgeBase
from bot.knowledge.editing import OUT_OF_SCOPE_PREFIX, Added, add_phrasing
from bot.knowledge.new_item import add_item
from bot.replies import Button, Reply
from bot.staff.grouping import QuestionGroup
from bot.staff.journal import ShownGroup
from bot.understanding.matching import Matcher, MatchResult, MatchSettings

# Button actions under /reporte (in versioned callback data, <= 64 bytes with the ids).
BUTTONS = "st:"  # every console button's action starts with this
ADD = "st:add:"  # st:add:<group>:<item>
PICK = "st:pick:"  # st:pick:<group>: choose any item
OUTSIDE = "st:oos:"  # st:oos:<group>: choose a fuera_de_tema group
REDIRECT = "st:red:"  # st:red:<group>:<fuera_de_tema group>
IGNORE = "st:ign:"  # st:ign:<group>
GROUPS_SHOWN = 5
NEAREST_SHOWN = 2


def parse_button(action: str) -> tuple[str, str, str]:
    """A console button's action as (its kind, one of ADD…IGNORE; the group's number; the item
    or fuera_de_tema group, if any)."""
    kind, _, rest = action.removeprefix(BUTTONS).partition(":")
    number, _, target = rest.partition(":")
    return f"{BUTTONS}{kind}:", number, target


def add_checked(faq_dir: Path, target: str, phrase: str, matching: MatchSettings) -> Added:
    """Add `phrase` to `target`, refusing one another item already answers outright."""

    def answered_by(knowledge: KnowledgeBase, text: str) -> str | None:
        result = Matcher.for_knowledge(knowledge, matching).match(text)
        return result.intent if result.outcome == "answer" else None

    return add_phrasing(faq_dir, target, phrase, answered_by)


def add_item_checked(
    faq_dir: Path, title: str, answer: str, phrases: list[str], item_id: str | None, matching: MatchSettings
) -> Added:
    """Add a new item, refusing a title or phrasing another item already answers outright."""
    return add_item(faq_dir, title, answer, phrases, item_id, _answered_by(matching))


def _answered_by(matching: MatchSettings) -> Callable[[KnowledgeBase, str], str | None]:
    def answered_by(knowledge: KnowledgeBase, text: str) -> str | None:
        result = Matcher.for_knowledge(knowledge, matching).match(text)
        return result.intent if result.outcome == "answer" else None

    return answered_by


def group_reply(group: QuestionGroup, group_id: int, names: dict[str, str], candidates: list[str]) -> Reply:
    """One pending group under /reporte, with what staff can do with it."""
    examples = "".join(f"\n   «{html.escape(e)}»" for e in group.examples[1:3])
    nearest = names.get(group.nearest, "ninguna")
    text = (
        f"❓ <b>{group.count} ×</b> «{html.escape(group.examples[0])}» "
        f"({group.students} estudiante{'s' if group.students != 1 else ''}){examples}\n"
        f"<i>Más cercana:</i> {html.escape(nearest)}"
    )
    add = [
        Button(f"➕ {names[c]}"[:40], f"{ADD}{group_id}:{c}")
        for c in candidates[:NEAREST_SHOWN]
        if c in names
    ]
    return Reply(
        text,
        (
            *add,
            Button("🗂 Otro tema…", f"{PICK}{group_id}"),
            Button("↪️ Fuera de tema…", f"{OUTSIDE}{group_id}"),
            Button("🚫 Ignorar", f"{IGNORE}{group_id}"),
        ),
    )


def pick_item(group: ShownGroup, knowledge: KnowledgeBase) -> Reply:
    return Reply(
        f"¿En qué pregunta agrego «{html.escape(group.question)}»?",
        tuple(Button(t.title, f"{ADD}{group.id}:{t.id}") for t in knowledge.topics),
    )


def pick_redirect(group: ShownGroup, knowledge: KnowledgeBase) -> Reply:
    groups = list(knowledge.out_of_scope.values())
    if not groups:
        return Reply("No hay grupos en <code>faq/fuera_de_tema.yaml</code> todavía.")
    return Reply(
        f"¿A qué grupo de «fuera de tema» va «{html.escape(group.question)}»?",
        tuple(Button(g.name, f"{REDIRECT}{group.id}:{g.id}") for g in groups),
    )


def proof(question: str, target: str, result: MatchResult, knowledge: KnowledgeBase) -> str:
    """What the admin reads after the write: how the assistant answers the question now."""
    asked = html.escape(question)
    if target.startswith(OUT_OF_SCOPE_PREFIX):
        group = knowledge.out_of_scope.get(target.removeprefix(OUT_OF_SCOPE_PREFIX))
        name = html.escape(group.name) if group else target
        if result.outcome == "none":
            redirect = " con su respuesta" if group and group.answer else ""
            return f"Listo: ahora «{asked}» se trata como fuera de tema ({name}){redirect}."
        return (
            f"Agregué la frase a «{name}», pero por ahora «{asked}» todavía se parece más a "
            f"«{html.escape(knowledge.title(result.intent))}»."
        )
    title = html.escape(knowledge.title(target))
    if result.outcome == "answer" and result.intent == target:
        return f"Listo: ahora respondo «{asked}» con «{title}»."
    return (
        f"Agregué la frase a «{title}»; por ahora «{asked}» todavía no se responde directo "
        "(el asistente la ofrece como sugerencia). Agregar otra forma de decirlo ayuda."
    )
