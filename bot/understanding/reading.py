"""Reading a question: turning free text into the Spanish stems the matcher compares.

Both the staff phrasings and the question go through the same steps, so they are compared like
with like: folding, abbreviations, repair against the knowledge base's own vocabulary
(`bot/understanding/spelling.py`, for a student's question only), synonyms and stopwords, then
stems. Personal data (runs of three or more digits, CURP-shaped codes) is dropped first: it is
never evidence.

A negation joins the word it negates, because "no quiero el seguro" is not "quiero info del
seguro"; "no sé" is a shrug and is left out. "Seguro de vida" is another insurance, not the one
every question here is about, so it is read as "aseguradora".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.normalize import (
    STOPWORDS,
    SynonymRewriter,
    expand_abbreviations,
    fold,
    is_personal_token,
    small_talk_kind,
    stem,
)
from bot.understanding.spelling import Speller

# "no sé" is a shrug, not a negation: "no se si ya me dieron de alta".
NOT_KNOWING = " no se "
# Words that open a follow-up ("y cuánto cuesta", "pero si ya lo tengo").
FOLLOWUP_OPENERS = frozenset("y e pero entonces osea tambien ademas aparte igual".split())
_TAG_OR_URL = re.compile(r"<[^>]*>|https?://\S+")
OTHER_INSURANCE = "aseguradora"
# "seguro de vida", "seguro del carro": another insurance. Not "seguro de mi escuela", "seguro del
# imss" or "seguro de estudiante" (the synonyms already turned most of those into the topic).
_OTHER_INSURANCE = re.compile(
    r"\bseguro (?=(?:de|del) (?!(?:mi|mis|tu|tus|su|sus|la|el|los|las|este|esta|imss|escuela|"
    r"estudiante|estudiantes|alumno|alumnos|universidad|preparatoria|facultad)\b))"
)


@dataclass
class Analysis:
    """One text, read: its distinct features (stems, negations joined) in order of appearance."""

    features: list[str] = field(default_factory=list)
    tokens: list[tuple[str, str]] = field(default_factory=list)  # (word, its feature)
    small_talk: str | None = None  # 'greeting' | 'thanks' | 'goodbye' | 'about_bot'
    opener: bool = False  # starts like a follow-up ("y ...", "pero ...")

    def text(self, drop: frozenset[str] = frozenset()) -> str:
        """The words read, without those whose feature is in `drop` (for whole-text similarity)."""
        return " ".join(word for word, feature in self.tokens if feature not in drop)

    def sorted_text(self, drop: frozenset[str] = frozenset()) -> str:
        """`text()` with its words in alphabetical order: what rapidfuzz's token_sort_ratio
        compares, sorted once rather than at every comparison (`fuzz.ratio` of two is the same)."""
        return " ".join(sorted([word for word, feature in self.tokens if feature not in drop]))


def read(text: str, rewriter: SynonymRewriter, speller: Speller | None = None) -> Analysis:
    """The features of `text`; with a `speller`, typos are repaired first (a student's text)."""
    # (A personal token has digits: most words are spared the pattern.)
    words = [w for w in staff_words(text) if w.isalpha() or not is_personal_token(w)]
    opener = bool(words) and words[0] in FOLLOWUP_OPENERS
    if speller is not None:
        words = [speller.repair(w) for w in words]
    return _read_words(words, rewriter, small_talk_kind(words), opener)


def staff_words(text: str) -> list[str]:
    """The words of a text as typed, abbreviations spelled out (the vocabulary typos go to)."""
    return expand_abbreviations(fold(text).split())


def read_staff(words: list[str], rewriter: SynonymRewriter) -> Analysis:
    """`read()` of a staff phrasing from its `staff_words`: no typo repair, and no small talk
    (a phrasing is matched, never greeted), so a large knowledge base loads quickly."""
    words = [w for w in words if w.isalpha() or not is_personal_token(w)]
    return _read_words(words, rewriter, None, bool(words) and words[0] in FOLLOWUP_OPENERS)


def _read_words(words: list[str], rewriter: SynonymRewriter, talk: str | None, opener: bool) -> Analysis:
    rewritten = rewriter.rewrite(" ".join(words)).replace(NOT_KNOWING, " ")
    if "seguro " in rewritten:
        rewritten = _OTHER_INSURANCE.sub(f"{OTHER_INSURANCE} ", rewritten)
    tokens = [t for t in rewritten.split() if t not in STOPWORDS]
    stems = [stem(t) for t in tokens]
    return Analysis(
        list(dict.fromkeys(_with_negations(stems))), list(zip(tokens, stems, strict=True)), talk, opener
    )


def plain_words(answer: str) -> str:
    """An answer's text without its HTML tags and links, which are not words a student types."""
    return _TAG_OR_URL.sub(" ", answer)


def _with_negations(stems: list[str]) -> list[str]:
    """'no' joins the word it negates: "no quiero el seguro" also gives 'no_quier', which is
    what sets it apart from "quiero info del seguro"."""
    features_ = []
    for position, feature in enumerate(stems):
        if feature == "no":
            if position + 1 < len(stems):
                features_.append(f"no_{stems[position + 1]}")
            continue
        features_.append(feature)
    return features_
