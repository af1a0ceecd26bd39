"""The FAQ and the assistant's own topics (the office, a person, help…), read by two matchers of
the same kind with the same calibration. The FAQ's matcher is the one calibrated on students'
questions; adding nine more topics to it would move every weight and threshold. The own topics'
matcher knows the FAQ's topics and out-of-scope groups as readings to beat, so "mi nss dónde lo
encuentro" stays a FAQ question and "a qué hora abre control escolar" another office's."""

from __future__ import annotations

from collections.abc import Sequence

from bot.knowledge import KnowledgeBase
from bot.understanding.matching import Matcher, MatchResult, MatchSettings


class CombinedMatcher:
    """`match()` like a Matcher: the FAQ's reading, unless one of the assistant's own topics is
    answered outright and the FAQ's is not (or less surely)."""

    def __init__(self, faq: Matcher, own: Matcher | None, own_ids: frozenset[str] = frozenset()) -> None:
        self.faq = faq
        self.own = own
        self.own_ids = own_ids  # a follow-up on the office ("¿y el correo?") reads in its light

    @classmethod
    def for_knowledge(
        cls, knowledge: KnowledgeBase, settings: MatchSettings | None = None, faq: Matcher | None = None
    ) -> CombinedMatcher:
        faq = faq or Matcher.for_knowledge(knowledge, settings)
        own_topics = knowledge.own_topics
        if not own_topics:
            return cls(faq, None)
        against = [*(topic.as_negative() for topic in knowledge.topics), *knowledge.negatives]
        return cls(
            faq,
            Matcher(own_topics, knowledge.synonyms, settings, against),
            frozenset(topic.id for topic in own_topics),
        )

    def match(self, text: str, context: Sequence[str] = ()) -> MatchResult:
        result = self.faq.match(text, context)
        if self.own is None or result.small_talk or result.empty:
            return result
        own = self.own.match(text, [topic for topic in context if topic in self.own_ids])
        if own.outcome != "answer":
            return result
        if result.outcome != "answer" or (own.confidence, own.score) > (result.confidence, result.score):
            return own
        return result
