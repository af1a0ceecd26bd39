"""fechas.yaml carries its own content: the seed's summary of the periods and the topics offered
after the dates answer; a wrong id there is told at its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.knowledge import KnowledgeError, load_knowledge


def test_the_dates_answer_offers_what_staff_list_after_it(faq_copy: Path) -> None:
    path = faq_copy / "fechas.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "relacionadas: [documento_nss]", "relacionadas: [verificar_alta, documento_nss]"
        ),
        encoding="utf-8",
    )
    knowledge = load_knowledge(faq_copy)
    assert knowledge.reception.related == ["verificar_alta", "documento_nss"]
    assert "Servicios Escolares" in knowledge.reception.summary


def test_an_unknown_related_topic_in_fechas_is_told_at_its_line(faq_copy: Path) -> None:
    path = faq_copy / "fechas.yaml"
    text = path.read_text(encoding="utf-8")
    line = text.splitlines().index("relacionadas: [documento_nss]") + 1
    path.write_text(
        text.replace("relacionadas: [documento_nss]", "relacionadas: [documento]"), encoding="utf-8"
    )
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(faq_copy)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:{line}: 'documento' no es el id de ninguna pregunta"
    ]
