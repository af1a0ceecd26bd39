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

A question is compared only with the phrasings on its shortlist (`bot.understanding.shortlist`):
those sharing a telling word with it, and the champions of its common words. Whole-text
similarity is computed best lexical score first, and only while a topic can still be among the
candidates or beat the closest out-of-scope group, which gives the same result as blending all.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial

from rapidfuzz import fuzz

from bot.understanding import shortlist
from bot.understanding.confidence import CandidateEvidence, QuestionEvidence
from bot.understanding.phrasing_index import LIGHT_WEIGHT, PhrasingIndex
from bot.understanding.reading import Analysis
from bot.understanding.shortlist import Blended, Shared

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
ROUNDING = 0.1  # blended scores are rounded to a tenth: a bound keeps this much more


@dataclass(slots=True)
class _Question:
    """A question's words and their weights, ready to be compared with the phrasings."""

    weights: dict[str, float]  # its own words, then what a follow-up borrows
    core: list[str]  # its own words, without the implied topic's
    own_features: frozenset[str]
    own_weight: float
    query_weight: float  # own and borrowed
    followup: bool
    # The words whose postings are walked: the implied words are added afterwards
    # (`_implied`), unless the question is only those.
    scan: list[str]


# Per topic, its best phrasing: (score before the root, phrasing, covered, matched, own share).
_Best = dict[str, tuple[float, int, float, float, float]]


