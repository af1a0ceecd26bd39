"""The conversation, independent of any transport: text, button actions and commands in,
replies (Telegram-HTML text plus buttons) out.

The per-student state is a small JSON-serialisable dict that the caller keeps (Telegram
persistence, a terminal session); the engine mutates it in place. It holds the student's place in
the questionnaire (`bot/conversation/questionnaire.py`) and, for a few minutes, the last topics
answered and how many questions in a row went unanswered (`bot/conversation/recent.py`). What the replies are
made of, and the actions their buttons carry, is `bot/replies.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from bot.clock import Clock
from bot.conversation import texts
from bot.conversation.commands import HELP, STUDENT_COMMANDS
from bot.conversation.questionnaire import Questionnaire
from bot.conversation.recent import Recent
from bot.knowledge import KnowledgeBase
from bot.normalize import fold
from bot.office.hours import Office
from bot.privacy import contains_personal_id
from bot.reception.windows import OfficeHours, reception_answer, reception_today, window_sentence
from bot.replies import (
    BACK,
    CANCEL,
    FEEDBACK_PREFIX,
    MENU,
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
from bot.understanding.matching import NONE_INTENT, Matcher, MatchResult

MENU_AFTER = ("greeting", "about_bot")  # small talk that the topics menu follows
_WORD_ACTIONS = {"atras": BACK, "regresar": BACK, "reiniciar": RESTART, "cancelar": CANCEL,
                 "salir": CANCEL, "menu": MENU, "temas": MENU}


@dataclass
class Turn:
    """What one input produced, and how the question was matched (None for buttons)."""

    replies: list[Reply] = field(default_factory=list)
    match: MatchResult | None = None
    picked: str | None = None  # the did-you-mean choice: a topic id, or "none"
    feedback: tuple[str, int] | None = None  # (topic, +1 or -1)


class Assistant:
    """The whole assistant for one knowledge base; create a new one when the base changes.

    `handoff` says whether the channel can hand a question to the office (a button to a person);
    without it, a student the bot cannot help is told how to reach the office."""

    def __init__(self, knowledge: KnowledgeBase, matcher: Matcher, clock: Clock,
                 office: Office | None = None, handoff: bool = False) -> None:
        self.knowledge = knowledge
        self.matcher = matcher
        self.clock = clock
        self.office = office or Office()
        self.handoff = handoff
        # Dates follow the office's timetable when staff gave one (config.yaml, oficina.horario).
        self.office_hours: OfficeHours | None = self.office if self.office.hours else None
        self.questionnaire = Questionnaire(
            knowledge.questionnaire,
            lambda: window_sentence(knowledge.reception, clock.today(), self.office_hours,
                                    clock.time_of_day()),
            self.reception_open)

    # ----- entry points -------------------------------------------------------------------

    def on_text(self, state: State, text: str) -> Turn:
        """A message the student typed."""
        node = self.questionnaire.current(state)
        if node is not None:
            word = fold(text)
            if word in _WORD_ACTIONS:
                return self.on_action(state, _WORD_ACTIONS[word])
            typed = self.questionnaire.typed_option(state, word)
            if typed is not None:
                return self.on_action(state, typed)

        result = self.matcher.match(text, self._recent(state).topics)
        turn = self._answer_match(state, result)
        if result.kind in ("suggest", "none"):
            self._recent(state).keep_question(text)
        if contains_personal_id(text):
            turn.replies.append(Reply(texts.PRIVACY_NOTE))
        if node is not None and node.options:
            last = turn.replies[-1]
            turn.replies[-1] = replace(last, buttons=(Button(texts.QUESTIONNAIRE_RESUME, RESUME),
                                                      *last.buttons))
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
            NO_MATCH: lambda state: Turn([self.way_to_a_person(texts.NOT_THESE)],
                                         picked=NONE_INTENT),
            PERSON: lambda state: Turn([self.way_to_a_person()]),
            REMIND: lambda state: Turn([self.menu(texts.REMINDERS_ON_TELEGRAM)]),
            REMIND_CANCEL: lambda state: Turn([self.menu(texts.REMINDERS_ON_TELEGRAM)]),
        }

    @property
    def _prefixed_actions(self) -> tuple[tuple[str, Callable[[State, str], Turn | None]], ...]:
        """Actions that carry a value; a handler that returns None lets the next one try."""
        return ((TOPIC_PREFIX, self._topic_button), (PICK_PREFIX, self._picked_button),
                (FEEDBACK_PREFIX, self._vote), (OPTION_PREFIX, self._option))

    def _resume(self, state: State) -> Turn:
        if self.questionnaire.current(state) is None:
            return Turn([self.questionnaire.not_active()])
        return Turn([self.questionnaire.node_reply(state)])

    def _topic_button(self, state: State, topic: str, picked: bool = False) -> Turn | None:
        if not self._is_topic(topic):
            return None
        self._recent(state).answered(topic)
        return Turn([self.topic_reply(topic)], picked=topic if picked else None)

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
        return getattr(self, f"_command_{command}")(state)

    def _command_start(self, state: State) -> Turn:
        return Turn([self.menu(texts.WELCOME)])

    def _command_ayuda(self, state: State) -> Turn:
        return Turn([Reply(HELP, self._menu_buttons())])

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
        return Turn([Reply(self.office.contact_html(self.clock.now()),
                           (Button(texts.TOPICS, MENU),))])

    def _command_persona(self, state: State) -> Turn:
        return Turn([self.way_to_a_person()])

    def _command_avisos(self, state: State) -> Turn:
        return Turn([self.menu(texts.REMINDERS_ON_TELEGRAM)])

    # ----- FAQ answers --------------------------------------------------------------------

    def _answer_match(self, state: State, result: MatchResult) -> Turn:
        if result.small_talk:
            text = texts.SMALL_TALK[result.small_talk]
            buttons = self._menu_buttons() if result.small_talk in MENU_AFTER else ()
            return Turn([Reply(text, buttons)], match=result)
        if result.empty:
            return Turn([self.menu(texts.NOT_UNDERSTOOD)], match=result)
        if result.outcome == "answer":
            self._recent(state).answered(result.intent)
            return Turn([self.topic_reply(result.intent)], match=result)
        if result.outcome == "suggest":
            choices = [Button(self.knowledge.title(c.intent), PICK_PREFIX + c.intent)
                       for c in result.candidates]
            choices.append(Button(texts.NONE_OF_THESE, NO_MATCH))
            return Turn([Reply(texts.DID_YOU_MEAN, tuple(choices))], match=result)
        group = self.knowledge.out_of_scope.get(result.redirect or "")
        if group is not None and group.answer:  # the staff's own "eso se ve en…"
            return Turn([self.menu(group.answer)], match=result)
        if self._recent(state).missed() >= 2:  # a second miss in a row: no dead end
            return Turn([self.way_to_a_person(texts.STILL_DONT_KNOW)], match=result)
        return Turn([self.menu(texts.DONT_KNOW)], match=result)  # with a person, if any

    def way_to_a_person(self, lead: str = "") -> Reply:
        """Where a student goes when the bot cannot help: a person, or the office's contact."""
        text = f"{lead}\n\n" if lead else ""
        if self.handoff:
            return Reply(f"{text}{texts.ASK_A_PERSON}",
                         (Button(texts.TALK_TO_PERSON, PERSON), Button(texts.TOPICS, MENU)))
        return Reply(f"{text}{texts.GO_TO_OFFICE}\n\n{self.office.contact_html(self.clock.now())}",
                     (Button(texts.TOPICS, MENU),))

    # ----- what the conversation was just about -------------------------------------------

    def _recent(self, state: State) -> Recent:
        return Recent(state, self.clock.now().timestamp(), self._is_topic)

    def last_question(self, state: State) -> str | None:
        """The last question the bot did not answer outright, if recent."""
        return self._recent(state).question

    def tidy(self, state: State) -> None:
        """Forget what is no longer recent (the Telegram housekeeping calls this)."""
        self._recent(state)

    def topic_reply(self, topic: str) -> Reply:
        """The answer to one topic, titled, with related topics to offer next."""
        if topic == self.knowledge.reception.id:
            body = reception_answer(self.knowledge.reception, self.clock.today(),
                                    self.office_hours, self.clock.time_of_day())
            related: list[str] = list(self.knowledge.reception.related)
        else:
            item = self.knowledge.items[topic]
            body, related = item.answer, list(item.related)
        buttons = [Button(self.knowledge.title(r), TOPIC_PREFIX + r) for r in related]
        if topic == self.knowledge.reception.id and not self.reception_open():
            buttons.insert(0, Button(texts.REMIND_ME, REMIND))
        buttons.append(Button(texts.TOPICS, MENU))
        return Reply(f"<b>{self.knowledge.title(topic)}</b>\n\n{body}", tuple(buttons), rate=topic)

    def reception_open(self) -> bool:
        """Whether NSS cards can still be handed in in the window open today."""
        return reception_today(self.knowledge.reception, self.clock.today(), self.office_hours,
                               self.clock.time_of_day()).receiving

    def _is_topic(self, topic: str) -> bool:
        return topic in self.knowledge.items or topic == self.knowledge.reception.id

    def menu(self, text: str) -> Reply:
        return Reply(text, self._menu_buttons())

    def _menu_buttons(self) -> tuple[Button, ...]:
        """Every topic, the questionnaire and, where a channel hands over, a person."""
        topics = [Button(t.title, TOPIC_PREFIX + t.id) for t in self.knowledge.topics]
        person = (Button(texts.TALK_TO_PERSON, PERSON),) if self.handoff else ()
        return (*topics, Button(texts.QUESTIONNAIRE_START, QUESTIONNAIRE), *person)

    def _cancel(self, state: State) -> Turn:
        left = self.questionnaire.cancel(state)
        return Turn([self.menu(texts.QUESTIONNAIRE_CANCELLED if left else texts.QUESTIONNAIRE_NOT_ACTIVE)])
