"""The dates answer and the one-sentence status, word for word, in each situation a student can
meet: a reception day, its last day, a day between windows, an inscription period merged with
the monthly window, the office's timetable before and after closing, a weekend, a closure, and
no dates at all. Also how the windows are built: the months covered, merging, closures."""

from __future__ import annotations

from datetime import date, time

import pytest

from bot.knowledge.schema import ReceptionFile
from bot.reception.answers import reception_answer, window_sentence
from bot.reception.windows import windows_around

MONTHLY = "entre semestres"
NO_URGENT = "<b>No hay trámites urgentes ni extemporáneos.</b>"
WHEN = (
    "Las tarjetas se reciben durante la inscripción y/o reinscripción ({periods}) y, entre "
    "semestres, del 1 al 5 de cada mes{office}."
)
SCHOOL_DATES = "en las fechas que establece Servicios Escolares"
DATES_ABOVE = "en las fechas de arriba, que establece Servicios Escolares"
OFFICE_DAYS = " en los días que abre la oficina"


def rules(periods=(), closures=()) -> ReceptionFile:
    return ReceptionFile.model_validate(
        {
            "id": "fechas_recepcion",
            "titulo": "¿Cuándo?",
            "frases": ["a", "b", "c", "d", "e"],
            "intersemestral": {"dia_inicio": 1, "dia_fin": 5},
            "periodos": [{"nombre": n, "inicio": s, "fin": e} for n, s, e in periods],
            "cierres": [{"nombre": n, "inicio": s, "fin": e} for n, s, e in closures],
        }
    )


class Weekdays:
    """An office open Monday to Friday, 9:00 to 14:00 (5 December 2026 is a Saturday)."""

    def hours_on(self, day: date) -> tuple[time, time] | None:
        return (time(9), time(14)) if day.weekday() < 5 else None


OFFICE = Weekdays()


def answer(first: str, upcoming: list[str], periods: str = SCHOOL_DATES, office: str = "") -> str:
    listed = ["", "Próximas fechas:", *(f"• {line}" for line in upcoming)] if upcoming else []
    return "\n".join([first, *listed, "", WHEN.format(periods=periods, office=office), NO_URGENT])


NEXT_MONTHS = [
    "del 1 al 5 de enero de 2027 (entre semestres)",
    "del 1 al 5 de febrero de 2027 (entre semestres)",
    "del 1 al 5 de marzo de 2027 (entre semestres)",
]
OFFICE_MONTHS = [
    "el 1 de enero de 2027 (entre semestres)",  # 2 and 3 January: a weekend
    "del 4 al 5 de enero de 2027 (entre semestres)",
    "del 1 al 5 de febrero de 2027 (entre semestres)",
]


