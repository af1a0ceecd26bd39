"""The calibrated decision: the model, its fit, and the thresholds it ships with."""

from __future__ import annotations

import json
import random

from bot.knowledge import KnowledgeBase
from bot.understanding.calibration_cases import Case, cases, knowledge_cases
from bot.understanding.confidence import CALIBRATION_FILE, FEATURES, ConfidenceModel, decide
from bot.understanding.evaluation import Question, load_questions
from bot.understanding.logistic import fit, out_of_fold
from bot.understanding.matching import NONE_INTENT, Matcher
from bot.understanding.thresholds import choose_thresholds, figures
from tests.understanding.test_matching_quality import DEV_SET


def test_the_shipped_calibration_fits_these_features() -> None:
    data = json.loads(CALIBRATION_FILE.read_text(encoding="utf-8"))
    assert tuple(data["features"]) == FEATURES and len(data["weights"]) == len(FEATURES)
    model = ConfidenceModel.load()
    assert 0 < model.suggest_confidence <= model.alone_confidence <= model.answer_confidence < 1
    held_out = ("holdout10", "holdout11")  # the sets that still measure it
    assert data["trained_on"] and not any(h in name for h in held_out for name in data["trained_on"])


def test_the_decision_answers_suggests_or_says_it_does_not_know() -> None:
    assert decide([0.95, 0.2], 0.9, 0.2, 0.8, 3) == ("answer", 2)
    assert decide([0.85, 0.3, 0.1], 0.9, 0.2, 0.8, 3) == ("suggest", 2)
    assert decide([0.85, 0.1], 0.9, 0.2, 0.8, 3) == ("answer", 2)  # the only plausible one
    assert decide([0.5, 0.1], 0.9, 0.2, 0.8, 3) == ("suggest", 1)
    assert decide([0.1, 0.05], 0.9, 0.2, 0.8, 3) == ("none", 1)
    assert decide([], 0.9, 0.2, 0.8, 3) == ("none", 0)
    # A runner-up as likely right as not: two readings fit, so the student picks.
    assert decide([0.97, 0.55, 0.1], 0.9, 0.2, 0.8, 3) == ("suggest", 2)
    assert decide([0.97, 0.45, 0.1], 0.9, 0.2, 0.8, 3) == ("answer", 3)


def test_the_fit_learns_which_evidence_says_right() -> None:
    rng = random.Random(3)
    rows, labels = [], []
    for _ in range(400):
        right = rng.random() < 0.5
        score = rng.uniform(0.6, 1.0) if right else rng.uniform(0.0, 0.5)
        rows.append([score] + [rng.random() for _ in FEATURES[1:]])
        labels.append(int(right))
    weights, _ = fit(rows, labels)
    assert weights[0] > 5 and all(abs(w) < abs(weights[0]) for w in weights[1:])


def test_a_calibration_fitted_on_the_dev_set_holds_on_phrasings_it_never_saw(
    matcher: Matcher, knowledge: KnowledgeBase
) -> None:
    """The calibration pipeline on the development questions alone (out-of-fold confidences,
    thresholds chosen on them, weights fitted on all), judged on other questions: every phrasing
    and example in faq/, each asked of a matcher built without it (1,449 today, 444 of them out
    of scope). On the fitting data the thresholds keep their limits by construction, so only
    unseen data can say whether they generalise. Fixed expectations, with a margin over today's
    figures (wrong 1.9 %, out of scope answered 2.9 %, rejected 93.2 %, helped 94.6 %, direct
    88.0 %); docs/product.md's stricter targets are for the shipped model, fitted on far more."""
    found = cases(matcher, load_questions(DEV_SET))
    confidences = out_of_fold(found)
    assert len(confidences) == len(found)
    assert all(
        len(c) == len(case.rows) and all(0 <= p <= 1 for p in c)
        for c, case in zip(confidences, found, strict=True)
    )
    thresholds = choose_thresholds(found, confidences)
    weights, bias = fit(
        [row for case in found for row in case.rows], [label for case in found for label in case.labels]
    )
    model = ConfidenceModel(tuple(weights), bias)
    unseen = knowledge_cases(knowledge)
    assert len(unseen) >= 1000 and sum(c.question.intent == NONE_INTENT for c in unseen) >= 300
    judged = [
        [min(cap, model.probability(row)) for row, cap in zip(case.rows, case.ceilings, strict=True)]
        for case in unseen
    ]
    result = figures(unseen, judged, *thresholds)
    assert result["wrong"] <= 0.025 and result["outside_answered"] <= 0.04, result
    assert result["rejected"] >= 0.90 and result["helped"] >= 0.92, result
    assert result["direct"] >= 0.85, result


def test_a_case_knows_which_candidate_is_right(matcher: Matcher) -> None:
    [case] = cases(matcher, [Question("como saco mi nss", "documento_nss")])
    assert isinstance(case, Case) and case.intents[0] == "documento_nss"
    assert case.labels[0] == 1 and sum(case.labels) == 1
    [follow_up] = cases(matcher, [Question("y donde lo saco", "documento_nss", "cuando entrego mi nss")])
    assert any(row[FEATURES.index("related_topic")] for row in follow_up.rows)
