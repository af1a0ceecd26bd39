"""The staff report: grouped unanswered questions, phrasing hints, votes, weekly counts."""

from __future__ import annotations

import json
import re
from pathlib import Path

from bot.conversation.dialog import Assistant
from bot.staff.journal import Journal
from bot.staff.report import build_report, report_text
from bot.staff.report_page import report_html
from tests.test_cli import faqbot

TITLES = {
    "documento_nss": "¿Qué documento entrego en la escuela?",
    "verificar_alta": "¿Cómo sé si ya me dieron de alta?",
    "registro_clinica": "Ya estoy VIGENTE, ¿y ahora?",
}


def _journal_with_a_week(assistant: Assistant, data: Path) -> Journal:
    journal = Journal.open(data)
    asked = [
        "como saco mi kardex",
        "como saco mi kardex de calificaciones",
        "como obtengo mi kardex",
        "donde pago la colegiatura",
        "<b>hack</b> donde pago colegiatura",
        "vigente",
        "como saco mi nss",
    ]
    for user, text in enumerate(asked):
        state: dict = {}
        journal.record("t", user, text, assistant.on_text(state, text), "v1")
        if text == "vigente":
            journal.record("t", user, None, assistant.on_action(state, "pick:registro_clinica"), "v1")
    journal.record("t", 1, None, assistant.on_action({}, "fb:+:documento_nss"), "v1")
    journal.record("t", 2, None, assistant.on_action({}, "fb:-:documento_nss"), "v1")
    return journal


def test_report_groups_hints_votes_and_weeks(assistant: Assistant, tmp_path: Path) -> None:
    report = build_report(_journal_with_a_week(assistant, tmp_path), TITLES, assistant.matcher.terms)
    assert report.questions == 7 and report.unanswered == 6
    biggest = report.groups[0]
    assert biggest.count == 3 and biggest.examples[0] == "como saco mi kardex"
    assert biggest.redirect == biggest.nearest == "kardex_calificaciones"  # all three matched it
    assert [g.count for g in report.groups] == sorted((g.count for g in report.groups), reverse=True)
    assert [(h.text, h.intent) for h in report.hints] == [("vigente", "registro_clinica")]
    assert report.votes == {"documento_nss": {"up": 1, "down": 1}}
    [week] = report.weekly.values()
    assert week["registro_clinica"] == 1 and week["documento_nss"] == 1 and week["none"] == 5
    assert "3 × «como saco mi kardex»" in report_text(report)


def test_html_report_is_self_contained_and_escapes_what_students_wrote(
    assistant: Assistant, tmp_path: Path
) -> None:
    page = report_html(
        build_report(_journal_with_a_week(assistant, tmp_path), TITLES, assistant.matcher.terms)
    )
    assert page.startswith("<!doctype html>") and "<svg" in page
    assert "<script" not in page and "<link" not in page and "@import" not in page
    assert not re.search(r"(src|href)=['\"]?https?:", page)
    assert "&lt;b&gt;hack&lt;/b&gt;" in page and "<b>hack</b>" not in page
    assert "name='viewport'" in page


def test_report_command(assistant: Assistant, tmp_path: Path) -> None:
    _journal_with_a_week(assistant, tmp_path).close()
    env = {"FAQBOT_DATA_DIR": str(tmp_path)}
    text = faqbot("report", "--since", "7", env=env)
    assert text.returncode == 0 and "como saco mi kardex" in text.stdout
    data = json.loads(faqbot("report", "--json", env=env).stdout)
    assert data["groups"][0]["count"] == 3 and data["hints"][0]["intent"] == "registro_clinica"
    page = tmp_path / "reporte.html"
    assert faqbot("report", "--html", str(page), env=env).returncode == 0
    assert "Preguntas que no supo responder" in page.read_text(encoding="utf-8")
    assert faqbot("report", "--since", "0", env=env).returncode == 2
