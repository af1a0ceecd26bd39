"""Matching a student's free text to a knowledge-base topic.

Both the staff phrasings and the question become sets of Spanish stems (after folding,
abbreviations, repair against the phrasings' own vocabulary (`bot/spelling.py`), synonyms and
stopwords). Each stem weighs by how specific it is to one topic, and a word the
knowledge base has never seen weighs as much as the most specific one: "como saco mi credencial"
shares "saco" with an NSS phrasing, but "credencial" is unknown, so the question is honestly out
of scope. Known out-of-scope questions (`fuera_de_tema`) are indexed too, as evidence against.

The topic is implied: every question here is about the Seguro Facultativo, so "¿tiene algún
costo?" is read as "¿el seguro facultativo tiene algún costo?". A short follow-up is read in the
light of the topics the conversation was just on.

Ranking gives each candidate a lexical score; `bot.understanding.confidence` turns the evidence into the
probability that a candidate is right, and the decision compares it with the thresholds.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from bot.knowledge import KnowledgeBase, Topic
from bot.normalize import (
    COMMON_WORDS,
    LIGHT_WORDS,
    STOPWORDS,
    SynonymRewriter,
    expand_abbreviations,
    fold,
    is_personal_token,
    small_talk_kind,
    stem,
)
from bot.understanding.confidence import (
    CandidateEvidence,
    ConfidenceModel,
    Outcome,
    QuestionEvidence,
    ceiling,
    decide,
    features,
)
from bot.understanding.spelling import Speller

NONE_INTENT = "none"
LIGHT_WEIGHT = 0.5
TERM_LIGHT = 0.2  # a question word's share when grouping questions (they say even less there)
# A word the knowledge base never uses counts more than its most specific word: it is the best
# sign that the question is about something else.
UNKNOWN_WEIGHT_FACTOR = 1.25
# A question word found in a topic's answer but in none of its phrasings counts this much.
ANSWER_WORD_CREDIT = 0.5
# How much the score leans on covering the question (vs. covering the phrasing): 3 to 2.
COVER_POWER, SIDE_POWER = 3, 2
# Share of rapidfuzz's whole-phrasing similarity in the final score.
FUZZ_BLEND = 0.3
# "no sé" is a shrug, not a negation: "no se si ya me dieron de alta".
NOT_KNOWING = " no se "
# What every question here is about, whether it says so or not.
IMPLIED_TOPIC = "seguro facultativo"
# Words that open a follow-up ("y cuánto cuesta", "pero si ya lo tengo").
FOLLOWUP_OPENERS = frozenset("y e pero entonces osea tambien ademas aparte igual".split())
SHORT_QUESTION = 2  # at most this many content words: a follow-up even without an opener
# A follow-up ("y donde lo saco") borrows what the last topic is about (its title's words, but
# not its question word: "cuándo" is the last question's, "dónde" this one's), at this share of
# their weight: the question's own words still decide.
BORROWED_WEIGHT = 0.5
QUESTION_WORDS = "cuando donde como que cual cuales quien quienes cuanto cuantos porque".split()
CANDIDATES_SCORED = 4
_TAG_OR_URL = re.compile(r"<[^>]*>|https?://\S+")
OTHER_INSURANCE = "aseguradora"
# "seguro de vida", "seguro del carro": another insurance. Not "seguro de mi escuela", "seguro del
# imss" or "seguro de estudiante" (the synonyms already turned most of those into the topic).
_OTHER_INSURANCE = re.compile(
    r"\bseguro (?=(?:de|del) (?!(?:mi|mis|tu|tus|su|sus|la|el|los|las|este|esta|imss|escuela|"
    r"estudiante|estudiantes|alumno|alumnos|universidad|preparatoria|facultad)\b))")


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


@dataclass
class _Phrasing:
    topic: str
    core_weight: float  # without the implied topic's words
    text: str
    core_text: str
    negative: bool


@dataclass
class _Analysis:
    features: list[str] = field(default_factory=list)
    tokens: list[tuple[str, str]] = field(default_factory=list)  # (word, its feature)
    small_talk: str | None = None
    opener: bool = False

    def text(self, drop: frozenset[str] = frozenset()) -> str:
        return " ".join(word for word, feature in self.tokens if feature not in drop)


class Matcher:
    """Index of every phrasing; `match()` is pure and safe to call from many tasks."""

    def __init__(self, topics: Iterable[Topic], synonyms: Mapping[str, Iterable[str]],
                 settings: MatchSettings | None = None, negatives: Iterable[Topic] = (),
                 model: ConfidenceModel | None = None) -> None:
        self.settings = settings or MatchSettings()
        self.model = model or ConfidenceModel.load()
        self._thresholds = _thresholds(self.settings, self.model)
        self._rewriter = SynonymRewriter(synonyms)
        self._topics = list(topics)
        self._negatives = list(negatives)
        self._related = {t.id: frozenset(t.related) for t in self._topics}
        everything = [*self._topics, *self._negatives]

        # Every word the knowledge base uses: typos are repaired towards these.
        words: set[str] = set()
        for topic in everything:
            for text in (topic.title, *topic.phrasings, _plain_words(topic.answer)):
                words.update(expand_abbreviations(fold(text).split()))
        vocabulary = words | self._rewriter.words() | STOPWORDS
        # Words of each answer: weak evidence, for what students ask that no phrasing says yet.
        self._answer_features = {
            topic.id: frozenset(self._analyse(_plain_words(topic.answer), repair=False).features)
            for topic in self._topics
        }
        self._implied = frozenset(self._analyse(IMPLIED_TOPIC, repair=False).features)
        asking = {stem(word) for word in QUESTION_WORDS}
        self._subjects = {topic.id: [f for f in self._analyse(topic.title, repair=False).features
                                     if f not in asking] for topic in self._topics}

        raw = [(topic, self._analyse(p, repair=False))
               for topic in everything for p in (topic.title, *topic.phrasings)]
        topics_with: dict[str, set[str]] = defaultdict(set)
        for topic, analysis in raw:
            for feature in analysis.features:
                topics_with[feature].add(topic.id)
        for topic_id, features_ in self._answer_features.items():
            for feature in features_:
                topics_with.setdefault(feature, {topic_id})
        count = len(everything)
        # A number says little about a topic: "cuanto es 5 por 5" is not about "del 1 al 5".
        self._weights = {f: LIGHT_WEIGHT if f.isdigit() else math.log(1 + count / len(ids))
                         for f, ids in topics_with.items()}
        self._weights.update((stem(word), LIGHT_WEIGHT) for word in LIGHT_WORDS)
        self._known_stems = frozenset(self._weights)
        self._topic_stems = frozenset(  # what the FAQ itself talks about
            f for topic, analysis in raw if not topic.negative for f in analysis.features
        ) | frozenset(f for answer in self._answer_features.values() for f in answer) | {
            stem(word) for word in LIGHT_WORDS}
        self._unknown_weight = UNKNOWN_WEIGHT_FACTOR * math.log(1 + count)
        self._common_stems = frozenset(stem(word) for word in COMMON_WORDS)
        self._speller = Speller(vocabulary, LIGHT_WORDS | COMMON_WORDS, self._known_stems)

        # Postings: feature -> (phrasing index, whether the feature is also in that topic's answer).
        self._phrasings: list[_Phrasing] = []
        self._postings: dict[str, list[tuple[int, bool]]] = defaultdict(list)
        # The implied topic's words are in most phrasings: they only add to the phrasings that
        # share another word with the question, or that are about the insurance itself (per
        # phrasing, whether each implied word is in it and in its topic's answer).
        self._implied_in: list[dict[str, bool]] = []
        self._only_implied: list[int] = []  # "¿qué es el seguro facultativo?"
        for topic, analysis in raw:
            phrasing_features = frozenset(analysis.features)
            if not phrasing_features:
                continue
            index = len(self._phrasings)
            core = sum(self._weights[f] for f in sorted(phrasing_features - self._implied))
            self._phrasings.append(_Phrasing(topic.id, core, analysis.text(),
                                             analysis.text(self._implied), topic.negative))
            answer_features = self._answer_features.get(topic.id, frozenset())
            for feature in phrasing_features:
                self._postings[feature].append((index, feature in answer_features))
            self._implied_in.append({f: f in answer_features for f in phrasing_features
                                     if f in self._implied})
            if not core:
                self._only_implied.append(index)

    @classmethod
    def for_knowledge(cls, knowledge: KnowledgeBase,
                      settings: MatchSettings | None = None) -> Matcher:
        """The matcher of a knowledge base: its topics, synonyms and out-of-scope groups."""
        return cls(knowledge.topics, knowledge.synonyms, settings, knowledge.negatives)

    # ----- deciding -----------------------------------------------------------------------

    def match(self, text: str, context: Sequence[str] = ()) -> MatchResult:
        """Answer, suggest or say "no lo sé"; `context` is the topics the conversation was
        just on, most recent first (a short follow-up is read in their light)."""
        analysis = self._analyse(text, repair=True)
        if analysis.small_talk:
            return MatchResult("none", small_talk=analysis.small_talk)
        evidence, followup = self._evidence(analysis, context)
        if evidence is None:
            return MatchResult("none", empty=True)
        return self._decide(evidence, followup)

    def evidence(self, text: str, context: Sequence[str] = ()) -> QuestionEvidence | None:
        """What the decision is based on (for calibration); None for small talk and empty."""
        analysis = self._analyse(text, repair=True)
        return None if analysis.small_talk else self._evidence(analysis, context)[0]

    def _decide(self, evidence: QuestionEvidence, followup: bool) -> MatchResult:
        ranked = sorted(
            (Candidate(c.intent, c.score, round(min(ceiling(evidence, i),
                                                    self.model.probability(features(evidence, i))), 3))
             for i, c in enumerate(evidence.candidates)),
            key=lambda c: (c.confidence, c.score), reverse=True)
        outcome, shown = decide([c.confidence for c in ranked], *self._thresholds,
                                self.settings.max_suggestions)
        redirect = _redirect(evidence) if outcome == "none" else None
        return MatchResult(outcome, tuple(ranked[:shown]), redirect=redirect, followup=followup)

    # ----- ranking ------------------------------------------------------------------------

    def _evidence(self, analysis: _Analysis,
                  context: Sequence[str]) -> tuple[QuestionEvidence | None, bool]:
        # A negation the knowledge base never uses adds nothing: the negated word still counts.
        features_ = [f for f in analysis.features if f in self._weights or not f.startswith("no_")]
        if not features_:
            return None, False
        core = [f for f in features_ if f not in self._implied]
        weights = {f: self._weights[f] if f in self._weights else self._fallback_weight(f)
                   for f in features_}
        followup = bool(context) and (analysis.opener or len(set(core)) <= SHORT_QUESTION)
        own_weight = sum(weights.values())
        own_features = frozenset(weights)
        if followup:  # "y donde lo saco", after the dates: "lo" is the NSS card
            for feature in self._subjects.get(context[0], ()):
                if feature not in weights and self._weights.get(feature, 0.0) > LIGHT_WEIGHT:
                    weights[feature] = BORROWED_WEIGHT * self._weights[feature]
        query_weight = sum(weights.values())
        unknown = sum(w for f, w in weights.items() if f not in self._weights
                      and w > LIGHT_WEIGHT) / own_weight
        outside = sum(w for f, w in weights.items() if f in self._weights
                      and f not in self._topic_stems) / own_weight
        # Evidence each topic's answer gives, before discounting what a phrasing already covers.
        in_answers = {topic: sum(w for f, w in weights.items() if f in answer_features)
                      for topic, answer_features in self._answer_features.items()}

        # Weight each phrasing shares with the question: all of it, without the implied topic's
        # words, how much of it is answer words, and how much the question's own words. The
        # implied words only add to phrasings already sharing another word (or that are only
        # the implied words): anywhere else they would score nothing.
        shared: dict[int, list[float]] = {}
        implied_here = [f for f in weights if f in self._implied]
        scan = [f for f in weights if f not in self._implied] if core else list(weights)
        for feature in scan:
            weight = weights[feature]
            core_part = 0.0 if feature in self._implied else weight
            own_part = weight if feature in own_features else 0.0
            for index, in_answer in self._postings.get(feature, ()):
                entry = shared.get(index)
                if entry is None:
                    entry = shared[index] = [0.0, 0.0, 0.0, 0.0]
                entry[0] += weight
                entry[1] += core_part
                entry[3] += own_part
                if in_answer:
                    entry[2] += weight
        if implied_here and core:
            for index in self._only_implied:
                shared.setdefault(index, [0.0, 0.0, 0.0, 0.0])
            for index, entry in shared.items():
                present = self._implied_in[index]
                for feature in implied_here:
                    in_answer = present.get(feature)
                    if in_answer is None:
                        continue
                    weight = weights[feature]
                    entry[0] += weight
                    if in_answer:
                        entry[2] += weight
                    if feature in own_features:
                        entry[3] += weight

        # Score = 100 · (covered^COVER_POWER · side^SIDE_POWER)^(1 / their sum), a weighted
        # geometric mean; phrasings are compared before the root (the same order).
        best: dict[str, tuple[float, int, float, float, float]] = {}
        phrasings, answered = self._phrasings, in_answers.get
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

        text = analysis.text(self._implied) if core else analysis.text()
        ranked: list[CandidateEvidence] = []
        negative, negative_group = 0.0, None
        for topic, (key, index, covered, matched, own) in best.items():
            score = 100.0 * key ** (1 / (COVER_POWER + SIDE_POWER))
            phrasing = self._phrasings[index]
            ratio = fuzz.token_sort_ratio(text, phrasing.core_text if core else phrasing.text)
            blended = round((1 - FUZZ_BLEND) * score + FUZZ_BLEND * ratio, 1)
            if phrasing.negative:
                if blended > negative:
                    negative, negative_group = blended, topic
            else:
                ranked.append(CandidateEvidence(topic, blended, round(covered, 3),
                                                round(matched, 3), round(min(1.0, own), 3)))
        ranked.sort(key=lambda c: c.score, reverse=True)
        ranked = ranked[:CANDIDATES_SCORED]

        recent = list(context[:2])
        same = tuple(_recency(c.intent, recent) if followup else 0.0 for c in ranked)
        related = tuple(
            1.0 if followup and c.intent not in recent and any(
                c.intent in self._related.get(t, ()) or t in self._related.get(c.intent, ())
                for t in recent[:1]) else 0.0
            for c in ranked)
        return QuestionEvidence(tuple(ranked), negative, negative_group, round(unknown, 3),
                                round(outside, 3), len(set(core)), same, related), followup

    def terms(self, text: str) -> dict[str, float]:
        """What a question is about, for grouping questions: its stems after typo repair and
        synonyms, each with how much it says (question words and everyday verbs little)."""
        features_ = self._analyse(text, repair=True).features
        return {f: TERM_LIGHT if self._weights.get(f) == LIGHT_WEIGHT or f in self._common_stems
                else 1.0 for f in features_}

    def _fallback_weight(self, feature: str) -> float:
        """Weight of a word the knowledge base never uses: everyday Spanish says little,
        anything else is the best sign of a question about something else."""
        if feature in self._common_stems or feature.isdigit():  # "el dia 10"
            return LIGHT_WEIGHT
        return self._unknown_weight

    def _analyse(self, text: str, *, repair: bool) -> _Analysis:
        words = [w for w in expand_abbreviations(fold(text).split()) if not is_personal_token(w)]
        opener = bool(words) and words[0] in FOLLOWUP_OPENERS
        if repair:
            words = [self._speller.repair(w) for w in words]
        talk = small_talk_kind(words)
        rewritten = self._rewriter.rewrite(" ".join(words)).replace(NOT_KNOWING, " ")
        rewritten = _OTHER_INSURANCE.sub(f"{OTHER_INSURANCE} ", rewritten)
        tokens = [t for t in rewritten.split() if t not in STOPWORDS]
        stems = [stem(t) for t in tokens]
        return _Analysis(list(dict.fromkeys(_with_negations(stems))),
                         list(zip(tokens, stems, strict=True)), talk, opener)


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


def _recency(intent: str, recent: list[str]) -> float:
    """1 for the topic just answered, 0.5 for the one before it, else 0."""
    if intent in recent:
        return 1.0 if recent.index(intent) == 0 else 0.5
    return 0.0


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


def _plain_words(answer: str) -> str:
    return _TAG_OR_URL.sub(" ", answer)
