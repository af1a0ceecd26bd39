"""Reading the dates office staff type on a phone, in the usual Mexican forms («11/01/2027»,
«11 de enero», «11 de enero de 2027», «2027-01-11», «del 11 al 22 de enero»), for the reception
calendar commands (`/periodo`, `/cierre`), and the reasons a new period or closure is refused.

Day first, always (a Mexican 03/04 is the 3rd of April). A date without a year is the next one
on or after today (or after the start, for the end of a range), so «11 de enero» typed in
December means next January. Transport-free: no Telegram here, and `today` is passed in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.clock import MONTHS as CLOCK_MONTHS
from bot.clock import spanish_date
from bot.normalize import fold

# Month names as typed ("setiembre" too); the names themselves are the clock's.
MONTHS = {name: number for number, name in enumerate(CLOCK_MONTHS, start=1)} | {"setiembre": 9}
_ABBREVIATIONS = {name[:3]: number for name, number in MONTHS.items()} | {"sept": 9}
_WEEKDAYS = r"(?:lunes|martes|miercoles|jueves|viernes|sabado|domingo)\s+"
_NUMERIC = re.compile(r"^(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2}|\d{4}))?$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_WORDS = re.compile(
    rf"^(?:{_WEEKDAYS})?(\d{{1,2}}|primero)(?:o|ro|°|º)?(?:\s+de)?\s+([a-z]+)"
    r"(?:\s+(?:de(?:l)?\s+)?(\d{4}))?$"
)
_DAY_ONLY = re.compile(rf"^(?:{_WEEKDAYS})?(\d{{1,2}}|primero)(?:o|ro|°|º)?$")
_RANGE = re.compile(r"^(?:del?\s+)?(.+?)\s+(?:al|a|hasta\s+el|-|–)\s+(?:el\s+)?(.+)$")


class DateError(ValueError):
    """Why a date or range was not read, for staff (Spanish)."""


@dataclass(frozen=True)
class Span:
    start: date
    end: date


def read_date(text: str, today: date, not_before: date | None = None) -> date:
    """One date; without a year, the first such day on or after `not_before` (default today)."""
    raw = " ".join(text.strip().lower().split())
    iso = _ISO.match(raw)
    if iso:
        return _make(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)), text)
    numeric = _NUMERIC.match(raw)
    if numeric:
        day, month, year = numeric.groups()
        return _complete(int(day), int(month), _year(year), today, not_before, text)
    words = _WORDS.match(fold(raw))  # accents, «1°» and commas away
    if words:
        day, month_word, year = words.groups()
        return _complete(
            _day(day), _month(month_word, text), int(year) if year else None, today, not_before, text
        )
    raise DateError(
        f"no entendí la fecha «{text.strip()}»; escríbela como 11/01/2027 o «11 de enero de 2027»"
    )


def read_span(text: str, today: date) -> Span:
    """«del 11 al 22 de enero», «11/01/2027 al 22/01/2027», «11 de enero - 5 de febrero»; a
    single date is a one-day span. The first date may borrow the month and year of the second."""
    raw = " ".join(text.strip().lower().split())
    parts = _RANGE.match(raw)
    if not parts:
        day = read_date(raw, today)
        return Span(day, day)
    first, second = parts.groups()
    end_alone = read_date(second, today)
    day_only = _DAY_ONLY.match(fold(first))
    if day_only:
        start = _make(end_alone.year, end_alone.month, _day(day_only.group(1)), first)
    else:
        start = read_date(first, today)
    end = read_date(second, today, not_before=start) if not _has_year(second) else end_alone
    return Span(start, end)


def span_problem(
    name: str, span: Span, others: list[tuple[str, date, date]], today: date, what: str = "periodo"
) -> str | None:
    """Why a new period or closure cannot be added (Spanish), or None. `others` are the ones of
    the same kind already in fechas.yaml, as (name, start, end)."""
    if not name.strip():
        return f"falta el nombre del {what}"
    if span.end < span.start:
        return f"termina ({spoken(span.end)}) antes de empezar ({spoken(span.start)})"
    if span.end < today:
        return f"ya pasó: terminó el {spoken(span.end)}"
    for other, start, end in others:
        if span.start <= end and start <= span.end:
            return (
                f"se encima con «{other}» (del {spoken(start)} al {spoken(end)}); "
                "cambia las fechas o borra ese primero"
            )
    return None


def spoken(day: date) -> str:
    """«11 de enero de 2027», as staff and students read a date."""
    return spanish_date(day)


def _complete(
    day: int, month: int, year: int | None, today: date, not_before: date | None, text: str
) -> date:
    if year is not None:
        return _make(year, month, day, text)
    floor = not_before or today
    for candidate_year in range(floor.year, floor.year + 5):  # 5 years: a 29 February
        try:
            candidate = date(candidate_year, month, day)
        except ValueError:
            continue
        if candidate >= floor:
            return candidate
    raise DateError(f"«{text.strip()}» no es una fecha que exista")


def _make(year: int, month: int, day: int, text: str) -> date:
    if not 1 <= month <= 12:
        raise DateError(
            f"en «{text.strip()}» el mes {month} no existe (el día va primero: 11/01/2027 es el 11 de enero)"
        )
    try:
        return date(year, month, day)
    except ValueError:
        raise DateError(f"el {day} de {CLOCK_MONTHS[month - 1]} de {year} no existe") from None


def _year(text: str | None) -> int | None:
    if text is None:
        return None
    return 2000 + int(text) if len(text) == 2 else int(text)


def _day(text: str) -> int:
    return 1 if text == "primero" else int(text)


def _month(word: str, text: str) -> int:
    word = fold(word)
    number = MONTHS.get(word) or _ABBREVIATIONS.get(word) or _ABBREVIATIONS.get(word[:3])
    if number is None or (word not in MONTHS and len(word) > 4):
        raise DateError(f"no reconozco el mes «{word}» en «{text.strip()}»")
    return number


def _has_year(text: str) -> bool:
    return bool(re.search(r"\d{4}|\d{1,2}[/.-]\d{1,2}[/.-]\d{2}", text))
