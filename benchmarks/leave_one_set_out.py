"""Leave one set out: how the matcher does on a held-out set whose questions it never saw.

    .venv/bin/python benchmarks/leave_one_set_out.py [N ...]     (default: sets 5 to 8)

Sets 1-8 are filed in faq/ejemplos.yaml, so their figures from `faqbot eval` say little. For
each set N this takes set N's questions out of the examples, recalibrates without them (as
`make calibrate` does, with the remaining sets) and prints `faqbot eval`'s figures on set N.
It is a development estimate across several sets at once; the honest figure is still a fresh
set's, read once before a change and once after it.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from bot.knowledge import load_knowledge
from bot.understanding.calibration import calibrate
from bot.understanding.evaluation import evaluate, load_questions
from bot.understanding.matching import Matcher, MatchSettings

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data"
FILED = ["", "2", "3", "4", "5", "6", "7", "8"]  # the sets in faq/ejemplos.yaml


def held_out_set(name: str) -> Path:
    return DATA / f"holdout{name}_questions.yaml"


def figures_without(name: str) -> str:
    knowledge = load_knowledge(ROOT / "faq")
    questions = load_questions(held_out_set(name))
    left_out = {q.text for q in questions}
    knowledge = replace(
        knowledge,
        examples={
            topic: tuple(t for t in texts if t not in left_out) for topic, texts in knowledge.examples.items()
        },
    )
    asked = [
        q
        for path in [
            ROOT / "tests" / "data" / "dev_questions.yaml",
            *(held_out_set(s) for s in FILED if s != name),
        ]
        for q in load_questions(path)
    ]
    model = calibrate(knowledge, asked).model
    matcher = Matcher(knowledge.topics, knowledge.synonyms, MatchSettings(), knowledge.negatives, model)
    _, s = evaluate(matcher, questions)
    return (
        f"set {name or '1'}: direct {s.direct:.1%}, helped {s.helped:.1%}, out of scope "
        f"rejected {s.out_of_scope_rejected:.1%}, answered {s.out_of_scope_answered:.1%}, "
        f"confidently wrong {s.confidently_wrong:.1%} (thresholds {model.answer_confidence}, "
        f"{model.suggest_confidence}, {model.alone_confidence})"
    )


def main(argv: list[str]) -> int:
    for name in argv or ["5", "6", "7", "8"]:
        print(figures_without("" if name == "1" else name), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
