"""Reading what a student typed in the light of the conversation, in the order that keeps them
safe and never at a dead end: an urgent health situation first; typed answers inside the
questionnaire; another language; "¿me lo repites?"; several questions at once; a follow-up on
the topic just answered (never the same answer again); then the matcher's reading: a FAQ topic,
one of the assistant's own topics (the office, a person, help, "¿qué me toca hacer?"), a
"¿Quisiste decir…?", a staff redirect, or an honest "no lo sé"."""

from __future__ import annotations

import hashlib
from dataclasses import replace

from bot.conversation import texts
from bot.conversation.days import day_mentioned
from bot.conversation.emergency import EmergencyWords
from bot.conversation.followups import FollowUps, asks_to_repeat
from bot.conversation.language import is_other_language
from bot.conversation.message_shape import (
    APPROVING,
    HELP_ARRIVED,
    acknowledges,
    asks,
    news,
    without_preamble,
)
from bot.conversation.office_turns import OfficeTurns
from bot.conversation.own_topics import OFFICE_TOPICS
from bot.conversation.reading_context import Context
from bot.conversation.several import split_questions
from bot.conversation.turn import Turn
from bot.knowledge.checks import OTHER_OUT_OF_SCOPE
from bot.normalize import SynonymRewriter, fold
from bot.reception.answers import reception_on
from bot.replies import NO_MATCH, OPTION_PREFIX, PICK_PREFIX, Button, Reply, State
from bot.understanding.matching import Candidate, MatchResult

MENU_AFTER = ("greeting", "about_bot")  # small talk that the topics menu follows
_YES_NO = frozenset("si no sip nop simon nel claro nope sii noo".split())


def _digest(text: str) -> str:
    return hashlib.blake2s(text.encode(), digest_size=8).hexdigest()


