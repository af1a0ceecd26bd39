"""`faqbot converse FILE`: whole conversations, scripted, through the terminal chat.

Single questions do not show how the assistant holds a conversation: a follow-up answered with
the same text again, an office question after a date answer, a weekend. A suite is a YAML list of
conversations, each with a frozen moment (`ahora`, Mexico City) and turns; a turn is right when
its reply holds every `contiene`, at least one `alguno` and no `no_contiene` (case, accents and
punctuation ignored; each starting at a word, so "cerrad" is in "cerrada"), and is not the
previous reply word for word
(unless the turn says `puede_repetir: true`: the student asked for it again). A conversation is right when
all its turns are. Staff can add conversations as they find them; the figures come first and
the failures after a `fallos:` line, so a held-out suite can be read in aggregate only.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.clock import MEXICO_CITY, Clock
from bot.config import Settings
from bot.knowledge import KnowledgeBase
from bot.knowledge.telegram_html import to_plain_text
from bot.knowledge.validation import spanish_message
from bot.knowledge.yaml_source import Problem, read_yaml
from bot.replies import Reply

_NON_WORD = re.compile(r"[^a-z0-9]+")


class SuiteFileError(ValueError):
    """The suite file is not a list of conversations; the message has `path:line`s."""


class ScriptedTurn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    alumno: str = Field(min_length=1)
    contiene: list[str] = []
    alguno: list[str] = []
    no_contiene: list[str] = []
    puede_repetir: bool = False  # the student asks for the same answer again


class ScriptedConversation(BaseModel):
    model_config = ConfigDict(extra="forbid")

    nombre: str = Field(min_length=1)
    ahora: datetime | None = None
    turnos: list[ScriptedTurn] = Field(min_length=1)


@dataclass
class TurnResult:
    said: str
    reply: str
    missing: list[str] = field(default_factory=list)  # `contiene` not found, or `alguno` none
    unwanted: list[str] = field(default_factory=list)
    repeated: bool = False

    @property
    def right(self) -> bool:
        return not (self.missing or self.unwanted or self.repeated)


@dataclass
class ConversationResult:
    name: str
    turns: list[TurnResult]

    @property
    def right(self) -> bool:
        return all(turn.right for turn in self.turns)


def load_suite(path: Path) -> list[ScriptedConversation]:
    doc = read_yaml(path)
    if doc.problems:
        raise SuiteFileError("\n".join(map(str, doc.problems)))
    if not isinstance(doc.data, list):
        raise SuiteFileError(f"{path}:1: debe ser una lista de conversaciones")
    conversations, problems = [], []
    for index, entry in enumerate(doc.data):
        try:
            conversations.append(ScriptedConversation.model_validate(entry))
        except ValidationError as exc:
            problems += [
                doc.problem((index, *error["loc"]), spanish_message(error)) for error in exc.errors()
            ]
    if problems:
        raise SuiteFileError("\n".join(str(p) for p in sorted(set(problems), key=_by_line)))
    return conversations


def _by_line(problem: Problem) -> tuple[int, str]:
    return problem.line, problem.message


def _plain(text: str) -> str:
    """Folded like the assistant folds questions (case, accents, punctuation), but whole: a
    reply is longer than any question."""
    text = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode("ascii")
    return " ".join(_NON_WORD.sub(" ", text).split())


def _said(expected: str, seen: str, shown: str) -> bool:
    """`expected` appears in the reply starting at a word: "cerrad" is in "está cerrada",
    "baja" is not in "trabajas". An emoji, which folding would erase, is looked for as is."""
    plain = _plain(expected)
    return f" {plain}" in seen if plain else expected.strip() in shown


def reply_text(replies: list[Reply]) -> str:
    """What the student sees for one turn, buttons included, as plain text."""
    parts: list[str] = []
    for reply in replies:
        parts.append(to_plain_text(reply.text))
        parts += [button.label for button in reply.buttons]
    return "\n".join(parts)


def run_conversation(
    settings: Settings, knowledge: KnowledgeBase, script: ScriptedConversation
) -> ConversationResult:
    from bot.assembly import build_assistant
    from bot.terminal import TerminalChat

    moment = script.ahora.replace(tzinfo=MEXICO_CITY) if script.ahora else None
    clock = Clock(fixed_now=moment) if moment else settings.clock()
    chat = TerminalChat(build_assistant(settings, knowledge, clock), io.StringIO())
    results: list[TurnResult] = []
    previous = ""
    for turn in script.turnos:
        shown = reply_text(chat.handle(turn.alumno))
        seen = f" {_plain(shown)} "
        result = TurnResult(turn.alumno, shown)
        result.missing = [text for text in turn.contiene if not _said(text, seen, shown)]
        if turn.alguno and not any(_said(text, seen, shown) for text in turn.alguno):
            result.missing.append(" | ".join(turn.alguno))
        result.unwanted = [text for text in turn.no_contiene if _said(text, seen, shown)]
        result.repeated = not turn.puede_repetir and bool(previous) and _plain(shown) == _plain(previous)
        results.append(result)
        previous = shown
    return ConversationResult(script.nombre, results)


def run_suite(
    settings: Settings, knowledge: KnowledgeBase, conversations: list[ScriptedConversation]
) -> list[ConversationResult]:
    return [run_conversation(settings, knowledge, script) for script in conversations]


def summary(results: list[ConversationResult]) -> dict[str, Any]:
    turns = [turn for result in results for turn in result.turns]
    right = sum(result.right for result in results)
    return {
        "conversations": len(results),
        "conversations_right": right,
        "turns": len(turns),
        "turns_right": sum(turn.right for turn in turns),
        "repeated": sum(turn.repeated for turn in turns),
    }


def format_report(results: list[ConversationResult]) -> str:
    figures = summary(results)
    total, turns = figures["conversations"] or 1, figures["turns"] or 1
    lines = [
        f"conversaciones bien: {figures['conversations_right']}/{figures['conversations']} "
        f"({100 * figures['conversations_right'] / total:.1f} %)",
        f"turnos bien: {figures['turns_right']}/{figures['turns']} "
        f"({100 * figures['turns_right'] / turns:.1f} %)",
        f"respuestas repetidas tal cual: {figures['repeated']}",
    ]
    failed = [result for result in results if not result.right]
    if failed:
        lines += ["", "fallos:"]
        for result in failed:
            lines.append(f"- {result.name}")
            for turn in result.turns:
                if turn.right:
                    continue
                lines.append(f"    alumno: {turn.said}")
                if turn.missing:
                    lines.append(f"      falta: {', '.join(turn.missing)}")
                if turn.unwanted:
                    lines.append(f"      sobra: {', '.join(turn.unwanted)}")
                if turn.repeated:
                    lines.append("      repite la respuesta anterior")
                lines.append("      bot: " + turn.reply.replace("\n", "\n           "))
    return "\n".join(lines)
