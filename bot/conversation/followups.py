"""A follow-up that lands on the topic just answered never gets the same answer again: the
student asking again is saying the answer did not help. Either the answer holds the detail they
ask about (quote just that sentence), or it does not (say so plainly and point to the office).
Only a student who asks for it ("¿me lo repites?") gets the whole answer again.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import replace

from bot.conversation import texts
from bot.conversation.days import day_mentioned
from bot.conversation.message_shape import spelled_out
from bot.conversation.reading_context import Context
from bot.conversation.turn import Turn
from bot.knowledge.telegram_html import to_plain_text
from bot.normalize import (
    LIGHT_WORDS,
    STOPWORDS,
    SynonymRewriter,
    expand_abbreviations,
    fold,
    stem,
)
from bot.reception.answers import NO_URGENT, reception_on
from bot.replies import REMIND, Button, State
from bot.understanding.matching import MatchResult

AnswerTopic = Callable[..., Turn]

_REPEAT = re.compile(
    r"\b(?:repit\w*|repet\w*|otra vez|de nuevo|vuelve\w* a decir|no lo vi|"
    r"no alcance a leer)\b"
)
_NEXT = re.compile(
    r"^(?:y |e |pero )?(?:luego|despues|y luego|que mas|q mas|que sigue|q sigue|"
    r"y despues que|despues que|y ahora|ahora que)(?: hago)?$"
)
# After the dates: a way around them ("¿no hay manera de que me la reciban?", "aunque sea tarde")
# is answered by the rule that there is none; "¿hasta qué día?" by the dates themselves.
_EXCEPTION = re.compile(
    r"\b(?:no hay (?:manera|forma|chance|modo)|alguna (?:manera|forma)|aunque sea|fuera de (?:fecha|tiempo)|"
    r"extemporane\w*|urgente\w*|prorroga|excepcion|despues de la fecha|me lo reciban|me la reciban)\b"
)
_WHEN = re.compile(
    r"\b(?:hasta (?:que|cuando)|que dia|que dias|cuando (?:es|son|empieza|termina|acaba)|ultimo dia)\b"
)
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")
_CLAUSE = re.compile(r",\s+")
# Words of the topic itself: every sentence of every answer is about them.
_TOPIC_WORDS = frozenset(
    {stem(w) for w in "seguro facultativo medico estudiantil estudiantes estudiante imss escuela".split()}
)
MIN_SENTENCE_CHARS = 25
SHORT_ANSWER_PIECES = 2
# Words that open a follow-up ("y si no tengo internet", "pero ya lo tengo").
OPENERS = frozenset("y e pero entonces osea tambien ademas o".split())
SAME_QUESTION_SCORE = 90  # a lexical score this high alone: the whole question again


def asks_to_repeat(text: str) -> bool:
    return bool(_REPEAT.search(fold(text)))


def _content(text: str, synonyms: SynonymRewriter | None) -> set[str]:
    folded = fold(text)
    words = expand_abbreviations((synonyms.rewrite(folded) if synonyms else folded).split())
    return {
        stem(w) for w in words if w not in STOPWORDS and w not in LIGHT_WORDS and len(w) > 2
    } - _TOPIC_WORDS


def pieces(answer_html: str) -> list[str]:
    """The answer's sentences as plain text, long ones cut at commas into clauses of their own
    (a short clause joins the next), so a detail can be quoted without the whole answer."""
    found: list[str] = []
    for sentence in _SENTENCE_END.split(to_plain_text(answer_html)):
        pending = ""
        for clause in _CLAUSE.split(sentence.strip()):
            pending = f"{pending}, {clause}" if pending else clause
            if len(pending) >= MIN_SENTENCE_CHARS:
                found.append(pending)
                pending = ""
        if pending and found:
            found[-1] = f"{found[-1]}, {pending}"
        elif pending:
            found.append(pending)
    return [piece for piece in found if len(piece) >= MIN_SENTENCE_CHARS]


def detail(question: str, answer_html: str, synonyms: SynonymRewriter | None = None) -> str | None:
    """The one piece of the answer that speaks of what the question asks, if any; a question
    made only of everyday words ("y cuál me toca") on a short answer: its first piece."""
    asked = _content(question, synonyms)
    if not asked:
        found = pieces(answer_html)
        return found[0] if len(found) <= SHORT_ANSWER_PIECES and found else None
    best, best_shared = None, 0
    for sentence in pieces(answer_html):
        shared = len(asked & _content(sentence, synonyms))
        if shared > best_shared:
            best, best_shared = sentence, shared
    return best


def quoted(sentence: str) -> str:
    return f"«{html.escape(sentence)}»"


def opens_like_a_follow_up(text: str) -> bool:
    words = fold(text).split()
    return bool(words) and words[0] in OPENERS


class FollowUps:
    """Follow-ups on the topic just answered, read with the conversation's context."""

    def __init__(self, context: Context, answer_topic: AnswerTopic, synonyms: SynonymRewriter) -> None:
        self.c = context
        self.answer_topic = answer_topic
        self.synonyms = synonyms

    def applies(self, text: str, result: MatchResult, last: str) -> bool:
        """The message lands on the topic just answered (answered or offered, or an opener
        whose suggestions include it), asks about another day after the dates, or matches
        nothing but speaks of a detail the last answer gives."""
        if result.outcome in ("answer", "suggest") and result.intent == last:
            return True
        if (
            result.outcome == "suggest"
            and opens_like_a_follow_up(text)
            and any(c.intent == last for c in result.candidates)
        ):
            return True
        if last == self.c.knowledge.reception.id and result.outcome != "answer":
            plain = spelled_out(text)
            if day_mentioned(text, self.c.clock.today()) is not None or _EXCEPTION.search(plain):
                return True
            if _WHEN.search(plain) or (opens_like_a_follow_up(text) and self._in_dates(text)):
                return True
        body = self._body(last)
        return (
            result.outcome == "none"
            and not result.redirect
            and body is not None
            and _content(text, self.synonyms) != set()
            and detail(text, body, self.synonyms) is not None
        )

    def reply(self, state: State, text: str, result: MatchResult, topic: str) -> Turn:
        """A detail of the topic just answered: the sentence that says it, or that it is not in
        what the assistant knows, with the way to the office; never the same answer again."""
        knowledge, topics = self.c.knowledge, self.c.topics
        recent = self.c.recent(state)
        last_piece = recent.piece
        recent.answered(topic)
        day = day_mentioned(text, self.c.clock.today())
        if topic == knowledge.reception.id and day is not None:
            line = reception_on(knowledge.reception, day, self.c.clock.today(), topics.office_hours)
            return Turn([topics.menu(line)], match=result)
        body = self._body(topic)
        if body is None:  # the office, help…: answered again, there is nothing shorter to quote
            return self.answer_topic(state, topic, result)
        sentence = self._next_piece(text, body, last_piece)
        plain = spelled_out(text)
        if topic == knowledge.reception.id and _EXCEPTION.search(plain):
            sentence = to_plain_text(NO_URGENT)
        if sentence is None:
            sentence = detail(text, body, self.synonyms)
        if sentence is not None and sentence in (found := pieces(body)):
            recent.quoted(found.index(sentence))
        if self._stands_alone(text, topic):
            return self._asked_again(state, result, topic)
        more = sentence is not None
        if sentence is not None:
            lead = f"{texts.DETAIL_LEAD}\n\n{quoted(sentence)}"
        elif topic == knowledge.reception.id:  # "¿y si se me pasa?": the dates, briefly
            lead = f"{texts.DATES_AGAIN}\n\n{body}"
        else:
            lead = texts.DETAIL_MISSING.format(title=knowledge.title(topic))
        reply = replace(topics.way_to_a_person(lead, more), rate=topic)  # about that answer
        if topic == knowledge.reception.id and not topics.reception_open():
            reply = replace(reply, buttons=(Button(texts.REMIND_ME, REMIND), *reply.buttons))
        return Turn([reply], match=result)

    @staticmethod
    def _next_piece(text: str, body: str, last: int | None) -> str | None:
        """ "¿y luego?" after a quoted piece: the piece that follows it."""
        if last is None or not _NEXT.match(fold(text)):
            return None
        found = pieces(body)
        return found[last + 1] if last + 1 < len(found) else None

    def _in_dates(self, text: str) -> bool:
        """ "¿y en la reinscripción?": a word the dates answer speaks of."""
        return bool(_content(text, self.synonyms) & _content(self.c.topics.reception_body(), self.synonyms))

    def _body(self, topic: str) -> str | None:
        if topic == self.c.knowledge.reception.id:
            return self.c.topics.reception_body()
        item = self.c.knowledge.items.get(topic)
        return item.answer if item else None

    def _stands_alone(self, text: str, topic: str) -> bool:
        """The whole question again, answered outright without the conversation, written
        almost like one of the topic's phrasings."""
        alone = self.c.matcher.match(text)
        return (
            alone.outcome == "answer"
            and alone.intent == topic
            and alone.score >= SAME_QUESTION_SCORE
            and not opens_like_a_follow_up(text)
        )

    def _asked_again(self, state: State, result: MatchResult, topic: str) -> Turn:
        """The same question again, in full: the answer, said to be the same one, with where
        to go for what it does not say."""
        turn = self.answer_topic(state, topic, result)
        first = turn.replies[0]
        turn.replies[0] = replace(first, text=f"{texts.SAME_AGAIN}\n\n{first.text}")
        return turn
