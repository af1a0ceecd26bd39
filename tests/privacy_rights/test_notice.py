"""The privacy notice: `faq/privacidad.yaml` is checked like every staff file (each problem at
its line), and the notice says what the code keeps, with staff's words where they gave them and
a neutral "ask at the office" where they did not."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.knowledge import KnowledgeError, load_knowledge
from bot.knowledge.schema import PrivacyNoticeFile
from bot.knowledge.telegram_html import to_plain_text
from bot.privacy_rights.notice import NoticeFacts, notice_html


def problems_of(faq: Path, text: str) -> list[str]:
    (faq / "privacidad.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(faq)
    return [str(problem) for problem in caught.value.problems]


def test_a_link_that_is_not_a_web_address_is_told_at_its_line(faq_copy: Path) -> None:
    [problem] = problems_of(faq_copy, "responsable: Escuela Uno\naviso_integral: escuela.mx/aviso\n")
    assert problem == (
        f"{faq_copy / 'privacidad.yaml'}:2: 'aviso_integral': debe ser una liga completa que "
        "empiece con https:// (sin espacios)"
    )


def test_a_misspelt_field_and_a_list_instead_of_text_are_each_told_at_their_line(faq_copy: Path) -> None:
    path = faq_copy / "privacidad.yaml"
    found = problems_of(faq_copy, "responsables: Escuela Uno\nderechos_arco:\n  - escribe a la oficina\n")
    assert found == [
        f"{path}:1: campo desconocido 'responsables' (¿está bien escrito?)",
        f"{path}:2: 'derechos_arco' debe ser texto",
    ]


def test_an_over_long_responsible_party_is_refused(faq_copy: Path) -> None:
    [problem] = problems_of(faq_copy, f"responsable: {'Escuela ' * 50}\n")
    assert ":1: 'responsable' es muy largo (máximo 300 caracteres)" in problem


def test_the_file_is_optional_and_the_shipped_one_leaves_every_field_to_the_school(faq_copy: Path) -> None:
    assert load_knowledge(faq_copy).privacy == PrivacyNoticeFile()
    (faq_copy / "privacidad.yaml").unlink()
    assert load_knowledge(faq_copy).privacy == PrivacyNoticeFile()


def test_staffs_words_reach_the_notice_as_plain_text(faq_copy: Path) -> None:
    (faq_copy / "privacidad.yaml").write_text(
        "responsable: Escuela <Uno> & Asociados, Calle 1\n"
        "aviso_integral: https://escuela.mx/aviso\n"
        "derechos_arco: Escribe a transparencia@escuela.mx\n",
        encoding="utf-8",
    )
    notice = load_knowledge(faq_copy).privacy
    text = notice_html(notice, NoticeFacts(180, 180))
    assert "<b>Responsable:</b> Escuela &lt;Uno&gt; &amp; Asociados, Calle 1" in text
    assert '<a href="https://escuela.mx/aviso">https://escuela.mx/aviso</a>' in text
    assert "Escribe a transparencia@escuela.mx" in text
    assert "pregunta en la oficina su nombre" not in text


def test_without_the_schools_details_the_notice_says_to_ask_and_invents_nothing() -> None:
    plain = to_plain_text(notice_html(PrivacyNoticeFile(), NoticeFacts(journal_days=90, ticket_days=None)))
    assert "Responsable: la escuela a la que pertenece la oficina del Seguro Facultativo; pregunta" in plain
    assert "Aviso de privacidad integral: pídelo en la oficina del Seguro Facultativo." in plain
    assert "http" not in plain
    assert ": 90 días." in plain  # the journal's retention, as configured
    assert "Si le escribes a la oficina" not in plain  # no staff group: no tickets are kept
    for right in ("acceso", "rectificación", "cancelación", "oposición", "/mis_datos", "/borrar_mis_datos"):
        assert right in plain


def test_with_a_staff_group_the_notice_says_who_sees_a_question_and_for_how_long() -> None:
    plain = to_plain_text(notice_html(PrivacyNoticeFile(), NoticeFacts(journal_days=180, ticket_days=30)))
    assert "Lo ven las personas de la oficina en su grupo de Telegram. Se borra 30 días" in plain
    assert len(plain) < 4096