class Scorer:
    """The evidence a question gives each topic of one phrasing index; pure, like matching."""

    def __init__(self, index: PhrasingIndex, related: Mapping[str, frozenset[str]]) -> None:
        self.index = index
        self.champions = shortlist.Champions(index)  # what a common word compares a question with
        self.related = related  # per topic, the topics a follow-up may well be about

    def evidence(self, analysis: Analysis, context: Sequence[str]) -> tuple[QuestionEvidence | None, bool]:
        """Everything the decision weighs about a question, and whether it reads as a follow-up."""
        question = self._weigh(analysis, context)
        if question is None:
            return None, False
        unknown, outside = self._unfamiliar(question)
        best = self._best_phrasings(question, self._shared(question))
        ranked, negative, negative_group = self._candidates(analysis, question, best)
        same, related = _context_signals(ranked, context, question.followup, self.related)
        return QuestionEvidence(
            tuple(ranked),
            negative,
            negative_group,
            round(unknown, 3),
            round(outside, 3),
            len(set(question.core)),
            same,
            related,
        ), question.followup

    def _weigh(self, analysis: Analysis, context: Sequence[str]) -> _Question | None:
        """Weigh each word by how telling it is, so specific words decide; a follow-up borrows."""
        known = self.index.weights
        # A negation the knowledge base never uses adds nothing: the negated word still counts.
        features_ = [f for f in analysis.features if f in known or not f.startswith("no_")]
        if not features_:
            return None
        implied = self.index.implied
        core = [f for f in features_ if f not in implied]
        weights = {f: known[f] if f in known else self.index.fallback_weight(f) for f in features_}
        followup = bool(context) and (analysis.opener or len(set(core)) <= SHORT_QUESTION)
        own_weight = sum(weights.values())
        own_features = frozenset(weights)
        if followup:  # "y donde lo saco", after the dates: "lo" is the NSS card
            for feature in self.index.subjects.get(context[0], ()):
                if feature not in weights and known.get(feature, 0.0) > LIGHT_WEIGHT:
                    weights[feature] = BORROWED_WEIGHT * known[feature]
        scan = [f for f in weights if f not in implied] if core else list(weights)
        return _Question(weights, core, own_features, own_weight, sum(weights.values()), followup, scan)

    def _unfamiliar(self, question: _Question) -> tuple[float, float]:
        """Shares in unknown and out-of-scope-only words: signs the question is about another thing."""
        known, topic_stems = self.index.weights, self.index.topic_stems
        weights, own_weight = question.weights, question.own_weight
        unknown = sum(w for f, w in weights.items() if f not in known and w > LIGHT_WEIGHT) / own_weight
        outside = sum(w for f, w in weights.items() if f in known and f not in topic_stems) / own_weight
        return unknown, outside

    def _shared(self, question: _Question) -> Shared:
        """Sum per phrasing what it shares, walking only the question's shortlist (the hot loop)."""
        implied = self.index.implied
        weights, own_features = question.weights, question.own_features
        return shortlist.shared(
            self.index,
            self.champions,
            [
                (f, weights[f], 0.0 if f in implied else weights[f], weights[f] if f in own_features else 0.0)
                for f in question.scan
            ],
        )

    def _implied(self, question: _Question, shared: Shared) -> list[tuple[str, float, bool]]:
        """The implied words to add, with their weight and whether the question has them itself:
        only where another word is shared (and to the phrasings that are only those words),
        else they would fit everything."""
        implied = self.index.implied
        implied_here = [
            (f, w, f in question.own_features) for f, w in question.weights.items() if f in implied
        ]
        if not (implied_here and question.core):
            return []
        for index in self.index.only_implied:
            shared.setdefault(index, [0.0, 0.0, 0.0, 0.0])
        return implied_here

    def _best_phrasings(self, question: _Question, shared: Shared) -> _Best:
        """Keep each topic's best phrasing: a topic is as close as its closest way of asking."""
        implied_here, implied_in = self._implied(question, shared), self.index.implied_in
        # Evidence each topic's answer gives, before discounting what a phrasing already covers.
        in_answers: dict[str, float] = {}
        answer_postings = self.index.answer_postings
        for feature, weight in question.weights.items():
            for topic in answer_postings.get(feature, ()):
                in_answers[topic] = in_answers.get(topic, 0) + weight
        # Score = 100 · (covered^COVER_POWER · side^SIDE_POWER)^(1 / their sum), a weighted
        # geometric mean; phrasings are compared before the root (the same order).
        best: _Best = {}
        topics, core_weights, answered = self.index.topic_of, self.index.core_weight_of, in_answers.get
        query_weight, own_weight = question.query_weight, question.own_weight
        cover_power, side_power, credit = COVER_POWER, SIDE_POWER, ANSWER_WORD_CREDIT
        for index, entry in shared.items():
            present = implied_in[index] if implied_here else None
            if present:  # after the other words: the order the original sums are made in
                for feature, weight, own in implied_here:
                    also_in_answer = present.get(feature)
                    if also_in_answer is not None:
                        entry[0] += weight
                        if also_in_answer:
                            entry[2] += weight
                        if own:
                            entry[3] += weight
            overlap, core_overlap, overlap_in_answer, own_overlap = entry
            topic = topics[index]
            matched = overlap + credit * (answered(topic, 0.0) - overlap_in_answer)
            covered = matched / query_weight
            covered = covered if covered < 1.0 else 1.0
            fit = covered**cover_power
            known = best.get(topic)
            if known is not None and fit < known[0]:
                continue  # its side is at most 1: it cannot beat the topic's best
            # The phrasing's side leaves the implied words out: "cuanto cuesta el seguro" is all
            # there in "tiene algun costo?". A phrasing that is only those words is all there too.
            core_weight = core_weights[index]
            side = core_overlap / core_weight if core_weight else 1.0
            side = side if side < 1.0 else 1.0
            key = fit * side**side_power
            if (
                known is None
                or key > known[0]
                or (key == known[0] and self._earlier(question, index, known[1]))
            ):
                best[topic] = (key, index, covered, matched, own_overlap / own_weight)
        return best

    def _earlier(self, question: _Question, index: int, other: int) -> bool:
        """Of two phrasings that fit equally well, whether `index` is found first in a walk of
        every posting (the shortlist may have found it later)."""
        if not self.champions.lists:
            return False  # every posting was walked, in that order
        return shortlist.found_at(self.index, question.scan, index) < shortlist.found_at(
            self.index, question.scan, other
        )

    def _candidates(
        self, analysis: Analysis, question: _Question, best: _Best
    ) -> tuple[list[CandidateEvidence], float, str | None]:
        """Blend in whole-text similarity; keep the closest out-of-scope group apart, as evidence
        against. Topics are blended best lexical score first, and only while one can still be
        among the candidates or beat the closest out-of-scope group: the same result as blending
        them all, since whole-text similarity is at most 100, and at most 200 · the shorter
        text's length / both lengths."""
        text = analysis.sorted_text(self.index.implied) if question.core else analysis.sorted_text()
        real: list[tuple[float, str]] = []
        negative: list[tuple[float, str]] = []
        negatives = self.index.negative_topics
        for topic, entry in best.items():
            (negative if topic in negatives else real).append((entry[0], topic))
        found = Blended(partial(shortlist.topic_found_at, self.index, question.scan), CANDIDATES_SCORED)
        for keys in (real, negative):
            keys.sort(reverse=True)
            self._blend(keys, best, text, question, found)
        return found.ranked(), found.negative, found.negative_group

    def _blend(
        self, keys: list[tuple[float, str]], best: _Best, text: str, question: _Question, found: Blended
    ) -> None:
        """Blend topics of one side (real or out of scope), best lexical score first, while one
        can still change the result."""
        phrasings, core = self.index.phrasings, question.core
        for key, topic in keys:
            score = 100.0 * key ** (1 / (COVER_POWER + SIDE_POWER))
            lexical = (1 - FUZZ_BLEND) * score
            _, index, covered, matched, own = best[topic]
            phrasing = phrasings[index]
            if found.closed(phrasing.negative, lexical + FUZZ_BLEND * 100 + ROUNDING):
                return
            other = phrasing.core_text if core else phrasing.text
            lengths = len(text) + len(other)
            similar = 200.0 * min(len(text), len(other)) / lengths if lengths else 100.0
            if found.closed(phrasing.negative, lexical + FUZZ_BLEND * similar + ROUNDING):
                continue
            blended = round(lexical + FUZZ_BLEND * fuzz.ratio(text, other), 1)
            if phrasing.negative:
                found.negative_seen(blended, topic)
            else:
                found.add(blended, topic, covered, matched, own)


def _context_signals(
    ranked: list[CandidateEvidence],
    context: Sequence[str],
    followup: bool,
    related_to: Mapping[str, frozenset[str]],
) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Per candidate, whether the conversation was just on it or a related topic: follow-ups are."""
    recent = list(context[:2])
    same = tuple(_recency(c.intent, recent) if followup else 0.0 for c in ranked)
    related = tuple(
        1.0
        if followup
        and c.intent not in recent
        and any(c.intent in related_to.get(t, ()) or t in related_to.get(c.intent, ()) for t in recent[:1])
        else 0.0
        for c in ranked
    )
    return same, related


def _recency(intent: str, recent: list[str]) -> float:
    """1 for the topic just answered, 0.5 for the one before it, else 0."""
    if intent in recent:
        return 1.0 if recent.index(intent) == 0 else 0.5
    return 0.0
