"""Calibrating the confidence model on labelled development questions (a developer's tool).

    .venv/bin/python -m bot.understanding.calibration FILE [FILE ...] [--write]

Every question gives one example per candidate topic the matcher ranks (its FEATURES, and
whether it is the expected topic). The development questions alone make a model that trusts
itself too much on questions it has never seen: the knowledge base's phrasings were grown from
them. So the knowledge base's own phrasings and examples (`ejemplos.yaml`) are questions too,
each matched by a matcher built without it (ten folds): new wordings with known answers, a
`fuera_de_tema` one's being none.
A logistic regression (L2, Newton's method: a dozen weights need no library) is fitted in 5-fold
cross-validation, so each question's confidence comes from a model that never saw it; the
thresholds are chosen on those out-of-fold confidences to keep confidently wrong answers and
answered out-of-scope questions rare while helping as many in-scope questions as possible. The
final weights are fitted on all of them; with --write they and the thresholds go to
bot/calibration.json with the cross-validated figures.
Never pass a held-out set here: a set that chose the weights no longer measures them.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.knowledge import KnowledgeBase, load_knowledge
from bot.understanding.calibration_cases import UNFITTED, Case, cases, knowledge_cases
from bot.understanding.confidence import CALIBRATION_FILE, FEATURES, ConfidenceModel
from bot.understanding.evaluation import Question, load_questions
from bot.understanding.logistic import fit, out_of_fold
from bot.understanding.matching import Matcher, MatchSettings
from bot.understanding.thresholds import choose_thresholds, figures


@dataclass
class Calibration:
    """A fitted model and the out-of-fold evidence its thresholds were chosen on."""

    model: ConfidenceModel
    found: list[Case]  # the questions first, then the knowledge base's own phrasings
    confidences: list[list[float]]
    asked: int  # how many of `found` are questions

    def cross_validated(self, part: slice = slice(None)) -> dict[str, float]:
        m = self.model
        return figures(
            self.found[part],
            self.confidences[part],
            m.answer_confidence,
            m.suggest_confidence,
            m.alone_confidence,
        )


def calibrate(knowledge: KnowledgeBase, questions: Sequence[Question]) -> Calibration:
    """Fit the model on these questions and the knowledge base's own phrasings, each held out."""
    # A question filed as a phrasing or an example is already one of the knowledge base's own,
    # asked of a matcher without it; asked here too, it would be found in the index.
    filed = {p for topic in (*knowledge.topics, *knowledge.negatives) for p in topic.phrasings}
    matcher = Matcher(knowledge.topics, knowledge.synonyms, MatchSettings(), knowledge.negatives, UNFITTED)
    asked = cases(matcher, [q for q in questions if q.after or q.text not in filed])
    found = asked + knowledge_cases(knowledge)
    confidences = out_of_fold(found)
    thresholds = choose_thresholds(found, confidences)
    weights, bias = fit([r for c in found for r in c.rows], [y for c in found for y in c.labels])
    return Calibration(ConfidenceModel(tuple(weights), bias, *thresholds), found, confidences, len(asked))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bot.understanding.calibration",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--faq", type=Path, default=Path("faq"))
    parser.add_argument("--write", action="store_true", help=f"write {CALIBRATION_FILE.name}")
    args = parser.parse_args(argv)
    result = calibrate(load_knowledge(args.faq), [q for path in args.files for q in load_questions(path)])
    model, asked, own = result.model, result.asked, len(result.found) - result.asked
    answer_at, suggest_at, alone_at = (
        model.answer_confidence,
        model.suggest_confidence,
        model.alone_confidence,
    )
    weights, bias = model.weights, model.bias
    cv = result.cross_validated()
    print(
        f"{asked} questions from {', '.join(map(str, args.files))}, and {own} "
        "phrasings of the knowledge base, each held out"
    )
    print(f"thresholds: answer {answer_at}, suggest {suggest_at}, alone {alone_at}")
    print("cross-validated: " + ", ".join(f"{k} {v:.1%}" for k, v in cv.items()))
    for name, part in (("questions", slice(0, asked)), ("phrasings", slice(asked, None))):
        print(f"  {name}: " + ", ".join(f"{k} {v:.1%}" for k, v in result.cross_validated(part).items()))
    print(
        "weights: "
        + ", ".join(f"{n} {w:+.2f}" for n, w in zip(FEATURES, weights, strict=True))
        + f", bias {bias:+.2f}"
    )
    if args.write:
        CALIBRATION_FILE.write_text(
            json.dumps(
                {
                    "features": list(FEATURES),
                    "weights": [round(w, 4) for w in weights],
                    "bias": round(bias, 4),
                    "answer_confidence": answer_at,
                    "suggest_confidence": suggest_at,
                    "alone_confidence": alone_at,
                    "trained_on": [str(p) for p in args.files],
                    "questions": asked,
                    "held_out_phrasings": own,
                    "cross_validated": {k: round(v, 4) for k, v in cv.items()},
                },
                indent=2,
            )
            + "\n",
            encoding="utf-8",
        )
        print(f"written to {CALIBRATION_FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
