"""Repairing what students type against the knowledge base's own words: spelling by ear first
(a phonetic key: "kiero", "konstansia", "bijencia" sound like "quiero", "constancia",
"vigencia"), then typos (rapidfuzz's OSA distance, keeping the first letter and the length
within one, so "partido" is not read as "parto" nor "licencia" as "vigencia").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.normalize import sound_key, squeeze_doubles, stem

_CACHE_LIMIT = 20_000


class Speller:
    """`repair(word)`: the knowledge-base word a student most likely meant, or the word itself.

    `vocabulary` is every word the knowledge base uses (typos are repaired towards these);
    `everyday` adds words that may be written by ear but are not typo targets; a word whose
    stem is in `known_stems` is another form of a known word, not a typo."""

    def __init__(
        self, vocabulary: Iterable[str], everyday: Iterable[str], known_stems: frozenset[str]
    ) -> None:
        self._vocabulary = frozenset(vocabulary)
        self._known_stems = known_stems
        self._cache: dict[str, str] = {}
        # Typo targets by the length and first letter of the typed word, in one sorted order.
        self._targets: dict[tuple[int, str], list[str]] = defaultdict(list)
        for word in sorted(w for w in self._vocabulary if len(w) >= 4):
            for length in (len(word) - 1, len(word), len(word) + 1):
                self._targets[(length, word[0])].append(word)
        self._sounds: dict[str, str] = {}
        for word in sorted(self._vocabulary | frozenset(everyday)):
            if len(word) >= 3:
                self._sounds.setdefault(sound_key(word), word)

    def repair(self, word: str) -> str:
        if word in self._vocabulary:
            return word
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        fixed = squeeze_doubles(word)
        if stem(word) in self._known_stems:
            fixed = word  # another form of a known word ("salio" ~ "sali"), not a typo
        elif fixed not in self._vocabulary:
            fixed = self._sounds.get(sound_key(word), word) if len(word) >= 3 else word
            targets = self._targets.get((len(word), word[0]))
            if fixed == word and targets:
                found = process.extractOne(
                    word, targets, scorer=OSA.distance, score_cutoff=_edits_forgiven(len(word))
                )
                if found is not None:
                    fixed = found[0]
        if len(self._cache) < _CACHE_LIMIT:
            self._cache[word] = fixed
        return fixed


def _edits_forgiven(length: int) -> int:
    """Edits forgiven in a word of this length: one up to six letters, two beyond."""
    return 1 if length <= 6 else 2
