"""Accuracy of the matcher on a labelled question file (`faqbot eval`)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.matching import NONE_INTENT, Matcher


class EvalFileError(ValueError):
    """The evaluation file is not a YAML list of {text, intent}."""


@dataclass(frozen=True)
class EvalRow:
    text: str
    expected: str
    predicted: str
    outcome: str
    candidates: tuple[str, ...]
    score: float

    @property
    def confidently_wrong(self) -> bool:
        return self.outcome == "answer" and self.predicted != self.expected


@dataclass(frozen=True)
class EvalSummary:
    total: int
    in_scope: int
    in_scope_top1: float  # share of in-scope questions whose top candidate is right
    out_of_scope: int
    out_of_scope_rejected: float  # share of out-of-scope questions answered "no lo sé"
    confidently_wrong: float  # share of all questions answered with a wrong intent
    confusion: dict[str, dict[str, int]]

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def load_questions(path: Path) -> list[tuple[str, str]]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise EvalFileError(f"{path}: no se pudo leer ({exc.__class__.__name__})") from exc
    if not isinstance(data, list):
        raise EvalFileError(f"{path}: debe ser una lista de {{text, intent}}")
    questions = []
    for number, entry in enumerate(data, start=1):
        if not (isinstance(entry, dict) and isinstance(entry.get("text"), str)
                and isinstance(entry.get("intent"), str)):
            raise EvalFileError(f"{path}: la entrada {number} no tiene 'text' e 'intent' de texto")
        questions.append((entry["text"], entry["intent"]))
    return questions


def evaluate(matcher: Matcher, questions: list[tuple[str, str]]) -> tuple[list[EvalRow], EvalSummary]:
    rows = []
    for text, expected in questions:
        result = matcher.match(text)
        predicted = result.intent if result.outcome != "none" else NONE_INTENT
        rows.append(EvalRow(text, expected, predicted, result.outcome,
                            tuple(c.intent for c in result.candidates)
                            if result.outcome != "none" else (), result.score))
    inside = [r for r in rows if r.expected != NONE_INTENT]
    outside = [r for r in rows if r.expected == NONE_INTENT]
    confusion: dict[str, Counter[str]] = {}
    for row in rows:
        confusion.setdefault(row.expected, Counter())[row.predicted] += 1
    summary = EvalSummary(
        total=len(rows),
        in_scope=len(inside),
        in_scope_top1=_share(sum(r.predicted == r.expected for r in inside), len(inside)),
        out_of_scope=len(outside),
        out_of_scope_rejected=_share(sum(r.outcome == "none" for r in outside), len(outside)),
        confidently_wrong=_share(sum(r.confidently_wrong for r in rows), len(rows)),
        confusion={k: dict(v) for k, v in sorted(confusion.items())},
    )
    return rows, summary


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 1.0


def format_report(rows: list[EvalRow], summary: EvalSummary) -> str:
    """Plain-text figures, a confusion table, and the questions that went wrong."""
    lines = [
        f"preguntas: {summary.total} ({summary.in_scope} del tema, {summary.out_of_scope} fuera)",
        f"acierto top-1 (del tema):     {summary.in_scope_top1:.1%}",
        f"rechazo (fuera del tema):     {summary.out_of_scope_rejected:.1%}",
        f"respuestas seguras erróneas:  {summary.confidently_wrong:.1%}",
        "",
        "confusión (fila = esperado, columna = predicho):",
    ]
    labels = sorted({*summary.confusion, *(p for row in summary.confusion.values() for p in row)})
    short = {label: label[:8] for label in labels}
    lines.append(" " * 22 + " ".join(f"{short[label]:>8}" for label in labels))
    for expected in labels:
        counts = summary.confusion.get(expected, {})
        lines.append(f"{expected:>21} " + " ".join(f"{counts.get(p, 0):>8}" for p in labels))
    misses = [r for r in rows if r.predicted != r.expected]
    if misses:
        lines += ["", "fallos:"]
        lines += [f"  [{r.outcome} {r.score:.0f}] {r.text!r}: esperado {r.expected}, "
                  f"predicho {r.predicted}" for r in misses]
    return "\n".join(lines)
