"""The topics menu keeps the seed's six questions and the dates on its first page; questions
staff add later (from Telegram or `faqbot add-item`) follow on "📋 Más temas" pages."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bot.assembly import build_assistant
from bot.clock import Clock
from bot.conversation import texts
from bot.conversation.dialog import Assistant
from bot.knowledge import load_knowledge
from bot.knowledge.new_item import add_item
from bot.replies import MORE_TOPICS, TOPIC_PREFIX, Reply
from tests.conftest import FAQ_DIR, settings_for


def seed_menu() -> list[str]:
    """The shipped menu's topics: its six items, then the dates."""
    knowledge = load_knowledge(FAQ_DIR)
    items = [t.title for t in knowledge.topics if t.id != knowledge.reception.id]
    assert len(items) == 6
    return [*items, knowledge.reception.title]


def assistant_with(faq: Path, tmp_path: Path, new_items: int) -> Assistant:
    for number in range(new_items):
        add_item(
            faq,
            f"¿Pregunta nueva número {number}?",
            f"Respuesta {number}.",
            [f"frase {word} {number}" for word in ("uno", "dos", "tres", "cuatro", "cinco")],
        )
    return build_assistant(settings_for(faq, tmp_path), load_knowledge(faq), Clock(date(2026, 12, 3)))


def last(assistant: Assistant, action: str) -> Reply:
    return assistant.on_action({}, action).replies[-1]


def test_the_seed_menu_has_no_second_page(faq_copy: Path, tmp_path: Path) -> None:
    menu = assistant_with(faq_copy, tmp_path, 0).on_command({}, "preguntas").replies[-1]
    labels = [b.label for b in menu.buttons]
    assert labels[:7] == seed_menu() and texts.MORE_TOPICS not in labels


def test_new_items_go_behind_the_seed_on_more_pages(faq_copy: Path, tmp_path: Path) -> None:
    assistant = assistant_with(faq_copy, tmp_path, 9)
    menu = assistant.on_command({}, "preguntas").replies[-1]
    labels = [b.label for b in menu.buttons]
    assert labels[:8] == [*seed_menu(), texts.MORE_TOPICS]
    assert not any(label.startswith("¿Pregunta nueva") for label in labels)
    second = last(assistant, f"{MORE_TOPICS}2")
    assert second.text == texts.MORE_TOPICS_MENU
    assert [b.label for b in second.buttons] == [
        *(f"¿Pregunta nueva número {n}?" for n in range(8)),
        texts.MORE_TOPICS,
        texts.TOPICS,
    ]
    third = last(assistant, f"{MORE_TOPICS}3")
    assert [b.label for b in third.buttons] == ["¿Pregunta nueva número 8?", texts.TOPICS]
    assert third.buttons[0].action == f"{TOPIC_PREFIX}pregunta_nueva_numero_8"
    for stale in ("4", "1", "9999999", "x"):
        assert last(assistant, f"{MORE_TOPICS}{stale}").text.startswith(texts.STALE_OPTION)
