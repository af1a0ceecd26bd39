"""One command table: every student command is answered (by the engine, or by each adapter when
its row says `by="adapter"`) and listed in /ayuda."""

from __future__ import annotations

import io

from bot.conversation import texts
from bot.conversation.commands import ADAPTER_COMMANDS, COMMANDS, ENGINE_COMMANDS, HELP, STUDENT_COMMANDS
from bot.conversation.dialog import Assistant
from bot.terminal import TerminalChat


def test_every_engine_command_is_understood(assistant: Assistant) -> None:
    for command in sorted(ENGINE_COMMANDS):
        turn = assistant.on_command({}, command)
        assert turn.replies, command
        assert not turn.replies[0].text.startswith(texts.UNKNOWN_COMMAND), command
        assert turn.replies[0].text != texts.NOT_IN_THIS_CHANNEL, command


def test_the_table_splits_students_commands_between_engine_and_adapters() -> None:
    assert ENGINE_COMMANDS | ADAPTER_COMMANDS == STUDENT_COMMANDS
    assert not ENGINE_COMMANDS & ADAPTER_COMMANDS
    assert {"privacidad", "mis_datos", "borrar_mis_datos"} <= ADAPTER_COMMANDS


def test_an_adapter_command_reaching_the_engine_is_not_taken_for_an_unknown_one(assistant: Assistant) -> None:
    for command in sorted(ADAPTER_COMMANDS):
        [reply] = assistant.on_command({}, command).replies
        assert reply.text == texts.NOT_IN_THIS_CHANNEL, command


def test_the_terminal_answers_every_adapter_command_itself(assistant: Assistant) -> None:
    chat = TerminalChat(assistant, io.StringIO())
    assert set(chat.adapter_commands) == ADAPTER_COMMANDS
    for command in sorted(ADAPTER_COMMANDS):
        [reply] = chat.handle(f"/{command}")
        assert reply.text != texts.NOT_IN_THIS_CHANNEL and not reply.text.startswith(texts.UNKNOWN_COMMAND)


def test_an_unknown_or_staff_command_gets_the_help(assistant: Assistant) -> None:
    for command in ("nada", "reporte", "recargar"):
        [reply] = assistant.on_command({}, command).replies
        assert reply.text == f"{texts.UNKNOWN_COMMAND}\n\n{HELP}"


def test_the_help_lists_each_students_command_once() -> None:
    listed = [line.split(":")[0].removeprefix("• /") for line in HELP.splitlines() if line.startswith("• /")]
    assert sorted(listed) == sorted(c.name for c in COMMANDS if c.help)
    assert set(listed) <= STUDENT_COMMANDS
