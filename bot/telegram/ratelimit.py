"""Outgoing rate limits: an overall bucket, a per-chat bucket for private chats too (which
AIORateLimiter only applies to groups), a low-priority lane for broadcasts (reminders) that never
makes a student wait for an answer, and AIORateLimiter for the group limits and RetryAfter."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any

from aiolimiter import AsyncLimiter
from telegram.ext import AIORateLimiter, BaseRateLimiter

_PRUNE_AT = 1024
# Pass as `rate_limit_args` to send in the broadcast lane: `bot.send_message(..., rate_limit_args=
# BULK)`. Such a message waits while any answer to a student is waiting, takes the overall bucket
# only when it has room right now beyond a reserve kept for answers (so it never queues ahead of
# an answer there), and goes out at most at `bulk_rate` per second: answers always find room.
BULK = -1
_POLL = 0.01
_READS = {"getChat", "getChatMember"}  # they name a chat but post nothing in it


class ChatRateLimiter(BaseRateLimiter[int]):
    """At most `per_chat_burst` messages at once to one chat, refilled at `per_chat_rate`/s.

    The overall rate stays a little under Telegram's ~30/s: a 429 makes AIORateLimiter pause
    every request for `retry_after` seconds, which costs far more than the margin.
    """

    def __init__(
        self,
        overall_max_rate: float = 28,
        per_chat_rate: float = 1.0,
        per_chat_burst: int = 3,
        max_retries: int = 5,
        bulk_rate: float = 20,
    ) -> None:
        # The overall bucket is ours (both lanes share it); AIORateLimiter keeps the rest.
        self._inner = AIORateLimiter(overall_max_rate=0, max_retries=max_retries)
        self._overall = AsyncLimiter(overall_max_rate, 1)
        self._rate = per_chat_rate
        self._burst = per_chat_burst
        self._chats: dict[int | str, AsyncLimiter] = {}
        self._bulk = AsyncLimiter(bulk_rate, 1)
        # Room in the overall bucket the broadcast leaves free at all times, for answers.
        self._reserve = max(1.0, overall_max_rate - bulk_rate)
        self._answers_waiting = 0
        self._answers_done = asyncio.Event()
        self._answers_done.set()

    async def initialize(self) -> None:
        await self._inner.initialize()

    async def shutdown(self) -> None:
        await self._inner.shutdown()

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        chat_id = data.get("chat_id")
        if chat_id is None or endpoint in _READS:  # not a message (a button press answered, getMe…)
            return await self._inner.process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
        if rate_limit_args == BULK:
            async with self._bulk:
                while True:  # answers to students first, and never queue ahead of one
                    await self._answers_done.wait()
                    if self._overall.has_capacity(1 + self._reserve):
                        break
                    await asyncio.sleep(_POLL)
                async with self._overall:
                    return await self._inner.process_request(callback, args, kwargs, endpoint, data, None)
        async with self._limiter(chat_id):
            # Counted once past its own chat's limit: a student writing too fast only holds up
            # their own answers, never the broadcast.
            self._answers_waiting += 1
            self._answers_done.clear()
            try:
                async with self._overall:
                    return await self._inner.process_request(
                        callback, args, kwargs, endpoint, data, rate_limit_args
                    )
            finally:
                self._answers_waiting -= 1
                if not self._answers_waiting:
                    self._answers_done.set()

    def _limiter(self, chat_id: int | str) -> AsyncLimiter:
        if len(self._chats) > _PRUNE_AT:
            for key, idle in list(self._chats.items()):
                if key != chat_id and idle.has_capacity(self._burst):
                    del self._chats[key]
        limiter = self._chats.get(chat_id)
        if limiter is None:
            limiter = AsyncLimiter(self._burst, self._burst / self._rate)
            self._chats[chat_id] = limiter
        return limiter
