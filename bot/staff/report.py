"""The staff report from the journal: what students asked that the bot could not answer,
which phrasings to add where, 👍/👎 per item and questions per intent per week.

Rendered as text (terminal, Telegram), JSON, or one self-contained HTML page (inline CSS and
SVG, no scripts or fonts) that reads well on a phone.
"""

from __future__ import annotations

import html
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
            lines.append(f"  {group.count} × «{group.examples[0]}» ({_students(group)}) — {nearest}")
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
        lines += [f"  {_decision_text(d, title)}" for d in report.decisions[:limit]]
    if report.changes:
        lines += ["", "Cambios a faq/ desde Telegram (el más reciente primero):"]
        lines += [f"  {change}" for change in report.changes[:limit]]
    return "\n".join(lines)


ACTIONS = {"phrasing": "frase en", "redirect": "fuera de tema:", "ignore": "ignorada"}


def _decision_text(decision: Decision, title: Callable[[str, str], str]) -> str:
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


def _students(group: QuestionGroup) -> str:
    return "1 estudiante" if group.students == 1 else f"{group.students} estudiantes"


def report_html(report: Report) -> str:
    """One self-contained page: inline CSS and SVG only, readable on a phone."""
    e = html.escape
    title = report.titles.get
    parts = [
        "<!doctype html><html lang='es'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        "<title>Reporte del asistente del Seguro Facultativo</title>",
        f"<style>{_CSS}</style></head><body><main>",
        "<h1>Reporte del asistente del Seguro Facultativo</h1>",
        f"<p class='meta'>Últimos {report.since_days:g} días · generado {e(report.generated)}</p>",
        "<div class='cards'>",
        f"<div class='card'><b>{report.questions}</b>preguntas</div>",
        f"<div class='card'><b>{report.unanswered}</b>sin respuesta segura</div>",
        f"<div class='card'><b>{len(report.groups)}</b>grupos por revisar</div></div>",
        "<h2>Preguntas que no supo responder</h2>",
    ]
    if report.grouped < report.unanswered:
        parts.append(f"<p class='meta'>Se agruparon las {report.grouped:,} más recientes.</p>")
    if report.groups:
        parts.append(_bars([(g.examples[0], g.count) for g in report.groups[:15]]))
        for group in report.groups[:30]:
            examples = "".join(f"<li>{e(x)}</li>" for x in group.examples)
            parts.append(
                f"<details><summary><b>{group.count}×</b> {e(group.examples[0])}</summary>"
                f"<p>{_students(group)}. Más cercana: {e(title(group.nearest, group.nearest))} "
                f"({group.nearest_score:.0f}/100)</p><ul>{examples}</ul></details>"
            )
    else:
        parts.append("<p>Ninguna en este periodo. 🎉</p>")
    parts.append("<h2>Frases para agregar</h2>")
    if report.hints:
        parts.append(
            "<p>El estudiante eligió esta respuesta en «¿Quisiste decir…?»: agrega su "
            "frase en <code>frases</code> de esa pregunta.</p>"
        )
        parts.append(
            _table(
                ["Frase", "Pregunta", "Veces"],
                [[h.text, title(h.intent, h.intent), h.count] for h in report.hints[:50]],
            )
        )
    else:
        parts.append("<p>Ninguna todavía.</p>")
    parts.append("<h2>Calificaciones: 👍 útil / 👎 no útil</h2>")
    if report.votes:
        parts.append(
            _table(
                ["Pregunta", "👍 útil", "👎 no útil"],
                [[title(i, i), v["up"], v["down"]] for i, v in report.votes.items()],
            )
        )
    else:
        parts.append("<p>Sin calificaciones todavía.</p>")
    parts.append("<h2>Preguntas por semana</h2>")
    if report.weekly:
        parts.append(_bars([(week, sum(c.values())) for week, c in report.weekly.items()]))
        totals: Counter[str] = Counter()
        for counts in report.weekly.values():
            totals.update(counts)
        parts.append("<h3>Por pregunta</h3>")
        parts.append(_bars([(title(i, i), n) for i, n in totals.most_common()]))
    else:
        parts.append("<p>Sin preguntas en este periodo.</p>")
    if report.tickets is not None:
        summary = report.tickets
        wait = (
            "—" if summary.median_first_answer_hours is None else f"{summary.median_first_answer_hours:g} h"
        )
        parts += [
            "<h2>Preguntas enviadas a la oficina</h2><div class='cards'>",
            f"<div class='card'><b>{summary.opened}</b>enviadas</div>",
            f"<div class='card'><b>{summary.resolved}</b>resueltas</div>",
            f"<div class='card'><b>{e(wait)}</b>primera respuesta (mediana)</div></div>",
            "<p>Son las mejores frases nuevas: agrega en <code>frases</code> las que el "
            "asistente sí puede responder.</p>",
            _table(["Pregunta"], [[question] for question in summary.questions[:50]])
            if summary.questions
            else "<p>Ninguna todavía.</p>",
        ]
    if report.redirects:
        parts.append("<h2>Preguntas fuera de tema</h2>")
        parts.append(_table(["Grupo", "Veces"], [[title(g, g), n] for g, n in report.redirects.items()]))
    if report.decisions:
        parts.append(
            "<h2>Decisiones recientes del personal</h2><p>Para deshacer una, borra la "
            "frase del archivo en <code>faq/</code>.</p>"
        )
        parts.append(_table(["Decisión"], [[_decision_text(d, title)] for d in report.decisions[:50]]))
    parts.append("</main></body></html>")
    return "".join(parts)


