"""Curation: staff turn unanswered questions into phrasings or redirects, from Telegram or the
command line, and the file keeps exactly what they wrote plus one line."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
import yaml

import bot.knowledge.editing as editing
from bot.conversation import texts
from bot.knowledge import load_knowledge
from bot.knowledge.editing import EditError, add_phrasing
from bot.staff.grouping import Asked, group_questions
from bot.staff.journal import Journal
from bot.understanding.matching import Matcher
from tests.conftest import ROOT
from tests.support.fake_telegram import FakeTelegram
from tests.support.harness import ADMIN_ID, Student, bot_running, live_of
from tests.test_cli import faqbot

UNSURE = "ocupo el papelito del nss"
SAMPLE = ROOT / "tests" / "data" / "unanswered_sample.yaml"


def added_lines(before: str, after: str) -> list[str]:
    """The lines `after` has that `before` does not, checking nothing else changed."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    extra = [line for line in new if line not in old]
    rebuilt = [line for line in new if line not in extra]
    assert rebuilt == old, "something other than the added line changed"
    return [line.rstrip("\n") for line in extra]


async def report_groups(admin: Student, server: FakeTelegram) -> list:
    """/reporte: the summary, then one message per pending group (with buttons)."""
    replies = await admin.say("/reporte", expect=1)
    await asyncio.sleep(0.3)
    return [
        m
        for m in server.sent
        if m.chat_id == ADMIN_ID and m.buttons and m.message_id >= replies[0].message_id
    ]


async def test_an_admin_adds_a_phrasing_with_one_tap(server, settings) -> None:
    faq = settings.faq_dir / "preguntas.yaml"
    before = faq.read_text(encoding="utf-8")
    admin = Student(server, ADMIN_ID)
    async with bot_running(settings, server) as application:
        for student in (Student(server, 51), Student(server, 52)):
            [unsure] = await student.say(UNSURE)
            assert unsure.plain.startswith("No estoy seguro")
        [group] = await report_groups(admin, server)
        assert f"2 × «{UNSURE}»" in group.plain and "2 estudiantes" in group.plain
        labels = [label for label, _ in group.buttons]
        assert labels[0] == "➕ ¿Qué documento entrego en la escuela?"
        assert labels[-3:] == ["🗂 Otro tema…", "↪️ Fuera de tema…", "🚫 Ignorar"]
        [proof] = await admin.tap(labels[0], on=group)
        [now] = await Student(server, 53).say(UNSURE)
        assert await report_groups(admin, server) == []  # the group left the pending list
        version = live_of(application).version
    assert proof.plain == f"Listo: ahora respondo «{UNSURE}» con «¿Qué documento entrego en la escuela?»."
    assert now.plain.startswith("¿Qué documento entrego en la escuela?")
    assert added_lines(before, faq.read_text(encoding="utf-8")) == [f"      - {UNSURE}"]
    assert load_knowledge(settings.faq_dir).version == version  # serving the new file already
    [decision] = Journal.open(settings.data_dir).decisions()
    assert (decision.action, decision.target, decision.questions) == ("phrasing", "documento_nss", 2)


async def test_an_admin_sends_a_group_to_fuera_de_tema(server, settings) -> None:
    groups = settings.faq_dir / "fuera_de_tema.yaml"
    before = groups.read_text(encoding="utf-8")
    admin = Student(server, ADMIN_ID)
    async with bot_running(settings, server):
        for number, text in enumerate(
            ("donde estaciono la bici", "hay estacionamiento para bicis", "donde dejo mi bicicleta")
        ):
            await Student(server, 60 + number).say(text)
        [group] = await report_groups(admin, server)
        [choices] = await admin.tap("↪️ Fuera de tema…", on=group)
        [proof] = await admin.tap("Horarios, instalaciones y vida escolar", on=choices)
        [rejected] = await Student(server, 64).say("donde estaciono la bici")
    assert "se trata como fuera de tema (Horarios, instalaciones y vida escolar)" in proof.plain
    assert rejected.plain == texts.NOT_OUR_PROCEDURE  # another area's, not this office's
    [line] = added_lines(before, groups.read_text(encoding="utf-8"))
    assert line.strip() in (
        "- donde estaciono la bici",
        "- hay estacionamiento para bicis",
        "- donde dejo mi bicicleta",
    )
    report = json.loads(faqbot("report", "--json", env={"FAQBOT_DATA_DIR": str(settings.data_dir)}).stdout)
    assert report["decisions"][0]["action"] == "redirect"
    assert report["redirects"]["vida_escolar"] >= 1  # the last question, at least


async def test_ignore_and_a_student_cannot_use_the_console(server, settings) -> None:
    faq = settings.faq_dir / "preguntas.yaml"
    before = faq.read_text(encoding="utf-8")
    admin, student = Student(server, ADMIN_ID), Student(server, 54)
    async with bot_running(settings, server):
        await student.say("como saco mi kardex")
        [group] = await report_groups(admin, server)
        add = (
            dict(group.buttons)["➕ ¿Qué documento entrego en la escuela?"]
            if "➕ ¿Qué documento entrego en la escuela?" in dict(group.buttons)
            else group.buttons[0][1]
        )
        query = server.user_presses(student.user_id, group, add)  # a forged press by a student
        [refused] = await student.say("/reporte")
        [done] = await admin.tap("🚫 Ignorar", on=group)
        assert await report_groups(admin, server) == []
    assert server.callback_answers[query] == texts.ADMINS_ONLY and refused.plain == texts.ADMINS_ONLY
    assert "ignoré «como saco mi kardex»" in done.plain
    assert faq.read_text(encoding="utf-8") == before


