"""Scoring a question against the phrasing index: the evidence the decision is based on.

Every candidate topic gets a lexical score from its best phrasing, a weighted geometric mean of
how much of the question the phrasing covers and how much of the phrasing the question covers,
blended with rapidfuzz's whole-text similarity. Besides the scores, the evidence says how much of
the question the knowledge base does not know, how close a known out-of-scope question comes,
and, for a follow-up, which candidates the conversation was just on.

The topic is implied: every question here is about the Seguro Facultativo, so "¿tiene algún
costo?" is read as "¿el seguro facultativo tiene algún costo?". Its words only add to phrasings
that share another word with the question, or that say nothing else. A short follow-up is read
in the light of the topics the conversation was just on: it borrows the last topic's subject at
a reduced weight, and the topics just answered (or related to them) count as evidence.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from bot.understanding.confidence import CandidateEvidence, QuestionEvidence
from bot.understanding.phrasing_index import LIGHT_WEIGHT, PhrasingIndex
from bot.understanding.reading import Analysis

# A question word found in a topic's answer but in none of its phrasings counts this much.
ANSWER_WORD_CREDIT = 0.5
# How much the score leans on covering the question (vs. covering the phrasing): 3 to 2.
COVER_POWER, SIDE_POWER = 3, 2
# Share of rapidfuzz's whole-phrasing similarity in the final score.
FUZZ_BLEND = 0.3
SHORT_QUESTION = 2  # at most this many content words: a follow-up even without an opener
# A follow-up ("y donde lo saco") borrows what the last topic is about (its subject, see the
# phrasing index) at this share of their weight: the question's own words still decide.
BORROWED_WEIGHT = 0.5
CANDIDATES_SCORED = 4


@dataclass(slots=True)
class _Question:
    """A question's words and their weights, ready to be compared with the phrasings."""

    weights: dict[str, float]  # its own words, then what a follow-up borrows
    core: list[str]  # its own words, without the implied topic's
    own_features: frozenset[str]
    own_weight: float
    query_weight: float  # own and borrowed
    followup: bool


# Per phrasing, the weight it shares with the question: all of it, without the implied topic's
# words, how much of it is answer words, and how much the question's own words.
_Shared = dict[int, list[float]]
# Per topic, its best phrasing: (score before the root, phrasing, covered, matched, own share).
_Best = dict[str, tuple[float, int, float, float, float]]


