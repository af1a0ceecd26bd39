"""How well the matcher does on a labelled question file (`faqbot eval`).

A question may name what the student asked just before (`after`): it is then asked as a
follow-up, in the context of what the bot answered to that one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any, Protocol

from bot.knowledge.yaml_source import read_yaml
from bot.understanding.matching import NONE_INTENT, MatchResult


class Reader(Protocol):
    """A Matcher, or the FAQ's and the own topics' matchers together."""

    def match(self, text: str, context: Sequence[str] = ()) -> MatchResult: ...


BANDS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)


class EvalFileError(ValueError):
    """The evaluation file is not a YAML list of {text, intent[, after]}."""


@dataclass(frozen=True)
class Question:
    text: str
    intent: str
    after: str | None = None  # the question asked just before, for a follow-up


@dataclass(frozen=True)
class EvalRow:
    text: str
    expected: str
    predicted: str  # what the bot answered or offered first, or "none"
    outcome: str
    candidates: tuple[str, ...]  # what was answered or offered
    score: float
    confidence: float
    top: str  # the best-ranked topic, whatever the decision
    redirect: str | None = None
    after: str | None = None

    @property
    def in_scope(self) -> bool:
        return self.expected != NONE_INTENT

    @property
    def direct(self) -> bool:
        return self.outcome == "answer" and self.predicted == self.expected

    @property
    def helped(self) -> bool:
        return self.direct or (self.outcome == "suggest" and self.expected in self.candidates)

    @property
    def confidently_wrong(self) -> bool:
        return self.outcome == "answer" and self.predicted != self.expected


@dataclass(frozen=True)
class Band:
    low: float
    high: float
    questions: int
    right: int  # the best-ranked topic is the expected one
    answered: int
    suggested: int


@dataclass(frozen=True)
class EvalSummary:
    total: int
    in_scope: int
    out_of_scope: int
    direct: float  # in scope, answered outright and right
    helped: float  # in scope, answered right or offered among the suggestions
    in_scope_top1: float  # in scope, the best-ranked topic is right (whatever the decision)
    out_of_scope_rejected: float  # out of scope, "no lo sé" without suggestions
    out_of_scope_answered: float  # out of scope, answered outright
    confidently_wrong: float  # all questions, answered with a wrong topic
    confusion: dict[str, dict[str, int]]
    reliability: list[Band] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        data = {k: getattr(self, k) for k in self.__dataclass_fields__}
        data["reliability"] = [band.__dict__ for band in self.reliability]
        return data


def load_questions(path: Path) -> list[Question]:
    doc = read_yaml(path)
    if doc.problems:
        raise EvalFileError("; ".join(map(str, doc.problems)))
    if not isinstance(doc.data, list):
        raise EvalFileError(f"{path}: debe ser una lista de {{text, intent}}")
    questions = []
    for number, entry in enumerate(doc.data, start=1):
        if not (
            isinstance(entry, dict)
            and isinstance(entry.get("text"), str)
            and isinstance(entry.get("intent"), str)
            and isinstance(entry.get("after", ""), str)
        ):
            raise EvalFileError(
                f"{path}:{doc.line_of((number - 1,))}: la entrada {number} no "
                "tiene 'text' e 'intent' de texto"
            )
        questions.append(Question(entry["text"], entry["intent"], entry.get("after")))
    return questions


def ask(matcher: Reader, question: Question) -> MatchResult:
    """The matcher's result for a question, after its `after` question if it has one."""
    return matcher.match(question.text, context_of(matcher, question))


def context_of(matcher: Reader, question: Question) -> tuple[str, ...]:
    """What the conversation is on when the question is asked: the topic answered to its
    `after` question, if that one was answered outright."""
    if not question.after:
        return ()
    before = matcher.match(question.after)
    return (before.intent,) if before.outcome == "answer" else ()


