"""Grouping unanswered questions for the staff report: near-linear work, and no single student
filling the report."""

from __future__ import annotations

import random

import bot.staff.grouping as question_groups
from bot.staff.grouping import PER_STUDENT, Asked, group_questions


def test_staff_reports_group_in_near_linear_work(matcher, monkeypatch) -> None:
    calls = 0
    real = question_groups._overlap

    def counted(a, b, smaller):
        nonlocal calls
        calls += 1
        return real(a, b, smaller)

    monkeypatch.setattr(question_groups, "_overlap", counted)
    rng = random.Random(11)
    syllables = ["ba", "ce", "di", "fo", "gu", "la", "me", "ni", "po", "ru", "sa", "te", "vi"]
    words = list({"".join(rng.choices(syllables, k=3)) for _ in range(900)})
    asked = [
        Asked(
            f"{rng.choice(['como', 'donde', 'cuando'])} {' '.join(rng.sample(words, 2))}",
            f"s{n}",
            "none",
            0.0,
        )
        for n in range(16_000)
    ]
    work = []
    for size in (4_000, 8_000, 16_000):
        calls = 0
        groups = group_questions(asked[:size], matcher.terms)
        assert sum(g.count for g in groups) == size
        work.append(calls)
    assert work[2] / work[1] < 2.6 and work[1] / work[0] < 2.6  # quadratic work would be 4x


def test_one_student_cannot_fill_the_report(matcher) -> None:
    asked = [Asked(f"donde queda la cafeteria {n}", "heavy", "none", 0.0) for n in range(5000)]
    asked += [Asked("como saco mi kardex", f"s{n}", "none", 0.0) for n in range(30)]
    groups = group_questions(asked, matcher.terms)
    assert groups[0].examples[0] == "como saco mi kardex" and groups[0].students == 30
    assert sum(g.count for g in groups if g.students == 1) == PER_STUDENT
