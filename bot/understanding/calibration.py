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
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from bot.knowledge import KnowledgeBase, Topic, load_knowledge
from bot.understanding.confidence import (
    CALIBRATION_FILE,
    FEATURES,
    ConfidenceModel,
    ceiling,
    decide,
    features,
)
from bot.understanding.evaluation import Question, load_questions
from bot.understanding.matching import NONE_INTENT, Matcher, MatchSettings

FOLDS = 5
KNOWLEDGE_FOLDS = 10
L2 = 0.05
# Limits the thresholds must keep on the out-of-fold figures (tighter than the targets, which
# are for questions never seen: confidently wrong <= 1.5 %, out of scope answered <= 2 %,
# out of scope rejected >= 80 %).
MAX_WRONG = 0.010
MAX_OUTSIDE_ANSWERED = 0.02
MIN_OUTSIDE_REJECTED = 0.85
GRID = [round(0.02 * step, 2) for step in range(1, 50)]
# A topic offered in "¿Quisiste decir…?" must be at least this plausible, whatever else the
# figures would gain from offering less likely ones.
MIN_SUGGEST = 0.15
# The matchers here only gather evidence: they must not need the calibration they produce
# (after a change of FEATURES, the shipped one no longer fits).
UNFITTED = ConfidenceModel(tuple(0.0 for _ in FEATURES), 0.0)


@dataclass
class Case:
    """One question: its candidates' features and which candidate (if any) is right."""

    question: Question
    rows: list[list[float]]
    intents: list[str]
    ceilings: list[float]  # the most each candidate's confidence may be

    @property
    def labels(self) -> list[int]:
        return [int(intent == self.question.intent) for intent in self.intents]


def cases(matcher: Matcher, questions: Sequence[Question]) -> list[Case]:
    found = []
    for question in questions:
        evidence = matcher.evidence(question.text, _context(matcher, question))
        if evidence is None:
            continue  # small talk or nothing to match: never decided by the model
        # A topic that is never offered teaches nothing.
        kept = [i for i in range(len(evidence.candidates)) if ceiling(evidence, i) > 0]
        found.append(
            Case(
                question,
                [features(evidence, i) for i in kept],
                [evidence.candidates[i].intent for i in kept],
                [ceiling(evidence, i) for i in kept],
            )
        )
    return found


def _context(matcher: Matcher, question: Question) -> tuple[str, ...]:
    """The topic a follow-up's `after` question leads to. The model being fitted cannot decide
    it, so it is the best-ranked one: the `after` questions are clear ones the bot answers."""
    before = matcher.evidence(question.after) if question.after else None
    return (before.candidates[0].intent,) if before and before.candidates else ()


def knowledge_cases(knowledge: KnowledgeBase, folds: int = KNOWLEDGE_FOLDS, seed: int = 11) -> list[Case]:
    """Every phrasing of the knowledge base, asked of a matcher that does not have it."""
    everything = [*knowledge.topics, *knowledge.negatives]
    entries = [(topic, phrasing) for topic in everything for phrasing in topic.phrasings]
    random.Random(seed).shuffle(entries)
    found = []
    for fold in range(folds):
        held = entries[fold::folds]
        left_out = {(topic.id, phrasing) for topic, phrasing in held}
        matcher = Matcher(
            _without(knowledge.topics, left_out),
            knowledge.synonyms,
            MatchSettings(),
            _without(knowledge.negatives, left_out),
            UNFITTED,
        )
        found += cases(
            matcher,
            [Question(phrasing, NONE_INTENT if topic.negative else topic.id) for topic, phrasing in held],
        )
    return found


def _without(topics: list[Topic], left_out: set[tuple[str, str]]) -> list[Topic]:
    return [replace(t, phrasings=tuple(p for p in t.phrasings if (t.id, p) not in left_out)) for t in topics]


