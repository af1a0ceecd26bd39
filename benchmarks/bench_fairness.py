"""Fairness: one student hammering the bot must not slow the others. Prints figures; asserts
nothing.

    .venv/bin/python benchmarks/bench_fairness.py [--seconds 60] [--students 20]

Against the local Bot API server with Telegram's rate rules on, 20 students ask questions one
after another (each waits for the reply, then thinks 1.5-4 s) while:
  quiet        nobody floods (the reference);
  tap-storm    one student taps a button as fast as the client can;
  at-the-limit one student sends exactly the allowed 8 messages per 10 s, each answered with two
               messages, so the 1 msg/s per-chat limit backs their replies up.
For each run: the others' p50/p99 reply time and how many went unanswered, what the flooding
student received, and how long the bot took to stop afterwards (SIGTERM waits for this).
Target (issue 11): the others' p99 within 1 s of the quiet run. Each run is its own process, so
a bot that cannot stop (STOP_CAP) does not hold up the next one.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.students import ask, p50_p99  # noqa: E402
from bot.telegram.application import build_application  # noqa: E402
from bot.understanding.evaluation import load_questions  # noqa: E402
from tests.support.fake_telegram import FakeTelegram, SentMessage  # noqa: E402
from tests.support.harness import bot_settings  # noqa: E402

QUESTIONS = [
    q.text
    for q in load_questions(ROOT / "tests/data/dev_questions.yaml")
    if q.intent != "none" and not q.after
]
REPLY_TIMEOUT = 60.0
STOP_CAP = 120.0
FLOODER = 1


async def asking_student(
    server: FakeTelegram, user: int, until: float, latencies: list[float], lost: list[int]
) -> None:
    """Ask, wait for the reply, think 1.5-4 s, ask again, until `until`."""
    inbox = server.inbox.setdefault(user, asyncio.Queue())
    rng = random.Random(user)
    while time.monotonic() < until:
        took = await ask(server, user, rng.choice(QUESTIONS), REPLY_TIMEOUT)
        if took is None:
            lost.append(user)
        else:
            latencies.append(took)
        while not inbox.empty():  # a second message of the same reply (privacy note, chunk)
            inbox.get_nowait()
        await asyncio.sleep(rng.uniform(1.5, 4.0))


async def tap_storm(server: FakeTelegram, until: float) -> int:
    """Tap one topic button in a tight loop; returns how many taps were sent."""
    server.user_text(FLOODER, "/preguntas")
    menu = await _first_message(server, FLOODER)
    data = next(data for label, data in menu.buttons if data.startswith("1|faq:"))
    taps = 0
    while time.monotonic() < until:
        server.user_presses(FLOODER, menu, data)
        taps += 1
        await asyncio.sleep(0.005)
    return taps


async def at_the_limit(server: FakeTelegram, until: float) -> int:
    """8 messages per 10 s, each answered with two messages (the answer and a privacy note)."""
    sent = 0
    while time.monotonic() < until:
        server.user_text(FLOODER, f"cuando entrego mi nss 1234567890{sent % 10}")
        sent += 1
        await asyncio.sleep(10 / 8)
    return sent


async def _first_message(server: FakeTelegram, user: int) -> SentMessage:
    inbox = server.inbox.setdefault(user, asyncio.Queue())
    return await asyncio.wait_for(inbox.get(), REPLY_TIMEOUT)


async def scenario(
    name: str, flood: Callable[[FakeTelegram, float], Awaitable[int]] | None, seconds: float, students: int
) -> None:
    server = await FakeTelegram().start()  # Telegram's rate rules on
    server.inbox = {}
    data = tempfile.mkdtemp()
    application = build_application(bot_settings(server, ROOT / "faq", Path(data)), server.token)
    await application.initialize()
    await application.updater.start_polling(poll_interval=0.0, timeout=1)
    await application.start()
    until = time.monotonic() + seconds
    latencies: list[float] = []
    lost: list[int] = []
    tasks = [asking_student(server, 100 + s, until, latencies, lost) for s in range(students)]
    results = await asyncio.gather(*tasks, *([flood(server, until)] if flood else []))
    stop_started = time.monotonic()
    try:  # what SIGTERM does
        await asyncio.wait_for(_stop(application), STOP_CAP)
        stopped = f"{time.monotonic() - stop_started:>5.1f} s"
    except TimeoutError:
        stopped = f"> {STOP_CAP:.0f} s"
    p50, p99 = p50_p99(latencies)
    print(
        f"{name:<13} others: {len(latencies):>4} replies  p50 {p50:>7.0f} ms  "
        f"p99 {p99:>7.0f} ms  unanswered {len(lost):>3}   stop {stopped}"
    )
    if flood:
        received = [m for m in server.sent if m.chat_id == FLOODER]
        notices = sum("Dame un momento" in m.plain for m in received)
        toasts = sum("Dame un momento" in (text or "") for text in server.callback_answers.values())
        print(
            f"{'':<13} flooder: sent {results[-1]} updates, got {len(received)} messages "
            f"({notices} 'dame un momento'), {toasts} 'dame un momento' toasts"
        )


async def _stop(application) -> None:
    await application.updater.stop()
    await application.stop()
    await application.shutdown()


SCENARIOS = {"quiet": None, "tap-storm": tap_storm, "at-the-limit": at_the_limit}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--students", type=int, default=20)
    parser.add_argument("--scenario", choices=SCENARIOS)
    args = parser.parse_args()
    if args.scenario:
        logging.basicConfig(level=logging.CRITICAL)
        asyncio.run(scenario(args.scenario, SCENARIOS[args.scenario], args.seconds, args.students))
        sys.stdout.flush()
        os._exit(0)  # a bot that did not stop in time is simply left behind
    print(f"{args.students} students asking for {args.seconds:g} s each run, rate rules on\n", flush=True)
    for name in SCENARIOS:
        subprocess.run(
            [
                sys.executable,
                __file__,
                "--scenario",
                name,
                "--seconds",
                str(args.seconds),
                "--students",
                str(args.students),
            ],
            check=False,
        )


if __name__ == "__main__":
    main()
