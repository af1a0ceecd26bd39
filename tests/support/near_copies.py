"""Whether a question is (nearly) one the knowledge base already files, read the way the
matcher reads text: folded (case, accents, punctuation, stretched letters) and with chat
abbreviations spelled out, then compared with rapidfuzz. A test question that is a near-copy of
a filed phrasing or example measures a lookup, not whether the bot understands a new wording."""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz, process

from bot.knowledge import KnowledgeBase
from bot.normalize import expand_abbreviations, fold

# At 90 "como renunciar al seguro facultativo" ~ "como renuncio al seguro facultativo" (95.8) and
# "q dia puedo llevar mi nss" ~ "que dias puedo llevar el nss" (90.9) are copies; new wordings
# of the same question score well below ("ya sali vigente, donde pido consulta con el doctor?"
# is at 70 from the nearest one).
NEAR = 90.0


def key(text: str) -> str:
    """The text as the matcher compares it, before synonyms and stems."""
    return " ".join(expand_abbreviations(fold(text).split()))


def filed(knowledge: KnowledgeBase) -> dict[str, str]:
    """Every phrasing and example in faq/ (topics and out-of-scope groups), by its key."""
    found: dict[str, str] = {}
    for topic in (*knowledge.topics, *knowledge.negatives):
        for phrasing in topic.phrasings:
            found.setdefault(key(phrasing), phrasing)
    return found


def nearest(text: str, knowledge: KnowledgeBase) -> tuple[str, float]:
    """The filed phrasing closest to `text`, and how close (0-100)."""
    index = filed(knowledge)
    match = process.extractOne(key(text), list(index), scorer=fuzz.ratio)
    assert match is not None
    return index[match[0]], match[1]


def near_copies(texts: Iterable[str], knowledge: KnowledgeBase, threshold: float = NEAR) -> dict[str, str]:
    """The texts that are near-copies of a filed phrasing, each with that phrasing."""
    index = filed(knowledge)
    keys = list(index)
    copies: dict[str, str] = {}
    for text in texts:
        match = process.extractOne(key(text), keys, scorer=fuzz.ratio, score_cutoff=threshold)
        if match is not None:
            copies[text] = index[match[0]]
    return copies
