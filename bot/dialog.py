"""The conversation, independent of any transport: text, button actions and commands in,
replies (Telegram-HTML text plus buttons) out.

The per-student state is a small JSON-serialisable dict that the caller keeps (Telegram
persistence, a terminal session); the engine mutates it in place. It holds the path through the
eligibility flow (the checklist is derived from it, so it can never disagree with the answers
the student gave) and, for a few minutes, the last topics answered and how many questions in a
row went unanswered: never what the student wrote.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from typing import Any

from bot import messages
from bot.knowledge import KnowledgeBase
from bot.knowledge.schema import FlowNode
from bot.matching import NONE_INTENT, Matcher, MatchResult
from bot.normalize import fold
from bot.office import Office
from bot.privacy import contains_personal_id
from bot.recent import Recent
from bot.reception import (
    NO_URGENT,
    Clock,
    reception_answer,
    reception_status,
    window_sentence,
)

State = dict[str, Any]
FLOW_KEY = "flow"

# Button actions. They travel inside Telegram callback data, so they stay short (< 64 bytes).
MENU = "menu"
FLOW = "flow"
BACK = "back"
RESTART = "restart"
CANCEL = "cancel"
RESUME = "resume"
NO_MATCH = "nomatch"
TOPIC_PREFIX = "faq:"
PICK_PREFIX = "pick:"  # a topic chosen from "¿Quisiste decir…?" (the journal learns from it)
FEEDBACK_PREFIX = "fb:"  # fb:+:topic or fb:-:topic
OPTION_PREFIX = "opt:"  # opt:<node>:<option key>; the key names the option, not its place
PERSON = "person"  # the way to a person; a transport that can hand the question over does
REMIND = "remind"  # "Avísame cuando abra": a transport that can send reminders does
REMIND_CANCEL = "remind:cancel"

COMMANDS = ("start", "ayuda", "preguntas", "fechas", "elegibilidad", "cancelar", "contacto",
            "persona", "avisos")  # for students
MENU_AFTER = ("greeting", "about_bot")  # small talk that the topics menu follows
_WORD_ACTIONS = {"atras": BACK, "regresar": BACK, "reiniciar": RESTART, "cancelar": CANCEL,
                 "salir": CANCEL, "menu": MENU, "temas": MENU}


@dataclass(frozen=True)
class Button:
    label: str
    action: str


@dataclass(frozen=True)
class Reply:
    text: str  # Telegram HTML
    buttons: tuple[Button, ...] = ()
    rate: str | None = None  # the topic this answer is about, which the student may rate 👍/👎


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
        self._nodes = knowledge.flow.nodes

    # ----- entry points -------------------------------------------------------------------

    def on_text(self, state: State, text: str) -> Turn:
        """A message the student typed."""
        node = self._current_node(state)
        if node is not None:
            word = fold(text)
            if word in _WORD_ACTIONS:
                return self.on_action(state, _WORD_ACTIONS[word])
            index = _typed_option(node, word)
            if index is not None and node.options:
                return self.on_action(state, option_action(self._path(state)[-1],
                                                           node.options[index].label))

        result = self.matcher.match(text, self._recent(state).topics)
        turn = self._answer_match(state, result)
        if result.outcome != "answer" and not (result.small_talk or result.empty):
            self._recent(state).keep_question(text)
        if contains_personal_id(text):
            turn.replies.append(Reply(messages.PRIVACY_NOTE))
        if node is not None and node.options:
            last = turn.replies[-1]
            turn.replies[-1] = replace(last, buttons=(Button(messages.FLOW_RESUME, RESUME),
                                                      *last.buttons))
        return turn

    def on_action(self, state: State, action: str) -> Turn:
        """A button the student pressed (or a number/label typed in the terminal)."""
        if action == MENU:
            return Turn([self.menu(messages.MENU)])
        if action in (FLOW, RESTART):
            state[FLOW_KEY] = [self.knowledge.flow.start]
            return Turn(self._show_path(state))
        if action == CANCEL:
            return self._cancel(state)
        if action == BACK:
            return Turn(self._back(state))
        if action == RESUME:
            if self._current_node(state) is None:
                return Turn([self._flow_not_active()])
            return Turn([self._node_reply(state)])
        if action == NO_MATCH:
            return Turn([self.way_to_a_person(messages.NOT_THESE)], picked=NONE_INTENT)
        if action == PERSON:
            return Turn([self.way_to_a_person()])
        if action in (REMIND, REMIND_CANCEL):
            return Turn([self.menu(messages.REMINDERS_ON_TELEGRAM)])
        for prefix in (TOPIC_PREFIX, PICK_PREFIX):
            topic = action.removeprefix(prefix)
            if action.startswith(prefix) and self._is_topic(topic):
                picked = topic if prefix == PICK_PREFIX else None
                self._recent(state).answered(topic)
                return Turn([self.topic_reply(topic)], picked=picked)
        if action.startswith(FEEDBACK_PREFIX):
            vote, _, topic = action.removeprefix(FEEDBACK_PREFIX).partition(":")
            if vote in ("+", "-") and self._is_topic(topic):
                return Turn([Reply(messages.THANKS_FOR_FEEDBACK)],
                            feedback=(topic, 1 if vote == "+" else -1))
        if action.startswith(OPTION_PREFIX):
            replies = self._choose(state, action.removeprefix(OPTION_PREFIX))
            if replies is not None:
                return Turn(replies)
            if self._current_node(state) is not None:  # an old button: ask the current question
                return Turn([Reply(messages.STALE_OPTION), self._node_reply(state)])
        return Turn([self.menu(messages.STALE_OPTION)])

    def on_command(self, state: State, command: str) -> Turn:
        """A slash command, without the slash and without any @botname."""
        command = command.lower()
        if command == "start":
            return Turn([self.menu(messages.WELCOME)])
        if command == "ayuda":
            return Turn([Reply(messages.HELP, self._menu_buttons())])
        if command == "preguntas":
            return Turn([self.menu(messages.MENU)])
        if command == "fechas":
            topic = self.knowledge.reception.id
            self._recent(state).answered(topic)  # "y donde lo saco" reads in its light too
            return Turn([self.topic_reply(topic)])
        if command == "elegibilidad":
            return self.on_action(state, FLOW)
        if command == "cancelar":
            return self._cancel(state)
        if command == "contacto":
            return Turn([Reply(self.office.contact_html(self.clock.now()),
                               (Button(messages.TOPICS, MENU),))])
        if command == "persona":
            return Turn([self.way_to_a_person()])
        if command == "avisos":
            return Turn([self.menu(messages.REMINDERS_ON_TELEGRAM)])
        return Turn([Reply(f"{messages.UNKNOWN_COMMAND}\n\n{messages.HELP}")])

    # ----- FAQ answers --------------------------------------------------------------------

    def _answer_match(self, state: State, result: MatchResult) -> Turn:
        if result.small_talk:
            text = messages.SMALL_TALK[result.small_talk]
            buttons = self._menu_buttons() if result.small_talk in MENU_AFTER else ()
            return Turn([Reply(text, buttons)], match=result)
        if result.empty:
            return Turn([self.menu(messages.NOT_UNDERSTOOD)], match=result)
        if result.outcome == "answer":
            self._recent(state).answered(result.intent)
            return Turn([self.topic_reply(result.intent)], match=result)
        if result.outcome == "suggest":
            buttons = [Button(self.knowledge.title(c.intent), PICK_PREFIX + c.intent)
                       for c in result.candidates]
            buttons.append(Button(messages.NONE_OF_THESE, NO_MATCH))
            return Turn([Reply(messages.DID_YOU_MEAN, tuple(buttons))], match=result)
        group = self.knowledge.out_of_scope.get(result.redirect or "")
        if group is not None and group.answer:  # the staff's own "eso se ve en…"
            return Turn([self.menu(group.answer)], match=result)
        if self._recent(state).missed() >= 2:  # a second miss in a row: no dead end
            return Turn([self.way_to_a_person(messages.STILL_DONT_KNOW)], match=result)
        return Turn([self.menu(messages.DONT_KNOW)], match=result)  # with a person, if any

    def way_to_a_person(self, lead: str = "") -> Reply:
        """Where a student goes when the bot cannot help: a person, or the office's contact."""
        text = f"{lead}\n\n" if lead else ""
        if self.handoff:
            return Reply(f"{text}{messages.ASK_A_PERSON}",
                         (Button(messages.TALK_TO_PERSON, PERSON), Button(messages.TOPICS, MENU)))
        return Reply(f"{text}{messages.GO_TO_OFFICE}\n\n{self.office.contact_html(self.clock.now())}",
                     (Button(messages.TOPICS, MENU),))

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
            body = reception_answer(self.knowledge.reception, self.clock.today())
            related: list[str] = list(self.knowledge.reception_related)
        else:
            item = self.knowledge.items[topic]
            body, related = item.answer, list(item.related)
        buttons = [Button(self.knowledge.title(r), TOPIC_PREFIX + r) for r in related]
        if topic == self.knowledge.reception.id and not self.reception_open():
            buttons.insert(0, Button(messages.REMIND_ME, REMIND))
        buttons.append(Button(messages.TOPICS, MENU))
        return Reply(f"<b>{self.knowledge.title(topic)}</b>\n\n{body}", tuple(buttons), rate=topic)

    def reception_open(self) -> bool:
        """Whether NSS cards are received today."""
        return reception_status(self.knowledge.reception, self.clock.today()).current is not None

    def _is_topic(self, topic: str) -> bool:
        return topic in self.knowledge.items or topic == self.knowledge.reception.id

    def menu(self, text: str) -> Reply:
        return Reply(text, self._menu_buttons())

    def _menu_buttons(self) -> tuple[Button, ...]:
        """Every topic, the questionnaire and, where a channel hands over, a person."""
        topics = [Button(t.title, TOPIC_PREFIX + t.id) for t in self.knowledge.topics]
        person = (Button(messages.TALK_TO_PERSON, PERSON),) if self.handoff else ()
        return (*topics, Button(messages.FLOW_START, FLOW), *person)

    # ----- eligibility flow ---------------------------------------------------------------

    def _path(self, state: State) -> list[str]:
        path = state.get(FLOW_KEY)
        if isinstance(path, list) and path and all(n in self._nodes for n in path):
            return path
        state.pop(FLOW_KEY, None)  # gone or edited away by staff: start clean, never crash
        return []

    def _current_node(self, state: State) -> FlowNode | None:
        path = self._path(state)
        return self._nodes[path[-1]] if path else None

    def _choose(self, state: State, payload: str) -> list[Reply] | None:
        node_id, _, key = payload.rpartition(":")
        node = self._nodes.get(node_id)
        chosen = next((o for o in node.options or [] if option_key(o.label) == key), None) if node else None
        if chosen is None:  # forged, or staff changed the option since the button was sent
            return None
        path = self._path(state)
        if node_id in path:  # also an older message's button: answer from that point on
            path = path[: path.index(node_id) + 1]
        elif node_id == self.knowledge.flow.start:
            path = [node_id]
        else:
            return None
        path.append(chosen.target)
        state[FLOW_KEY] = path
        return self._show_path(state)

    def _show_path(self, state: State) -> list[Reply]:
        """Show the current node, walking through `siguiente` steps on the way."""
        replies = []
        path = state[FLOW_KEY]
        node = self._nodes[path[-1]]
        while node.next is not None:
            replies.append(Reply(self._fill(node.text)))
            path.append(node.next)
            node = self._nodes[node.next]
        replies.append(self._node_reply(state))
        return replies

    def _node_reply(self, state: State) -> Reply:
        path = self._path(state)
        node_id = path[-1]
        node = self._nodes[node_id]
        controls = []
        if len(path) > 1:
            controls.append(Button(messages.FLOW_BACK, BACK))
        if node.end:
            text = f"{self._fill(node.text)}\n\n{self._checklist(path)}"
            card_pending = any("{ventana}" in (self._nodes[n].step or "") for n in path)
            remind = ((Button(messages.REMIND_ME, REMIND),)
                      if card_pending and not self.reception_open() else ())
            return Reply(text, (*remind, *controls, Button(messages.FLOW_DONE_AGAIN, RESTART),
                                Button(messages.TOPICS, MENU)))
        options = [Button(o.label, option_action(node_id, o.label)) for o in node.options or []]
        if len(path) > 1:
            controls.append(Button(messages.FLOW_RESTART, RESTART))
        return Reply(self._fill(node.text), (*options, *controls))

    def _checklist(self, path: list[str]) -> str:
        steps = [self._fill(self._nodes[n].step or "") for n in path if self._nodes[n].step]
        if not steps:
            return messages.FLOW_NOTHING_TO_DO
        lines = [messages.FLOW_CHECKLIST]
        lines += [f"{number}. {step}" for number, step in enumerate(steps, start=1)]
        if any("{ventana}" in (self._nodes[n].step or "") for n in path):
            lines.append(NO_URGENT)
        return "\n".join(lines)

    def _back(self, state: State) -> list[Reply]:
        path = self._path(state)
        if not path:
            return [self._flow_not_active()]
        path.pop()
        while path and self._nodes[path[-1]].next is not None:
            path.pop()  # steps that moved on by themselves are not a place to go back to
        state[FLOW_KEY] = path or [self.knowledge.flow.start]
        return [self._node_reply(state)]

    def _cancel(self, state: State) -> Turn:
        if state.pop(FLOW_KEY, None) is None:
            return Turn([self.menu(messages.FLOW_NOT_ACTIVE)])
        return Turn([self.menu(messages.FLOW_CANCELLED)])

    def _flow_not_active(self) -> Reply:
        return Reply(messages.FLOW_NOT_ACTIVE, (Button(messages.FLOW_START, FLOW),
                                                Button(messages.TOPICS, MENU)))

    def _fill(self, text: str) -> str:
        if "{ventana}" not in text:
            return text
        sentence = window_sentence(self.knowledge.reception, self.clock.today())
        return text.replace("{ventana}", sentence)


def option_key(label: str) -> str:
    """A short name for a flow option that changes when its text changes, not when staff move
    it: an old button can never pick a different option than the one it showed."""
    return hashlib.sha256(fold(label).encode()).hexdigest()[:8]


def option_action(node_id: str, label: str) -> str:
    return f"{OPTION_PREFIX}{node_id}:{option_key(label)}"


def _typed_option(node: FlowNode, typed: str) -> int | None:
    """The option a student typed instead of tapping: its label, or a first word only it has."""
    labels = [fold(option.label) for option in node.options or []]
    if typed in labels:
        return labels.index(typed)
    starting = [i for i, label in enumerate(labels) if label.split()[:1] == [typed]]
    return starting[0] if len(starting) == 1 else None
