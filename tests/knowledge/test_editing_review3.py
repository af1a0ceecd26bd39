"""Third adversarial review, add-phrase: a symlinked staff file and a phrase YAML 1.1 reads as a
number (defects 8 and 12)."""

from __future__ import annotations

from pathlib import Path

from bot.knowledge import load_knowledge
from bot.knowledge.editing import add_phrasing


def test_add_phrase_writes_through_a_symlinked_staff_file(faq_copy: Path, tmp_path: Path) -> None:
    real = tmp_path / "shared" / "preguntas.yaml"
    real.parent.mkdir()
    (faq_copy / "preguntas.yaml").rename(real)
    (faq_copy / "preguntas.yaml").symlink_to(real)
    add_phrasing(faq_copy, "documento_nss", "ocupo el papelito del nss")
    assert (faq_copy / "preguntas.yaml").is_symlink()
    assert "      - ocupo el papelito del nss\n" in real.read_text(encoding="utf-8")
    item = load_knowledge(faq_copy).items["documento_nss"]
    assert "ocupo el papelito del nss" in item.phrasings


def test_add_phrase_12_30_is_added_as_text(faq_copy: Path) -> None:
    added = add_phrasing(faq_copy, "fechas_recepcion", "12:30")
    assert added.text == '- "12:30"'
    assert load_knowledge(faq_copy).reception.phrasings[-1] == "12:30"
