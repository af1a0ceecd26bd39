"""Outgoing rate limits: AIORateLimiter (global limit, RetryAfter handling) plus a per-chat
bucket for private chats too, which AIORateLimiter only applies to groups."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from aiolimiter import AsyncLimiter
from telegram.ext import AIORateLimiter, BaseRateLimiter

_PRUNE_AT = 1024


class ChatRateLimiter(BaseRateLimiter[int]):
    """At most `per_chat_burst` messages at once to one chat, refilled at `per_chat_rate`/s.

    The overall rate stays a little under Telegram's ~30/s: a 429 makes AIORateLimiter pause
    every request for `retry_after` seconds, which costs far more than the margin.
    """

    def __init__(self, overall_max_rate: float = 28, per_chat_rate: float = 1.0,
                 per_chat_burst: int = 3, max_retries: int = 5) -> None:
        self._inner = AIORateLimiter(overall_max_rate=overall_max_rate, overall_time_period=1,
                                     max_retries=max_retries)
        self._rate = per_chat_rate
        self._burst = per_chat_burst
        self._chats: dict[int | str, AsyncLimiter] = {}

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
        if chat_id is None:
            return await self._inner.process_request(callback, args, kwargs, endpoint, data,
                                                     rate_limit_args)
        async with self._limiter(chat_id):
            return await self._inner.process_request(callback, args, kwargs, endpoint, data,
                                                     rate_limit_args)

    def _limiter(self, chat_id: int | str) -> AsyncLimiter:
        if len(self._chats) > _PRUNE_AT:
            for key, limiter in list(self._chats.items()):
                if key != chat_id and limiter.has_capacity(self._burst):
                    del self._chats[key]
        limiter = self._chats.get(chat_id)
        if limiter is None:
            limiter = self._chats[chat_id] = AsyncLimiter(self._burst, self._burst / self._rate)
        return limiter
