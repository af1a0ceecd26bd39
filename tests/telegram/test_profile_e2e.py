"""The bot's profile on Telegram: the description and short description students read before
Start, and the command menus per audience (command scopes), set at start only when they changed
since the last start."""

from __future__ import annotations

import dataclasses

from bot.config import HandoffSettings
from bot.conversation.commands import STUDENT_COMMANDS, for_audience
from bot.office import about
from tests.support.harness import ADMIN_ID, bot_running

STAFF = -5000
STAFF_ONLY = {c.name for c in for_audience("staff")} | {c.name for c in for_audience("admin")}
SETTERS = ("setmycommands", "setmydescription", "setmyshortdescription", "deletemycommands")


def names(server, scope: str) -> set[str]:
    return {command["command"] for command in server.commands[scope]}


def calls(server) -> dict[str, int]:
    return {method: server.calls[method] for method in SETTERS}


async def test_the_profile_and_menus_per_audience_are_set_once(server, settings) -> None:
    settings = dataclasses.replace(settings, handoff=HandoffSettings(STAFF, 3))
    async with bot_running(settings, server):
        pass
    assert server.description[""] == about.DESCRIPTION
    assert server.short_description[""] == about.SHORT_DESCRIPTION
    assert "No soy el IMSS" in about.DESCRIPTION and "CURP" in about.SHORT_DESCRIPTION
    students = names(server, "default")
    assert students == set(STUDENT_COMMANDS)
    assert not students & {"reporte", "recargar", "estado", "pendientes", "resuelto"}
    assert names(server, f"chat:{ADMIN_ID}") == students | {
        "recargar",
        "estado",
        "reporte",
        "cambios",
        "calendario",
        "periodo",
        "cierre",
        "guardar",
        "aviso",
    }
    assert names(server, f"chat:{STAFF}") == {"pendientes", "resuelto"}
    assert names(server, f"chat_member:{STAFF}:{ADMIN_ID}") == STAFF_ONLY
    memory = settings.data_dir / "telegram_profile.json"
    assert memory.stat().st_mode & 0o777 == 0o600
    first = calls(server)
    assert first == {
        "setmycommands": 4,
        "setmydescription": 1,
        "setmyshortdescription": 1,
        "deletemycommands": 0,
    }

    async with bot_running(settings, server):  # a restart with nothing changed
        pass
    assert calls(server) == first

    fewer = dataclasses.replace(settings, telegram=dataclasses.replace(settings.telegram, admins=frozenset()))
    async with bot_running(fewer, server):  # the admin left: their menus go, nothing else moves
        pass
    assert calls(server) == {**first, "deletemycommands": 2}
    assert set(server.commands) == {"default", f"chat:{STAFF}"}


async def test_a_menu_telegram_refused_is_tried_again_at_the_next_start(server, settings) -> None:
    server.unknown_chats.add(ADMIN_ID)  # the admin has not opened the bot yet
    async with bot_running(settings, server):
        pass
    assert f"chat:{ADMIN_ID}" not in server.commands and "default" in server.commands
    assert server.errors == [("setmycommands", "Bad Request: chat not found")]
    server.errors.clear()  # refused once, as the test meant
    server.unknown_chats.clear()
    before = server.calls["setmycommands"]
    async with bot_running(settings, server):
        pass
    assert server.calls["setmycommands"] == before + 1
    assert "recargar" in names(server, f"chat:{ADMIN_ID}")
