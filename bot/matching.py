"""Matching a student's free text to a knowledge-base topic.

Both the staff phrasings and the question become sets of Spanish stems (after folding,
abbreviations, typo repair against the phrasings' own vocabulary, synonyms and stopwords).
Each stem weighs by how specific it is to one topic, and a word the knowledge base has never
seen weighs as much as the most specific one: "como saco mi credencial" shares "saco" with an
NSS phrasing, but "credencial" is unknown, so the question is honestly out of scope.
rapidfuzz repairs typos ("vigensia") and breaks near-ties on the whole phrasing.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from bot.knowledge import Topic
from bot.normalize import (
    COMMON_WORDS,
    LIGHT_WORDS,
    STOPWORDS,
    SynonymRewriter,
    expand_abbreviations,
    fold,
    is_personal_token,
    small_talk_kind,
    squeeze_doubles,
    stem,
)

Outcome = Literal["answer", "suggest", "none"]
NONE_INTENT = "none"
_TYPO_CACHE_LIMIT = 20_000
LIGHT_WEIGHT = 0.5
# A word the knowledge base never uses counts more than its most specific word: it is the best
# sign that the question is about something else.
UNKNOWN_WEIGHT_FACTOR = 1.25
# A question word found in a topic's answer but in none of its phrasings counts this much.
ANSWER_WORD_CREDIT = 0.5
# How much the score leans on covering the question (vs. covering the phrasing).
QUERY_SIDE = 0.6
# Share of rapidfuzz's whole-phrasing similarity in the final score.
FUZZ_BLEND = 0.3
# "no sé" is a shrug, not a negation: "no se si ya me dieron de alta".
NOT_KNOWING = " no se "
_TAG_OR_URL = re.compile(r"<[^>]*>|https?://\S+")


@dataclass(frozen=True)
class MatchSettings:
    """Thresholds from config.yaml (`matching:`), scores are 0-100."""

    answer_threshold: float = 80.0
    suggest_threshold: float = 60.0
    ambiguity_margin: float = 8.0
    max_suggestions: int = 3


@dataclass(frozen=True)
class Candidate:
    intent: str
    score: float


@dataclass(frozen=True)
class MatchResult:
    """What the matcher concluded about one question."""

    outcome: Outcome
    candidates: tuple[Candidate, ...] = ()
    small_talk: str | None = None  # 'greeting' | 'thanks' | 'goodbye'
    empty: bool = False  # nothing to match: emoji, punctuation, only filler words

    @property
    def intent(self) -> str:
        """The top intent offered, or 'none'."""
        return self.candidates[0].intent if self.candidates else NONE_INTENT

    @property
    def score(self) -> float:
        return self.candidates[0].score if self.candidates else 0.0


@dataclass
class _Phrasing:
    topic: str
    features: frozenset[str]
    weight: float
    text: str


@dataclass
class _Analysis:
    features: list[str] = field(default_factory=list)
    text: str = ""
    small_talk: str | None = None


class Matcher:
    """Index of every phrasing; `match()` is pure and safe to call from many tasks."""

    def __init__(self, topics: Iterable[Topic], synonyms: Mapping[str, Iterable[str]],
                 settings: MatchSettings | None = None) -> None:
        self.settings = settings or MatchSettings()
        self._rewriter = SynonymRewriter(synonyms)
        self._topics = list(topics)
        self._typo_cache: dict[str, str] = {}

        # Every word the knowledge base uses: typos are repaired towards these.
        words: set[str] = set()
        for topic in self._topics:
            for text in (topic.title, *topic.phrasings, _plain_words(topic.answer)):
                words.update(expand_abbreviations(fold(text).split()))
        self._vocabulary = words | self._rewriter.words() | STOPWORDS
        # Typo targets by the length of the typed word: a word can only be `limit` edits away
        # from words at most `limit` characters longer or shorter (same order as one full list).
        targets = sorted(w for w in self._vocabulary if len(w) >= 4)
        longest = max(map(len, targets), default=0)
        self._typo_targets = {
            length: [w for w in targets if abs(len(w) - length) <= _typo_limit(length)]
            for length in range(4, longest + 3)
        }
        # Words of each answer: weak evidence, for what students ask that no phrasing says yet.
        self._answer_features = {
            topic.id: frozenset(self._analyse(_plain_words(topic.answer), repair=False).features)
            for topic in self._topics
        }

        raw = [(topic.id, self._analyse(p, repair=False))
               for topic in self._topics for p in (topic.title, *topic.phrasings)]
        topics_with: dict[str, set[str]] = defaultdict(set)
        for topic_id, analysis in raw:
            for feature in analysis.features:
                topics_with[feature].add(topic_id)
        for topic_id, features in self._answer_features.items():
            for feature in features:
                topics_with.setdefault(feature, {topic_id})
        count = len(self._topics)
        self._weights = {f: math.log(1 + count / len(ids)) for f, ids in topics_with.items()}
        self._weights.update((stem(word), LIGHT_WEIGHT) for word in LIGHT_WORDS)
        self._known_stems = frozenset(self._weights)
        self._unknown_weight = UNKNOWN_WEIGHT_FACTOR * math.log(1 + count)
        self._common_stems = frozenset(stem(word) for word in COMMON_WORDS)

        # Postings: feature -> (phrasing index, whether the feature is also in that topic's answer).
        self._phrasings: list[_Phrasing] = []
        self._postings: dict[str, list[tuple[int, bool]]] = defaultdict(list)
        for topic_id, analysis in raw:
            features = frozenset(analysis.features)
            if not features:
                continue
            index = len(self._phrasings)
            weight = sum(self._weights[f] for f in features)
            self._phrasings.append(_Phrasing(topic_id, features, weight, analysis.text))
            for feature in features:
                self._postings[feature].append((index, feature in self._answer_features[topic_id]))

    def match(self, text: str) -> MatchResult:
        analysis = self._analyse(text, repair=True)
        if analysis.small_talk:
            return MatchResult("none", small_talk=analysis.small_talk)
        # A negation the knowledge base never uses adds nothing: the negated word still counts.
        features = [f for f in analysis.features if f in self._weights or not f.startswith("no_")]
        if not features:
            return MatchResult("none", empty=True)

        weights = {f: self._weights[f] if f in self._weights else self._fallback_weight(f)
                   for f in features}
        query_weight = sum(weights.values())
        # Evidence each topic's answer gives, before discounting what a phrasing already covers.
        in_answers = {topic: sum(w for f, w in weights.items() if f in answer_features)
                      for topic, answer_features in self._answer_features.items()}

        # Weight each phrasing shares with the question (and how much of it is answer words).
        shared: dict[int, list[float]] = {}
        for feature, weight in weights.items():
            for index, in_answer in self._postings.get(feature, ()):
                entry = shared.setdefault(index, [0.0, 0.0])
                entry[0] += weight
                if in_answer:
                    entry[1] += weight

        best: dict[str, tuple[float, int]] = {}
        for index, (overlap, overlap_in_answer) in shared.items():
            phrasing = self._phrasings[index]
            answer_only = in_answers[phrasing.topic] - overlap_in_answer
            covered = (overlap + ANSWER_WORD_CREDIT * answer_only) / query_weight
            score = 100.0 * covered**QUERY_SIDE * (overlap / phrasing.weight) ** (1 - QUERY_SIDE)
            if score > best.get(phrasing.topic, (-1.0, -1))[0]:
                best[phrasing.topic] = (score, index)
        return self._decide(self._rerank(analysis.text, best))

    def terms(self, text: str) -> dict[str, float]:
        """What a question is about, for grouping questions: its stems after typo repair and
        synonyms, each with how much it says (question words and everyday verbs little)."""
        features = self._analyse(text, repair=True).features
        return {f: LIGHT_WEIGHT if self._weights.get(f) == LIGHT_WEIGHT or f in self._common_stems
                else 1.0 for f in features}

    def _fallback_weight(self, feature: str) -> float:
        """Weight of a word the knowledge base never uses: everyday Spanish says little,
        anything else is the best sign of a question about something else."""
        return LIGHT_WEIGHT if feature in self._common_stems else self._unknown_weight

    def _rerank(self, text: str, best: dict[str, tuple[float, int]]) -> list[Candidate]:
        """Blend in rapidfuzz's view of the whole phrasing, which settles near-ties."""
        candidates = []
        for topic, (score, index) in best.items():
            ratio = fuzz.token_sort_ratio(text, self._phrasings[index].text)
            blended = (1 - FUZZ_BLEND) * score + FUZZ_BLEND * ratio
            candidates.append(Candidate(topic, round(blended, 1)))
        candidates.sort(key=lambda c: c.score, reverse=True)
        return candidates

    def _decide(self, ranked: list[Candidate]) -> MatchResult:
        s = self.settings
        if not ranked or ranked[0].score < s.suggest_threshold:
            return MatchResult("none", tuple(ranked[:1]))
        top = ranked[0]
        runner_up = ranked[1].score if len(ranked) > 1 else 0.0
        if top.score >= s.answer_threshold and top.score - runner_up >= s.ambiguity_margin:
            return MatchResult("answer", tuple(ranked[: s.max_suggestions]))
        close = [c for c in ranked if c.score >= s.suggest_threshold][: s.max_suggestions]
        return MatchResult("suggest", tuple(close))

    def _analyse(self, text: str, *, repair: bool) -> _Analysis:
        words = [w for w in expand_abbreviations(fold(text).split()) if not is_personal_token(w)]
        if repair:
            words = [self._repair(w) for w in words]
        talk = small_talk_kind(words)
        rewritten = self._rewriter.rewrite(" ".join(words)).replace(NOT_KNOWING, " ")
        tokens = [t for t in rewritten.split() if t not in STOPWORDS]
        features = list(dict.fromkeys(_with_negations([stem(t) for t in tokens])))
        return _Analysis(features, " ".join(tokens), talk)

    def _repair(self, word: str) -> str:
        """The knowledge-base word a typo most likely meant, or the word itself."""
        if word in self._vocabulary:
            return word
        cached = self._typo_cache.get(word)
        if cached is not None:
            return cached
        fixed = squeeze_doubles(word)
        if stem(word) in self._known_stems:
            fixed = word  # another form of a known word ("salio" ~ "sali"), not a typo
        elif fixed not in self._vocabulary:
            fixed = word
            targets = self._typo_targets.get(len(word))
            if targets:
                found = process.extractOne(word, targets, scorer=OSA.distance,
                                           score_cutoff=_typo_limit(len(word)))
                if found is not None:
                    fixed = found[0]
        if len(self._typo_cache) < _TYPO_CACHE_LIMIT:
            self._typo_cache[word] = fixed
        return fixed


def _typo_limit(length: int) -> int:
    """Edits forgiven in a word of this length: one up to six letters, two beyond."""
    return 1 if length <= 6 else 2


def _with_negations(stems: list[str]) -> list[str]:
    """'no' joins the word it negates: "no quiero el seguro" also gives 'no_quier', which is
    what sets it apart from "quiero info del seguro"."""
    features = []
    for position, feature in enumerate(stems):
        if feature == "no":
            if position + 1 < len(stems):
                features.append(f"no_{stems[position + 1]}")
            continue
        features.append(feature)
    return features


def _plain_words(answer: str) -> str:
    return _TAG_OR_URL.sub(" ", answer)
