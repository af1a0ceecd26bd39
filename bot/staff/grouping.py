"""Grouping the questions the bot could not answer, so staff read one line per question asked
in many ways ("donde estaciono la bici", "hay estacionamiento para bicis", "donde dejo mi
bicicleta") instead of one line per spelling.

Questions are compared by what the matcher makes of them (typo repair, synonyms, stems), each
word weighted by how rare it is among the questions and how much it says (question words and
everyday verbs little), with a stem counting as the same word as its longer forms ("bici",
"biciclet"). The work stays near-linear in the number of questions: identical questions are
grouped first, each new question is compared only with the first members of the groups that
share one of its most telling words, and one student cannot fill the report (at most
PER_STUDENT of theirs count).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from bot.knowledge.checks import OTHER_OUT_OF_SCOPE
from bot.normalize import fold

Terms = Callable[[str], dict[str, float]]  # text -> {stem: how much it says, 0..1}
SIMILAR = 0.5  # weighted overlap for two questions to be "the same question"
PER_STUDENT = 20
EXAMPLES = 5
TELLING = 3  # a question is compared with groups sharing one of its TELLING heaviest words
CANDIDATES_PER_WORD = 16
LINKED = 4  # a question is compared with the first LINKED members of a candidate group
MIN_PREFIX = 4


@dataclass(frozen=True)
class Asked:
    """One unanswered question, as the journal has it."""

    text: str
    student: str
    nearest: str  # the closest topic the bot found, or "none"
    nearest_score: float
    redirect: str | None = None  # the fuera_de_tema group it matched: that is its group


@dataclass
class QuestionGroup:
    """Unanswered questions that say roughly the same thing."""

    count: int
    students: int
    examples: list[str]
    nearest: str  # the topic most of them were closest to, or "none"
    nearest_score: float
    keys: list[str] = field(default_factory=list)  # the questions as compared (folded)
    redirect: str | None = None  # the fuera_de_tema group all of them matched, if any


def group_questions(asked: Sequence[Asked], terms: Terms) -> list[QuestionGroup]:
    """Groups, largest first; `asked` newest last (the per-student cap keeps the newest).
    Questions that matched one out-of-scope group are one group, however they are worded (the
    matcher already said they are the same question); the others are grouped by their words,
    so a question about the insurance never shares a group with one about something else (nor
    with one the matcher found out of scope without a group: those are grouped among
    themselves)."""
    kept = _cap_per_student(asked)
    outside: dict[str, list[Asked]] = defaultdict(list)
    for question in kept:
        if question.redirect and question.redirect != OTHER_OUT_OF_SCOPE:
            outside[question.redirect].append(question)
    result = [_redirected(group, members) for group, members in outside.items()]
    result += _by_words([q for q in kept if q.redirect == OTHER_OUT_OF_SCOPE], terms)
    result += _by_words([q for q in kept if not q.redirect], terms)
    result.sort(key=lambda g: (-g.count, -g.students))
    return result


def _redirected(group: str, members: list[Asked]) -> QuestionGroup:
    keys = list(dict.fromkeys(fold(q.text) for q in members))
    summary = _summary(members, keys)
    summary.nearest, summary.redirect = group, group
    summary.nearest_score = max(q.nearest_score for q in members)
    return summary


def _by_words(kept: list[Asked], terms: Terms) -> list[QuestionGroup]:
    by_key: dict[str, list[Asked]] = defaultdict(list)
    for question in kept:  # in the order asked, which _summary's examples follow on ties
        by_key[fold(question.text)].append(question)
    vectors = _vectors({key: terms(key) for key in by_key})
    sizes = {key: sum(vector.values()) for key, vector in vectors.items()}

    groups: list[list[str]] = []  # keys, the first is the group's representative
    postings: dict[str, list[int]] = defaultdict(list)
    for key in sorted(by_key, key=lambda k: (-len(by_key[k]), k)):
        vector = vectors[key]
        telling = sorted(vector, key=vector.__getitem__, reverse=True)[:TELLING]
        candidates = {g for word in telling for g in postings[word][-CANDIDATES_PER_WORD:]}
        best, best_similarity = None, SIMILAR
        for index in sorted(candidates):
            similarity = max(
                _overlap(vector, vectors[member], min(sizes[key], sizes[member]))
                for member in groups[index][:LINKED]
            )
            if similarity >= best_similarity:
                best, best_similarity = index, similarity
        if best is None:
            best = len(groups)
            groups.append([])
        if len(groups[best]) < LINKED:  # a question joins through any of the first members
            for word in telling:
                if best not in postings[word][-1:]:
                    postings[word].append(best)
        groups[best].append(key)
    order = {id(question): position for position, question in enumerate(kept)}
    return [
        _summary(sorted((q for key in keys for q in by_key[key]), key=lambda q: order[id(q)]), keys)
        for keys in groups
    ]


def _cap_per_student(asked: Sequence[Asked]) -> list[Asked]:
    seen: Counter[str] = Counter()
    kept = []
    for question in reversed(asked):
        seen[question.student] += 1
        if seen[question.student] <= PER_STUDENT:
            kept.append(question)
    kept.reverse()
    return kept


def _vectors(raw: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
    """Each question's words, longer forms folded into their stem, weighted by rarity."""
    canonical = _shortest_prefixes({word for words in raw.values() for word in words})
    merged: dict[str, dict[str, float]] = {}
    frequency: Counter[str] = Counter()
    for key, words in raw.items():
        vector: dict[str, float] = {}
        for word, weight in words.items():
            word = canonical[word]
            vector[word] = max(vector.get(word, 0.0), weight)
        merged[key] = vector
        frequency.update(vector)
    total = len(raw)
    return {
        key: {word: weight * math.log(1 + total / frequency[word]) for word, weight in vector.items()}
        for key, vector in merged.items()
    }


def _shortest_prefixes(words: Iterable[str]) -> dict[str, str]:
    """word -> the shortest other word (at least MIN_PREFIX long) it starts with, or itself."""
    known = set(words)
    canonical = {}
    for word in known:
        canonical[word] = next(
            (word[:end] for end in range(MIN_PREFIX, len(word)) if word[:end] in known), word
        )
    return canonical


def _overlap(a: dict[str, float], b: dict[str, float], smaller: float) -> float:
    """Weighted overlap coefficient: the share of the shorter question the other one says too
    ("cual es la clave del wifi" / "como me conecto al wifi"); `smaller` is the lighter
    vector's total weight. On a labelled sample it kept every group pure and twice as many
    paraphrases together as Dice similarity did (issue 10's figures)."""
    if len(b) < len(a):
        a, b = b, a
    shared = sum(min(weight, b[word]) for word, weight in a.items() if word in b)
    return shared / smaller if smaller else 0.0


def _summary(members: list[Asked], keys: list[str]) -> QuestionGroup:
    nearest = Counter(q.nearest for q in members).most_common(1)[0][0]
    score = max((q.nearest_score for q in members if q.nearest == nearest), default=0.0)
    by_text = Counter(q.text for q in members)
    examples = [text for text, _ in by_text.most_common(EXAMPLES)]
    return QuestionGroup(len(members), len({q.student for q in members}), examples, nearest, score, keys)
