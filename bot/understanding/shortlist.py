"""The shortlist: which phrasings a question is compared with, so that matching keeps its speed
as staff add phrasings.

A question is compared with every phrasing that shares a telling word with it: a word in at most
CHAMPIONS phrasings, whose postings are walked whole. A word in more ("como", "nss", "alta" once
there are thousands of phrasings) says little on its own, so for it only its champions join the
comparison: the CHAMPIONS phrasings that could fit a question best through such words alone, those
whose weight is mostly in common words and the implied topic's (then the lightest). Of a topic's
phrasings with the same common words, only the lightest can be a champion: when a question shares
none of their other words they share the same with it and the lightest fits best, and when it
shares one, that word's postings are walked whole anyway.

Every phrasing compared still counts every common word it shares, added in the question's order,
so it is scored exactly as a walk of every posting would score it. The shortlist only leaves out
phrasings that share nothing but common words with the question: those a lighter phrasing of the
same topic and words fits at least as well (nothing lost), and, beyond CHAMPIONS per word, those
least made of such words (the approximation). On today's knowledge base (~1,500 phrasings) that
changes no result of the development and held-out sets; with 10× as many phrasings a question is
compared with a few hundred, not thousands.

The implied topic's words ("seguro facultativo") are scanned only for a question made of them
alone, where every phrasing with anything else scores nothing: their lists keep, per topic, the
first phrasing (its place among the candidates) and the phrasings made of those words only, so
such a question gets exactly what a walk of every posting gives it.

Typos never reach this far: the speller has already repaired them towards the knowledge base's
words, which are the words these lists are made of (a word it cannot repair has no postings
either way). Ties are settled as a walk of every posting would settle them (`found_at`,
`topic_found_at`): the first found wins.

Topics are shortlisted too: whole-text similarity is computed only for the topics that can still
be among the candidates or beat the closest out-of-scope group (`Blended`).
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Any

from bot.understanding.confidence import CandidateEvidence
from bot.understanding.phrasing_index import PhrasingIndex, Posting

CHAMPIONS = 96
# Per phrasing, the weight it shares with the question: all of it, without the implied topic's
# words, how much of it is answer words, and how much the question's own words.
Shared = dict[int, list[float]]
# A question's word as the walk adds it: (feature, weight, without implied words, own words).
Term = tuple[str, float, float, float]
_number = itemgetter(0)  # of a posting


class Champions:
    """Per common word of one index, the postings compared for it and all of its postings (what
    a phrasing already on the list adds for it)."""

    def __init__(self, index: PhrasingIndex, limit: int | None = None) -> None:
        self.lists = champion_lists(index, limit)
        self.every = {f: dict(index.postings[f]) for f in self.lists}


def champion_lists(index: PhrasingIndex, limit: int | None = None) -> dict[str, list[Posting]]:
    """For each word in more than `limit` phrasings, the postings compared for it (in order)."""
    limit = CHAMPIONS if limit is None else limit
    weights = index.weights
    long = {f for f, postings in index.postings.items() if len(postings) > limit}
    if not long:
        return {}
    implied = index.implied
    # Per phrasing: the share of its weight in common words and the implied topic's (what they
    # alone could fit), then its weight. (Summed in the phrasing's order, the same in every
    # process, so that every process keeps the same champions.)
    order = []
    for phrasing, features in zip(index.phrasings, index.features_of, strict=True):
        topic_words = common = 0.0
        for feature in features:
            if feature in implied:
                topic_words += weights[feature]
            elif feature in long:
                common += weights[feature]
        total = phrasing.core_weight + topic_words
        order.append((-((common + topic_words) / total) if total else -1.0, total))
    place = [0] * len(order)  # of each phrasing in that order (equals in the phrasings' order)
    for position, number in enumerate(sorted(range(len(order)), key=order.__getitem__)):
        place[number] = position
    lightest = _lightest(index, long)
    lists: dict[str, list[Posting]] = {}
    for feature in sorted(long):
        postings = index.postings[feature]
        if feature in implied:
            lists[feature] = _firsts(index, postings)
        else:
            lists[feature] = _champions(postings, place, lightest, limit)
    return lists


def _lightest(index: PhrasingIndex, long: set[str]) -> set[int]:
    """Of a topic's phrasings with the same common and implied words, the lightest (the first of
    equals): where a question shares none of their other words, they share the same with it
    and the lightest fits it best, found first; where it shares one, that word's postings are
    walked whole. So only the lightest can be a champion."""
    first: dict[tuple[str, frozenset[str]], int] = {}
    for number, features in enumerate(index.features_of):
        shape = (index.topic_of[number], frozenset(f for f in features if f in long or f in index.implied))
        known = first.get(shape)
        if known is None or index.core_weight_of[number] < index.core_weight_of[known]:
            first[shape] = number
    return set(first.values())


def _champions(postings: list[Posting], place: list[int], lightest: set[int], limit: int) -> list[Posting]:
    """The `limit` postings that fit best, in the postings' order."""
    candidates = {number: in_answer for number, in_answer in postings if number in lightest}
    best = sorted(candidates, key=place.__getitem__)[:limit]
    return [(number, candidates[number]) for number in sorted(best)]


