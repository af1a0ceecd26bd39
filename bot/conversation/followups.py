"""A follow-up that lands on the topic just answered never gets the same answer again: the
student asking again is saying the answer did not help. Either the answer holds the detail they
ask about (quote just that sentence), or it does not (say so plainly and point to the office).
Only a student who asks for it ("¿me lo repites?") gets the whole answer again.
"""

from __future__ import annotations

import html
import re

from bot.knowledge.telegram_html import to_plain_text
from bot.normalize import (
    COMMON_WORDS,
    LIGHT_WORDS,
    STOPWORDS,
    SynonymRewriter,
    expand_abbreviations,
    fold,
    stem,
)

_REPEAT = re.compile(r"\b(?:repit\w*|repet\w*|otra vez|de nuevo|vuelve\w* a decir|no lo vi|"
                     r"no alcance a leer)\b")
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")
_CLAUSE = re.compile(r",\s+")
# Words of the topic itself: every sentence of every answer is about them.
_TOPIC_WORDS = frozenset({stem(w) for w in "seguro facultativo medico estudiantil estudiantes "
                          "estudiante imss escuela".split()})
MIN_SENTENCE_CHARS = 25


def asks_to_repeat(text: str) -> bool:
    return bool(_REPEAT.search(fold(text)))


def _content(text: str, synonyms: SynonymRewriter | None) -> set[str]:
    folded = fold(text)
    words = expand_abbreviations((synonyms.rewrite(folded) if synonyms else folded).split())
    return {stem(w) for w in words
            if w not in STOPWORDS and w not in LIGHT_WORDS and w not in COMMON_WORDS
            and len(w) > 2} - _TOPIC_WORDS


def pieces(answer_html: str) -> list[str]:
    """The answer's sentences as plain text, long ones cut at commas into clauses of their own
    (a short clause joins the next), so a detail can be quoted without the whole answer."""
    found: list[str] = []
    for sentence in _SENTENCE_END.split(to_plain_text(answer_html)):
        pending = ""
        for clause in _CLAUSE.split(sentence.strip()):
            pending = f"{pending}, {clause}" if pending else clause
            if len(pending) >= MIN_SENTENCE_CHARS:
                found.append(pending)
                pending = ""
        if pending and found:
            found[-1] = f"{found[-1]}, {pending}"
        elif pending:
            found.append(pending)
    return [piece for piece in found if len(piece) >= MIN_SENTENCE_CHARS]


def detail(question: str, answer_html: str, synonyms: SynonymRewriter | None = None) -> str | None:
    """The one piece of the answer that speaks of what the question asks, if any."""
    asked = _content(question, synonyms)
    if not asked:
        return None
    best, best_shared = None, 0
    for sentence in pieces(answer_html):
        shared = len(asked & _content(sentence, synonyms))
        if shared > best_shared:
            best, best_shared = sentence, shared
    return best


def quoted(sentence: str) -> str:
    return f"«{html.escape(sentence)}»"
