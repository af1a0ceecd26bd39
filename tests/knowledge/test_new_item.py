"""`faqbot add-item` and the new-item writer behind it: one new block at the end of
preguntas.yaml, everything else byte for byte, refused with the reason when it would clash."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.knowledge import load_knowledge
from bot.knowledge.editing import EditError
from bot.knowledge.new_item import add_item, make_id
from tests.test_cli import faqbot

TITLE = "¿Qué pasa con mi seguro si me titulo?"
ANSWER = "Al titularte el seguro facultativo se da de <b>baja</b>."
PHRASES = [
    "que pasa con mi seguro si me titulo",
    "me voy a titular sigo teniendo seguro",
    "al egresar pierdo el seguro",
    "cuando termino la carrera sigo con imss",
    "despues de titularme tengo seguro facultativo",
]


def test_new_item_is_appended_and_nothing_else_changes(faq_copy: Path) -> None:
    path = faq_copy / "preguntas.yaml"
    before = path.read_text(encoding="utf-8")
    added = add_item(faq_copy, TITLE, ANSWER + "\n\nOtra línea.", [*PHRASES, "12:30"])
    after = path.read_text(encoding="utf-8")
    assert after.startswith(before)  # comments, order and layout of the rest kept
    assert after[len(before) :] == (
        "\n  - id: que_pasa_con_mi_seguro_si_me_titulo\n"
        f"    titulo: {TITLE}\n"
        "    respuesta: |-\n"
        f"      {ANSWER}\n\n"
        "      Otra línea.\n"
        "    frases:\n" + "".join(f"      - {p}\n" for p in PHRASES) + '      - "12:30"\n'
    )
    assert after.splitlines()[added.line - 1] == "  - id: que_pasa_con_mi_seguro_si_me_titulo"
    item = load_knowledge(faq_copy).items["que_pasa_con_mi_seguro_si_me_titulo"]
    assert item.answer == ANSWER + "\n\nOtra línea." and item.phrasings[-1] == "12:30"


def test_ids_come_from_the_title_and_stay_unique(faq_copy: Path) -> None:
    assert make_id("¿Qué es el seguro facultativo?") == "que_es_el_seguro_facultativo"
    assert make_id("¿2 seguros a la vez?") == "pregunta_2_seguros_a_la_vez"
    long = make_id("¿Qué pasa con el seguro facultativo si me cambio de escuela a otra ciudad?")
    assert len(long) <= 40 and long.startswith("que_pasa_con_el_seguro")
    first = add_item(faq_copy, "¿Qué es eso?", ANSWER, PHRASES)
    second = add_item(faq_copy, "¿Qué es esto?", ANSWER, [f"{p} ahora" for p in PHRASES])
    assert (first.text, second.text) == ("- id: que_es_eso", "- id: que_es_esto")
    clash = add_item(faq_copy, "Qué es", ANSWER, [f"{p} luego" for p in PHRASES])
    assert clash.text == "- id: que_es_2"  # "que_es" is the first item's id


@pytest.mark.parametrize(
    ("title", "answer", "phrases", "item_id", "reason"),
    [
        ("", ANSWER, PHRASES, None, "falta el título"),
        ("x" * 61, ANSWER, PHRASES, None, "el título es muy largo"),
        (TITLE, "  ", PHRASES, None, "falta la respuesta"),
        (TITLE, "<b>sin cerrar", PHRASES, None, "HTML que Telegram no acepta"),
        (TITLE, ANSWER, PHRASES[:4], None, "al menos 5 frases"),
        (TITLE, ANSWER, [*PHRASES[:4], PHRASES[0].upper()], None, "al menos 5 frases"),
        (TITLE, ANSWER, PHRASES, "Con-Guion", "el id 'Con-Guion' no sirve"),
        (TITLE, ANSWER, PHRASES, "que_es", "el id 'que_es' ya existe"),
        ("¿Qué es el seguro facultativo?", ANSWER, PHRASES, None, "ya hay una pregunta con ese título"),
        (
            TITLE,
            ANSWER,
            [*PHRASES[:4], "que es el seguro facultativo"],
            None,
            "ya está en «¿Qué es el seguro facultativo?»",
        ),
    ],
)
def test_refusals_say_why_and_leave_the_file_alone(
    faq_copy: Path, title: str, answer: str, phrases: list[str], item_id: str | None, reason: str
) -> None:
    before = (faq_copy / "preguntas.yaml").read_bytes()
    with pytest.raises(EditError, match=re.escape(reason)):
        add_item(faq_copy, title, answer, phrases, item_id)
    assert (faq_copy / "preguntas.yaml").read_bytes() == before


def test_add_item_command_exit_codes_and_the_answer_it_then_gives(faq_copy: Path, tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(f"faq_dir: {faq_copy}\n", encoding="utf-8")
    env = {"FAQBOT_CONFIG": str(config)}
    frases = [arg for phrase in PHRASES for arg in ("--frase", phrase)]
    ok = faqbot("add-item", "--titulo", TITLE, "--respuesta", ANSWER, *frases, env=env)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.strip() == (
        f"{faq_copy / 'preguntas.yaml'}:291: - id: que_pasa_con_mi_seguro_si_me_titulo"
    )
    asked = faqbot("ask", "si me titulo que pasa con el seguro", env=env)
    assert "se da de baja" in asked.stdout
    for args, message in (
        (("--titulo", TITLE), "ya hay una pregunta con ese título"),
        (
            ("--titulo", "¿Dónde saco mi NSS en línea?"),
            "ya se responde con «¿Qué documento entrego en la escuela?»",
        ),
        (("--titulo", "Otra", "--id", "que_es"), "el id 'que_es' ya existe"),
    ):
        others = [arg for phrase in PHRASES for arg in ("--frase", f"{phrase} bis")]
        refused = faqbot("add-item", *args, "--respuesta", ANSWER, *others, env=env)
        assert refused.returncode == 1 and message in refused.stderr, refused.stderr