def _firsts(index: PhrasingIndex, postings: list[Posting]) -> list[Posting]:
    """Each topic's first phrasing, and those made of the implied topic's words only: for a
    question of those words alone, every other phrasing scores nothing."""
    only_implied = set(index.only_implied)
    seen: set[str] = set()
    kept = []
    for posting in postings:
        topic = index.phrasings[posting[0]].topic
        if topic not in seen or posting[0] in only_implied:
            seen.add(topic)
            kept.append(posting)
    return kept


def shared(index: PhrasingIndex, champions: Champions, terms: Sequence[Term]) -> Shared:
    """Sum per phrasing what it shares with the question's `terms`, in their order (the hot loop).

    A telling word's postings are walked whole; for a common word, the phrasings already on the
    list that have it, then its champions. A phrasing joining the list late first gets the common
    words before it that it has, so every sum is added in the same order as a walk of them all."""
    lists, features_of, postings = champions.lists, index.features_of, index.postings
    found: Shared = {}
    common: list[Term] = []  # the common words walked so far
    for term in terms:
        listed = lists.get(term[0])
        if listed is None:
            _walk(found, postings.get(term[0], []), term, common, features_of)
        else:
            _add_common(found, champions.every[term[0]], term)
            _join(found, listed, term, common, features_of)
            common.append(term)
    return found


def _walk(
    found: Shared, postings: list[Posting], term: Term, common: list[Term], features_of: list[dict[str, bool]]
) -> None:
    """A telling word: every phrasing that has it, joining the list if new."""
    _, weight, core_part, own_part = term
    for number, in_answer in postings:
        entry = found.get(number)
        if entry is None:
            entry = found[number] = [0.0, 0.0, 0.0, 0.0]
            if common:  # joining late: the common words before that it has, first
                features = features_of[number]
                for feature, earlier, earlier_core, earlier_own in common:
                    earlier_in_answer = features.get(feature)
                    if earlier_in_answer is not None:
                        entry[0] += earlier
                        entry[1] += earlier_core
                        entry[3] += earlier_own
                        if earlier_in_answer:
                            entry[2] += earlier
        entry[0] += weight
        entry[1] += core_part
        entry[3] += own_part
        if in_answer:
            entry[2] += weight


def _join(
    found: Shared,
    champions: list[Posting],
    term: Term,
    common: list[Term],
    features_of: list[dict[str, bool]],
) -> None:
    """A common word's champions that are not on the list yet."""
    _, weight, core_part, own_part = term
    for number, in_answer in champions:
        if number in found:
            continue  # counted by _add_common
        entry = found[number] = [0.0, 0.0, 0.0, 0.0]
        if common:  # the common words before that it has, first (the last is this one)
            features = features_of[number]
            for feature, earlier, earlier_core, earlier_own in common:
                earlier_in_answer = features.get(feature)
                if earlier_in_answer is not None:
                    entry[0] += earlier
                    entry[1] += earlier_core
                    entry[3] += earlier_own
                    if earlier_in_answer:
                        entry[2] += earlier
        entry[0] += weight
        entry[1] += core_part
        entry[3] += own_part
        if in_answer:
            entry[2] += weight