def evaluate(matcher: Reader, questions: list[Question]) -> tuple[list[EvalRow], EvalSummary]:
    rows = [_row(question, ask(matcher, question)) for question in questions]
    inside = [r for r in rows if r.in_scope]
    outside = [r for r in rows if not r.in_scope]
    confusion: dict[str, Counter[str]] = {}
    for row in rows:
        confusion.setdefault(row.expected, Counter())[row.predicted] += 1
    summary = EvalSummary(
        total=len(rows),
        in_scope=len(inside),
        out_of_scope=len(outside),
        direct=_share(sum(r.direct for r in inside), len(inside)),
        helped=_share(sum(r.helped for r in inside), len(inside)),
        in_scope_top1=_share(sum(r.top == r.expected for r in inside), len(inside)),
        out_of_scope_rejected=_share(sum(r.outcome == "none" for r in outside), len(outside)),
        out_of_scope_answered=_share(sum(r.outcome == "answer" for r in outside), len(outside)),
        confidently_wrong=_share(sum(r.confidently_wrong for r in rows), len(rows)),
        confusion={k: dict(v) for k, v in sorted(confusion.items())},
        reliability=reliability(rows),
    )
    return rows, summary


def _row(question: Question, result: MatchResult) -> EvalRow:
    offered = result.outcome != "none"
    return EvalRow(
        question.text,
        question.intent,
        result.intent if offered else NONE_INTENT,
        result.outcome,
        tuple(c.intent for c in result.candidates) if offered else (),
        result.score,
        result.confidence,
        result.intent,
        result.redirect,
        question.after,
    )


def reliability(rows: list[EvalRow]) -> list[Band]:
    """Per confidence band of the best-ranked topic: how many questions, how many right."""
    bands = []
    for low, high in pairwise(BANDS):
        inside = [r for r in rows if low <= r.confidence < high or (high == 1.0 and r.confidence == 1.0)]
        bands.append(
            Band(
                low,
                high,
                len(inside),
                sum(r.top == r.expected for r in inside),
                sum(r.outcome == "answer" for r in inside),
                sum(r.outcome == "suggest" for r in inside),
            )
        )
    return bands


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 1.0


def format_report(rows: list[EvalRow], summary: EvalSummary) -> str:
    """Plain-text figures, the reliability table, a confusion table, and what went wrong."""
    lines = [
        f"preguntas: {summary.total} ({summary.in_scope} del tema, {summary.out_of_scope} fuera)",
        f"respondidas bien de inmediato (del tema):    {summary.direct:.1%}",
        f"respondidas u ofrecidas bien (del tema):     {summary.helped:.1%}",
        f"mejor candidata correcta (del tema):         {summary.in_scope_top1:.1%}",
        f"rechazadas sin sugerencias (fuera del tema): {summary.out_of_scope_rejected:.1%}",
        f"respondidas de inmediato (fuera del tema):   {summary.out_of_scope_answered:.1%}",
        f"respuestas seguras erróneas (todas):         {summary.confidently_wrong:.1%}",
        "",
        "confiabilidad (confianza de la mejor candidata):",
        "  confianza    preguntas  correctas  respondidas  sugeridas",
    ]
    lines += [
        f"  {b.low:.1f}–{b.high:.1f}    {b.questions:>9}  {b.right:>9}  {b.answered:>11}  {b.suggested:>9}"
        for b in summary.reliability
        if b.questions
    ]
    lines += ["", "confusión (fila = esperado, columna = predicho):"]
    labels = sorted({*summary.confusion, *(p for row in summary.confusion.values() for p in row)})
    short = {label: label[:8] for label in labels}
    lines.append(" " * 22 + " ".join(f"{short[label]:>8}" for label in labels))
    for expected in labels:
        counts = summary.confusion.get(expected, {})
        lines.append(f"{expected:>21} " + " ".join(f"{counts.get(p, 0):>8}" for p in labels))
    misses = [r for r in rows if not (r.helped if r.in_scope else r.outcome == "none")]
    if misses:
        lines += ["", "fallos:"]
        lines += [
            f"  [{r.outcome} {r.confidence:.2f}] {r.text!r}"
            + (f" (después de {r.after!r})" if r.after else "")
            + f": esperado {r.expected}, predicho {r.predicted}"
            for r in misses
        ]
    return "\n".join(lines)