@pytest.mark.parametrize(
    ("situation", "expected", "sentence"),
    [
        pytest.param(
            (rules(), date(2026, 12, 3)),
            answer(
                "✅ <b>Hoy sí se reciben tarjetas del NSS</b>, hasta el <b>5 de diciembre de 2026</b>.",
                NEXT_MONTHS,
            ),
            "la recepción está abierta hoy y hasta el 5 de diciembre de 2026.",
            id="open",
        ),
        pytest.param(
            (rules(), date(2026, 12, 5)),
            answer("✅ <b>Hoy sí se reciben tarjetas del NSS</b>, y hoy es el último día.", NEXT_MONTHS),
            "hoy es el último día de recepción (5 de diciembre de 2026).",
            id="last day",
        ),
        pytest.param(
            (rules(), date(2026, 12, 10)),
            answer(
                "📅 Hoy no se reciben tarjetas del NSS. La próxima recepción abre el <b>1 de "
                "enero de 2027</b> (en 22 días).",
                NEXT_MONTHS,
            ),
            "la próxima recepción abre el 1 de enero de 2027 (en 22 días).",
            id="between",
        ),
        pytest.param(
            (rules([("Reinscripción 2027-1", "2027-01-06", "2027-01-15")]), date(2026, 12, 20)),
            answer(
                "📅 Hoy no se reciben tarjetas del NSS. La próxima recepción abre el <b>1 de "
                "enero de 2027</b> (en 12 días).",
                ["del 1 al 15 de enero de 2027 (entre semestres, Reinscripción 2027-1)", *NEXT_MONTHS[1:]],
                periods=DATES_ABOVE,
            ),
            "la próxima recepción abre el 1 de enero de 2027 (en 12 días).",
            id="period merged",
        ),
        pytest.param(
            (rules(), date(2026, 12, 3), OFFICE, time(13, 59)),
            answer(
                "✅ <b>Hoy sí se reciben tarjetas del NSS</b> (de 9:00 a 14:00), hasta el <b>4 de "
                "diciembre de 2026</b>.",
                OFFICE_MONTHS,
                office=OFFICE_DAYS,
            ),
            "la recepción está abierta hoy (de 9:00 a 14:00) y hasta el 4 de diciembre de 2026.",
            id="office open",
        ),
        pytest.param(
            (rules(), date(2026, 12, 3), OFFICE, time(14)),
            answer(
                "📅 Hoy ya no: la oficina cerró a las 14:00. <b>Mañana sí se reciben</b>, de 9:00 "
                "a 14:00, y es el último día.",
                OFFICE_MONTHS,
                office=OFFICE_DAYS,
            ),
            "hoy la oficina ya cerró; la recepción sigue mañana y hasta el 4 de diciembre de 2026.",
            id="office closed, last day tomorrow",
        ),
        pytest.param(
            (rules(), date(2026, 12, 1), OFFICE, time(15)),
            answer(
                "📅 Hoy ya no: la oficina cerró a las 14:00. <b>Mañana sí se reciben</b>, de 9:00 "
                "a 14:00, hasta el <b>4 de diciembre de 2026</b>.",
                OFFICE_MONTHS,
                office=OFFICE_DAYS,
            ),
            "hoy la oficina ya cerró; la recepción sigue mañana y hasta el 4 de diciembre de 2026.",
            id="office closed, more days",
        ),
        pytest.param(
            (rules(), date(2026, 12, 4), OFFICE, time(15)),
            answer(
                "📅 Hoy ya no se reciben: la oficina cerró a las 14:00 y hoy era el último día de "
                "esta recepción. La próxima recepción abre el <b>1 de enero de 2027</b> (en 28 "
                "días).",
                OFFICE_MONTHS,
                office=OFFICE_DAYS,
            ),
            "la recepción de estas fechas terminó hoy; la próxima recepción abre el 1 de enero de "
            "2027 (en 28 días).",
            id="office closed on the last day",
        ),
        pytest.param(
            (rules(), date(2026, 12, 5), OFFICE, time(10)),
            answer(
                "📅 Hoy no se reciben tarjetas del NSS: la oficina no abre hoy. La próxima "
                "recepción abre el <b>1 de enero de 2027</b> (en 27 días).",
                OFFICE_MONTHS,
                office=OFFICE_DAYS,
            ),
            "la oficina no abre hoy; la próxima recepción abre el 1 de enero de 2027 (en 27 días).",
            id="weekend",
        ),
        pytest.param(
            (rules(closures=[("Puente", "2026-12-02", "2026-12-03")]), date(2026, 12, 3)),
            answer(
                "📅 Hoy no se reciben tarjetas del NSS: la oficina está cerrada por Puente y "
                "vuelve a abrir el 4 de diciembre de 2026. La próxima recepción abre el <b>4 de "
                "diciembre de 2026</b> (mañana).",
                ["del 4 al 5 de diciembre de 2026 (entre semestres)", *NEXT_MONTHS[:2]],
            ),
            "la oficina está cerrada por Puente y vuelve a abrir el 4 de diciembre de 2026; la "
            "próxima recepción abre el 4 de diciembre de 2026 (mañana).",
            id="closure's last day",
        ),
        pytest.param(
            (rules(closures=[("Remodelación", "2026-11-01", "2028-12-31")]), date(2026, 12, 3)),
            answer(
                "📅 Hoy no se reciben tarjetas del NSS: la oficina está cerrada por Remodelación y "
                "vuelve a abrir el 1 de enero de 2029. Por ahora no hay fechas de recepción "
                "programadas.",
                [],
            ),
            "la oficina está cerrada por Remodelación y vuelve a abrir el 1 de enero de 2029; por "
            "ahora no hay fechas de recepción programadas.",
            id="no dates",
        ),
    ],
)
def test_the_answer_and_the_sentence_word_for_word(situation: tuple, expected: str, sentence: str) -> None:
    assert reception_answer(*situation) == expected
    assert window_sentence(*situation) == sentence


