"""Urgent health situations: before anything else, a safety line (call 911 or go to the nearest
emergency room). It is read from words, not from the matcher, so no threshold, calibration or
flood limit can hold it back; a false alarm costs one line, a missed one could cost much more.

The words are folded like everything else; a phrase's last word may be its beginning ("me
desmay" is "me desmayé" and "me desmayo"), and "…" joins parts that may have words between them
("dolor … pecho" is "un dolor muy fuerte en el pecho"). Staff add words in `faq/asistente.yaml`
(`emergencia.palabras`) and may rewrite the message; the defaults below always apply.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.normalize import fold

_GAP = re.compile(r"…|\.\.\.")  # "dolor … pecho": other words may come between

DEFAULT_WORDS = (
    "emergencia",
    "emergensia",
    "emerjencia",
    "urgencias",
    "es urgente de salud",
    "me siento muy mal",
    "me siento mal",
    "me siento fatal",
    "me estoy muriendo",
    "me desmay",
    "se desmay",
    "desmayad",
    "desmayo",
    "accidente",
    "me atropell",
    "lo atropell",
    "la atropell",
    "sangra",  # sangrar, sangrando, sangrado (not "análisis de sangre")
    "no deja de sangr",
    "mucha sangre",
    "no puedo respirar",
    "no puede respirar",
    "me falta el aire",
    "le falta el aire",
    "me quiero morir",
    "quiero morir",
    "me quiero matar",
    "suicid",
    "quitarme la vida",
    "hacerme dano",
    "infarto",
    "convulsion",
    "convulsiona",
    "envenen",
    "intoxic",
    "sobredosis",
    "dolor … pecho",
    "duele … pecho",
    "se me duerme el brazo",
    "no reacciona",
    "no respira",
    "inconscien",
    "perdio el conocimiento",
    "me ahogo",
    "se esta ahogando",
)


class EmergencyWords:
    """Says whether a message speaks of an urgent health situation."""

    def __init__(self, extra: Iterable[str] = ()) -> None:
        phrases = {
            tuple(parts)
            for phrase in (*DEFAULT_WORDS, *extra)
            if (parts := [tuple(fold(part).split()) for part in _GAP.split(phrase)]) and all(parts)
        }
        self._phrases = sorted(phrases)

    def __call__(self, text: str) -> bool:
        words = fold(text).split()
        return any(_contains_in_order(words, parts) for parts in self._phrases)


def _contains_in_order(words: list[str], parts: tuple[tuple[str, ...], ...]) -> bool:
    """Each part found after the one before it."""
    start = 0
    for part in parts:
        found = _find(words, part, start)
        if found is None:
            return False
        start = found + len(part)
    return True


def _find(words: list[str], phrase: tuple[str, ...], start: int = 0) -> int | None:
    """Where the phrase's words are in a row, its last word as a beginning ("desmay" ~ "desmaye")."""
    *whole, last = phrase
    size = len(phrase)
    for at in range(start, len(words) - size + 1):
        if words[at : at + size - 1] == whole and words[at + size - 1].startswith(last):
            return at
    return None
