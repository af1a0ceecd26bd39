"""The `faqbot` command line, run as a real process, exactly as scripts and staff use it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

DEV_SET = ROOT / "tests" / "data" / "dev_questions.yaml"


def faqbot(
    *args: str, stdin: str = "", today: str | None = "2026-12-03", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("FAQBOT_", "TELEGRAM_"))}
    environment["FAQBOT_CONFIG"] = str(ROOT / "config.yaml")
    if today:
        environment["FAQBOT_TODAY"] = today
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=environment,
        cwd=ROOT,
        timeout=60,
    )


def test_check_accepts_the_shipped_knowledge_base() -> None:
    result = faqbot("check", "faq")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "todo bien (7 temas" in result.stdout


def test_check_lists_every_problem_as_path_line_message(faq_copy: Path) -> None:
    text = (faq_copy / "preguntas.yaml").read_text(encoding="utf-8")
    text = text.replace("relacionadas: [verificar_alta, que_es]", "relacionadas: [verificar, que_es]")
    text = text.replace("    titulo: ¿Qué es el seguro facultativo?\n", "")
    (faq_copy / "preguntas.yaml").write_text(text, encoding="utf-8")
    result = faqbot("check", str(faq_copy))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert all(line.startswith(f"{faq_copy / 'preguntas.yaml'}:") for line in lines)
    assert any(line.endswith(": falta el campo 'titulo'") for line in lines)
    assert any("'verificar' no es el id" in line for line in lines)


def test_ask_prints_the_answer_with_its_link() -> None:
    result = faqbot("ask", "cmo saco mi nss")
    assert result.returncode == 0
    assert "¿Qué documento entrego en la escuela?" in result.stdout
    assert "asignacionNSS" in result.stdout and "<a href" not in result.stdout


def test_ask_json_gives_intent_score_alternatives_and_text() -> None:
    data = json.loads(faqbot("ask", "ya estoy vigente q sigue", "--json").stdout)
    assert data["intent"] == "registro_clinica" and data["outcome"] == "answer"
    assert data["score"] >= 80 and 0.5 < data["confidence"] <= 1
    assert data["alternatives"][0]["intent"] == "registro_clinica"
    assert "Clínica del IMSS" in data["text"] and data["redirect"] is None
    out_of_scope = json.loads(faqbot("ask", "como saco mi kardex", "--json").stdout)
    assert out_of_scope["intent"] == "none" and out_of_scope["alternatives"] == []
    assert out_of_scope["outcome"] == "none" and out_of_scope["redirect"] == "kardex_calificaciones"


def test_every_command_honours_faqbot_today() -> None:
    last_day = faqbot("ask", "cuando entrego mi nss", today="2026-12-05").stdout
    closed = faqbot("ask", "cuando entrego mi nss", today="2026-12-06").stdout
    assert "y hoy es el último día" in last_day
    assert "Hoy no se reciben" in closed and "1 de enero de 2027 (en 26 días)" in closed


def test_bad_faqbot_today_is_a_clear_error() -> None:
    result = faqbot("ask", "hola", today="3 de diciembre")
    assert result.returncode == 2
    assert "FAQBOT_TODAY must be a date YYYY-MM-DD" in result.stderr
    assert "Traceback" not in result.stderr


def test_eval_prints_figures_and_confusion() -> None:
    result = faqbot("eval", str(DEV_SET))
    assert result.returncode == 0
    assert "respondidas bien de inmediato (del tema)" in result.stdout
    assert "respondidas u ofrecidas bien (del tema)" in result.stdout
    assert "confiabilidad" in result.stdout and "0.9–1.0" in result.stdout
    assert "confusión" in result.stdout


def test_eval_json_has_one_result_per_question() -> None:
    data = json.loads(faqbot("eval", str(DEV_SET), "--json").stdout)
    assert len(data["results"]) == data["summary"]["total"] >= 200
    first = data["results"][0]
    assert set(first) == {
        "text",
        "expected",
        "predicted",
        "outcome",
        "candidates",
        "score",
        "confidence",
        "redirect",
        "after",
    }
    assert {"direct", "helped", "out_of_scope_answered", "reliability"} <= set(data["summary"])
    assert {r["outcome"] for r in data["results"]} <= {"answer", "suggest", "none"}
    assert all(r["predicted"] == "none" for r in data["results"] if r["outcome"] == "none")


def test_eval_rejects_a_malformed_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("- {text: hola}\n", encoding="utf-8")
    result = faqbot("eval", str(bad))
    assert result.returncode == 2 and "no tiene 'text' e 'intent'" in result.stderr


def test_invalid_knowledge_base_stops_chat_with_the_problems(faq_copy: Path, tmp_path: Path) -> None:
    (faq_copy / "fechas.yaml").write_text("id: fechas_recepcion\n", encoding="utf-8")
    config = tmp_path / "config.yaml"
    config.write_text(f"faq_dir: {faq_copy}\n", encoding="utf-8")
    result = faqbot("chat", env={"FAQBOT_CONFIG": str(config)})
    assert result.returncode == 1
    assert "falta el campo 'titulo'" in result.stderr


SCRIPT = """\
holaaa
q es el seguro facultatibo??
como saco mi kardex
/elegibilidad
1
No tengo
No
Sí, ya la tengo
Sí, ya la entregué
VIGENTE
/elegibilidad
No, es privada
/elegibilidad
si
ISSSTE
No lo requiero (renuncia)
"""


def test_scripted_terminal_session() -> None:
    result = faqbot("chat", stdin=SCRIPT)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    blocks = out.split("\n\n")
    assert "¡Hola! 😊" in out
    assert "Es un esquema de aseguramiento médico que otorga el IMSS" in out
    assert "Eso no es un trámite del Seguro Facultativo" in out  # the kárdex
    assert "Regístrate en la Clínica del IMSS que te corresponde de acuerdo a tu domicilio." in out
    assert "no aplica para ti" in out
    assert "1. Requisita la Carta responsiva de Renuncia al Seguro Facultativo del IMSS." in out
    assert any("1) Sí, pública" in block for block in blocks)


def test_ask_does_not_load_the_telegram_stack() -> None:
    code = (
        "import sys; from bot.cli import main; main(['ask', 'hola']); "
        "print(any(m == 'telegram' or m.startswith('telegram.') for m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert result.stdout.strip().endswith("False")


@pytest.mark.parametrize("args", [[], ["nada"]])
def test_usage_errors_exit_2(args: list[str]) -> None:
    assert faqbot(*args).returncode == 2


def test_a_typo_in_config_yaml_is_a_clear_error(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("faq_dir: faq\ntelegram:\n  admin: [1]\n", encoding="utf-8")
    result = faqbot("ask", "hola", env={"FAQBOT_CONFIG": str(config)})
    assert result.returncode == 2
    assert "config.yaml:3: campo desconocido 'admin'" in result.stderr
    assert "Traceback" not in result.stderr
