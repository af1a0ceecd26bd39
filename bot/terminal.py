"""`faqbot chat`: the whole assistant in a terminal, scriptable line by line."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from bot.dialog import Assistant, Button, Reply, State
from bot.knowledge.telegram_html import to_plain_text
from bot.normalize import fold


def render(reply: Reply) -> str:
    """A reply as plain text, buttons as numbered options."""
    lines = [to_plain_text(reply.text)]
    lines += [f"  {number}) {button.label}" for number, button in enumerate(reply.buttons, 1)]
    return "\n".join(lines)


class TerminalChat:
    """One terminal conversation: remembers the last buttons so "2" or a label picks one."""

    def __init__(self, assistant: Assistant, out: TextIO, prompt: str = "") -> None:
        self.assistant = assistant
        self.out = out
        self.prompt = prompt
        self.state: State = {}
        self._buttons: tuple[Button, ...] = ()

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
        if text.startswith("/"):
            command = text[1:].split(maxsplit=1)[0].split("@")[0] if len(text) > 1 else ""
            turn = self.assistant.on_command(self.state, command)
        else:
            button = self._picked(text)
            turn = (self.assistant.on_action(self.state, button.action) if button
                    else self.assistant.on_text(self.state, text))
        self._show(turn.replies)
        return turn.replies

    def _picked(self, text: str) -> Button | None:
        if text.isdigit() and 1 <= int(text) <= len(self._buttons):
            return self._buttons[int(text) - 1]
        typed = fold(text)
        return next((b for b in self._buttons if typed and fold(b.label) == typed), None)

    def _show(self, replies: list[Reply]) -> None:
        for reply in replies:
            self.out.write(render(reply) + "\n\n")
        if replies:
            self._buttons = replies[-1].buttons
        self.out.flush()

    def _ask(self) -> None:
        if self.prompt:
            self.out.write(self.prompt)
            self.out.flush()
