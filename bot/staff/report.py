"""The staff report from the journal: what students asked that the bot could not answer,
which phrasings to add where, 👍/👎 per item and questions per intent per week.

Built here and rendered here as text (terminal, Telegram) or JSON (`Report.as_dict`); the
self-contained HTML page is drawn in `bot/staff/report_page.py`.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime

from bot.clock import MEXICO_CITY
from bot.normalize import fold
from bot.office.tickets import TicketStore, TicketSummary
from bot.staff.changes import CHANGES_FILE, change_line, recent_changes
from bot.staff.grouping import Asked, QuestionGroup, Terms, group_questions
from bot.staff.journal import DAY, Decision, Journal

UNSURE = ("suggest", "none")
# What one report reads at most: a journal that students filled faster than staff read it
# still gives a report in seconds.
MAX_ROWS = 100_000
MAX_GROUPED = 20_000


@dataclass
class PhrasingHint:
    """Students asked `text`, were offered choices, and picked `intent`: add it as a phrasing."""

    text: str
    intent: str
    count: int


@dataclass
class Report:
    since_days: float
    generated: str
    questions: int
    unanswered: int
    grouped: int = 0  # how many of the unanswered were grouped (the newest MAX_GROUPED)
    groups: list[QuestionGroup] = field(default_factory=list)
    hints: list[PhrasingHint] = field(default_factory=list)
    votes: dict[str, dict[str, int]] = field(default_factory=dict)  # intent -> {"up", "down"}
    weekly: dict[str, dict[str, int]] = field(default_factory=dict)  # "2026-W48" -> intent -> n
    titles: dict[str, str] = field(default_factory=dict)
    tickets: TicketSummary | None = None  # questions handed to the office, if there is a group
    redirects: dict[str, int] = field(default_factory=dict)  # fuera_de_tema group -> questions
    decisions: list[Decision] = field(default_factory=list)  # staff's, newest first
    changes: list[str] = field(default_factory=list)  # to faq/ from Telegram, newest first

    def as_dict(self) -> dict:
        return asdict(self)


def build_report(
    journal: Journal,
    titles: dict[str, str],
    terms: Terms,
    since_days: float = 30,
    now: float | None = None,
    tickets: TicketStore | None = None,
) -> Report:
    """The report for the last `since_days`; `terms` is the matcher's reading of a question,
    which tells which unanswered questions are the same question."""
    now = time.time() if now is None else now
    rows = [
        r
        for r in journal.questions(now - since_days * DAY, limit=MAX_ROWS)
        if r.outcome not in ("small_talk", "empty")
    ]
    decided = journal.decided_keys()  # staff already turned these into phrasings or redirects
    unsure = [r for r in rows if r.outcome in UNSURE and r.text and fold(r.text) not in decided]
    report = Report(
        since_days,
        datetime.fromtimestamp(now, MEXICO_CITY).strftime("%Y-%m-%d %H:%M"),
        len(rows),
        len(unsure),
        titles={**titles, "none": "Sin respuesta"},
    )
    grouped = unsure[-MAX_GROUPED:]
    report.grouped = len(grouped)
    report.groups = group_questions(
        [
            Asked(
                r.text or "",
                r.student,
                *(r.candidates[0] if r.candidates else ("none", 0.0)),
                redirect=r.redirect,
            )
            for r in grouped
        ],
        terms,
    )

    hints: Counter[tuple[str, str]] = Counter()
    shown: dict[tuple[str, str], str] = {}
    for row in unsure:
        if row.picked and row.picked != "none":
            key = (fold(row.text or ""), row.picked)
            hints[key] += 1
            shown.setdefault(key, row.text or "")
    report.hints = [PhrasingHint(shown[key], key[1], count) for key, count in hints.most_common()]

    votes: dict[str, dict[str, int]] = defaultdict(lambda: {"up": 0, "down": 0})
    for vote in journal.feedback(now - since_days * DAY):
        votes[vote.intent]["up" if vote.vote > 0 else "down"] += 1
    report.votes = dict(sorted(votes.items()))

    weekly: dict[str, Counter[str]] = defaultdict(Counter)
    for row in rows:
        year, week, _ = datetime.fromtimestamp(row.at, MEXICO_CITY).isocalendar()
        intent = row.picked if row.picked else (row.intent if row.outcome == "answer" else "none")
        weekly[f"{year}-W{week:02d}"][intent] += 1
    report.weekly = {week: dict(counts) for week, counts in sorted(weekly.items())}
    if tickets is not None:
        report.tickets = tickets.summary(now - since_days * DAY)
    report.redirects = journal.redirects(now - since_days * DAY)
    report.decisions = journal.decisions(now - since_days * DAY)
    report.changes = [
        change_line(c)
        for c in recent_changes(  # beside the journal
            journal.path.parent / CHANGES_FILE, now - since_days * DAY, 50, now
        )
    ]
    return report


def report_text(report: Report, limit: int = 10) -> str:
    """Plain text: the terminal output and, shortened, the admins' Telegram summary."""
    title = report.titles.get
    lines = [
        f"Reporte de los últimos {report.since_days:g} días (generado {report.generated})",
        f"Preguntas: {report.questions}; sin respuesta segura: {report.unanswered}",
        "",
    ]
    if report.grouped < report.unanswered:
        lines += [f"(Se agruparon las {report.grouped:,} más recientes.)", ""]
    if report.groups:
        lines.append("Preguntas sin respuesta (grupos más grandes primero):")
        for group in report.groups[:limit]:
            nearest = (
                f"fuera de tema: {title(group.redirect, group.redirect)}"
                if group.redirect
                else f"más cercana: {title(group.nearest, group.nearest)} ({group.nearest_score:.0f})"
            )
            lines.append(f"  {group.count} × «{group.examples[0]}» ({students_text(group)}) — {nearest}")
            lines += [f"      «{example}»" for example in group.examples[1:3]]
        if len(report.groups) > limit:
            more = len(report.groups) - limit
            lines.append(
                f"  … y {more} grupo{'s' if more != 1 else ''} más (faqbot report --html los muestra todos)"
            )
    else:
        lines.append("Sin preguntas sin respuesta en este periodo. 🎉")
    if report.hints:
        lines += ["", "Frases para agregar (el estudiante eligió esa respuesta):"]
        lines += [f"  «{hint.text}» → {hint.intent} ({hint.count})" for hint in report.hints[:limit]]
    if report.votes:
        lines += ["", "Calificaciones (👍 / 👎):"]
        lines += [f"  {title(intent, intent)}: {v['up']} / {v['down']}" for intent, v in report.votes.items()]
    if report.weekly:
        lines += ["", "Preguntas por semana:"]
        lines += [f"  {week}: {sum(counts.values())}" for week, counts in report.weekly.items()]
    if report.tickets is not None:
        lines += ["", *_tickets_lines(report.tickets, limit)]
    if report.redirects:
        lines += ["", "Preguntas fuera de tema (grupo: veces):"]
        lines += [f"  {title(group, group)}: {n}" for group, n in report.redirects.items()]
    if report.decisions:
        lines += ["", "Decisiones recientes del personal:"]
        lines += [f"  {decision_text(d, title)}" for d in report.decisions[:limit]]
    if report.changes:
        lines += ["", "Cambios a faq/ desde Telegram (el más reciente primero):"]
        lines += [f"  {change}" for change in report.changes[:limit]]
    return "\n".join(lines)


