"""Dates as office staff type them on a phone (issue 17, item 3): the Mexican forms, day first,
a missing year filled in forward, and the reasons a period or closure is refused."""

from __future__ import annotations

from datetime import date

import pytest

from bot.reception.date_reading import DateError, Span, read_date, read_span, span_problem

TODAY = date(2026, 12, 3)
JAN_11 = date(2027, 1, 11)


@pytest.mark.parametrize(
    "text",
    [
        "11/01/2027",
        "11/1/2027",
        "11-01-2027",
        "11.01.2027",
        "11/01/27",
        "2027-01-11",
        "11 de enero de 2027",
        "11 de enero del 2027",
        "11 de Enero 2027",
        "lunes 11 de enero",
        "11 de enero",
        "11 enero",
        "11 ene",
        "11/01",
        "  11   de   ENERO ",
    ],
)
def test_the_usual_mexican_forms_are_read(text: str) -> None:
    assert read_date(text, TODAY) == JAN_11


def test_day_first_and_a_missing_year_is_the_next_such_day() -> None:
    assert read_date("03/04/2027", TODAY) == date(2027, 4, 3)
    assert read_date("5 de diciembre", TODAY) == date(2026, 12, 5)
    assert read_date("2 de diciembre", TODAY) == date(2027, 12, 2)  # yesterday: next year
    assert read_date("1° de marzo", TODAY) == read_date("primero de marzo", TODAY) == date(2027, 3, 1)
    assert read_date("29 de febrero", TODAY) == date(2028, 2, 29)
    assert read_date("10 de septiembre", TODAY) == read_date("10 sept", TODAY) == date(2027, 9, 10)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("31/02/2027", "el 31 de febrero de 2027 no existe"),
        ("11/13/2027", "el mes 13 no existe (el día va primero"),
        ("mañana", "no entendí la fecha «mañana»"),
        ("11 de eneroo", "no reconozco el mes «eneroo»"),
    ],
)
def test_a_date_that_cannot_be_read_says_why(text: str, reason: str) -> None:
    with pytest.raises(DateError, match=reason.replace("(", r"\(")):
        read_date(text, TODAY)


def test_ranges_borrow_the_month_and_year_of_their_end() -> None:
    assert read_span("del 11 al 22 de enero", TODAY) == Span(JAN_11, date(2027, 1, 22))
    assert read_span("11/01/2027 al 22/01/2027", TODAY) == Span(JAN_11, date(2027, 1, 22))
    assert read_span("28 de diciembre - 8 de enero", TODAY) == Span(date(2026, 12, 28), date(2027, 1, 8))
    assert read_span("12 de diciembre", TODAY) == Span(date(2026, 12, 12), date(2026, 12, 12))


def test_a_period_is_refused_with_its_reason() -> None:
    others = [("Reinscripción 2027-1", date(2027, 1, 18), date(2027, 1, 29))]
    good = Span(JAN_11, date(2027, 1, 15))
    assert span_problem("Inscripción 2027-1", good, others, TODAY) is None
    assert span_problem("Inscripción", Span(date(2027, 1, 22), JAN_11), others, TODAY) == (
        "termina (11 de enero de 2027) antes de empezar (22 de enero de 2027)"
    )
    assert span_problem("Viejo", Span(date(2026, 11, 1), date(2026, 11, 5)), others, TODAY) == (
        "ya pasó: terminó el 5 de noviembre de 2026"
    )
    assert span_problem("Otro", Span(date(2027, 1, 15), date(2027, 1, 20)), others, TODAY) == (
        "se encima con «Reinscripción 2027-1» (del 18 de enero de 2027 al 29 de enero de "
        "2027); cambia las fechas o borra ese primero"
    )
    assert span_problem(" ", good, others, TODAY, "cierre") == "falta el nombre del cierre"
