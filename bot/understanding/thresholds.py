"""Choosing the thresholds (answer, suggest, alone) on out-of-fold confidences: the figures
`faqbot eval` would count for each choice, and the choice that helps most in-scope questions
while confidently wrong answers and answered out-of-scope questions stay rare.

Apart from `bot/understanding/calibration.py` because it is the one place the product's limits
(the limits below) decide something; it takes the confidences however they were fitted.
"""

from __future__ import annotations

from bot.understanding.calibration_cases import Case
from bot.understanding.confidence import decide
from bot.understanding.matching import NONE_INTENT

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