def fit(rows: list[list[float]], labels: list[int], l2: float = L2) -> tuple[list[float], float]:
    """Logistic regression by Newton's method; the intercept is not penalised."""
    width = len(FEATURES) + 1
    weights = [0.0] * width
    data = [[1.0, *row] for row in rows]
    for _ in range(30):
        gradient = [-l2 * w if i else 0.0 for i, w in enumerate(weights)]
        hessian = [[(l2 if i == j and i else 0.0) for j in range(width)] for i in range(width)]
        for x, y in zip(data, labels, strict=True):
            z = sum(w * v for w, v in zip(weights, x, strict=True))
            p = 1 / (1 + math.exp(-max(-40.0, min(40.0, z))))
            for i in range(width):
                gradient[i] += (y - p) * x[i]
                for j in range(i, width):
                    hessian[i][j] += p * (1 - p) * x[i] * x[j]
        for i in range(width):
            for j in range(i):
                hessian[i][j] = hessian[j][i]
        step = _solve(hessian, gradient)
        weights = [w + s for w, s in zip(weights, step, strict=True)]
        if max(abs(s) for s in step) < 1e-7:
            break
    return weights[1:], weights[0]


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (the matrix is small and well-conditioned)."""
    size = len(vector)
    a = [[*row, vector[i]] for i, row in enumerate(matrix)]
    for col in range(size):
        pivot = max(range(col, size), key=lambda r: abs(a[r][col]))
        a[col], a[pivot] = a[pivot], a[col]
        for r in range(col + 1, size):
            factor = a[r][col] / a[col][col]
            for c in range(col, size + 1):
                a[r][c] -= factor * a[col][c]
    solution = [0.0] * size
    for r in range(size - 1, -1, -1):
        solution[r] = (a[r][size] - sum(a[r][c] * solution[c] for c in range(r + 1, size))) / a[r][r]
    return solution


def out_of_fold(found: list[Case], folds: int = FOLDS, seed: int = 7) -> list[list[float]]:
    """Each case's candidate confidences from a model fitted without that case."""
    order = list(range(len(found)))
    random.Random(seed).shuffle(order)
    result: list[list[float]] = [[] for _ in found]
    for fold in range(folds):
        held = set(order[fold::folds])
        rows = [row for i, case in enumerate(found) if i not in held for row in case.rows]
        labels = [y for i, case in enumerate(found) if i not in held for y in case.labels]
        weights, bias = fit(rows, labels)
        model = ConfidenceModel(tuple(weights), bias)
        for i in held:
            result[i] = [
                min(cap, model.probability(row))
                for row, cap in zip(found[i].rows, found[i].ceilings, strict=True)
            ]
    return result


def figures(
    found: list[Case],
    confidences: list[list[float]],
    answer_at: float,
    suggest_at: float,
    alone_at: float,
    limit: int = 3,
) -> dict[str, float]:
    """The decision's figures for these thresholds, as `faqbot eval` counts them."""
    direct = helped = wrong = rejected = outside_answered = 0
    inside = sum(case.question.intent != NONE_INTENT for case in found)
    outside = len(found) - inside
    for case, probabilities in zip(found, confidences, strict=True):
        order = sorted(range(len(probabilities)), key=lambda i: -probabilities[i])
        outcome, shown = decide([probabilities[i] for i in order], answer_at, suggest_at, alone_at, limit)
        offered = [case.intents[i] for i in order[:shown]]
        expected = case.question.intent
        if expected == NONE_INTENT:
            rejected += outcome == "none"
            outside_answered += outcome == "answer"
            wrong += outcome == "answer"
            continue
        direct += outcome == "answer" and offered[0] == expected
        helped += (outcome == "answer" and offered[0] == expected) or (
            outcome == "suggest" and expected in offered
        )
        wrong += outcome == "answer" and offered[0] != expected
    return {
        "direct": direct / max(1, inside),
        "helped": helped / max(1, inside),
        "rejected": rejected / max(1, outside),
        "outside_answered": outside_answered / max(1, outside),
        "wrong": wrong / max(1, len(found)),
    }


def choose_thresholds(found: list[Case], confidences: list[list[float]]) -> tuple[float, float, float]:
    """The thresholds (answer, suggest, alone) that help most in-scope questions within the
    limits above; on a tie, the more cautious ones."""
    best: tuple[float, float, float, float] | None = None
    for answer_at in reversed(GRID):
        for suggest_at in (g for g in reversed(GRID) if MIN_SUGGEST <= g <= answer_at):
            for alone_at in (g for g in reversed(GRID) if suggest_at <= g <= answer_at):
                f = figures(found, confidences, answer_at, suggest_at, alone_at)
                if (
                    f["wrong"] > MAX_WRONG
                    or f["outside_answered"] > MAX_OUTSIDE_ANSWERED
                    or f["rejected"] < MIN_OUTSIDE_REJECTED
                ):
                    continue
                value = f["helped"] + f["direct"]
                if best is None or value > best[0] + 1e-9:
                    best = (value, answer_at, suggest_at, alone_at)
    if best is None:
        raise SystemExit("no thresholds meet the limits on these questions")
    return best[1], best[2], best[3]


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
