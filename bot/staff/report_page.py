"""The staff report as one self-contained HTML page: inline CSS and SVG bar charts, no scripts
or fonts, readable on a phone (`faqbot report --html`).

Apart from `bot/staff/report.py`, which builds the report and its plain text: the page is markup,
a stylesheet and a chart drawer, none of which the text or the Telegram summary needs.
"""

from __future__ import annotations

import html
from collections import Counter

from bot.staff.report import Report, decision_text, students_text


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
                f"<p>{students_text(group)}. Más cercana: {e(title(group.nearest, group.nearest))} "
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
        parts.append(_table(["Decisión"], [[decision_text(d, title)] for d in report.decisions[:50]]))
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
