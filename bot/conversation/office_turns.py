"""Turns about the office: its topics named in so many words (`office_questions`), answered
with the day or hour asked; "¿y el lunes?" or "¿y si llego a las 3?" right after the office's
hours or the dates; "¿y mañana puedo entregar mi NSS?" after the office, which is the dates'."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date

from bot.conversation.message_shape import spelled_out
from bot.conversation.office_questions import (
    CARDS,
    OfficeAsk,
    hour_mentioned,
    read_office_question,
    when_asked,
)
from bot.conversation.own_topics import OFFICE_TOPICS
from bot.conversation.reading_context import Context
from bot.conversation.turn import Turn
from bot.reception.answers import reception_on
from bot.replies import State
from bot.understanding.matching import Candidate, MatchResult

AnswerTopic = Callable[..., Turn]


def named(topic: str) -> MatchResult:
    """What the journal records for a topic read from its words, not the matcher's scores."""
    return MatchResult("answer", (Candidate(topic, 100.0, 1.0),))


class OfficeTurns:
    def __init__(self, context: Context, answer_topic: AnswerTopic) -> None:
        self.c = context
        self.answer_topic = answer_topic
        self.own_ids = frozenset(group.topic for group in context.knowledge.assistant.topics)

    def read(self, state: State, text: str, recent: Sequence[str]) -> Turn | None:
        """An office topic, a person or the questionnaire named in so many words (unless only
        loosely, and the FAQ answers it outright), or another day or hour asked right after the
        office's hours or the dates."""
        today = self.c.clock.today()
        ask = read_office_question(text, today)
        if ask is None:
            return self._hours_follow_up(state, text, recent)
        if not ask.sure:
            timed = ask.day or ask.hour or ask.every_weekday
            if recent and recent[0] == self.c.knowledge.reception.id and not timed:
                return None  # "¿y a qué hora?" after the dates: the dates' follow-up
            result = self.c.matcher.match(text, recent)
            if result.outcome == "answer" and result.intent not in self.own_ids:
                return None
        office = [topic for topic in ask.topics if topic in OFFICE_TOPICS]
        if not office:
            return self.answer_topic(state, ask.topics[0], named(ask.topics[0]))
        return self._office_turn(state, replace(ask, topics=tuple(office)))

    def _hours_follow_up(self, state: State, text: str, recent: Sequence[str]) -> Turn | None:
        """ "¿y el lunes?", "¿y los sábados?" after the office's hours; "¿y si llego a las 3?"
        after the dates or the office."""
        if not recent:
            return None
        plain = spelled_out(text)
        day, every, hour = when_asked(plain, self.c.clock.today())
        if CARDS.search(plain):  # "¿y mañana puedo entregar mi NSS?": the dates, not the office
            return self._dates_on(state, day) if day and recent[0] in OFFICE_TOPICS else None
        after_office = recent[0] in OFFICE_TOPICS and (day or every or hour)
        after_dates = recent[0] == self.c.knowledge.reception.id and hour_mentioned(plain) and not day
        if not (after_office or after_dates):
            return None
        return self._office_turn(state, OfficeAsk(("oficina_horario",), True, day, every, hour))

    def _dates_on(self, state: State, day: date) -> Turn:
        """Whether cards are received on the day asked about."""
        reception = self.c.knowledge.reception
        today = self.c.clock.today()
        self.c.recent(state).answered(reception.id)
        line = reception_on(reception, day, today, self.c.topics.office_hours)
        return Turn([self.c.topics.menu(line)], match=named(reception.id))

    def _office_turn(self, state: State, ask: OfficeAsk) -> Turn:
        for topic in reversed(ask.topics):  # the first asked is the one "¿y el correo?" follows
            self.c.recent(state).answered(topic)
        reply = self.c.topics.office_reply(ask.topics[0], ask)
        return Turn([reply], match=named(ask.topics[0]))
