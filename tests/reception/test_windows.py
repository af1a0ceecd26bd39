"""When NSS cards are received, said from today's date in Mexico City."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.clock import Clock, today_in_mexico
from bot.knowledge.schema import ReceptionFile
from bot.reception.answers import reception_answer, window_sentence
from bot.reception.windows import windows_around

NO_URGENT = "No hay trámites urgentes ni extemporáneos."


def rules(periods: list[tuple[str, str, str]] = (), first: int = 1, last: int = 5) -> ReceptionFile:
    return ReceptionFile.model_validate(
        {
            "id": "fechas_recepcion",
            "titulo": "¿Cuándo?",
            "frases": ["a", "b", "c", "d", "e"],
            "intersemestral": {"dia_inicio": first, "dia_fin": last},
            "periodos": [{"nombre": n, "inicio": s, "fin": e} for n, s, e in periods],
        }
    )


def test_the_5th_at_2359_in_mexico_city_is_still_open() -> None:
    # 05:59 UTC on the 6th is 23:59 on the 5th in Mexico City (UTC-6, no daylight saving).
    day = today_in_mexico(datetime(2026, 12, 6, 5, 59, tzinfo=UTC))
    assert day == date(2026, 12, 5)
    answer = reception_answer(rules(), day)
    assert "Hoy sí se reciben" in answer and "hoy es el último día" in answer


def test_the_6th_at_midnight_is_closed_until_next_month() -> None:
    day = today_in_mexico(datetime(2026, 12, 6, 6, 0, tzinfo=UTC))
    assert day == date(2026, 12, 6)
    answer = reception_answer(rules(), day)
    assert "Hoy no se reciben" in answer
    assert "<b>1 de enero de 2027</b> (en 26 días)" in answer


def test_december_rolls_over_to_january() -> None:
    answer = reception_answer(rules(), date(2026, 12, 31))
    assert "abre el <b>1 de enero de 2027</b> (mañana)" in answer
    assert "• del 1 al 5 de enero de 2027 (entre semestres)" in answer
    assert "• del 1 al 5 de febrero de 2027 (entre semestres)" in answer


def test_open_window_says_until_when() -> None:
    answer = reception_answer(rules(), date(2026, 12, 3))
    assert "Hoy sí se reciben tarjetas del NSS</b>, hasta el <b>5 de diciembre de 2026</b>" in answer
    assert window_sentence(rules(), date(2026, 12, 3)) == (
        "la recepción está abierta hoy y hasta el 5 de diciembre de 2026."
    )


def test_inscription_period_overlapping_the_monthly_window_is_one_window() -> None:
    semester = rules([("Reinscripción 2027-1", "2027-01-04", "2027-01-15")])
    answer = reception_answer(semester, date(2027, 1, 2))
    assert "hasta el <b>15 de enero de 2027</b>" in answer
    before = reception_answer(semester, date(2026, 12, 20))
    assert "• del 1 al 15 de enero de 2027 (entre semestres, Reinscripción 2027-1)" in before
    assert "en las fechas de arriba" in before


def test_inscription_period_alone_opens_a_window() -> None:
    semester = rules([("Inscripción", "2027-01-20", "2027-01-29")])
    assert "hasta el <b>29 de enero de 2027</b>" in reception_answer(semester, date(2027, 1, 22))
    assert "abre el <b>20 de enero de 2027</b> (en 10 días)" in reception_answer(semester, date(2027, 1, 10))


def test_without_periods_the_answer_names_servicios_escolares() -> None:
    answer = reception_answer(rules(), date(2026, 11, 26))
    assert "en las fechas que establece Servicios Escolares" in answer
    assert "del 1 al 5 de cada mes" in answer


@pytest.mark.parametrize("day", [date(2026, 11, 26), date(2026, 12, 1), date(2026, 12, 5), date(2027, 2, 28)])
def test_every_answer_ends_saying_there_are_no_urgent_procedures(day: date) -> None:
    assert reception_answer(rules(), day).endswith(f"<b>{NO_URGENT}</b>")


def test_monthly_rule_is_clamped_to_short_months() -> None:
    answer = reception_answer(rules(first=28, last=31), date(2027, 2, 27))
    assert "abre el <b>28 de febrero de 2027</b> (mañana)" in answer
    assert "• el 28 de febrero de 2027 (entre semestres)" in answer


def test_fixed_clock_freezes_today() -> None:
    assert Clock(date(2027, 3, 1)).today() == date(2027, 3, 1)
    frozen_now = datetime(2027, 3, 1, 3, 0, tzinfo=UTC)  # 21:00 on 28 February in Mexico City
    assert Clock(now=lambda: frozen_now).today() == date(2027, 2, 28)


# ----- the office's closures ---------------------------------------------------------------


def closed(periods=(), closures=()) -> ReceptionFile:
    base = rules(periods).model_dump(by_alias=True)
    base["cierres"] = [{"nombre": n, "inicio": s, "fin": e} for n, s, e in closures]
    return ReceptionFile.model_validate(base)


WINTER = ("Vacaciones de invierno", "2026-12-19", "2027-01-03")


def test_a_window_partly_closed_keeps_its_open_days() -> None:
    answer = reception_answer(closed(closures=[WINTER]), date(2026, 12, 10))
    assert "abre el <b>4 de enero de 2027</b>" in answer
    assert "• del 4 al 5 de enero de 2027 (entre semestres)" in answer


def test_a_window_wholly_closed_is_skipped() -> None:
    strike = ("Paro", "2026-12-28", "2027-01-08")
    answer = reception_answer(closed(closures=[strike]), date(2026, 12, 20))
    assert "abre el <b>1 de febrero de 2027</b>" in answer
    assert "enero" not in answer.split("Próximas fechas:")[1].split("Las tarjetas")[0]


def test_on_a_closed_day_the_answer_says_why_and_when_it_opens() -> None:
    answer = reception_answer(closed(closures=[WINTER]), date(2026, 12, 27))
    assert (
        "Hoy no se reciben tarjetas del NSS: la oficina está cerrada por Vacaciones de "
        "invierno y vuelve a abrir el 4 de enero de 2027"
    ) in answer
    assert window_sentence(closed(closures=[WINTER]), date(2026, 12, 27)).startswith(
        "la oficina está cerrada por Vacaciones de invierno"
    )


def test_a_closure_inside_an_inscription_period_splits_it() -> None:
    semester = closed(
        [("Reinscripción 2027-1", "2027-01-11", "2027-01-22")], [("Día inhábil", "2027-01-15", "2027-01-15")]
    )
    answer = reception_answer(semester, date(2027, 1, 8))
    assert "• del 11 al 14 de enero de 2027 (Reinscripción 2027-1)" in answer
    assert "• del 16 al 22 de enero de 2027 (Reinscripción 2027-1)" in answer
    assert "Hoy no se reciben" in reception_answer(semester, date(2027, 1, 15))


def test_a_closure_that_starts_on_a_windows_last_day_takes_that_day() -> None:
    """A long weekend from Friday 5 February 2027: the 1-5 window ends on Thursday the 4th."""
    bridge = closed(closures=[("Puente", "2027-02-05", "2027-02-08")])
    february = [
        (w.start, w.end)
        for w in windows_around(bridge, date(2027, 2, 1))
        if w.start.year == 2027 and w.start.month == 2
    ]
    assert february == [(date(2027, 2, 1), date(2027, 2, 4))]
    assert "hasta el <b>4 de febrero de 2027</b>" in reception_answer(bridge, date(2027, 2, 2))
    assert "Hoy no se reciben" in reception_answer(bridge, date(2027, 2, 5))


def test_a_closure_that_ends_on_a_windows_first_day_takes_that_day() -> None:
    """Closed until Monday 1 March 2027: that window opens on the 2nd."""
    closure = closed(closures=[("Inventario", "2027-02-26", "2027-03-01")])
    march = [
        (w.start, w.end)
        for w in windows_around(closure, date(2027, 2, 20))
        if w.start.year == 2027 and w.start.month == 3
    ]
    assert march == [(date(2027, 3, 2), date(2027, 3, 5))]
