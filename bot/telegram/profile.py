"""The bot's profile on Telegram, set at start: the description a student reads before pressing
Start, the short one on its page, and the command menu per audience (command scopes): students
see only theirs; the staff group sees the office's; admins see theirs in their private chat and
in the staff group. Telegram keeps all of this between starts, so only what changed since the
last start is sent (remembered in FAQBOT_DATA_DIR/telegram_profile.json, per bot), and a menu
no longer wanted (an admin removed from config.yaml) is deleted. A call Telegram refuses (an
admin who never opened the bot) is not remembered, so the next start tries again."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from telegram import (
    Bot,
    BotCommand,
    BotCommandScope,
    BotCommandScopeChat,
    BotCommandScopeChatMember,
    BotCommandScopeDefault,
)
from telegram.error import TelegramError

from bot.config import Settings
from bot.conversation.commands import Audience, for_audience
from bot.office import about
from bot.storage import private_directory, private_file

_log = logging.getLogger(__name__)
MEMORY_FILE = "telegram_profile.json"
_COMMANDS = "commands:"


@dataclass(frozen=True)
class Setting:
    """One thing to set on Telegram: its key in the memory, the value, and the call."""

    key: str
    value: Any  # JSON: compared with what the last start set
    send: Callable[[Bot], Awaitable[object]]


def menu(*audiences: Audience) -> list[BotCommand]:
    """Telegram's command menu for these audiences, from the one command table."""
    return [BotCommand(c.name, c.menu) for audience in audiences for c in for_audience(audience)]


def _commands(scope: BotCommandScope, commands: list[BotCommand]) -> Setting:
    scope_data = scope.to_dict()
    key = _COMMANDS + ":".join(
        [scope_data["type"], *(str(value) for name, value in sorted(scope_data.items()) if name != "type")]
    )
    value = {"scope": scope_data, "commands": [c.to_dict() for c in commands]}
    return Setting(key, value, lambda bot: bot.set_my_commands(commands, scope=scope))


def wanted(settings: Settings) -> list[Setting]:
    """Everything the profile should be for these settings."""
    items = [
        Setting("description", about.DESCRIPTION, lambda bot: bot.set_my_description(about.DESCRIPTION)),
        Setting(
            "short_description",
            about.SHORT_DESCRIPTION,
            lambda bot: bot.set_my_short_description(about.SHORT_DESCRIPTION),
        ),
        _commands(BotCommandScopeDefault(), menu("student")),
    ]
    admins = sorted(settings.telegram.admins)
    items += [_commands(BotCommandScopeChat(admin), menu("student", "admin")) for admin in admins]
    staff_chat = settings.handoff.staff_chat_id
    if staff_chat is not None:
        items.append(_commands(BotCommandScopeChat(staff_chat), menu("staff")))
        items += [
            _commands(BotCommandScopeChatMember(staff_chat, admin), menu("staff", "admin"))
            for admin in admins
        ]
    return items


async def publish(bot: Bot, settings: Settings) -> int:
    """Send what changed since the last start; returns how many calls were made."""
    path = settings.data_dir / MEMORY_FILE
    before = _recall(path, bot.id)
    now: dict[str, Any] = {}
    calls = 0
    for setting in wanted(settings):
        if before.get(setting.key) == setting.value:
            now[setting.key] = setting.value
            continue
        calls += 1
        try:
            await setting.send(bot)
        except TelegramError as exc:
            _log.warning(
                "could not set %s (is the bot in that chat, has the admin started it?): %s", setting.key, exc
            )
            continue
        now[setting.key] = setting.value
    for key in before.keys() - now.keys():
        if key.startswith(_COMMANDS):
            calls += 1
            if not await _delete_menu(bot, key, before[key]):
                now[key] = before[key]  # try again at the next start
    _remember(path, bot.id, now)
    return calls


async def _delete_menu(bot: Bot, key: str, value: Any) -> bool:
    try:
        scope = BotCommandScope.de_json(value["scope"], bot)
        await bot.delete_my_commands(scope=scope)
    except (TelegramError, KeyError, TypeError) as exc:
        _log.warning("could not delete the menu no longer wanted (%s): %s", key, exc)
        return False
    return True


def _recall(path: Path, bot_id: int) -> dict[str, Any]:
    """What the last start set for this bot; nothing for another bot or an unreadable file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        _log.warning("%s is unreadable: the whole profile is set again", path.name)
        return {}
    if not isinstance(data, dict) or data.get("bot") != bot_id or not isinstance(data.get("set"), dict):
        return {}
    return data["set"]


def _remember(path: Path, bot_id: int, values: dict[str, Any]) -> None:
    try:
        private_directory(path.parent)
        partial = path.with_suffix(".tmp")
        private_file(partial)
        partial.write_text(
            json.dumps({"bot": bot_id, "set": values}, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        os.replace(partial, path)
    except OSError as exc:  # the profile is set; forgetting it only costs calls next start
        _log.warning("could not remember the profile in %s: %s", path.name, exc)
