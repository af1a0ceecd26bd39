"""`faqbot chat`: the whole assistant in a terminal, scriptable line by line."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from bot.conversation import texts
from bot.conversation.deep_links import open_on, payload_of
from bot.conversation.dialog import Assistant
from bot.conversation.turn import Turn
from bot.knowledge.telegram_html import to_plain_text
from bot.normalize import fold
from bot.replies import FEEDBACK_PREFIX, Button, Reply, State
from bot.staff.journal import Journal

CHANNEL = "terminal"
VOTES = {"+1": "+", "-1": "-"}


def render(reply: Reply, rating_hint: bool = False) -> str:
    """A reply as plain text, buttons as numbered options."""
    lines = [to_plain_text(reply.text)]
    lines += [f"  {number}) {button.label}" for number, button in enumerate(reply.buttons, 1)]
    if rating_hint and reply.rate:
        lines.append(texts.RATE_HINT)
    return "\n".join(lines)


class TerminalChat:
    """One terminal conversation: remembers the last buttons so "2" or a label picks one."""

    def __init__(
        self, assistant: Assistant, out: TextIO, prompt: str = "", journal: Journal | None = None
    ) -> None:
        self.assistant = assistant
        self.out = out
        self.prompt = prompt
        self.journal = journal
        self.state: State = {}
        self._buttons: tuple[Button, ...] = ()
        self._rateable: str | None = None  # the topic "+1"/"-1" would rate

    def run(self, lines: Iterable[str]) -> None:
        self._show(self.assistant.on_command(self.state, "start").replies)
        self._ask()
        for line in lines:
            self.handle(line)
            self._ask()

    def handle(self, line: str) -> list[Reply]:
        text = line.strip()
        if not text:
            return []
        asked: str | None = None
        if text.startswith("/"):
            command = text[1:].split(maxsplit=1)[0].split("@")[0] if len(text) > 1 else ""
            if command.lower() == "start":  # `/start fechas` opens like a deep link
                turn = open_on(self.assistant, self.state, payload_of(text))
            else:
                turn = self.assistant.on_command(self.state, command)
        elif text in VOTES:
            if not self._rateable:
                self._show([Reply(texts.NOTHING_TO_RATE)])
                return []
            action = f"{FEEDBACK_PREFIX}{VOTES[text]}:{self._rateable}"
            turn = self.assistant.on_action(self.state, action)
            self._rateable = None
        else:
            button = self._picked(text)
            if button:
                turn = self.assistant.on_action(self.state, button.action)
            else:
                asked = text
                turn = self.assistant.on_text(self.state, text)
        self._record(asked, turn)
        self._show(turn.replies)
        return turn.replies

    def _record(self, asked: str | None, turn: Turn) -> None:
        if self.journal is not None:
            self.journal.record(CHANNEL, "local", asked, turn, self.assistant.knowledge.version)

    def _picked(self, text: str) -> Button | None:
        if text.isascii() and text.isdigit() and 1 <= int(text) <= len(self._buttons):
            return self._buttons[int(text) - 1]
        typed = fold(text)
        return next((b for b in self._buttons if typed and fold(b.label) == typed), None)

    def _show(self, replies: list[Reply]) -> None:
        for reply in replies:
            self.out.write(render(reply, rating_hint=True) + "\n\n")
        if replies:
            self._buttons = replies[-1].buttons
            self._rateable = next((r.rate for r in reversed(replies) if r.rate), self._rateable)
        self.out.flush()

    def _ask(self) -> None:
        if self.prompt:
            self.out.write(self.prompt)
            self.out.flush()
