"""`faqbot chat`: the whole assistant in a terminal, scriptable line by line.

The commands the engine leaves to adapters (/privacidad, /mis_datos, /borrar_mis_datos) are
answered here from `bot/privacy_rights/`: the terminal keeps only the journal (one local person)
and this session's place, and says that tickets and reminders exist on Telegram only."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TextIO

from bot.conversation import texts
from bot.conversation.deep_links import open_on, payload_of
from bot.conversation.dialog import Assistant
from bot.conversation.turn import Turn
from bot.knowledge.telegram_html import to_plain_text
from bot.normalize import fold
from bot.privacy_rights import messages
from bot.privacy_rights import texts as privacy_texts
from bot.privacy_rights.notice import NoticeFacts, notice_html
from bot.privacy_rights.records import StudentKey, StudentRecords
from bot.replies import FEEDBACK_PREFIX, Button, Reply, State
from bot.staff.journal import Journal

CHANNEL = "terminal"
VOTES = {"+1": "+", "-1": "-"}
STUDENT = StudentKey(CHANNEL, "local")  # as the journal knows whoever uses this terminal


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
        self,
        assistant: Assistant,
        out: TextIO,
        prompt: str = "",
        journal: Journal | None = None,
        facts: NoticeFacts | None = None,
    ) -> None:
        self.assistant = assistant
        self.out = out
        self.prompt = prompt
        self.journal = journal
        self.facts = facts or NoticeFacts()
        self.state: State = {}
        self.records = StudentRecords(journal, saved=self)
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
            elif command.lower() in self.adapter_commands:
                turn = self.adapter_commands[command.lower()]()
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
            if button and button.action in messages.BUTTONS:
                turn = self._erase(button.action == messages.ERASE_CONFIRM)
            elif button:
                turn = self.assistant.on_action(self.state, button.action)
            else:
                asked = text
                turn = self.assistant.on_text(self.state, text)
        self._record(asked, turn)
        self._show(turn.replies)
        return turn.replies

    # ----- the commands the engine leaves to adapters ------------------------------------

    @property
    def adapter_commands(self) -> dict[str, Callable[[], Turn]]:
        return {
            "privacidad": lambda: Turn([Reply(notice_html(self.assistant.knowledge.privacy, self.facts))]),
            "mis_datos": lambda: Turn(
                [
                    Reply(
                        f"{messages.holdings_html(self.records.holdings(STUDENT))}\n{privacy_texts.TERMINAL_NOTE}"
                    )
                ]
            ),
            "borrar_mis_datos": lambda: Turn([messages.ask_to_erase(self.records.holdings(STUDENT))]),
        }

    def _erase(self, confirmed: bool) -> Turn:
        if not confirmed:
            return Turn([Reply(privacy_texts.ERASE_KEPT)])
        return Turn([Reply(messages.erased_html(self.records.erase(STUDENT)))])

    def states(self, user: int | str) -> list[State]:
        """This session's place (the terminal saves nothing across sessions)."""
        return [self.state] if self.state else []

    def forget(self, user: int | str) -> bool:
        had = bool(self.state)
        self.state.clear()
        return had

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
