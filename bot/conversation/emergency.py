"""Urgent health situations: before anything else, a safety line (call 911 or go to the nearest
emergency room). It is read from words, not from the matcher, so no threshold, calibration or
flood limit can hold it back; a false alarm costs one line, a missed one could cost much more.

The words are folded like everything else; a phrase's last word may be its beginning ("me
desmay" is "me desmayé" and "me desmayo"). Staff add words in `faq/asistente.yaml`
(`emergencia.palabras`) and may rewrite the message; the defaults below always apply.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.normalize import fold

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
    "sangrad",
    "sangrand",
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
    "me duele mucho el pecho",
    "dolor de pecho",
)


class EmergencyWords:
    """Says whether a message speaks of an urgent health situation."""

    def __init__(self, extra: Iterable[str] = ()) -> None:
        phrases = {tuple(fold(p).split()) for p in (*DEFAULT_WORDS, *extra)}
        self._phrases = [p for p in phrases if p]

    def __call__(self, text: str) -> bool:
        words = fold(text).split()
        return any(_contains(words, phrase) for phrase in self._phrases)


def _contains(words: list[str], phrase: tuple[str, ...]) -> bool:
    """The phrase's words in a row, its last word as a beginning ("desmay" ~ "desmaye")."""
    *whole, last = phrase
    size = len(phrase)
    for start in range(len(words) - size + 1):
        if list(words[start : start + size - 1]) == whole and words[start + size - 1].startswith(last):
            return True
    return False
