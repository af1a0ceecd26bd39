"""`faqbot converse`: scripted conversations are judged turn by turn, and a bad file is told at
its line, never a crash."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import ROOT
from tests.test_cli import faqbot

OFFICE_CONFIG = ROOT / "benchmarks" / "data" / "conversations_config.yaml"


def _suite(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "suite.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_right_conversation_and_a_wrong_one_are_told_apart(tmp_path: Path) -> None:
    suite = _suite(
        tmp_path,
        """
- nombre: documento
  ahora: "2026-12-02T10:00"
  turnos:
    - alumno: "que documento entrego para el seguro facultativo"
      contiene: ["asignacionnss"]
      no_contiene: ["vigencia"]
- nombre: espera_algo_que_no_dice
  turnos:
    - alumno: "que documento entrego para el seguro facultativo"
      alguno: ["pasaporte", "acta de nacimiento"]
""",
    )
    result = faqbot("converse", str(suite), env={"FAQBOT_CONFIG": str(OFFICE_CONFIG)})
    assert result.returncode == 0, result.stderr
    figures, _, failures = result.stdout.partition("fallos:")
    assert "conversaciones bien: 1/2 (50.0 %)" in figures
    assert "turnos bien: 1/2" in figures
    assert "espera_algo_que_no_dice" in failures and "falta: pasaporte | acta de nacimiento" in failures
    assert "- documento\n" not in failures


def test_the_same_answer_twice_in_a_row_fails_the_turn(tmp_path: Path) -> None:
    suite = _suite(
        tmp_path,
        """
- nombre: pregunta_dos_veces
  turnos:
    - alumno: "hola"
      contiene: ["hola"]
    - alumno: "hola"
      contiene: ["hola"]
""",
    )
    result = faqbot("converse", str(suite), "--json", env={"FAQBOT_CONFIG": str(OFFICE_CONFIG)})
    data = json.loads(result.stdout)
    first, second = data["results"][0]["turns"]
    assert first["right"] and not first["repeated"]
    assert second["repeated"] and not second["right"]


def test_a_malformed_suite_is_told_at_its_line(tmp_path: Path) -> None:
    suite = _suite(
        tmp_path,
        """- nombre: bien
  turnos:
    - alumno: hola
      contiene: [hola]
- nombre: mal
  turnos:
    - dice: hola
""",
    )
    result = faqbot("converse", str(suite), env={"FAQBOT_CONFIG": str(OFFICE_CONFIG)})
    assert result.returncode == 2
    assert f"{suite}:7: campo desconocido 'dice'" in result.stderr
    assert "Traceback" not in result.stderr
