"""Adding and removing a period or closure in fechas.yaml (issue 17, item 3): one entry in the
file's own layout, the rest byte for byte, refused with the reason; the dates answer then
names it."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from bot.knowledge import load_knowledge
from bot.knowledge.editing import EditError
from bot.reception.calendar_edit import add_span, remove_span
from bot.reception.date_reading import Span, read_span

TODAY = date(2026, 12, 3)


def test_a_period_goes_into_an_empty_list_and_comes_out_byte_for_byte(faq_copy: Path) -> None:
    path = faq_copy / "fechas.yaml"
    before = path.read_bytes()
    added = add_span(
        faq_copy, "periodos", "Inscripción 2027-1", read_span("del 11 al 22 de enero", TODAY), TODAY
    )
    text = path.read_text(encoding="utf-8")
    assert "periodos:\n  - nombre: Inscripción 2027-1\n    inicio: 2027-01-11\n    fin: 2027-01-22\n" in text
    assert text.splitlines()[added.line - 1] == "  - nombre: Inscripción 2027-1"
    assert added.before == before
    [period] = load_knowledge(faq_copy).reception.periods
    assert (period.name, period.start, period.end) == (
        "Inscripción 2027-1",
        date(2027, 1, 11),
        date(2027, 1, 22),
    )
    second = add_span(
        faq_copy, "periodos", "Reinscripción 2027-1", Span(date(2027, 1, 25), date(2027, 1, 29)), TODAY
    )
    assert [p.name for p in load_knowledge(faq_copy).reception.periods] == [
        "Inscripción 2027-1",
        "Reinscripción 2027-1",
    ]
    assert second.line == added.line + 3
    remove_span(faq_copy, "periodos", 1)
    remove_span(faq_copy, "periodos", 0)
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("key", "name", "span", "reason"),
    [
        ("cierres", "Huelga", Span(date(2026, 12, 20), date(2026, 12, 10)), "termina (10 de dic"),
        ("cierres", "Puente", Span(date(2026, 11, 1), date(2026, 11, 2)), "ya pasó"),
        ("cierres", "", Span(date(2026, 12, 20), date(2026, 12, 21)), "falta el nombre del cierre"),
    ],
)
def test_a_span_is_refused_with_its_reason(
    faq_copy: Path, key: str, name: str, span: Span, reason: str
) -> None:
    before = (faq_copy / "fechas.yaml").read_bytes()
    with pytest.raises(EditError, match=re.escape(reason)):
        add_span(faq_copy, key, name, span, TODAY)
    assert (faq_copy / "fechas.yaml").read_bytes() == before


def test_an_overlapping_closure_is_refused(faq_copy: Path) -> None:
    add_span(
        faq_copy,
        "cierres",
        "Vacaciones de invierno",
        read_span("del 19 de diciembre al 6 de enero", TODAY),
        TODAY,
    )
    with pytest.raises(EditError, match="se encima con «Vacaciones de invierno»"):
        add_span(faq_copy, "cierres", "Día de Reyes", read_span("6 de enero", TODAY), TODAY)
    with pytest.raises(EditError, match="ese cierre ya no está"):
        remove_span(faq_copy, "cierres", 3)
