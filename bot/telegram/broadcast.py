"""One message to many students, shared by the reception reminders and the office's
announcements: every message goes in the rate limiter's low-priority lane (students' questions
are answered first), a bounded number are in flight at once, and each outcome is one of three
(sent, blocked the bot, not taken this time) so the callers' stores can record it."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from enum import Enum
from typing import Any, TypeVar

from telegram import Bot, InlineKeyboardMarkup
from telegram.error import Forbidden, TelegramError
from telegram.ext import ExtBot

from bot.telegram.ratelimit import BULK

SENDING_AT_ONCE = 25  # the rate limiter paces them; this only keeps requests in flight
T = TypeVar("T")
R = TypeVar("R")


class Outcome(Enum):
    SENT = "sent"
    BLOCKED = "blocked"  # Forbidden: the student blocked the bot (or deleted the account)
    FAILED = "failed"  # any other refusal or a network error: may be tried again


def bulk_lane(bot: Bot) -> dict[str, Any]:
    """The keyword that puts a request in the broadcast lane (when there is a rate limiter)."""
    return {"rate_limit_args": BULK} if isinstance(bot, ExtBot) and bot.rate_limiter else {}


async def send_bulk(bot: Bot, chat: int, text: str, markup: InlineKeyboardMarkup | None = None) -> Outcome:
    """Send one broadcast message; never raises a Telegram error."""
    try:
        await bot.send_message(chat, text, reply_markup=markup, **bulk_lane(bot))
    except Forbidden:
        return Outcome.BLOCKED
    except TelegramError:
        return Outcome.FAILED
    return Outcome.SENT


async def each(
    items: Iterable[T], send: Callable[[T], Awaitable[R]], at_once: int = SENDING_AT_ONCE
) -> list[R]:
    """`send` every item, at most `at_once` at a time; the results in the items' order."""
    gate = asyncio.Semaphore(at_once)

    async def gated(item: T) -> R:
        async with gate:
            return await send(item)

    return list(await asyncio.gather(*(gated(item) for item in items)))