def _table(headers: list[str], rows: list[list[object]]) -> str:
    """An HTML table; every cell is escaped (most of them are what students wrote)."""
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(cell))}</td>" for cell in row) + "</tr>" for row in rows
    )
    return f"<table><tr>{head}</tr>{body}</table>"


def _bars(items: list[tuple[str, int]]) -> str:
    """A horizontal bar chart as inline SVG that scales to the screen width."""
    if not items:
        return ""
    top = max(count for _, count in items) or 1
    row = 26
    bars = []
    for index, (label, count) in enumerate(items):
        y = index * row
        length = max(0.5, 60.0 * count / top)
        text = label if len(label) <= 48 else label[:47] + "…"
        bars.append(
            f"<text x='0' y='{y + 11}' class='label'>{html.escape(text)}</text>"
            f"<rect x='0' y='{y + 14}' width='{length:.1f}%' height='9' rx='2'></rect>"
            f"<text x='{length + 1.5:.1f}%' y='{y + 23}' class='count'>{count}</text>"
        )
    height = row * len(items) + 4
    # No viewBox: user units are pixels (text keeps its shape), percentages follow the width.
    return (
        f"<svg class='bars' width='100%' height='{height}' role='img' "
        f"xmlns='http://www.w3.org/2000/svg'>{''.join(bars)}</svg>"
    )


_CSS = """
body{margin:0;font:16px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1d2733;
background:#f5f7f9}main{max-width:760px;margin:auto;padding:16px}h1{font-size:1.35em;margin:.2em 0}
h2{font-size:1.1em;margin-top:1.6em;border-bottom:2px solid #0b6e4f;padding-bottom:4px}
.meta{color:#5b6775;margin-top:0}.cards{display:flex;gap:8px;flex-wrap:wrap}
.card{flex:1 1 140px;background:#fff;border-radius:8px;padding:10px 12px;box-shadow:0 1px 2px #0002}
.card b{display:block;font-size:1.6em;color:#0b6e4f}details{background:#fff;border-radius:8px;
margin:6px 0;padding:8px 12px;box-shadow:0 1px 2px #0001}summary{cursor:pointer}
table{width:100%;border-collapse:collapse;background:#fff}td,th{padding:6px 8px;
border-bottom:1px solid #e3e7eb;text-align:left;vertical-align:top}svg.bars{overflow:visible;
margin:8px 0}svg.bars rect{fill:#0b6e4f}svg.bars .label{font-size:11px;fill:#1d2733}
svg.bars .count{font-size:10px;fill:#5b6775}code{background:#e9eef2;padding:0 4px;border-radius:3px}
"""
