"""What the confidence model learns from: one example per candidate topic the matcher ranks for a
question (its features, and whether it is the expected topic), from the labelled development
questions and from the knowledge base's own phrasings, each asked of a matcher built without it.

Apart from `bot/understanding/calibration.py` because gathering the evidence is the one step that
runs the matcher; fitting and choosing thresholds (`logistic.py`, `thresholds.py`) only count.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, replace

from bot.knowledge import KnowledgeBase, Topic
from bot.understanding.confidence import FEATURES, ConfidenceModel, ceiling, features
from bot.understanding.evaluation import Question
from bot.understanding.matching import NONE_INTENT, Matcher, MatchSettings

KNOWLEDGE_FOLDS = 10
# The matchers here only gather evidence: they must not need the calibration they produce
# (after a change of FEATURES, the shipped one no longer fits).
UNFITTED = ConfidenceModel(tuple(0.0 for _ in FEATURES), 0.0)


@dataclass
class Case:
    """One question: its candidates' features and which candidate (if any) is right."""

    question: Question
    rows: list[list[float]]
    intents: list[str]
    ceilings: list[float]  # the most each candidate's confidence may be

    @property
    def labels(self) -> list[int]:
        return [int(intent == self.question.intent) for intent in self.intents]


def cases(matcher: Matcher, questions: Sequence[Question]) -> list[Case]:
    found = []
    for question in questions:
        evidence = matcher.evidence(question.text, _context(matcher, question))
        if evidence is None:
            continue  # small talk or nothing to match: never decided by the model
        # A topic that is never offered teaches nothing.
        kept = [i for i in range(len(evidence.candidates)) if ceiling(evidence, i) > 0]
        found.append(
            Case(
                question,
                [features(evidence, i) for i in kept],
                [evidence.candidates[i].intent for i in kept],
                [ceiling(evidence, i) for i in kept],
            )
        )
    return found


def _context(matcher: Matcher, question: Question) -> tuple[str, ...]:
    """The topic a follow-up's `after` question leads to. The model being fitted cannot decide
    it, so it is the best-ranked one: the `after` questions are clear ones the bot answers."""
    before = matcher.evidence(question.after) if question.after else None
    return (before.candidates[0].intent,) if before and before.candidates else ()


def knowledge_cases(knowledge: KnowledgeBase, folds: int = KNOWLEDGE_FOLDS, seed: int = 11) -> list[Case]:
    """Every phrasing of the knowledge base, asked of a matcher that does not have it."""
    everything = [*knowledge.topics, *knowledge.negatives]
    entries = [(topic, phrasing) for topic in everything for phrasing in topic.phrasings]
    random.Random(seed).shuffle(entries)
    found = []
    for fold in range(folds):
        held = entries[fold::folds]
        left_out = {(topic.id, phrasing) for topic, phrasing in held}
        matcher = Matcher(
            _without(knowledge.topics, left_out),
            knowledge.synonyms,
            MatchSettings(),
            _without(knowledge.negatives, left_out),
            UNFITTED,
        )
        found += cases(
            matcher,
            [Question(phrasing, NONE_INTENT if topic.negative else topic.id) for topic, phrasing in held],
        )
    return found


def _without(topics: list[Topic], left_out: set[tuple[str, str]]) -> list[Topic]:
    return [replace(t, phrasings=tuple(p for p in t.phrasings if (t.id, p) not in left_out)) for t in topics]
