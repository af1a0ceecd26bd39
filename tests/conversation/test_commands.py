"""One command table: every student command is answered by the engine and listed in /ayuda."""

from __future__ import annotations

from bot.conversation import texts
from bot.conversation.commands import COMMANDS, HELP, STUDENT_COMMANDS
from bot.conversation.dialog import Assistant


def test_every_students_command_is_understood(assistant: Assistant) -> None:
    for command in sorted(STUDENT_COMMANDS):
        turn = assistant.on_command({}, command)
        assert turn.replies, command
        assert not turn.replies[0].text.startswith(texts.UNKNOWN_COMMAND), command


def test_an_unknown_or_staff_command_gets_the_help(assistant: Assistant) -> None:
    for command in ("nada", "reporte", "recargar"):
        [reply] = assistant.on_command({}, command).replies
        assert reply.text == f"{texts.UNKNOWN_COMMAND}\n\n{HELP}"


def test_the_help_lists_each_students_command_once() -> None:
    listed = [line.split(":")[0].removeprefix("• /") for line in HELP.splitlines() if line.startswith("• /")]
    assert sorted(listed) == sorted(c.name for c in COMMANDS if c.help)
    assert set(listed) <= STUDENT_COMMANDS
