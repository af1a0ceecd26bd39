"""What a message is besides a question: an "ok" that takes note, an "ok"/"oye"/"sorry" before
the question, a statement after an emergency ("ya llegó la ambulancia"). Read before any
matching, so that a student's manner never hides what they ask, nor is taken for a question."""

from __future__ import annotations

import re

from bot.normalize import expand_abbreviations, fold

APPROVING = ("👍", "👌", "🙏", "🙌", "👏", "❤", "✅", "💯")
_ACKNOWLEDGING = frozenset("ok oki okey va vale sale listo perfecto gracias".split())
MAX_ACK_WORDS = 6


# Words that open a message without asking anything ("ok y dónde la entrego", "oye, sorry…").
_PREAMBLE = _ACKNOWLEDGING | frozenset(
    "oye oiga sorry perdon disculpa disculpe bueno ah ahh aja mmm jaja".split()
)


def without_preamble(text: str) -> str:
    """The question after "ok", "oye", "sorry"… when one follows; else the text as it is."""
    words = text.split()
    cut = 0
    while cut < len(words) and fold(words[cut]) in _PREAMBLE:
        cut += 1
    rest = words[cut:]
    asked = [w for w in fold(" ".join(rest)).split() if w not in _PREAMBLE]
    return " ".join(rest) if cut and len(asked) >= 2 else text


_QUESTION_WORDS = frozenset(
    "que cual cuales cuando donde como cuanto cuantos quien hasta puedo hay tengo sirve cubre".split()
)


def spelled_out(text: str) -> str:
    """Folded, with chat abbreviations written out ("q" is "que"): what the word patterns read."""
    return " ".join(expand_abbreviations(fold(text).split()))


def asks(text: str) -> bool:
    """A question mark or a question word ("ok y dónde la entrego")."""
    return "?" in text or any(word in _QUESTION_WORDS for word in spelled_out(text).split())


def acknowledges(text: str) -> bool:
    """A short message that takes note ("ok espero entonces", "va, gracias")."""
    words = fold(text).split()
    return 0 < len(words) <= MAX_ACK_WORDS and (words[0] in _ACKNOWLEDGING or "gracias" in words)


def news(text: str) -> bool:
    """A short statement, not a question ("ya llegó la ambulancia", "ya estoy en urgencias")."""
    return 0 < len(fold(text).split()) <= MAX_ACK_WORDS + 2 and "?" not in text


HELP_ARRIVED = re.compile(
    r"\bya (?:estoy|estamos|esta|estan) en (?:urgencias|el hospital|la clinica|el imss)\b|"
    r"\bya (?:llego|vino|llegaron|vinieron) (?:la ambulancia|los paramedicos)\b|"
    r"\bya (?:me|lo|la|nos) (?:llevaron|atendieron|estan atendiendo)\b"
)
