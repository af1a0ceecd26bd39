"""The shortlist keeps matching fast on a large knowledge base without losing the right topic.

A SYNTHETIC knowledge base several times today's is made here from the real one: made-up topics
phrased like the real ones (their phrasings recombined, their telling words replaced by made-up
words), so that the everyday words ("como", "nss", "alta") are in more phrasings than the
shortlist compares. A matcher that compares every phrasing is the reference.
"""

from __future__ import annotations

import random

import pytest

from bot.knowledge import KnowledgeBase, Topic
from bot.normalize import SynonymRewriter, fold
from bot.understanding import shortlist
from bot.understanding.matching import Matcher
from bot.understanding.phrasing_index import PhrasingIndex
from bot.understanding.reading import read
from bot.understanding.scoring import Scorer

COPIES = 4  # made-up topics per real one: about 5× today's phrasings


def made_up_word(rng: random.Random) -> str:
    return "".join(rng.choice("bcdfglmnprstv") + rng.choice("aeiou") for _ in range(3))


def made_up_topics(knowledge: KnowledgeBase, copies: int, seed: int = 17) -> list[Topic]:
    """`copies` made-up topics (and out-of-scope groups) per real one, phrased like it."""
    rng = random.Random(seed)
    real = [*knowledge.topics, *knowledge.negatives]
    used_by: dict[str, int] = {}
    for topic in real:
        for word in {w for p in topic.phrasings for w in fold(p).split()}:
            used_by[word] = used_by.get(word, 0) + 1
    telling = {w for w, n in used_by.items() if n <= 2 and len(w) >= 4}
    made = []
    for n in range(copies):
        for topic in real:
            subject = [made_up_word(rng) for _ in range(3)]
            phrasings = []
            for _ in range(len(topic.phrasings)):
                a, b = (fold(rng.choice(topic.phrasings)).split() for _ in range(2))
                words = a[: rng.randrange(len(a) + 1)] + b[rng.randrange(len(b) + 1) :]
                words = [rng.choice(subject) if w in telling else w for w in words]
                phrasings.append(" ".join([*words, rng.choice(subject)]))
            made.append(
                Topic(
                    f"sintetico_{n}_{topic.id}",
                    f"[SINTÉTICO] {topic.title}",
                    tuple(phrasings),
                    topic.answer,
                    negative=topic.negative,
                )
            )
    return made


def matcher_of(knowledge: KnowledgeBase, extra: list[Topic]) -> Matcher:
    topics = [*knowledge.topics, *(t for t in extra if not t.negative)]
    negatives = [*knowledge.negatives, *(t for t in extra if t.negative)]
    return Matcher(topics, knowledge.synonyms, negatives=negatives)


@pytest.fixture(scope="module")
def made_up(knowledge: KnowledgeBase) -> list[Topic]:
    return made_up_topics(knowledge, COPIES)


@pytest.fixture(scope="module")
def large(knowledge: KnowledgeBase, made_up: list[Topic]) -> Matcher:
    """The matcher of the large synthetic knowledge base, with its shortlist."""
    return matcher_of(knowledge, made_up)


@pytest.fixture(scope="module")
def reference(knowledge: KnowledgeBase, made_up: list[Topic]) -> Matcher:
    """The same knowledge base, every phrasing compared with every question."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(shortlist, "CHAMPIONS", 10**9)
        return matcher_of(knowledge, made_up)


def filed(knowledge: KnowledgeBase, every: int = 5) -> list[tuple[str, str]]:
    """Every `every`-th phrasing filed under a real topic, with its topic."""
    return [(p, t.id) for t in knowledge.topics for p in t.phrasings[::every]]


def test_the_large_knowledge_base_is_shortlisted(knowledge: KnowledgeBase, made_up: list[Topic]) -> None:
    """Else the tests below would compare the reference with itself."""
    index = PhrasingIndex(
        [*knowledge.topics, *made_up], knowledge.negatives, SynonymRewriter(knowledge.synonyms)
    )
    common = {f for f, postings in index.postings.items() if len(postings) > shortlist.CHAMPIONS}
    assert {"com", "dond", "nss"} <= common
    champions = shortlist.champion_lists(index)
    assert all(len(champions[f]) <= shortlist.CHAMPIONS for f in common - index.implied)
    assert sum(len(index.postings[f]) for f in common) > 2 * sum(len(champions[f]) for f in common)


def test_a_filed_question_is_answered_exactly(
    knowledge: KnowledgeBase, large: Matcher, reference: Matcher
) -> None:
    answered = 0
    for text, topic in filed(knowledge):
        expected = reference.match(text)
        if (expected.outcome, expected.intent) != ("answer", topic):
            continue  # the made-up topics are close by design: only what the reference gets
        answered += 1
        result = large.match(text)
        assert (result.outcome, result.intent, result.score) == ("answer", topic, expected.score), text
    assert answered >= 100


def typo(word: str) -> str:
    """Two letters swapped after the first: the speller's kind of mistake."""
    return word[:1] + word[2] + word[1] + word[3:] if len(word) >= 5 else word


