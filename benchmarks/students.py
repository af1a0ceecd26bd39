"""What every Telegram benchmark does with its students: ask one question and time the reply, and
sum the times up. The server must have an `inbox` dict (chat id -> asyncio.Queue of replies)."""

from __future__ import annotations

import asyncio
import statistics
import time

from tests.support.fake_telegram import FakeTelegram


async def ask(server: FakeTelegram, user: int, text: str, timeout: float) -> float | None:
    """Send `text` as `user` and wait for the first reply: the seconds it took, None if none came
    within `timeout`."""
    assert server.inbox is not None, "set server.inbox = {} first"
    inbox = server.inbox.setdefault(user, asyncio.Queue())
    started = time.monotonic()
    server.user_text(user, text)
    try:
        await asyncio.wait_for(inbox.get(), timeout)
    except TimeoutError:
        return None
    return time.monotonic() - started


def p50_p99(latencies: list[float]) -> tuple[float, float]:
    """Median and 99th percentile, in milliseconds (NaN without any)."""
    if not latencies:
        return float("nan"), float("nan")
    ordered = sorted(latencies)
    return statistics.median(ordered) * 1000, ordered[int(0.99 * (len(ordered) - 1))] * 1000