class Scorer:
    """The evidence a question gives each topic of one phrasing index; pure, like matching."""

    def __init__(self, index: PhrasingIndex, related: Mapping[str, frozenset[str]]) -> None:
        self.index = index
        self.related = related  # per topic, the topics a follow-up may well be about

    def evidence(self, analysis: Analysis,
                 context: Sequence[str]) -> tuple[QuestionEvidence | None, bool]:
        """Everything the decision weighs about a question, and whether it reads as a follow-up."""
        question = self._weigh(analysis, context)
        if question is None:
            return None, False
        unknown, outside = self._unfamiliar(question)
        shared = self._shared(question)
        self._add_implied(question, shared)
        best = self._best_phrasings(question, shared)
        ranked, negative, negative_group = self._candidates(analysis, question, best)
        same, related = _context_signals(ranked, context, question.followup, self.related)
        return QuestionEvidence(tuple(ranked), negative, negative_group, round(unknown, 3),
                                round(outside, 3), len(set(question.core)), same,
                                related), question.followup

    def _weigh(self, analysis: Analysis, context: Sequence[str]) -> _Question | None:
        """Weigh each word by how telling it is, so specific words decide; a follow-up borrows."""
        known = self.index.weights
        # A negation the knowledge base never uses adds nothing: the negated word still counts.
        features_ = [f for f in analysis.features if f in known or not f.startswith("no_")]
        if not features_:
            return None
        implied = self.index.implied
        core = [f for f in features_ if f not in implied]
        weights = {f: known[f] if f in known else self.index.fallback_weight(f)
                   for f in features_}
        followup = bool(context) and (analysis.opener or len(set(core)) <= SHORT_QUESTION)
        own_weight = sum(weights.values())
        own_features = frozenset(weights)
        if followup:  # "y donde lo saco", after the dates: "lo" is the NSS card
            for feature in self.index.subjects.get(context[0], ()):
                if feature not in weights and known.get(feature, 0.0) > LIGHT_WEIGHT:
                    weights[feature] = BORROWED_WEIGHT * known[feature]
        return _Question(weights, core, own_features, own_weight, sum(weights.values()), followup)

    def _unfamiliar(self, question: _Question) -> tuple[float, float]:
        """Shares in unknown and out-of-scope-only words: signs the question is about another thing."""
        known, topic_stems = self.index.weights, self.index.topic_stems
        weights, own_weight = question.weights, question.own_weight
        unknown = sum(w for f, w in weights.items() if f not in known
                      and w > LIGHT_WEIGHT) / own_weight
        outside = sum(w for f, w in weights.items() if f in known
                      and f not in topic_stems) / own_weight
        return unknown, outside

    def _shared(self, question: _Question) -> _Shared:
        """Sum per phrasing what it shares, walking only the question's postings (the hot loop)."""
        implied, postings = self.index.implied, self.index.postings
        weights, own_features = question.weights, question.own_features
        shared: _Shared = {}
        # The implied words are added afterwards (`_add_implied`); a question that is only those
        # words scans them here.
        scan = [f for f in weights if f not in implied] if question.core else list(weights)
        for feature in scan:
            weight = weights[feature]
            core_part = 0.0 if feature in implied else weight
            own_part = weight if feature in own_features else 0.0
            for index, in_answer in postings.get(feature, ()):
                entry = shared.get(index)
                if entry is None:
                    entry = shared[index] = [0.0, 0.0, 0.0, 0.0]
                entry[0] += weight
                entry[1] += core_part
                entry[3] += own_part
                if in_answer:
                    entry[2] += weight
        return shared

    def _add_implied(self, question: _Question, shared: _Shared) -> None:
        """Add the implied words only where another word is shared, else they would fit everything."""
        implied = self.index.implied
        implied_here = [f for f in question.weights if f in implied]
        if not (implied_here and question.core):
            return
        for index in self.index.only_implied:
            shared.setdefault(index, [0.0, 0.0, 0.0, 0.0])
        weights, own_features = question.weights, question.own_features
        implied_in = self.index.implied_in
        for index, entry in shared.items():
            present = implied_in[index]
            for feature in implied_here:
                also_in_answer = present.get(feature)
                if also_in_answer is None:
                    continue
                weight = weights[feature]
                entry[0] += weight
                if also_in_answer:
                    entry[2] += weight
                if feature in own_features:
                    entry[3] += weight

    def _best_phrasings(self, question: _Question, shared: _Shared) -> _Best:
        """Keep each topic's best phrasing: a topic is as close as its closest way of asking."""
        weights = question.weights
        # Evidence each topic's answer gives, before discounting what a phrasing already covers.
        in_answers = {topic: sum(w for f, w in weights.items() if f in answer_features)
                      for topic, answer_features in self.index.answer_features.items()}
        # Score = 100 · (covered^COVER_POWER · side^SIDE_POWER)^(1 / their sum), a weighted
        # geometric mean; phrasings are compared before the root (the same order).
        best: _Best = {}
        phrasings, answered = self.index.phrasings, in_answers.get
        query_weight, own_weight = question.query_weight, question.own_weight
        for index, (overlap, core_overlap, overlap_in_answer, own_overlap) in shared.items():
            phrasing = phrasings[index]
            topic = phrasing.topic
            matched = overlap + ANSWER_WORD_CREDIT * (answered(topic, 0.0) - overlap_in_answer)
            covered = matched / query_weight
            covered = covered if covered < 1.0 else 1.0
            # The phrasing's side leaves the implied words out: "cuanto cuesta el seguro" is all
            # there in "tiene algun costo?". A phrasing that is only those words is all there too.
            side = core_overlap / phrasing.core_weight if phrasing.core_weight else 1.0
            side = side if side < 1.0 else 1.0
            key = covered**COVER_POWER * side**SIDE_POWER
            if key > best.get(topic, (-1.0,))[0]:
                best[topic] = (key, index, covered, matched, own_overlap / own_weight)
        return best

    def _candidates(self, analysis: Analysis, question: _Question,
                    best: _Best) -> tuple[list[CandidateEvidence], float, str | None]:
        """Blend in whole-text similarity; keep the closest out-of-scope group apart, as evidence against."""
        core, phrasings = question.core, self.index.phrasings
        text = analysis.text(self.index.implied) if core else analysis.text()
        ranked: list[CandidateEvidence] = []
        negative, negative_group = 0.0, None
        for topic, (key, index, covered, matched, own) in best.items():
            score = 100.0 * key ** (1 / (COVER_POWER + SIDE_POWER))
            phrasing = phrasings[index]
            ratio = fuzz.token_sort_ratio(text, phrasing.core_text if core else phrasing.text)
            blended = round((1 - FUZZ_BLEND) * score + FUZZ_BLEND * ratio, 1)
            if phrasing.negative:
                if blended > negative:
                    negative, negative_group = blended, topic
            else:
                ranked.append(CandidateEvidence(topic, blended, round(covered, 3),
                                                round(matched, 3), round(min(1.0, own), 3)))
        ranked.sort(key=lambda c: c.score, reverse=True)
        return ranked[:CANDIDATES_SCORED], negative, negative_group


def _context_signals(ranked: list[CandidateEvidence], context: Sequence[str], followup: bool,
                     related_to: Mapping[str, frozenset[str]]
                     ) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Per candidate, whether the conversation was just on it or a related topic: follow-ups are."""
    recent = list(context[:2])
    same = tuple(_recency(c.intent, recent) if followup else 0.0 for c in ranked)
    related = tuple(
        1.0 if followup and c.intent not in recent and any(
            c.intent in related_to.get(t, ()) or t in related_to.get(c.intent, ())
            for t in recent[:1]) else 0.0
        for c in ranked)
    return same, related


def _recency(intent: str, recent: list[str]) -> float:
    """1 for the topic just answered, 0.5 for the one before it, else 0."""
    if intent in recent:
        return 1.0 if recent.index(intent) == 0 else 0.5
    return 0.0
