"""The guided eligibility questionnaire (`faq/elegibilidad.yaml`), independent of any transport.

The student's place is the path of node ids in their state; the personal checklist at the end is
derived from that path, so it can never disagree with the answers the student gave. Buttons name
an option by a hash of its label, never by its position: an old button cannot pick another option
after staff reorder them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from bot.conversation import texts
from bot.knowledge.schema import QuestionnaireFile, QuestionnaireNode
from bot.normalize import fold
from bot.reception.answers import NO_URGENT
from bot.replies import (
    BACK,
    MENU,
    OPTION_PREFIX,
    QUESTIONNAIRE,
    REMIND,
    RESTART,
    Button,
    Reply,
    State,
)

QUESTIONNAIRE_KEY = "flow"  # in saved state: the name stays, students keep their place
WINDOW = "{ventana}"  # in a node's text or step: the sentence about the next reception window


class Questionnaire:
    """Where a student is in the questionnaire and what each answer leads to. `window` writes
    the sentence about the reception window; `reception_open` says whether cards are received
    today (then there is nothing to remind)."""

    def __init__(
        self, questionnaire: QuestionnaireFile, window: Callable[[], str], reception_open: Callable[[], bool]
    ) -> None:
        self._file = questionnaire
        self._nodes = questionnaire.nodes
        self._window = window
        self._reception_open = reception_open

    def current(self, state: State) -> QuestionnaireNode | None:
        """The question the student is on, if they are in the questionnaire."""
        path = self._path(state)
        return self._nodes[path[-1]] if path else None

    def typed_option(self, state: State, typed: str) -> str | None:
        """The action of the option a student typed instead of tapping (folded text)."""
        path = self._path(state)
        node = self._nodes[path[-1]] if path else None
        if node is None or not node.options:
            return None
        index = _typed_option(node, typed)
        return None if index is None else option_action(path[-1], node.options[index].label)

    def start(self, state: State) -> list[Reply]:
        state[QUESTIONNAIRE_KEY] = [self._file.start]
        return self._show_path(state)

    def choose(self, state: State, payload: str) -> list[Reply] | None:
        """The replies to an option's button (`<node>:<option key>`); None when the button is
        forged or stale."""
        node_id, _, key = payload.rpartition(":")
        node = self._nodes.get(node_id)
        chosen = next((o for o in node.options or [] if option_key(o.label) == key), None) if node else None
        if chosen is None:  # forged, or staff changed the option since the button was sent
            return None
        path = self._path(state)
        if node_id in path:  # also an older message's button: answer from that point on
            path = path[: path.index(node_id) + 1]
        elif node_id == self._file.start:
            path = [node_id]
        else:
            return None
        path.append(chosen.target)
        state[QUESTIONNAIRE_KEY] = path
        return self._show_path(state)

    def back(self, state: State) -> list[Reply]:
        path = self._path(state)
        if not path:
            return [self.not_active()]
        path.pop()
        while path and self._nodes[path[-1]].next is not None:
            path.pop()  # steps that moved on by themselves are not a place to go back to
        state[QUESTIONNAIRE_KEY] = path or [self._file.start]
        return [self.node_reply(state)]

    def cancel(self, state: State) -> bool:
        """Leave the questionnaire; False if the student was not in it."""
        return state.pop(QUESTIONNAIRE_KEY, None) is not None

    def node_reply(self, state: State) -> Reply:
        """The question the student is on, with its options; at the end, the checklist."""
        path = self._path(state)
        node_id = path[-1]
        node = self._nodes[node_id]
        controls = []
        if len(path) > 1:
            controls.append(Button(texts.QUESTIONNAIRE_BACK, BACK))
        if node.end:
            text = f"{self._fill(node.text)}\n\n{self._checklist(path)}"
            remind = (
                (Button(texts.REMIND_ME, REMIND),)
                if self._card_pending(path) and not self._reception_open()
                else ()
            )
            return Reply(
                text,
                (
                    *remind,
                    *controls,
                    Button(texts.QUESTIONNAIRE_DONE_AGAIN, RESTART),
                    Button(texts.TOPICS, MENU),
                ),
            )
        options = [Button(o.label, option_action(node_id, o.label)) for o in node.options or []]
        if len(path) > 1:
            controls.append(Button(texts.QUESTIONNAIRE_RESTART, RESTART))
        return Reply(self._fill(node.text), (*options, *controls))

    @staticmethod
    def not_active() -> Reply:
        return Reply(
            texts.QUESTIONNAIRE_NOT_ACTIVE,
            (Button(texts.QUESTIONNAIRE_START, QUESTIONNAIRE), Button(texts.TOPICS, MENU)),
        )

    def _path(self, state: State) -> list[str]:
        path = state.get(QUESTIONNAIRE_KEY)
        if isinstance(path, list) and path and all(n in self._nodes for n in path):
            return path
        state.pop(QUESTIONNAIRE_KEY, None)  # gone or edited away by staff: start clean, never crash
        return []

    def _show_path(self, state: State) -> list[Reply]:
        """Show the current node, walking through `siguiente` steps on the way."""
        replies = []
        path = state[QUESTIONNAIRE_KEY]
        node = self._nodes[path[-1]]
        while node.next is not None:
            replies.append(Reply(self._fill(node.text)))
            path.append(node.next)
            node = self._nodes[node.next]
        replies.append(self.node_reply(state))
        return replies

    def _checklist(self, path: list[str]) -> str:
        steps = [self._fill(self._nodes[n].step or "") for n in path if self._nodes[n].step]
        if not steps:
            return texts.QUESTIONNAIRE_NOTHING_TO_DO
        count = "1 paso" if len(steps) == 1 else f"{len(steps)} pasos"
        lines = [f"{texts.QUESTIONNAIRE_CHECKLIST} ({count})"]
        lines += [f"{number}. {step}" for number, step in enumerate(steps, start=1)]
        if self._card_pending(path):
            lines.append(NO_URGENT)
        return "\n".join(lines)

    def _card_pending(self, path: list[str]) -> bool:
        """A step on this path is handing the card in during a window."""
        return any(WINDOW in (self._nodes[n].step or "") for n in path)

    def _fill(self, text: str) -> str:
        return text.replace(WINDOW, self._window()) if WINDOW in text else text


def option_key(label: str) -> str:
    """A short name for a flow option that changes when its text changes, not when staff move
    it: an old button can never pick a different option than the one it showed."""
    return hashlib.sha256(fold(label).encode()).hexdigest()[:8]


def option_action(node_id: str, label: str) -> str:
    return f"{OPTION_PREFIX}{node_id}:{option_key(label)}"


_YES = frozenset("si sip sii simon claro afirmativo".split())
_NO = frozenset("no nop nope noo nel negativo".split())
_FILLER = frozenset("la el es una un mi de lo ya".split())


def _typed_option(node: QuestionnaireNode, typed: str) -> int | None:
    """The option a student typed instead of tapping: its label, its number, a first word only
    it has («sí», «no»), or words only its label holds («la pública», «issste»)."""
    labels = [fold(option.label) for option in node.options or []]
    if typed in labels:
        return labels.index(typed)
    if typed.isdigit() and 1 <= int(typed) <= len(labels):
        return int(typed) - 1
    word = "si" if typed in _YES else "no" if typed in _NO else typed
    starting = [i for i, label in enumerate(labels) if label.split()[:1] == [word]]
    if len(starting) == 1:
        return starting[0]
    words = [w for w in typed.split() if w not in _FILLER]
    holding = [i for i, label in enumerate(labels) if words and set(words) <= set(label.split())]
    if len(holding) == 1:
        return holding[0]
    # "ya revisé y dice vigente": the one option whose every word the student wrote
    said = [
        i
        for i, label in enumerate(labels)
        if set(label.split()) - _FILLER and set(label.split()) - _FILLER <= set(words)
    ]
    return said[0] if len(said) == 1 else None
