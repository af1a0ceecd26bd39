"""Reception that knows the office's days and hours: "hoy sí se reciben" only while the office is
open now or later today, next dates only on days it opens, reminders on the first such day."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

from bot.clock import MEXICO_CITY
from bot.knowledge.schema import ReceptionFile
from bot.office.hours import Office, Opening
from bot.reception.answers import reception_answer, window_sentence
from bot.reception.reminders import ReminderStore, next_window
from bot.reception.windows import reception_today

WEEKDAYS_9_TO_14 = Office(hours=(Opening(frozenset(range(5)), time(9), time(14)),))


def rules(closures: list[tuple[str, str, str]] = ()) -> ReceptionFile:
    return ReceptionFile.model_validate(
        {
            "id": "fechas_recepcion",
            "titulo": "¿Cuándo?",
            "frases": ["a", "b", "c", "d", "e"],
            "intersemestral": {"dia_inicio": 1, "dia_fin": 5},
            "cierres": [{"nombre": n, "inicio": s, "fin": e} for n, s, e in closures],
        }
    )


def answer(day: date, at: time | None) -> str:
    return reception_answer(rules(), day, WEEKDAYS_9_TO_14, at)


def test_a_saturday_inside_the_window_is_not_a_reception_day() -> None:
    text = answer(date(2026, 12, 5), time(12))  # Saturday, the window's last calendar day
    assert "Hoy sí se reciben" not in text
    assert "Hoy no se reciben tarjetas del NSS: la oficina no abre hoy." in text
    assert "<b>1 de enero de 2027</b> (en 27 días)" in text


def test_after_closing_on_the_last_office_day_the_window_is_over() -> None:
    text = answer(date(2026, 12, 4), time(16))  # Friday 16:00; Saturday the 5th does not count
    assert "Hoy sí se reciben" not in text and "5 de diciembre" not in text
    assert "la oficina cerró a las 14:00 y hoy era el último día de esta recepción" in text
    assert "<b>1 de enero de 2027</b>" in text


def test_after_closing_with_days_left_it_says_tomorrow_and_its_hours() -> None:
    text = answer(date(2026, 12, 3), time(15))
    assert text.startswith(
        "📅 Hoy ya no: la oficina cerró a las 14:00. <b>Mañana sí se reciben"
        "</b>, de 9:00 a 14:00, y es el último día."
    )


def test_before_opening_and_while_open_it_is_a_reception_day_with_its_hours() -> None:
    for at in (time(7), time(13, 59)):
        text = answer(date(2026, 12, 1), at)
        assert text.startswith(
            "✅ <b>Hoy sí se reciben tarjetas del NSS</b> (de 9:00 a 14:00), "
            "hasta el <b>4 de diciembre de 2026</b>."
        )


def test_next_dates_list_only_days_the_office_opens() -> None:
    text = answer(date(2026, 12, 10), time(10))
    assert "• el 1 de enero de 2027 (entre semestres)" in text
    assert "• del 4 al 5 de enero de 2027 (entre semestres)" in text  # 2 and 3 are a weekend
    assert "en los días que abre la oficina" in text


def test_without_a_timetable_every_day_of_the_window_counts() -> None:
    text = reception_answer(rules(), date(2026, 12, 5), None, time(23))
    assert "Hoy sí se reciben" in text and "hoy es el último día" in text


def test_closures_still_apply_with_the_timetable() -> None:
    closed = rules([("Paro", "2026-12-01", "2026-12-02")])
    text = reception_answer(closed, date(2026, 12, 1), WEEKDAYS_9_TO_14, time(10))
    assert "Hoy no se reciben tarjetas del NSS: la oficina está cerrada por Paro" in text
    assert "<b>3 de diciembre de 2026</b> (en 2 días)" in text


def test_the_questionnaire_sentence_follows_the_hours_too() -> None:
    assert window_sentence(rules(), date(2026, 12, 4), WEEKDAYS_9_TO_14, time(16)) == (
        "la recepción de estas fechas terminó hoy; la próxima recepción abre el 1 de enero de "
        "2027 (en 28 días)."
    )
    assert window_sentence(rules(), date(2026, 12, 2), WEEKDAYS_9_TO_14, time(10)) == (
        "la recepción está abierta hoy (de 9:00 a 14:00) y hasta el 4 de diciembre de 2026."
    )


def test_a_reminder_is_not_offered_once_the_last_day_has_closed() -> None:
    assert not reception_today(rules(), date(2026, 12, 4), WEEKDAYS_9_TO_14, time(16)).receiving
    assert reception_today(rules(), date(2026, 12, 3), WEEKDAYS_9_TO_14, time(16)).receiving


def test_reminders_go_out_on_the_first_day_the_office_opens(tmp_path: Path) -> None:
    # 1 May 2027 is a Saturday; the office first opens in that window on Monday the 3rd.
    assert next_window(rules(), date(2027, 4, 20), WEEKDAYS_9_TO_14).start == date(2027, 5, 3)
    store = ReminderStore.open(tmp_path)
    try:
        store.subscribe(42, date(2027, 4, 20))
        assert store.due(rules(), date(2027, 5, 1), WEEKDAYS_9_TO_14) == []
        [due] = store.due(rules(), date(2027, 5, 3), WEEKDAYS_9_TO_14)
        assert due.chat == 42 and due.window.start == date(2027, 5, 3)
    finally:
        store.close()


def test_the_office_opening_day_reads_its_timetable_and_closures() -> None:
    office = Office(
        hours=(Opening(frozenset({0}), time(9), time(11)), Opening(frozenset({0}), time(16), time(18))),
        closed_on=lambda day: "Paro" if day == date(2026, 12, 14) else None,
    )
    assert office.hours_on(date(2026, 12, 7)) == (time(9), time(18))
    assert office.hours_on(date(2026, 12, 8)) is None
    assert office.hours_on(date(2026, 12, 14)) is None
    assert datetime(2026, 12, 7, 10, tzinfo=MEXICO_CITY).weekday() == 0