def _add_common(found: Shared, every: dict[int, bool], term: Term) -> None:
    """A common word's weight, to the phrasings already on the list that have it (`every`: all
    its postings, whether the word is in that phrasing's answer by phrasing)."""
    _, weight, core_part, own_part = term
    for number in found.keys() & every.keys():
        entry = found[number]
        entry[0] += weight
        entry[1] += core_part
        entry[3] += own_part
        if every[number]:
            entry[2] += weight


def found_at(index: PhrasingIndex, scan: Sequence[str], number: int) -> tuple[int, int]:
    """Where a walk of every posting of the `scan` words first finds a phrasing: of two that
    fit a question equally well, the first found is its topic's best."""
    features = index.features_of[number]
    for position, feature in enumerate(scan):
        if feature in features:
            return position, number
    return len(scan), number  # only implied words: added after the walk


def topic_found_at(index: PhrasingIndex, scan: Sequence[str], topic: str) -> tuple[int, int]:
    """Where a walk of every posting first finds a topic: of two topics that fit a question
    equally well, the first found goes first. (A topic's phrasings are side by side, so its
    first with a word is found by bisection.)"""
    spans = index.spans[topic]
    for position, feature in enumerate(scan):
        number = _first_within(index.postings.get(feature, []), spans, _number)
        if number is not None:
            return position, number
    # Only implied words: added after the walk, in the phrasings' order.
    number = _first_within(index.only_implied, spans, None)
    return len(scan), len(index.phrasings) if number is None else number


def _first_within(
    numbers: Sequence[Any], spans: list[list[int]], key: Callable[[Any], int] | None
) -> int | None:
    """The first phrasing number within `spans` in a sorted list (of postings, with `key`)."""
    for start, end in spans:
        at = bisect_left(numbers, start, key=key)
        if at < len(numbers):
            number = key(numbers[at]) if key else numbers[at]
            if number < end:
                return int(number)
    return None


class Blended:
    """The topics blended so far: the best real ones (ties: the first found in a walk of every
    posting, `found_at`, asked only on a tie) and the closest out-of-scope group."""

    def __init__(self, found_at: Callable[[str], tuple[int, int]], limit: int) -> None:
        self.found_at = found_at
        self.limit = limit  # how many real topics are kept
        self.real: list[tuple[float, str, float, float, float]] = []
        self.scores: list[float] = []  # the best blended scores negated, `limit` at most
        self.negative = 0.0
        self.negative_group: str | None = None

    def closed(self, negative: bool, reachable: float) -> bool:
        """Whether a topic of that side blending to at most `reachable` cannot change the result."""
        if negative:
            return reachable < self.negative
        return len(self.scores) == self.limit and reachable < -self.scores[-1]

    def add(self, blended: float, topic: str, covered: float, matched: float, own: float) -> None:
        """A real topic: how it blends, and the evidence behind it."""
        self.real.append((blended, topic, covered, matched, own))
        insort(self.scores, -blended)  # (negated: best first)
        del self.scores[self.limit :]

    def negative_seen(self, blended: float, group: str) -> None:
        """An out-of-scope group: the closest is kept (none if nothing blends above 0)."""
        if blended > self.negative or (
            blended == self.negative
            and self.negative_group is not None
            and self.found_at(group) < self.found_at(self.negative_group)
        ):
            self.negative, self.negative_group = blended, group

    def ranked(self) -> list[CandidateEvidence]:
        """The real topics best first, ties in the order found (as a stable sort of them all)."""
        blended = [found[0] for found in self.real]
        tied = {score for score in blended if blended.count(score) > 1}
        self.real.sort(key=lambda found: (-found[0], self.found_at(found[1]) if found[0] in tied else (0, 0)))
        return [
            CandidateEvidence(topic, score, round(covered, 3), round(matched, 3), round(min(1.0, own), 3))
            for score, topic, covered, matched, own in self.real[: self.limit]
        ]
