"""asistente.yaml: the assistant's own topics and the emergency line are staff content, checked
like the rest, with every problem at its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.knowledge import KnowledgeError, load_knowledge


def _line_of(path: Path, text: str) -> int:
    return path.read_text(encoding="utf-8").splitlines().index(text) + 1


def test_an_unknown_own_topic_is_told_at_its_line(faq_copy: Path) -> None:
    path = faq_copy / "asistente.yaml"
    line = _line_of(path, "  - tema: oficina_horario")
    path.write_text(
        path.read_text(encoding="utf-8").replace("  - tema: oficina_horario", "  - tema: horario"),
        encoding="utf-8",
    )
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(faq_copy)
    [problem] = caught.value.problems
    assert str(problem).startswith(f"{path}:{line}: 'tema' debe ser 'oficina_lugar'")
    assert str(problem).endswith(" o 'que_me_toca'")


def test_a_phrasing_of_an_own_topic_cannot_also_be_a_faq_phrasing(faq_copy: Path) -> None:
    path = faq_copy / "asistente.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "      - tienen pagina web\n", "      - tienen pagina web\n      - que es el seguro facultativo\n"
        ),
        encoding="utf-8",
    )
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(faq_copy)
    assert any("'que es el seguro facultativo' también está en" in str(p) for p in caught.value.problems)


def test_without_the_file_the_assistant_still_knows_its_emergency_words(faq_copy: Path) -> None:
    (faq_copy / "asistente.yaml").unlink()
    knowledge = load_knowledge(faq_copy)
    assert knowledge.own_topics == []
    from bot.conversation.emergency import EmergencyWords

    assert EmergencyWords(knowledge.assistant.emergency.words)("se desmayó mi amigo")


def test_staff_words_add_to_the_emergency_words(faq_copy: Path) -> None:
    from bot.conversation.emergency import EmergencyWords

    path = faq_copy / "asistente.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("  palabras: []", "  palabras:\n    - me atragant"),
        encoding="utf-8",
    )
    words = EmergencyWords(load_knowledge(faq_copy).assistant.emergency.words)
    assert words("creo que me atraganté con algo") and not words("como me atrevo a preguntar")
