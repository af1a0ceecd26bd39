"""The opening-day broadcast: 2,000 reminders while 100 students ask questions, against the local
Bot API server with Telegram's rate rules on. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/bench_reminders.py [--subscribers 2000] [--students 100]

Reports: reminders lost or duplicated (target 0), how long the broadcast took, and the students'
p50/p99 reply time during it beside the same students with no broadcast (issue 9).
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import logging
import random
import sys
import tempfile
import time
from collections import Counter
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.students import ask, p50_p99  # noqa: E402
from bot.clock import MEXICO_CITY  # noqa: E402
from bot.reception.reminders import ReminderStore  # noqa: E402
from bot.telegram.application import build_application  # noqa: E402
from bot.understanding.evaluation import load_questions  # noqa: E402
from tests.support.fake_telegram import FakeTelegram  # noqa: E402
from tests.support.harness import bot_settings, running  # noqa: E402

QUESTIONS = [
    q.text
    for q in load_questions(ROOT / "tests/data/dev_questions.yaml")
    if q.intent != "none" and not q.after
]
OPENING_DAY = datetime(2026, 12, 1, 9, 30, tzinfo=MEXICO_CITY)
FIRST_SUBSCRIBER = 1_000_000


async def student(
    server: FakeTelegram, user: int, questions: int, latencies: list[float], lost: list[int]
) -> None:
    rng = random.Random(user)
    await asyncio.sleep(rng.uniform(0, 5))
    for _ in range(questions):
        took = await ask(server, user, rng.choice(QUESTIONS), 120)
        if took is None:
            lost.append(user)
        else:
            latencies.append(took)
        await asyncio.sleep(rng.uniform(2, 5))


async def run(subscribers: int, students: int, questions: int) -> None:
    server = await FakeTelegram().start()  # Telegram's rate rules on
    server.inbox = {}
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        store = ReminderStore.open(data)
        for chat in range(FIRST_SUBSCRIBER, FIRST_SUBSCRIBER + subscribers):
            store.subscribe(chat, date(2026, 11, 27))
        store.close()
        settings = dataclasses.replace(bot_settings(server, ROOT / "faq", data), now=OPENING_DAY)
        latencies: list[float] = []
        lost: list[int] = []
        started = time.monotonic()
        async with running(build_application(settings, server.token)):
            await asyncio.gather(
                *(student(server, 100 + n, questions, latencies, lost) for n in range(students))
            )
            while subscribers and _reminders(server) < subscribers and time.monotonic() - started < 600:
                await asyncio.sleep(0.2)
        counts = Counter(m.chat_id for m in server.sent if m.chat_id >= FIRST_SUBSCRIBER)
        last = max((m.at for m in server.sent if m.chat_id >= FIRST_SUBSCRIBER), default=None)
        first = min((m.at for m in server.sent if m.chat_id >= FIRST_SUBSCRIBER), default=None)
    await server.stop()
    p50, p99 = p50_p99(latencies)
    name = f"{subscribers:,} reminders" if subscribers else "no broadcast"
    print(
        f"{name:<16} students: {len(latencies)} replies, p50 {p50:.0f} ms, p99 {p99:.0f} ms, "
        f"unanswered {len(lost)}"
    )
    if subscribers:
        missing = subscribers - len(counts)
        twice = sum(1 for n in counts.values() if n > 1)
        duration = (last - first) if first is not None and last is not None else float("nan")
        print(
            f"{'':<16} reminders: {sum(counts.values())} sent, {missing} lost, {twice} "
            f"duplicated; broadcast took {duration:.1f} s; 429s from the server: "
            f"{server.rate_limited}"
        )


def _reminders(server: FakeTelegram) -> int:
    return sum(1 for m in server.sent if m.chat_id >= FIRST_SUBSCRIBER)


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--subscribers", type=int, default=2000)
    parser.add_argument("--students", type=int, default=100)
    parser.add_argument("--questions", type=int, default=3)
    args = parser.parse_args()
    logging.basicConfig(level=logging.CRITICAL)
    await run(0, args.students, args.questions)
    await run(args.subscribers, args.students, args.questions)


if __name__ == "__main__":
    asyncio.run(main())
