"""The report groups what belongs together (issue 17, item 6): questions the matcher sent to
one out-of-scope group are one group however they are worded; an in-scope question never shares
a group with an out-of-scope one; the text report says how many groups it left out."""

from __future__ import annotations

from pathlib import Path

from bot.conversation.dialog import Assistant
from bot.staff.grouping import Asked, group_questions
from bot.staff.journal import Journal
from bot.staff.report import build_report, report_text

KARDEX = [
    "donde pido mi historial academico",
    "como consigo mi kárdex con calificaciones",
    "como saco mi kardex del seguro",
]  # worded apart; each matched kardex_calificaciones


def _journal(assistant: Assistant, data: Path, asked: list[str]) -> Journal:
    journal = Journal.open(data)
    for user, text in enumerate(asked):
        journal.record("t", user, text, assistant.on_text({}, text), "v1")
    return journal


def test_questions_that_matched_one_out_of_scope_group_are_one_group(
    assistant: Assistant, tmp_path: Path
) -> None:
    journal = _journal(assistant, tmp_path, [*KARDEX, "mis papas me tienen en el imss"])
    report = build_report(journal, assistant.knowledge.names, assistant.matcher.terms)
    assert [(g.count, g.redirect) for g in report.groups] == [(3, "kardex_calificaciones"), (1, None)]
    assert sorted(report.groups[0].examples) == sorted(KARDEX)
    assert "3 × «" in report_text(report) and "— fuera de tema: " in report_text(report)


def test_an_in_scope_and_an_out_of_scope_question_are_never_one_group(matcher) -> None:
    same_words = [
        Asked("como saco mi kardex", "a", "none", 0.0, redirect="kardex_calificaciones"),
        Asked("como saco mi kardex", "b", "documento_nss", 40.0),
        Asked("como saco mi kardex ya", "c", "none", 0.0, redirect="fuera_de_tema"),
        Asked("como saco mi kardex hoy", "d", "documento_nss", 40.0),
    ]
    groups = group_questions(same_words, matcher.terms)
    assert sorted((g.count, g.redirect or "") for g in groups) == [
        (1, ""),
        (1, "kardex_calificaciones"),
        (2, ""),
    ]
    [together] = [g for g in groups if g.count == 2]
    assert set(together.examples) == {"como saco mi kardex", "como saco mi kardex hoy"}


def test_the_text_report_says_how_many_more_groups_there_are(assistant: Assistant, tmp_path: Path) -> None:
    asked = [
        "donde estaciono la bici",
        "hay cafeteria en la escuela",
        "a que hora abre la biblioteca",
        "donde imprimo mis tareas",
        "cuanto cuesta el estacionamiento",
    ]
    report = build_report(
        _journal(assistant, tmp_path, asked), assistant.knowledge.names, assistant.matcher.terms
    )
    shown = len(report.groups)
    assert shown >= 3
    assert "  … y 2 grupos más (faqbot report --html los muestra todos)" in report_text(
        report, limit=shown - 2
    )
    assert "  … y 1 grupo más " in report_text(report, limit=shown - 1)
    assert " más (faqbot report" not in report_text(report, limit=shown)
