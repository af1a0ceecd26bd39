"""Several questions in one message ("qué documento entrego y hasta cuándo lo puedo entregar?")
are answered each, up to three. A message is cut where a new question clearly starts: after a
question mark, at a line break, or at "y"/"también"/"además" followed by a question word. Cutting
anywhere else would turn one question into two wrong halves."""

from __future__ import annotations

import re

from bot.normalize import fold

MAX_QUESTIONS = 3
_BREAK = re.compile(r"[?¿\n]+")
_JOIN = re.compile(r"\s+(?:y|e|tambi[eé]n|adem[aá]s|y tambi[eé]n|y adem[aá]s|aparte)\s+(?=\S)", re.IGNORECASE)
_FILLERS = frozenset("y e tambien ademas aparte despues luego entonces o".split())
_OPENERS = frozenset(
    "que q k como cuando cuanto donde cual cuales cuanta cuantos quien quienes hasta a en con "
    "para pa por puedo tengo debo necesito ocupo hay".split()
)
# Openers that are only questions when a question word follows ("a que clinica", "en que fecha").
_NEEDS_QUESTION_WORD = frozenset("a en con para por hasta".split())
_QUESTION_WORDS = frozenset("que q k cual cuales cuando donde quien cuanto".split())
MIN_WORDS = 2


def split_questions(text: str) -> list[str]:
    """The questions in a message, in order; one element when it holds a single question."""
    pieces: list[str] = []
    for chunk in _BREAK.split(text):
        pieces += _split_at_joins(chunk)
    questions = [p.strip(" ,.;!") for p in pieces if len(fold(p).split()) >= MIN_WORDS]
    return questions[:MAX_QUESTIONS] if len(questions) > 1 else [text]


def _split_at_joins(chunk: str) -> list[str]:
    """Cut a chunk at a joining word only where what follows opens a question."""
    parts, start = [], 0
    for join in _JOIN.finditer(chunk):
        if _opens_question(chunk[join.end() :]):
            parts.append(chunk[start : join.start()])
            start = join.end()
    parts.append(chunk[start:])
    return parts


def _opens_question(rest: str) -> bool:
    words = fold(rest).split()[:4]
    while words and words[0] in _FILLERS:
        words.pop(0)
    if not words or words[0] not in _OPENERS:
        return False
    if words[0] in _NEEDS_QUESTION_WORD:
        return len(words) > 1 and words[1] in _QUESTION_WORDS
    return True
