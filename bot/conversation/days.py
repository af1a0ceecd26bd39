"""The day a student asks about, in their words: "mañana", "pasado mañana", "el sábado",
"el lunes", "el 3", "el 3 de enero". A date answer then speaks of that day."""

from __future__ import annotations

import re
from datetime import date, timedelta

from bot.clock import MONTHS
from bot.normalize import fold

WEEKDAYS = {"lunes": 0, "martes": 1, "miercoles": 2, "jueves": 3, "viernes": 4, "sabado": 5, "domingo": 6}
_MONTHS = {name: number for number, name in enumerate(MONTHS, start=1)}
_DAY_NUMBER = re.compile(r"\b(?:el|dia|el dia)\s+(\d{1,2})(?:\s+de\s+([a-z]+))?\b")


def day_mentioned(text: str, today: date) -> date | None:
    """The day named in `text` (never today itself), or None."""
    words = fold(text).split()
    joined = " ".join(words)
    if "pasado manana" in joined:
        return today + timedelta(days=2)
    if "manana" in words and not re.search(r"\b(?:la|en la|por la|de la) manana\b", joined):
        return today + timedelta(days=1)
    for word in words:
        if word in WEEKDAYS:
            ahead = (WEEKDAYS[word] - today.weekday()) % 7 or 7
            return today + timedelta(days=ahead)
    match = _DAY_NUMBER.search(joined)
    if match:
        return _numbered_day(int(match.group(1)), match.group(2), today)
    return None


def _numbered_day(number: int, month_name: str | None, today: date) -> date | None:
    month = _MONTHS.get(month_name or "", today.month)
    for year in (today.year, today.year + 1):
        try:
            day = date(year, month, number)
        except ValueError:
            return None
        if month_name is None and day < today:  # "el 3" on the 20th: next month's 3rd
            next_month = (month % 12) + 1
            year_of = year + (1 if next_month == 1 else 0)
            try:
                return date(year_of, next_month, number)
            except ValueError:
                return None
        if day >= today:
            return day
    return None