class FreeTextReader:
    def __init__(self, context: Context) -> None:
        self.c = context
        knowledge = context.knowledge
        emergency = knowledge.assistant.emergency
        self.emergency = EmergencyWords(emergency.words)
        self.emergency_message = emergency.message or texts.EMERGENCY
        self.office = OfficeTurns(context, self.answer_topic)
        self.follow_ups = FollowUps(context, self.answer_topic, SynonymRewriter(knowledge.synonyms))
        # A message that is exactly one of the own topics' phrasings ("ayuda", "menu") is that
        # topic, even when the matcher sees nothing but everyday words in it.
        self.exact_own = {
            fold(said): group.topic for group in knowledge.assistant.topics for said in group.phrasings
        }

    def read(self, state: State, text: str) -> Turn:
        """A message the student typed."""
        recent = self.c.recent(state)
        before = recent.last_said
        arrived = HELP_ARRIVED.search(fold(text))
        if arrived and recent.urgent:  # "ya estoy en urgencias. ¿y después…?": no second alarm
            rest = fold(text)[arrived.end() :].strip()
            if len(rest.split()) < 3:
                return Turn([Reply(texts.AFTER_HELP_ARRIVED)])
            return self._not_again(state, text, self._read(state, rest), before)
        after_urgent = recent.urgent and (acknowledges(text) or news(text))
        turn = self._read(state, text)
        if after_urgent and (turn.match is None or turn.match.outcome != "answer"):
            # "ya llegó la ambulancia", "ya estoy en urgencias, gracias": no second alarm
            return Turn([Reply(texts.AFTER_HELP_ARRIVED)], match=turn.match)
        if self.emergency(text):
            urgent = Reply(self.emergency_message)
            if turn.match is not None and turn.match.outcome == "answer":
                turn.replies.insert(0, urgent)
            else:  # what the insurance means for them, without a "no lo sé" after 911
                turn.replies = [urgent, self.c.topics.menu(texts.AFTER_EMERGENCY)]
            self.c.recent(state).mark_urgent()
        return self._not_again(state, text, turn, before)

    def _not_again(self, state: State, text: str, turn: Turn, before: str | None) -> Turn:
        """Never the same reply twice in a row, unless asked for ("¿me lo repites?"); small
        talk ("hola" twice) is answered alike."""
        if not turn.replies or (turn.match is not None and turn.match.small_talk):
            return turn
        recent = self.c.recent(state)
        first = turn.replies[0]
        if before == _digest(first.text) and not asks_to_repeat(text):
            if first.text.startswith(texts.NOT_OUR_PROCEDURE):
                turn.replies[0] = replace(first, text=texts.NOT_OUR_PROCEDURE_AGAIN)
            elif not first.text.startswith(self.emergency_message):  # safety first, every time
                turn.replies[0] = replace(first, text=f"{texts.SAME_AGAIN}\n\n{first.text}")
        recent.remember_said(_digest(turn.replies[0].text))
        return turn

    def _read(self, state: State, text: str) -> Turn:
        typed = self._typed_in_questionnaire(state, text)
        if typed is not None:
            return typed
        said, text = text, without_preamble(text)
        if acknowledges(said) and not asks(said):  # "ok espero entonces", "va, gracias"
            return Turn([Reply(texts.SMALL_TALK["thanks"])])
        own = self.exact_own.get(fold(text))
        if own is not None:
            return self.answer_topic(state, own, self._exactly(text, own))
        if is_other_language(text):
            return Turn([self.c.topics.menu(texts.OTHER_LANGUAGE)])
        recent = self.c.recent(state).topics
        if recent and asks_to_repeat(text):
            return self.answer_topic(state, recent[0])
        office = self.office.read(state, text, recent)
        if office is not None:
            return office
        several = self._several(state, text)
        if several is not None:
            return several
        result = self.c.matcher.match(text, recent)
        if recent and self.follow_ups.applies(text, result, recent[0]):
            return self.follow_ups.reply(state, text, result, recent[0])
        turn = self._answer_match(state, text, result, said)
        if result.kind in ("suggest", "none"):
            self.c.recent(state).keep_question(text)
        return turn

    def _exactly(self, text: str, topic: str) -> MatchResult:
        """The matcher's reading of a message that is word for word an own topic's phrasing;
        one made only of everyday words ("ayuda") reads as empty to it, so it is said here."""
        result = self.c.matcher.match(text)
        if result.outcome == "answer" and result.intent == topic:
            return result
        return MatchResult("answer", (Candidate(topic, 100.0, 1.0),))

    # ----- the questionnaire, typed ---------------------------------------------------------

    def _typed_in_questionnaire(self, state: State, text: str) -> Turn | None:
        """«sí», «no», «la pública», a number: an option typed instead of tapped. A bare yes or
        no that fits two options asks again instead of reading it as a question."""
        node = self.c.questionnaire.current(state)
        if node is None or not node.options:
            return None
        word = fold(text)
        action = self.c.questionnaire.typed_option(state, word)
        if action is not None:
            replies = self.c.questionnaire.choose(state, action.removeprefix(OPTION_PREFIX))
            return Turn(replies) if replies else None
        if word in _YES_NO:
            return Turn([Reply(texts.CHOOSE_AN_OPTION), self.c.questionnaire.node_reply(state)])
        return None

    # ----- several questions, follow-ups -----------------------------------------------------

    def _several(self, state: State, text: str) -> Turn | None:
        """Each question of a message answered, when it holds two or more the matcher answers
        outright; one answered and the others unsure: that one, the others offered."""
        questions = split_questions(text)
        if len(questions) < 2:
            return None
        context = tuple(self.c.recent(state).topics)
        answered: list[str] = []
        offered: list[str] = []
        for question in questions:
            result = self.c.matcher.match(question, (*answered[-1:], *context))
            # The only plausible topic of a question that clearly stands on its own is taken.
            sure = result.outcome == "answer" or (result.outcome == "suggest" and len(result.candidates) == 1)
            if sure and result.intent not in answered:
                answered.append(result.intent)
            elif result.outcome == "suggest":
                offered += [c.intent for c in result.candidates if c.intent not in offered]
        if len(answered) < 2 and not (answered and offered):
            return None
        replies = [reply for topic in answered for reply in self.answer_topic(state, topic).replies]
        left = [topic for topic in offered if topic not in answered][:3]
        if len(answered) < 2 and left:
            buttons = [Button(self.c.knowledge.title(t), PICK_PREFIX + t) for t in left]
            replies.append(Reply(texts.ALSO_ASKED, (*buttons, Button(texts.NONE_OF_THESE, NO_MATCH))))
        return Turn(replies)

    # ----- the matcher's reading --------------------------------------------------------------

    def answer_topic(
        self, state: State, topic: str, match: MatchResult | None = None, picked: str | None = None
    ) -> Turn:
        """The reply to one topic: a FAQ item, the dates, or one of the assistant's own."""
        topics = self.c.topics
        if topic in OFFICE_TOPICS:
            self.c.recent(state).answered(topic)  # "¿y el correo?" reads in its light
            return Turn([topics.office_reply(topic)], match=match, picked=picked)
        if topic == "persona":
            return Turn([topics.way_to_a_person()], match=match, picked=picked, person=True)
        if topic == "ayuda":
            return Turn([topics.help_reply()], match=match, picked=picked)
        if topic == "que_me_toca":
            return Turn(self.c.questionnaire.start(state), match=match, picked=picked)
        self.c.recent(state).answered(topic)
        return Turn([topics.topic_reply(topic)], match=match, picked=picked)

    def _answer_match(self, state: State, text: str, result: MatchResult, said: str = "") -> Turn:
        """`said` is the whole message, "ok" and all; `text` the question in it."""
        topics = self.c.topics
        if result.small_talk:
            reply = texts.SMALL_TALK[result.small_talk]
            buttons = topics.menu_buttons() if result.small_talk in MENU_AFTER else ()
            return Turn([Reply(reply, buttons)], match=result)
        if result.empty:
            if any(symbol in text for symbol in APPROVING):  # 👍, 🙏, ❤️ alone
                return Turn([Reply(texts.ACKNOWLEDGED)], match=result)
            return Turn([topics.menu(texts.NOT_UNDERSTOOD)], match=result)
        if result.outcome == "answer":
            turn = self.answer_topic(state, result.intent, result)
            day = day_mentioned(text, self.c.clock.today())
            if result.intent == self.c.knowledge.reception.id and day is not None:
                line = reception_on(
                    self.c.knowledge.reception, day, self.c.clock.today(), topics.office_hours
                )
                turn.replies.insert(0, Reply(line))
            return turn
        if result.outcome == "suggest":
            choices = [
                Button(self.c.knowledge.title(c.intent), PICK_PREFIX + c.intent) for c in result.candidates
            ]
            choices.append(Button(texts.NONE_OF_THESE, NO_MATCH))
            return Turn([Reply(texts.DID_YOU_MEAN, tuple(choices))], match=result)
        group = self.c.knowledge.out_of_scope.get(result.redirect or "")
        if group is not None and group.answer:  # the staff's own "eso se ve en…"
            return Turn([topics.menu(group.answer)], match=result)
        if result.redirect and result.redirect != OTHER_OUT_OF_SCOPE:
            # Another area's procedure: never sent to the Seguro Facultativo office.
            return Turn([topics.menu(texts.NOT_OUR_PROCEDURE)], match=result)
        if acknowledges(said or text):  # "ok espero entonces": taken note of, not a question
            return Turn([Reply(texts.SMALL_TALK["thanks"])], match=result)
        if self.c.recent(state).missed() >= 2 and not result.redirect:  # no dead end
            return Turn([topics.way_to_a_person(texts.STILL_DONT_KNOW)], match=result)
        return Turn([topics.menu(texts.DONT_KNOW)], match=result)  # with a person, if any