def spans(windows) -> list[tuple[str, str]]:
    return [(w.start.isoformat(), w.end.isoformat()) for w in windows]


def test_the_windows_cover_last_month_to_thirteen_months_ahead() -> None:
    for day in (date(2026, 12, 1), date(2026, 12, 17), date(2026, 12, 31)):
        windows = windows_around(rules(), day)
        assert len(windows) == 14
        assert (windows[0].start, windows[-1].start) == (date(2026, 11, 1), date(2027, 12, 1))
    january = windows_around(rules(), date(2027, 1, 31))
    assert (january[0].start, january[-1].start) == (date(2026, 12, 1), date(2028, 1, 1))


def test_a_period_next_to_a_window_joins_it_and_one_a_day_apart_does_not() -> None:
    touching = windows_around(rules([("P", "2026-12-06", "2026-12-10")]), date(2026, 12, 1))
    assert (touching[1].start, touching[1].end, touching[1].labels) == (
        date(2026, 12, 1),
        date(2026, 12, 10),
        (MONTHLY, "P"),
    )
    apart = windows_around(rules([("P", "2026-12-07", "2026-12-10")]), date(2026, 12, 1))
    assert spans(apart[1:3]) == [("2026-12-01", "2026-12-05"), ("2026-12-07", "2026-12-10")]
    assert apart[2].labels == ("P",)


def test_overlapping_periods_merge_into_one_window_with_every_name() -> None:
    windows = windows_around(
        rules([("R", "2027-02-03", "2027-02-12"), ("S", "2027-02-10", "2027-02-20")]), date(2027, 1, 20)
    )
    assert (windows[2].start, windows[2].end, windows[2].labels) == (
        date(2027, 2, 1),
        date(2027, 2, 20),
        (MONTHLY, "R", "S"),
    )
    assert spans(windows[1:4]) == [
        ("2027-01-01", "2027-01-05"),
        ("2027-02-01", "2027-02-20"),
        ("2027-03-01", "2027-03-05"),
    ]


@pytest.mark.parametrize(
    ("closures", "december"),
    [
        ([("A", "2026-12-01", "2026-12-02")], [("2026-12-03", "2026-12-05")]),  # from the first day
        ([("A", "2026-12-04", "2026-12-05")], [("2026-12-01", "2026-12-03")]),  # to the last day
        ([("A", "2026-12-03", "2026-12-03")], [("2026-12-01", "2026-12-02"), ("2026-12-04", "2026-12-05")]),
    ],
)
def test_closures_take_exactly_their_days(closures, december) -> None:
    windows = windows_around(rules(closures=closures), date(2026, 12, 1))
    assert spans(w for w in windows if w.start.year == 2026 and w.start.month == 12) == december


def test_two_closures_in_one_period_leave_every_open_piece() -> None:
    semester = rules(
        [("R", "2027-01-11", "2027-01-22")],
        [("A", "2027-01-15", "2027-01-15"), ("B", "2027-01-20", "2027-01-21")],
    )
    windows = windows_around(semester, date(2027, 1, 8))
    assert spans(w for w in windows if w.start.year == 2027 and w.start.month == 1) == [
        ("2027-01-01", "2027-01-05"),
        ("2027-01-11", "2027-01-14"),
        ("2027-01-16", "2027-01-19"),
        ("2027-01-22", "2027-01-22"),
    ]