ACTIONS = {"phrasing": "frase en", "redirect": "fuera de tema:", "ignore": "ignorada"}


def decision_text(decision: Decision, title: Callable[[str, str], str]) -> str:
    """One staff decision in a line (both renderings): when, who, the question, what became of it."""
    when = datetime.fromtimestamp(decision.at, MEXICO_CITY).strftime("%d/%m %H:%M")
    target = f" {title(decision.target, decision.target)}" if decision.target else ""
    return (
        f"{when} {decision.who}: «{decision.question}» ({decision.questions}) → "
        f"{ACTIONS.get(decision.action, decision.action)}{target}"
    )


def _tickets_lines(summary: TicketSummary, limit: int) -> list[str]:
    wait = (
        f"; primera respuesta en {summary.median_first_answer_hours:g} h (mediana)"
        if summary.median_first_answer_hours is not None
        else ""
    )
    lines = [f"Preguntas enviadas a la oficina: {summary.opened}; resueltas: {summary.resolved}{wait}"]
    lines += [f"  «{question}»" for question in summary.questions[:limit]]
    return lines


def students_text(group: QuestionGroup) -> str:
    """'1 estudiante' or 'N estudiantes' (both renderings)."""
    return "1 estudiante" if group.students == 1 else f"{group.students} estudiantes"
