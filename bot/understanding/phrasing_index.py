"""The phrasing index: every staff phrasing of the knowledge base, read once when it loads, with
what each stem weighs and which phrasings use it (the postings a question is looked up in).

Each stem weighs by how specific it is to one topic, and a word the knowledge base has never
seen weighs more than the most specific one: "como saco mi credencial" shares "saco" with an NSS
phrasing, but "credencial" is unknown, so the question is honestly out of scope. Known
out-of-scope questions (`fuera_de_tema`) are indexed too, as evidence against. The words of each
answer are weak evidence, for what students ask that no phrasing says yet.

The topic is implied: every question here is about the Seguro Facultativo, so its words are in
most phrasings and say little. The index keeps them apart (which phrasings have them, and which
are only them) so that matching adds them only where the question shares another word.

A phrasing of a topic with the same stems as an earlier one of that topic is left out: it would
fit every question exactly as well and be found second, so it could never be the topic's best.
Which of a common word's phrasings a question is compared with is the shortlist's to choose
(`bot.understanding.shortlist`, built on this index).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from bot.knowledge import Topic
from bot.normalize import COMMON_WORDS, LIGHT_WORDS, STOPWORDS, SynonymRewriter, stem
from bot.understanding.reading import Analysis, plain_words, read, read_staff, staff_words

# (phrasing, whether the word is also in that phrasing's topic's answer)
Posting = tuple[int, bool]
LIGHT_WEIGHT = 0.5
# A word the knowledge base never uses counts more than its most specific word: it is the best
# sign that the question is about something else.
UNKNOWN_WEIGHT_FACTOR = 1.25
# What every question here is about, whether it says so or not.
IMPLIED_TOPIC = "seguro facultativo"
QUESTION_WORDS = "cuando donde como que cual cuales quien quienes cuanto cuantos porque".split()


@dataclass
class Phrasing:
    """One indexed phrasing (or topic title), as matching compares it with a question."""

    topic: str
    core_weight: float  # without the implied topic's words
    text: str  # its words in alphabetical order, for whole-text similarity (`sorted_text`)
    core_text: str  # the same without the implied topic's words
    negative: bool  # a known out-of-scope question


class PhrasingIndex:
    """The knowledge base's phrasings as stems: weights, postings and the implied topic's words.

    Built once per knowledge base and only read afterwards; the attributes are public so that
    matching's hot loop reads them directly."""

    def __init__(
        self, topics: Sequence[Topic], negatives: Sequence[Topic], rewriter: SynonymRewriter
    ) -> None:
        everything = [*topics, *negatives]
        # Every word the knowledge base uses: typos are repaired towards these.
        words: set[str] = set()
        typed: list[tuple[Topic, list[str]]] = []  # each phrasing's words, read once
        for topic in everything:
            words.update(staff_words(plain_words(topic.answer)))
            for text in (topic.title, *topic.phrasings):
                typed.append((topic, staff_words(text)))
                words.update(typed[-1][1])
        self.vocabulary: set[str] = words | rewriter.words() | STOPWORDS
        # Words of each answer: weak evidence, for what students ask that no phrasing says yet.
        self.answer_features: dict[str, frozenset[str]] = {
            topic.id: frozenset(read(plain_words(topic.answer), rewriter).features) for topic in topics
        }
        self.implied = frozenset(read(IMPLIED_TOPIC, rewriter).features)
        self.negative_topics = frozenset(topic.id for topic in negatives)
        # What each topic is about, for a follow-up to borrow: its title's words, but not its
        # question word ("cuándo" is the last question's, "dónde" the follow-up's own).
        asking = {stem(word) for word in QUESTION_WORDS}
        self.subjects: dict[str, list[str]] = {
            topic.id: [f for f in read(topic.title, rewriter).features if f not in asking] for topic in topics
        }

        raw = [(topic, read_staff(typed_words, rewriter)) for topic, typed_words in typed]
        count = len(everything)
        self.weights = _specificity(raw, self.answer_features, count)
        self.known_stems = frozenset(self.weights)
        self.topic_stems = (
            frozenset(  # what the FAQ itself talks about
                f for topic, analysis in raw if not topic.negative for f in analysis.features
            )
            | frozenset(f for answer in self.answer_features.values() for f in answer)
            | {stem(word) for word in LIGHT_WORDS}
        )
        self.unknown_weight = UNKNOWN_WEIGHT_FACTOR * math.log(1 + count)
        self.common_stems = frozenset(stem(word) for word in COMMON_WORDS)

        # Postings: feature -> (phrasing index, whether the feature is also in that topic's answer).
        self.phrasings: list[Phrasing] = []
        # Per phrasing, its features, each with whether its topic's answer has it too.
        self.features_of: list[dict[str, bool]] = []
        self.topic_of: list[str] = []  # the same per phrasing, for the hot loop
        self.core_weight_of: list[float] = []
        self.postings: dict[str, list[Posting]] = defaultdict(list)
        # The implied topic's words are in most phrasings: they only add to the phrasings that
        # share another word with the question, or that are about the insurance itself (per
        # phrasing, whether each implied word is in it and in its topic's answer).
        self.implied_in: list[dict[str, bool]] = []
        self.only_implied: list[int] = []  # "¿qué es el seguro facultativo?"
        # Per topic, where its phrasings are: [first, after the last] (one span, unless a topic
        # is listed twice); where a walk of every posting first finds it settles ties.
        self.spans: dict[str, list[list[int]]] = {}
        seen: set[tuple[str, frozenset[str]]] = set()
        for topic, analysis in raw:
            self._post(topic, analysis, seen)
        # Per answer word, the topics whose answer has it.
        self.answer_postings: dict[str, list[str]] = defaultdict(list)
        for topic_id, answer in self.answer_features.items():
            for feature in answer:
                self.answer_postings[feature].append(topic_id)

    def fallback_weight(self, feature: str) -> float:
        """Weight of a word the knowledge base never uses: everyday Spanish says little,
        anything else is the best sign of a question about something else."""
        if feature in self.common_stems or feature.isdigit():  # "el dia 10"
            return LIGHT_WEIGHT
        return self.unknown_weight

    def _post(self, topic: Topic, analysis: Analysis, seen: set[tuple[str, frozenset[str]]]) -> None:
        """Index one phrasing: its postings, its implied words, its weight without them."""
        phrasing_features = frozenset(analysis.features)
        # A second phrasing of a topic with the same words fits every question exactly as well
        # as the first, and the first is found first: it would never be the topic's best.
        if not phrasing_features or (topic.id, phrasing_features) in seen:
            return
        seen.add((topic.id, phrasing_features))
        index = len(self.phrasings)
        core = sum(self.weights[f] for f in sorted(phrasing_features - self.implied))
        answer_features = self.answer_features.get(topic.id, frozenset())
        self.phrasings.append(
            Phrasing(
                topic.id, core, analysis.sorted_text(), analysis.sorted_text(self.implied), topic.negative
            )
        )
        self.topic_of.append(topic.id)
        self.core_weight_of.append(core)
        features = {f: f in answer_features for f in analysis.features}  # (in a fixed order)
        self.features_of.append(features)
        for feature, in_answer in features.items():
            self.postings[feature].append((index, in_answer))
        self.implied_in.append({f: also for f, also in features.items() if f in self.implied})
        if not core:
            self.only_implied.append(index)
        spans = self.spans.setdefault(topic.id, [])
        if spans and spans[-1][1] == index:
            spans[-1][1] = index + 1
        else:
            spans.append([index, index + 1])


def _specificity(
    raw: list[tuple[Topic, Analysis]], answer_features: dict[str, frozenset[str]], count: int
) -> dict[str, float]:
    """Each stem's weight: how few of the `count` topics use it (inverse document frequency)."""
    topics_with: dict[str, set[str]] = defaultdict(set)
    for topic, analysis in raw:
        for feature in analysis.features:
            topics_with[feature].add(topic.id)
    for topic_id, features_ in answer_features.items():
        for feature in features_:
            topics_with.setdefault(feature, {topic_id})
    # A number says little about a topic: "cuanto es 5 por 5" is not about "del 1 al 5".
    weights = {
        f: LIGHT_WEIGHT if f.isdigit() else math.log(1 + count / len(ids)) for f, ids in topics_with.items()
    }
    weights.update((stem(word), LIGHT_WEIGHT) for word in LIGHT_WORDS)
    return weights
