"""Matching speed: µs per question for the matcher alone and for a full dialog turn, and how
long `faqbot ask` takes from process start to answer. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/bench_matching.py [--rounds N]

Targets (docs/product.md): under 100 µs per question; `faqbot ask` well under 0.5 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.assembly import build_assistant  # noqa: E402
from bot.clock import Clock  # noqa: E402
from bot.config import load_settings  # noqa: E402
from bot.understanding.evaluation import load_questions  # noqa: E402

QUESTION_FILES = [ROOT / "tests/data/dev_questions.yaml", ROOT / "benchmarks/data/holdout_questions.yaml"]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def time_calls(call, texts: list[str], rounds: int) -> list[float]:
    samples = []
    for _ in range(rounds):
        for text in texts:
            start = time.perf_counter_ns()
            call(text)
            samples.append((time.perf_counter_ns() - start) / 1000)
    return samples


def report(name: str, samples: list[float]) -> None:
    total_s = sum(samples) / 1e6
    print(
        f"{name:<28} {len(samples) / total_s:>10,.0f} q/s   p50 {percentile(samples, 0.5):>7.1f} µs"
        f"   p99 {percentile(samples, 0.99):>7.1f} µs   max {max(samples):>8.1f} µs"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=50)
    args = parser.parse_args()

    os.chdir(ROOT)
    settings = load_settings({"FAQBOT_CONFIG": str(ROOT / "config.yaml")})
    assistant = build_assistant(settings, clock=Clock(date(2026, 12, 3)))
    texts = [q.text for path in QUESTION_FILES for q in load_questions(path)]
    print(f"{len(texts)} distinct questions (dev + held-out), {args.rounds} rounds\n")

    first_pass = time_calls(assistant.matcher.match, texts, 1)
    report("matching, first sight", first_pass)
    report("matching, steady state", time_calls(assistant.matcher.match, texts, args.rounds))
    report("full dialog turn", time_calls(lambda t: assistant.on_text({}, t), texts, args.rounds))

    command = [str(ROOT / ".venv/bin/faqbot"), "ask", "cuando entrego mi nss"]
    if not Path(command[0]).exists():
        command = [sys.executable, "-m", "bot", "ask", "cuando entrego mi nss"]
    runs = []
    for _ in range(10):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
        runs.append(time.perf_counter() - start)
    print(
        f"\n`faqbot ask` start to answer: median {statistics.median(runs) * 1000:.0f} ms, "
        f"max {max(runs) * 1000:.0f} ms over {len(runs)} runs"
    )


if __name__ == "__main__":
    main()
