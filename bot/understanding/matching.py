"""Matching a student's free text to a knowledge-base topic: answer, suggest, or say "no lo sé".

The question is read into Spanish stems the way the staff phrasings were
(`bot.understanding.reading`) and scored against the phrasing index built from the knowledge base
(`bot.understanding.phrasing_index`, `bot.understanding.scoring`): each candidate topic gets a
lexical score and the evidence behind it. A short follow-up is read in the light of the topics the
conversation was just on, which is why `match()` takes them.

`bot.understanding.confidence` turns the evidence into the probability that a candidate is right,
and the decision compares it with the thresholds (config.yaml's, or calibration's).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from bot.knowledge import KnowledgeBase, Topic
from bot.normalize import COMMON_WORDS, LIGHT_WORDS, SynonymRewriter
from bot.understanding.confidence import (
    ConfidenceModel,
    Outcome,
    QuestionEvidence,
    ceiling,
    decide,
    features,
)
from bot.understanding.phrasing_index import LIGHT_WEIGHT, PhrasingIndex
from bot.understanding.reading import Analysis, read
from bot.understanding.scoring import Scorer
from bot.understanding.spelling import Speller

NONE_INTENT = "none"
TERM_LIGHT = 0.2  # a question word's share when grouping questions (they say even less there)
# What happened to a question, as the journal records it and the conversation tells apart.
Kind = Literal["answer", "suggest", "none", "small_talk", "empty"]


@dataclass(frozen=True)
class MatchSettings:
    """Decision thresholds (config.yaml `matching:`) on the calibrated confidence, 0-1."""

    answer_confidence: float | None = None  # None: what calibration recommends
    suggest_confidence: float | None = None
    alone_confidence: float | None = None  # the only plausible topic is answered from here
    max_suggestions: int = 3


@dataclass(frozen=True)
class Candidate:
    intent: str
    score: float  # lexical, 0-100
    confidence: float = 0.0  # probability that this is the right answer, 0-1


@dataclass(frozen=True)
class MatchResult:
    """What the matcher concluded about one question."""

    outcome: Outcome
    candidates: tuple[Candidate, ...] = ()
    small_talk: str | None = None  # 'greeting' | 'thanks' | 'goodbye' | 'about_bot'
    empty: bool = False  # nothing to match: emoji, punctuation, only filler words
    redirect: str | None = None  # the fuera_de_tema group the question belongs to
    followup: bool = False  # read in the light of the conversation

    @property
    def intent(self) -> str:
        """The top intent offered, or 'none'."""
        return self.candidates[0].intent if self.candidates else NONE_INTENT

    @property
    def score(self) -> float:
        return self.candidates[0].score if self.candidates else 0.0

    @property
    def confidence(self) -> float:
        return self.candidates[0].confidence if self.candidates else 0.0

    @property
    def kind(self) -> Kind:
        """The outcome, or 'small_talk' / 'empty' when there was nothing to match."""
        if self.small_talk:
            return "small_talk"
        return "empty" if self.empty else self.outcome


class Matcher:
    """Index of every phrasing; `match()` is pure and safe to call from many tasks."""

    def __init__(
        self,
        topics: Iterable[Topic],
        synonyms: Mapping[str, Iterable[str]],
        settings: MatchSettings | None = None,
        negatives: Iterable[Topic] = (),
        model: ConfidenceModel | None = None,
    ) -> None:
        self.settings = settings or MatchSettings()
        self.model = model or ConfidenceModel.load()
        self._thresholds = _thresholds(self.settings, self.model)
        self._rewriter = SynonymRewriter(synonyms)
        self._topics = list(topics)
        self._negatives = list(negatives)
        self._related = {t.id: frozenset(t.related) for t in self._topics}
        self._index = PhrasingIndex(self._topics, self._negatives, self._rewriter)
        self._speller = Speller(self._index.vocabulary, LIGHT_WORDS | COMMON_WORDS, self._index.known_stems)
        self._scorer = Scorer(self._index, self._related)

    @classmethod
    def for_knowledge(cls, knowledge: KnowledgeBase, settings: MatchSettings | None = None) -> Matcher:
        """The matcher of a knowledge base: its topics, synonyms and out-of-scope groups."""
        return cls(knowledge.topics, knowledge.synonyms, settings, knowledge.negatives)

    # ----- deciding -----------------------------------------------------------------------

    def match(self, text: str, context: Sequence[str] = ()) -> MatchResult:
        """Answer, suggest or say "no lo sé"; `context` is the topics the conversation was
        just on, most recent first (a short follow-up is read in their light)."""
        analysis = self._read(text)
        if analysis.small_talk:
            return MatchResult("none", small_talk=analysis.small_talk)
        evidence, followup = self._scorer.evidence(analysis, context)
        if evidence is None:
            return MatchResult("none", empty=True)
        return self._decide(evidence, followup)

    def evidence(self, text: str, context: Sequence[str] = ()) -> QuestionEvidence | None:
        """What the decision is based on (for calibration); None for small talk and empty."""
        analysis = self._read(text)
        return None if analysis.small_talk else self._scorer.evidence(analysis, context)[0]

    def _decide(self, evidence: QuestionEvidence, followup: bool) -> MatchResult:
        """Candidates by calibrated confidence, and what to do with them (the thresholds)."""
        ranked = sorted(
            (
                Candidate(
                    c.intent,
                    c.score,
                    round(min(ceiling(evidence, i), self.model.probability(features(evidence, i))), 3),
                )
                for i, c in enumerate(evidence.candidates)
            ),
            key=lambda c: (c.confidence, c.score),
            reverse=True,
        )
        outcome, shown = decide(
            [c.confidence for c in ranked], *self._thresholds, self.settings.max_suggestions
        )
        redirect = _redirect(evidence) if outcome == "none" else None
        return MatchResult(outcome, tuple(ranked[:shown]), redirect=redirect, followup=followup)

    def terms(self, text: str) -> dict[str, float]:
        """What a question is about, for grouping questions: its stems after typo repair and
        synonyms, each with how much it says (question words and everyday verbs little)."""
        features_ = self._read(text).features
        known, common = self._index.weights, self._index.common_stems
        return {f: TERM_LIGHT if known.get(f) == LIGHT_WEIGHT or f in common else 1.0 for f in features_}

    def _read(self, text: str) -> Analysis:
        """A student's text, read with typos repaired against the knowledge base's words."""
        return read(text, self._rewriter, self._speller)


def _thresholds(settings: MatchSettings, model: ConfidenceModel) -> tuple[float, float, float]:
    """(answer, suggest, alone): config.yaml's where staff set one, calibration's otherwise."""
    s, m = settings, model
    answer_at = m.answer_confidence if s.answer_confidence is None else s.answer_confidence
    suggest_at = m.suggest_confidence if s.suggest_confidence is None else s.suggest_confidence
    alone_at = m.alone_confidence if s.alone_confidence is None else s.alone_confidence
    return answer_at, suggest_at, max(alone_at, suggest_at)


def _redirect(evidence: QuestionEvidence) -> str | None:
    """The out-of-scope group a rejected question belongs to, when it is the closest match."""
    top = evidence.candidates[0].score if evidence.candidates else 0.0
    return evidence.negative_group if evidence.negative >= max(top, 1.0) else None