async def test_a_broken_knowledge_base_is_not_written_to(server, settings) -> None:
    faq = settings.faq_dir / "preguntas.yaml"
    before = faq.read_text(encoding="utf-8")
    admin = Student(server, ADMIN_ID)
    async with bot_running(settings, server):
        await Student(server, 55).say(UNSURE)
        [group] = await report_groups(admin, server)
        flow = settings.faq_dir / "elegibilidad.yaml"
        flow.write_text(
            flow.read_text(encoding="utf-8").replace("ir_a: servicio_medico", "ir_a: nadie"), encoding="utf-8"
        )
        [told] = await admin.tap(group.buttons[0][0], on=group)
    assert told.plain.startswith("No la agregué: la base de conocimiento ya tiene problemas")
    assert "elegibilidad.yaml" in told.plain and faq.read_text(encoding="utf-8") == before


def test_the_file_differs_by_exactly_the_added_line(faq_copy: Path) -> None:
    faq = faq_copy / "fechas.yaml"
    before = faq.read_bytes()
    added = add_phrasing(faq_copy, "fechas_recepcion", "hora: ¿cuándo abren?")
    after = faq.read_bytes()
    assert added.text == "- 'hora: ¿cuándo abren?'"
    assert after.replace(("  " + added.text + "\n").encode(), b"", 1) == before
    assert load_knowledge(faq_copy).reception.phrasings[-1] == "hora: ¿cuándo abren?"


def test_a_write_that_would_break_validation_leaves_the_file_untouched(faq_copy, monkeypatch):
    faq = faq_copy / "preguntas.yaml"
    before = faq.read_bytes()

    def misplaced(path, text, where, phrase):  # as if the line landed in the wrong place
        new_text, added = real(path, text, where, phrase)
        return new_text.replace(f"      - {phrase}", f"- {phrase}"), added

    real = editing._with_line
    monkeypatch.setattr(editing, "_with_line", misplaced)
    with pytest.raises(EditError, match="quedaría con problemas"):
        add_phrasing(faq_copy, "documento_nss", "una frase nueva para el nss")
    assert faq.read_bytes() == before


def test_a_hand_edit_meanwhile_is_kept(faq_copy, monkeypatch) -> None:
    faq = faq_copy / "preguntas.yaml"
    real = editing._check
    edits = {"done": False}

    def staff_saves_meanwhile(faq_dir, name, new_text):
        real(faq_dir, name, new_text)
        if not edits["done"]:
            edits["done"] = True
            faq.write_text(
                faq.read_text(encoding="utf-8").replace(
                    "      - necesito el nss\n", "      - necesito el nss\n      - frase a mano\n"
                ),
                encoding="utf-8",
            )

    monkeypatch.setattr(editing, "_check", staff_saves_meanwhile)
    add_phrasing(faq_copy, "documento_nss", "una frase nueva para el nss")
    text = faq.read_text(encoding="utf-8")
    assert "      - frase a mano\n" in text and "      - una frase nueva para el nss\n" in text


def test_add_phrase_exit_codes(faq_copy: Path, tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(f"faq_dir: {faq_copy}\n", encoding="utf-8")
    env = {"FAQBOT_CONFIG": str(config)}
    ok = faqbot("add-phrase", "documento_nss", UNSURE, env=env)
    assert ok.returncode == 0 and ok.stdout.strip().endswith(f"preguntas.yaml:109: - {UNSURE}")
    for args, message in (
        (("nada", "hola"), "'nada' no es el id de ninguna pregunta"),
        (("documento_nss", UNSURE), "ya está en «¿Qué documento entrego en la escuela?»"),
        (
            ("registro_clinica", "como consigo mi numero del imss en linea"),
            "ya se responde con «¿Qué documento entrego en la escuela?»",
        ),
    ):
        refused = faqbot("add-phrase", *args, env=env)
        assert refused.returncode == 1 and message in refused.stderr, refused.stderr


def test_paraphrases_of_one_question_are_one_group(matcher: Matcher) -> None:
    """Grouping figures on a labelled sample: each labelled group should be one group."""
    sample = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    asked = [
        Asked(text, f"s{n}", "none", 0.0) for n, (label, texts) in enumerate(sample.items()) for text in texts
    ]
    label_of = {text: label for label, texts in sample.items() for text in texts}
    groups = group_questions(asked, matcher.terms)
    pure = sum(len({label_of[e] for e in g.examples}) == 1 for g in groups)
    found = {
        label: len({id(g) for g in groups for e in g.examples if label_of[e] == label}) for label in sample
    }
    assert pure == len(groups)  # no group mixes two questions
    assert sum(n == 1 for n in found.values()) >= len(sample) // 2  # 8 of 12 when measured
    assert len(groups) <= 0.5 * len(asked)