def test_a_typo_in_the_telling_word_keeps_the_right_topic(
    knowledge: KnowledgeBase, large: Matcher, reference: Matcher
) -> None:
    """A student's typo in the one word that tells the topic apart: the speller repairs it, and
    the phrasings that word is in are compared whatever the size of the knowledge base."""
    checked = 0
    for text, topic in filed(knowledge, every=3):
        words = fold(text).split()
        # The longest word is, in these phrasings, nearly always the telling one.
        longest = max(range(len(words)), key=lambda i: len(words[i]))
        if len(words[longest]) < 6:
            continue
        typed = " ".join([*words[:longest], typo(words[longest]), *words[longest + 1 :]])
        expected = reference.match(typed)
        if expected.intent != topic:
            continue
        checked += 1
        result = large.match(typed)
        assert (result.outcome, result.intent) == (expected.outcome, topic), typed
    assert checked >= 50


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("alguien sabe q es el seguro facultatibo", "que_es"),
        ("cuandoo entregoo mi nsss???", "fechas_recepcion"),
        ("donde consigo la konstancia de bijencia", "verificar_alta"),
    ],
)
def test_known_typos_still_find_their_topic(large: Matcher, text: str, intent: str) -> None:
    assert large.match(text).intent == intent


def test_the_phrasings_compared_are_scored_as_without_a_shortlist(
    knowledge: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With tiny lists, every phrasing the shortlist compares gets exactly the sums a walk of
    every posting gives it, added in the same order (the same floating-point result)."""
    rewriter = SynonymRewriter(knowledge.synonyms)
    monkeypatch.setattr(shortlist, "CHAMPIONS", 10**9)
    full = PhrasingIndex(knowledge.topics, knowledge.negatives, rewriter)
    every_posting = shortlist.Champions(full)
    monkeypatch.setattr(shortlist, "CHAMPIONS", 8)
    small = shortlist.Champions(full)
    assert small.lists and not every_posting.lists
    for text in [
        "como me doy de alta en el imss",
        "donde entrego mi nss y cuando",
        "tengo que pagar algo por el seguro de la escuela",
        "seguro facultativo",
    ]:
        features = read(text, rewriter).features
        terms = [
            (
                f,
                full.weights.get(f, 1.0),
                0.0 if f in full.implied else full.weights.get(f, 1.0),
                full.weights.get(f, 1.0),
            )
            for f in features
            if f not in full.implied or all(g in full.implied for g in features)
        ]
        every = shortlist.shared(full, every_posting, terms)
        some = shortlist.shared(full, small, terms)
        assert some and set(some) <= set(every)
        assert all(some[number] == every[number] for number in some)


def test_ties_go_to_the_phrasing_a_full_walk_finds_first(
    knowledge: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With tiny lists, a topic whose best phrasing is still compared keeps that very phrasing,
    even when another fits the question exactly as well and the shortlist found it first."""
    rewriter = SynonymRewriter(knowledge.synonyms)
    monkeypatch.setattr(shortlist, "CHAMPIONS", 10**9)
    full = Scorer(PhrasingIndex(knowledge.topics, knowledge.negatives, rewriter), {})
    monkeypatch.setattr(shortlist, "CHAMPIONS", 8)
    small = Scorer(PhrasingIndex(knowledge.topics, knowledge.negatives, rewriter), {})
    kept = 0
    for text, _ in filed(knowledge, every=7):
        question = full._weigh(read(text, rewriter), ())
        if question is None:
            continue
        every = full._best_phrasings(question, full._shared(question))
        compared = small._shared(question)
        some = small._best_phrasings(question, compared)
        for topic, (key, number, *_) in every.items():
            if number in compared:
                kept += 1
                assert some[topic][:2] == (key, number), (text, topic)
    assert kept >= 100


def test_found_at_is_the_order_of_a_full_walk(
    knowledge: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What ties are settled by: the order in which a walk of every posting finds phrasings,
    and topics (the shortlist may find them in another order)."""
    rewriter = SynonymRewriter(knowledge.synonyms)
    monkeypatch.setattr(shortlist, "CHAMPIONS", 10**9)
    full = Scorer(PhrasingIndex(knowledge.topics, knowledge.negatives, rewriter), {})
    for text, _ in filed(knowledge, every=9):
        question = full._weigh(read(text, rewriter), ())
        if question is None:
            continue
        walked = full._shared(question)
        order = list(walked)  # before the implied words add the phrasings made only of them
        assert order == sorted(order, key=lambda n: shortlist.found_at(full.index, question.scan, n))
        topics = list(full._best_phrasings(question, walked))
        assert topics == sorted(topics, key=lambda t: shortlist.topic_found_at(full.index, question.scan, t))
