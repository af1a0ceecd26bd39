"""Round trips through the real Application and a local Bot API server, against a trivial echo
bot on the same server in the same run. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/bench_telegram.py [--students 200] [--questions 5]

Scenarios:
  telegram-limits  the server enforces ~30 msg/s overall and ~1 msg/s per chat (with a small
                   burst), both bots use the same rate limiter: what students would see.
  no-limits        limits off on both sides: the bot's own processing cost.
  burst-order      every student sends all questions at once: out-of-order replies with PTB's
                   plain concurrent_updates versus the per-student update processor.
Target (issue 3): within 30 % of the echo bot, and 0 lost messages.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import logging
import sys
import tempfile
import time
from contextlib import asynccontextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from telegram import Update  # noqa: E402
from telegram.ext import Application, MessageHandler, SimpleUpdateProcessor, filters  # noqa: E402

import bot.telegram.application as wiring  # noqa: E402
from benchmarks.students import ask, p50_p99  # noqa: E402
from bot.telegram.processing import FairUpdateProcessor  # noqa: E402
from bot.telegram.ratelimit import ChatRateLimiter  # noqa: E402
from bot.understanding.evaluation import load_questions  # noqa: E402
from tests.support.fake_telegram import FakeTelegram  # noqa: E402
from tests.support.harness import bot_settings, running  # noqa: E402

QUESTIONS = [
    q.text
    for q in load_questions(ROOT / "tests/data/dev_questions.yaml")
    if q.intent != "none" and not q.after
]
TIMEOUT = 120.0


def echo_application(server: FakeTelegram, limited: bool) -> Application:
    async def echo(update: Update, _context: object) -> None:
        await update.message.reply_text(update.message.text)

    builder = (
        Application.builder()
        .token(server.token)
        .base_url(server.base_url)
        .concurrent_updates(FairUpdateProcessor(64))
    )
    if limited:
        builder = builder.rate_limiter(ChatRateLimiter())
    application = builder.build()
    application.add_handler(MessageHandler(filters.TEXT, echo))
    return application


def our_application(server: FakeTelegram, data: Path, limited: bool) -> Application:
    settings = bot_settings(server, ROOT / "faq", data, flood=(1000, 1.0))
    return wiring.build_application(settings, server.token, rate_limiter=limited)


async def student(server: FakeTelegram, user: int, questions: int, latencies: list[float]) -> int:
    """Ask one question at a time, waiting for the reply; returns how many got no reply."""
    lost = 0
    for number in range(questions):
        took = await ask(server, user, QUESTIONS[(user * 7 + number) % len(QUESTIONS)], TIMEOUT)
        if took is None:
            lost += 1
        else:
            latencies.append(took)
    return lost


@asynccontextmanager
async def fake_server(limited: bool):
    server = await FakeTelegram(enforce_rates=limited).start()
    server.inbox = {}
    try:
        yield server
    finally:
        await server.stop()


async def round_trips(kind: str, limited: bool, students: int, questions: int) -> dict[str, float]:
    async with fake_server(limited) as server:
        with tempfile.TemporaryDirectory() as data:
            app = (
                echo_application(server, limited)
                if kind == "echo"
                else our_application(server, Path(data), limited)
            )
            async with running(app):
                latencies: list[float] = []
                started = time.perf_counter()
                lost = await asyncio.gather(
                    *(student(server, 10_000 + s, questions, latencies) for s in range(students))
                )
                elapsed = time.perf_counter() - started
        refused = [e for e in server.errors if not e[1].startswith("Too Many")]
    p50, p99 = p50_p99(latencies)
    return {
        "rps": len(latencies) / elapsed,
        "p50": p50,
        "p99": p99,
        "lost": sum(lost),
        "429s": server.rate_limited,
        "refused": len(refused),
    }


class PlainProcessor(SimpleUpdateProcessor):
    """PTB's own processor, accepting what the wiring hands a FairUpdateProcessor."""

    def __init__(self, slots: int, *_: object) -> None:
        super().__init__(slots)

    def follow(self, running: object) -> None:
        """PTB's processor does not look at the application."""


async def out_of_order(processor: str, students: int, questions: int) -> tuple[int, int]:
    """Students send all questions at once; count replies that arrive out of order."""
    original = wiring.FairUpdateProcessor
    if processor == "plain":
        wiring.FairUpdateProcessor = PlainProcessor  # PTB's concurrent_updates
    try:
        async with fake_server(False) as server:
            with tempfile.TemporaryDirectory() as data:
                async with running(our_application(server, Path(data), limited=False)):
                    texts = {}
                    for s in range(students):
                        user = 20_000 + s
                        texts[user] = [f"{QUESTIONS[(s + n) % len(QUESTIONS)]}" for n in range(questions)]
                        for text in texts[user]:
                            server.user_text(user, text)
                    await asyncio.wait_for(_until(lambda: len(server.sent) >= students * questions), TIMEOUT)
            wrong = 0
            for user in texts:
                ids = [m.message_id for m in server.sent if m.chat_id == user]
                wrong += sum(1 for a, b in itertools.pairwise(ids) if b < a)
            answered_in_order = _in_question_order(server, texts)
    finally:
        wiring.FairUpdateProcessor = original
    return wrong, answered_in_order


def _in_question_order(server: FakeTelegram, texts: dict[int, list[str]]) -> int:
    """Students whose replies do not follow the order of their questions."""
    from bot.assembly import build_assistant
    from bot.config import load_settings

    assistant = build_assistant(load_settings({"FAQBOT_CONFIG": str(ROOT / "config.yaml")}))
    mismatched = 0
    for user, questions in texts.items():
        expected = [assistant.on_text({}, q).replies[0].text.split("\n")[0] for q in questions]
        got = [m.text.split("\n")[0] for m in server.sent if m.chat_id == user]
        mismatched += expected != got
    return mismatched


async def _until(condition) -> None:
    while not condition():
        await asyncio.sleep(0.05)


def show(name: str, figures: dict[str, float], reference: dict[str, float] | None = None) -> None:
    ratio = f"   {figures['rps'] / reference['rps']:.0%} of echo" if reference else ""
    print(
        f"  {name:<10} {figures['rps']:>8.1f} round trips/s   p50 {figures['p50']:>7.1f} ms   "
        f"p99 {figures['p99']:>7.1f} ms   lost {figures['lost']:.0f}   429s {figures['429s']:.0f}"
        f"   refused {figures['refused']:.0f}{ratio}"
    )


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--questions", type=int, default=5)
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    print(f"{args.students} students x {args.questions} questions, each waiting for the reply\n")
    for scenario, limited in (("no-limits", False), ("telegram-limits", True)):
        print(scenario)
        echo = await round_trips("echo", limited, args.students, args.questions)
        show("echo bot", echo)
        ours = await round_trips("faqbot", limited, args.students, args.questions)
        show("faqbot", ours, echo)
    print("\nburst-order (all questions at once, limits off)")
    for processor in ("plain", "per-student"):
        swapped, mismatched = await out_of_order(processor, args.students, args.questions)
        print(
            f"  {processor:<12} replies out of send order: {swapped:>4}   "
            f"students whose answers do not follow their questions: {mismatched}"
        )


if __name__ == "__main__":
    asyncio.run(main())
