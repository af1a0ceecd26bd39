"""The conversation, independent of any transport: text, button actions and commands in,
replies (Telegram-HTML text plus buttons) out.

The per-student state is a small JSON-serialisable dict that the caller keeps (Telegram
persistence, a terminal session); the engine mutates it in place. It holds the student's place in
the questionnaire (`questionnaire.py`) and, for a few minutes, the last topics answered and how
many questions in a row went unanswered (`recent.py`). Free text is read by `free_text.py`, what
is said about a topic is `topics.py`; what replies are made of, and the actions their buttons
carry, is `bot/replies.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from bot.clock import Clock
from bot.conversation import texts
from bot.conversation.commands import ENGINE_COMMANDS, HELP, STUDENT_COMMANDS
from bot.conversation.free_text import Context, FreeTextReader
from bot.conversation.questionnaire import Questionnaire
from bot.conversation.recent import Recent
from bot.conversation.topics import TopicReplies
from bot.conversation.turn import Turn
from bot.knowledge import KnowledgeBase
from bot.knowledge.schema import OWN_TOPICS
from bot.normalize import fold
from bot.office.hours import Office
from bot.privacy import contains_personal_id
from bot.reception.answers import window_sentence
from bot.reception.windows import OfficeHours
from bot.replies import (
    BACK,
    CANCEL,
    FEEDBACK_PREFIX,
    MENU,
    MORE_TOPICS,
    NO_MATCH,
    OPTION_PREFIX,
    PERSON,
    PICK_PREFIX,
    QUESTIONNAIRE,
    REMIND,
    REMIND_CANCEL,
    RESTART,
    RESUME,
    TOPIC_PREFIX,
    Button,
    Reply,
    State,
)
from bot.understanding.combined import CombinedMatcher
from bot.understanding.matching import NONE_INTENT, Matcher

__all__ = ["Assistant", "Turn"]

_WORD_ACTIONS = {
    "atras": BACK,
    "regresar": BACK,
    "reiniciar": RESTART,
    "cancelar": CANCEL,
    "salir": CANCEL,
    "menu": MENU,
    "temas": MENU,
}


class Assistant:
    """The whole assistant for one knowledge base; create a new one when the base changes.

    `handoff` says whether the channel can hand a question to the office (a button to a person);
    without it, a student the bot cannot help is told how to reach the office."""

    def __init__(
        self,
        knowledge: KnowledgeBase,
        matcher: Matcher,
        clock: Clock,
        office: Office | None = None,
        handoff: bool = False,
    ) -> None:
        self.knowledge = knowledge
        self.matcher = matcher
        self.clock = clock
        self.office = office or Office()
        self.handoff = handoff
        self.topics = TopicReplies(knowledge, clock, self.office, handoff)
        self.office_hours: OfficeHours | None = self.topics.office_hours
        self.questionnaire = Questionnaire(
            knowledge.questionnaire,
            lambda: window_sentence(
                knowledge.reception, clock.today(), self.office_hours, clock.time_of_day()
            ),
            self.reception_open,
        )
        # Free text is read for the FAQ and for the assistant's own topics (the office…).
        understanding = CombinedMatcher.for_knowledge(knowledge, matcher.settings, faq=matcher)
        self.reader = FreeTextReader(
            Context(knowledge, understanding, clock, self.topics, self.questionnaire, self._recent)
        )

    # ----- entry points -------------------------------------------------------------------

    def on_text(self, state: State, text: str) -> Turn:
        """A message the student typed."""
        node = self.questionnaire.current(state)
        if node is not None and fold(text) in _WORD_ACTIONS:
            return self.on_action(state, _WORD_ACTIONS[fold(text)])
        turn = self.reader.read(state, text)
        if contains_personal_id(text):
            turn.replies.append(Reply(texts.PRIVACY_NOTE))
        if node is not None and node.options and self.questionnaire.current(state) is node:
            last = turn.replies[-1]
            if not any(
                button.action == RESUME or button.action.startswith(OPTION_PREFIX) for button in last.buttons
            ):  # not when it already is the question
                turn.replies[-1] = replace(
                    last, buttons=(Button(texts.QUESTIONNAIRE_RESUME, RESUME), *last.buttons)
                )
        return turn

    def on_action(self, state: State, action: str) -> Turn:
        """A button the student pressed (or a number/label typed in the terminal)."""
        fixed = self._fixed_actions.get(action)
        if fixed is not None:
            return fixed(state)
        for prefix, handle in self._prefixed_actions:
            if action.startswith(prefix):
                turn = handle(state, action.removeprefix(prefix))
                if turn is not None:
                    return turn
        return Turn([self.menu(texts.STALE_OPTION)])

    @property
    def _fixed_actions(self) -> dict[str, Callable[[State], Turn]]:
        questionnaire = self.questionnaire
        return {
            MENU: lambda state: Turn([self.menu(texts.MENU)]),
            QUESTIONNAIRE: lambda state: Turn(questionnaire.start(state)),
            RESTART: lambda state: Turn(questionnaire.start(state)),
            CANCEL: self._cancel,
            BACK: lambda state: Turn(questionnaire.back(state)),
            RESUME: self._resume,
            NO_MATCH: lambda state: Turn([self.way_to_a_person(texts.NOT_THESE)], picked=NONE_INTENT),
            PERSON: lambda state: Turn([self.way_to_a_person()]),
            REMIND: lambda state: Turn([self.menu(texts.REMINDERS_ON_TELEGRAM)]),
            REMIND_CANCEL: lambda state: Turn([self.menu(texts.REMINDERS_ON_TELEGRAM)]),
        }

    @property
    def _prefixed_actions(self) -> tuple[tuple[str, Callable[[State, str], Turn | None]], ...]:
        """Actions that carry a value; a handler that returns None lets the next one try."""
        return (
            (TOPIC_PREFIX, self._topic_button),
            (PICK_PREFIX, self._picked_button),
            (FEEDBACK_PREFIX, self._vote),
            (OPTION_PREFIX, self._option),
            (MORE_TOPICS, self._more_topics),
        )

    def _more_topics(self, state: State, page: str) -> Turn | None:
        reply = (
            self.topics.more_topics(int(page))
            if page.isascii() and page.isdecimal() and len(page) < 4
            else None
        )
        return Turn([reply]) if reply is not None else None

    def _resume(self, state: State) -> Turn:
        if self.questionnaire.current(state) is None:
            return Turn([self.questionnaire.not_active()])
        return Turn([self.questionnaire.node_reply(state)])

    def _topic_button(self, state: State, topic: str, picked: bool = False) -> Turn | None:
        if not (self._is_topic(topic) or topic in OWN_TOPICS):
            return None
        return self.reader.answer_topic(state, topic, picked=topic if picked else None)

    def _picked_button(self, state: State, topic: str) -> Turn | None:
        """A "¿Quisiste decir…?" choice: answered, and recorded as the student's pick."""
        return self._topic_button(state, topic, picked=True)

    def _vote(self, state: State, payload: str) -> Turn | None:
        vote, _, topic = payload.partition(":")
        if vote not in ("+", "-") or not self._is_topic(topic):
            return None
        return Turn([Reply(texts.THANKS_FOR_FEEDBACK)], feedback=(topic, 1 if vote == "+" else -1))

    def _option(self, state: State, option: str) -> Turn | None:
        replies = self.questionnaire.choose(state, option)
        if replies is not None:
            return Turn(replies)
        if self.questionnaire.current(state) is not None:  # an old button: ask again
            return Turn([Reply(texts.STALE_OPTION), self.questionnaire.node_reply(state)])
        return None

    def on_command(self, state: State, command: str) -> Turn:
        """A slash command, without the slash and without any @botname."""
        command = command.lower()
        if command not in STUDENT_COMMANDS:
            return Turn([Reply(f"{texts.UNKNOWN_COMMAND}\n\n{HELP}")])
        if command not in ENGINE_COMMANDS:  # the adapter's to answer; this channel does not
            return Turn([self.menu(texts.NOT_IN_THIS_CHANNEL)])
        return getattr(self, f"_command_{command}")(state)

    def _command_start(self, state: State) -> Turn:
        return Turn([self.menu(texts.WELCOME)])

    def _command_ayuda(self, state: State) -> Turn:
        return Turn([self.topics.help_reply()])

    def _command_preguntas(self, state: State) -> Turn:
        return Turn([self.menu(texts.MENU)])

    def _command_fechas(self, state: State) -> Turn:
        topic = self.knowledge.reception.id
        self._recent(state).answered(topic)  # "y donde lo saco" reads in its light too
        return Turn([self.topic_reply(topic)])

    def _command_elegibilidad(self, state: State) -> Turn:
        return self.on_action(state, QUESTIONNAIRE)

    def _command_cancelar(self, state: State) -> Turn:
        return self._cancel(state)

    def _command_contacto(self, state: State) -> Turn:
        return Turn([Reply(self.office.contact_html(self.clock.now()), (Button(texts.TOPICS, MENU),))])

    def _command_persona(self, state: State) -> Turn:
        return Turn([self.way_to_a_person()])

    def _command_avisos(self, state: State) -> Turn:
        return Turn([self.menu(texts.REMINDERS_ON_TELEGRAM)])

    # ----- what adapters and the questionnaire ask ----------------------------------------

    def _recent(self, state: State) -> Recent:
        return Recent(state, self.clock.now().timestamp(), self._is_topic_or_own)

    def is_emergency(self, text: str) -> bool:
        """An urgent health situation: its safety line must never wait (flood limits)."""
        return self.reader.emergency(text)

    def last_question(self, state: State) -> str | None:
        """The last question the bot did not answer outright, if recent."""
        return self._recent(state).question

    def tidy(self, state: State) -> None:
        """Forget what is no longer recent (the Telegram housekeeping calls this)."""
        self._recent(state)

    def topic_reply(self, topic: str) -> Reply:
        return self.topics.topic_reply(topic)

    def way_to_a_person(self, lead: str = "") -> Reply:
        return self.topics.way_to_a_person(lead)

    def reception_open(self) -> bool:
        return self.topics.reception_open()

    def menu(self, text: str) -> Reply:
        return self.topics.menu(text)

    def _is_topic(self, topic: str) -> bool:
        return self.topics.is_topic(topic)

    def _is_topic_or_own(self, topic: str) -> bool:
        return self.topics.is_topic(topic) or topic in OWN_TOPICS

    def _cancel(self, state: State) -> Turn:
        left = self.questionnaire.cancel(state)
        return Turn([self.menu(texts.QUESTIONNAIRE_CANCELLED if left else texts.QUESTIONNAIRE_NOT_ACTIVE)])
