"""How likely a candidate topic is the right answer to a question: a small logistic model over
the evidence the matcher has, calibrated on labelled development questions.

The decision answer / "¿Quisiste decir…?" / "no lo sé" compares these probabilities with two
thresholds from config.yaml, so staff can read `faqbot eval`'s reliability table and see what a
threshold change would do. The weights come from `python -m bot.understanding.calibration` (cross-validated,
written to calibration.json beside this file); here they are only applied: a dot product and a
sigmoid per candidate, no dependency.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Outcome = Literal["answer", "suggest", "none"]

CALIBRATION_FILE = Path(__file__).with_name("calibration.json")
MATCHED_SCALE = 6.0  # shared weight from which the evidence counts as plenty
OWN_WORDS_FIT = 0.9  # share of a follow-up's own words a topic explains to be its subject
# A runner-up this likely means two readings fit the question ("vigente"): ask which one.
CONTESTED = 0.5
SAME_QUESTION = 90.0  # a lexical score (0-100) this high: the same question in other words

# What the model sees of a candidate (all roughly 0..1):
FEATURES = (
    "score",  # the matcher's lexical score
    "margin",  # lead over the best other reading: another topic or a known out-of-scope question
    "sure_margin",  # the lead, counted only as far as the evidence behind it goes
    "coverage",  # share of the question's weight that the topic's best phrasing explains
    "matched",  # how much evidence the candidate shares with the question (0: one light word)
    "unknown",  # share of the question's weight in words the knowledge base never uses
    "outside",  # share in words only known out-of-scope questions use (fuera_de_tema)
    "negative",  # how much closer a known out-of-scope question is
    "same_topic",  # a follow-up whose own words fit the topic the conversation is on
    "related_topic",  # ... or a topic related to it
    "short",  # few words: less evidence either way
)


@dataclass(frozen=True)
class CandidateEvidence:
    """What the matcher knows about one candidate topic for one question."""

    intent: str
    score: float  # 0-100
    coverage: float  # 0-1
    matched: float  # weight shared with the question's words
    own: float = 1.0  # share of the question's own words (not those a follow-up borrows) it explains


@dataclass(frozen=True)
class QuestionEvidence:
    """What the matcher knows about the question as a whole."""

    candidates: tuple[CandidateEvidence, ...]  # real topics, best score first
    negative: float  # best score (0-100) of a known out-of-scope group
    negative_group: str | None  # which group that is
    unknown: float  # 0-1
    outside: float  # 0-1
    words: int  # distinct content words
    # Per candidate, for a follow-up: 1 for the topic just answered, 0.5 for the one before it,
    # 0 otherwise; and 1 for a topic related to the one just answered.
    followup: tuple[float, ...] = ()
    related: tuple[float, ...] = ()


def features(evidence: QuestionEvidence, index: int) -> list[float]:
    """The FEATURES of candidate `index`."""
    candidate = evidence.candidates[index]
    others = [c.score for i, c in enumerate(evidence.candidates) if i != index]
    # "no me acuerdo de mi matricula" fits an NSS phrasing and no other topic, but a known
    # out-of-scope question fits it nearly as well: that is the reading to beat too.
    best_other = max(max(others, default=0.0), evidence.negative)
    margin = (candidate.score - best_other) / 100
    fits = candidate.own >= OWN_WORDS_FIT
    matched = min(1.0, candidate.matched / MATCHED_SCALE)
    return [
        candidate.score / 100,
        margin,
        margin * matched,
        candidate.coverage,
        matched,
        evidence.unknown,
        evidence.outside,
        (evidence.negative - candidate.score) / 100,
        # The conversation's topic counts only when the follow-up's own words all fit it: after
        # "que documento entrego", "y cuando lo llevo" is on the dates, not the document.
        (evidence.followup[index] if evidence.followup and fits else 0.0),
        (evidence.related[index] if evidence.related and fits else 0.0),
        1 / (1 + evidence.words),
    ]


def ceiling(evidence: QuestionEvidence, index: int) -> float:
    """The most a candidate's confidence may be, whatever the model says. A question staff
    filed as out of scope (`fuera_de_tema`) that matches at least as well as the topic stands
    against it: when it is all but the same question, the topic is never offered (0); otherwise
    the topic may be offered but is never answered outright (CONTESTED), since lexically the two
    readings are tied ("donde hago mi servicio social" is not about the insurance; "tengo seguro
    de gastos medicos mayores" is, though a known question about buying one matches it)."""
    if evidence.negative < evidence.candidates[index].score:
        return 1.0
    return 0.0 if evidence.negative >= SAME_QUESTION else CONTESTED


def decide(
    confidences: Sequence[float], answer_at: float, suggest_at: float, alone_at: float, limit: int
) -> tuple[Outcome, int]:
    """Outcome and how many candidates to show, for confidences sorted best first: answer the
    first if it is likely enough (or if it is the only plausible one and likely enough for
    that: a lone "¿Quisiste decir…?" button for a clear question helps nobody) and no other
    topic is as likely right as not, else offer those plausible enough, else none."""
    contested = len(confidences) > 1 and confidences[1] >= CONTESTED
    if confidences and confidences[0] >= answer_at and not contested:
        return "answer", min(limit, len(confidences))
    offered = sum(1 for c in confidences[:limit] if c >= suggest_at)
    if offered == 1 and confidences[0] >= alone_at:
        return "answer", min(limit, len(confidences))
    return ("suggest", offered) if offered else ("none", min(1, len(confidences)))


@dataclass(frozen=True)
class ConfidenceModel:
    """Logistic weights per feature, plus the thresholds cross-validation recommends."""

    weights: tuple[float, ...]
    bias: float
    answer_confidence: float = 0.5
    suggest_confidence: float = 0.2
    alone_confidence: float = 0.5  # answer the only plausible topic from here

    def probability(self, values: Sequence[float]) -> float:
        z = self.bias + sum(w * v for w, v in zip(self.weights, values, strict=True))
        return 1 / (1 + math.exp(-z)) if z > -40 else 0.0

    @classmethod
    def load(cls, path: Path = CALIBRATION_FILE) -> ConfidenceModel:
        data = json.loads(path.read_text(encoding="utf-8"))
        if tuple(data["features"]) != FEATURES:
            raise ValueError(
                f"{path} was calibrated for other features; run python -m bot.understanding.calibration"
            )
        return cls(
            tuple(data["weights"]),
            data["bias"],
            data["answer_confidence"],
            data["suggest_confidence"],
            data["alone_confidence"],
        )
