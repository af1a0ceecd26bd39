"""Loading the knowledge base: the shipped one is complete, and every staff mistake is caught
with a `path:line: message` that points at the line to fix."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from bot.knowledge import KnowledgeError, load_knowledge
from bot.knowledge.questionnaire_checks import successors
from tests.conftest import ROOT

SEED_IDS = [
    "que_es",
    "documento_nss",
    "verificar_alta",
    "registro_clinica",
    "cambio_plantel",
    "obligatorio_renuncia",
]
ASIGNACION = "https://serviciosdigitales.imss.gob.mx/gestionAsegurados-web-externo/asignacionNSS"
VIGENCIA = "https://serviciosdigitales.imss.gob.mx/gestionAsegurados-web-externo/vigencia"


def test_shipped_knowledge_has_the_six_seed_items_in_order(knowledge) -> None:
    assert list(knowledge.items) == SEED_IDS
    assert [t.id for t in knowledge.topics] == [*SEED_IDS, "fechas_recepcion"]
    for topic in knowledge.topics:
        assert len(topic.phrasings) >= 15, topic.id


def test_answers_carry_the_seed_links_and_emphasis(knowledge) -> None:
    items = knowledge.items
    assert ASIGNACION in items["documento_nss"].answer
    assert VIGENCIA in items["verificar_alta"].answer
    assert "<b>BAJA</b>" in items["verificar_alta"].answer
    assert "<b>VIGENTE</b>" in items["registro_clinica"].answer
    assert "<b>medio superior</b>" in items["que_es"].answer
    assert "Carta responsiva de Renuncia" in items["obligatorio_renuncia"].answer
    for item in items.values():
        assert item.related and all(r in [*SEED_IDS, "fechas_recepcion"] for r in item.related)


def test_no_inscription_dates_are_invented(knowledge) -> None:
    assert knowledge.reception.periods == []
    assert (knowledge.reception.monthly.first_day, knowledge.reception.monthly.last_day) == (1, 5)


def test_flow_reaches_every_outcome_of_the_product_brief(knowledge) -> None:
    nodes = knowledge.questionnaire.nodes
    endings = {node_id for node_id, node in nodes.items() if node.end}
    assert {"fin_vigente", "fin_baja", "fin_entregar", "fin_renuncia", "fin_no_aplica"} <= endings
    steps = " ".join(node.step or "" for node in nodes.values())
    assert ASIGNACION in steps and VIGENCIA in steps and "{ventana}" in steps
    assert all(target in nodes for node in nodes.values() for target in successors(node))


def test_version_changes_when_a_file_changes(faq_copy: Path) -> None:
    before = load_knowledge(faq_copy).version
    path = faq_copy / "fechas.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "  - cuando cierran la recepcion\n", encoding="utf-8")
    assert load_knowledge(faq_copy).version != before


def _edit(faq: Path, file: str, old: str, new: str) -> Path:
    path = faq / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test edit does not apply: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _line_of(path: Path, marker: str) -> int:
    """Line where the last occurrence of `marker` starts."""
    text = path.read_text(encoding="utf-8")
    assert marker in text, f"marker {marker!r} not in {path}"
    return text[: text.rindex(marker)].count("\n") + 1


def _problems(faq: Path) -> list[str]:
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(faq)
    return [str(p) for p in caught.value.problems]


BROKEN_DIR = ROOT / "tests" / "data" / "broken_kb"
BROKEN_CASES = yaml.safe_load((BROKEN_DIR / "cases.yaml").read_text(encoding="utf-8"))["cases"]


def test_the_broken_file_corpus_is_large() -> None:
    assert len(BROKEN_CASES) >= 25
    assert {case["file"] for case in BROKEN_CASES} == {
        path.name for path in BROKEN_DIR.glob("*.yaml") if path.name != "cases.yaml"
    }


@pytest.mark.parametrize("case", BROKEN_CASES, ids=[c["file"] for c in BROKEN_CASES])
def test_each_broken_file_is_rejected_at_its_line(faq_copy: Path, case: dict) -> None:
    target = faq_copy / case["replaces"]
    shutil.copyfile(BROKEN_DIR / case["file"], target)
    problems = _problems(faq_copy)
    prefix = f"{target}:{case['line']}: "
    assert any(p.startswith(prefix) and case["message"] in p for p in problems), problems


def test_every_problem_is_reported_at_once(faq_copy: Path) -> None:
    _edit(
        faq_copy,
        "preguntas.yaml",
        "    relacionadas: [registro_clinica, fechas_recepcion]",
        "    relacionadas: [nada, fechas_recepcion]",
    )
    _edit(faq_copy, "elegibilidad.yaml", "        ir_a: servicio_medico", "        ir_a: nadie")
    _edit(faq_copy, "fechas.yaml", "  dia_fin: 5", "  dia_fin: cinco")
    problems = _problems(faq_copy)
    assert {Path(p.split(":")[0]).name for p in problems} == {
        "preguntas.yaml",
        "elegibilidad.yaml",
        "fechas.yaml",
    }


def test_yes_and_no_stay_text_for_staff(faq_copy: Path) -> None:
    """PyYAML would turn a bare `No` into False; staff write button labels like that."""
    _edit(
        faq_copy,
        "elegibilidad.yaml",
        "      - texto: No\n        ir_a: tiene_nss",
        "      - texto: no\n        ir_a: tiene_nss",
    )
    node = load_knowledge(faq_copy).questionnaire.nodes["cambio_plantel"]
    assert [o.label for o in node.options] == ["Sí, estaba vigente", "no"]


def test_missing_file_and_empty_file_are_reported(faq_copy: Path) -> None:
    (faq_copy / "sinonimos.yaml").unlink()
    (faq_copy / "fechas.yaml").write_text("# nada\n", encoding="utf-8")
    problems = _problems(faq_copy)
    assert f"{faq_copy / 'sinonimos.yaml'}:1: no existe el archivo" in problems
    assert f"{faq_copy / 'fechas.yaml'}:1: el archivo está vacío" in problems


def test_yaml_tags_cannot_build_python_objects(faq_copy: Path) -> None:
    _edit(faq_copy, "fechas.yaml", "periodos: []", "periodos: !!python/object/apply:os.system [ls]")
    assert any("etiqueta YAML no permitida" in p for p in _problems(faq_copy))


def test_unclosed_quote_is_pointed_at(faq_copy: Path) -> None:
    path = _edit(faq_copy, "elegibilidad.yaml", "      - texto: Sí, pública", '      - texto: "Sí, pública')
    problems = _problems(faq_copy)
    assert f"{path}:{_line_of(path, 'Sí, pública')}: ¿falta cerrar una comilla en esta línea?" in problems


def test_known_out_of_scope_questions_are_optional_and_loaded(faq_copy: Path) -> None:
    knowledge = load_knowledge(faq_copy)
    assert "servicio_social" in knowledge.out_of_scope
    assert all(group.answer is None for group in knowledge.out_of_scope.values())  # no invented
    assert {t.id for t in knowledge.negatives} == {*knowledge.out_of_scope, "fuera_de_tema"}
    (faq_copy / "fuera_de_tema.yaml").unlink()
    assert load_knowledge(faq_copy).out_of_scope == {}


def test_examples_are_matched_like_phrasings_and_optional(faq_copy: Path) -> None:
    knowledge = load_knowledge(faq_copy)
    [nss] = [t for t in knowledge.topics if t.id == "documento_nss"]
    assert set(knowledge.examples["documento_nss"]) <= set(nss.phrasings)
    assert len(nss.phrasings) > len(knowledge.items["documento_nss"].phrasings)
    [other] = [t for t in knowledge.negatives if t.id == "fuera_de_tema"]
    assert other.phrasings == knowledge.examples["fuera_de_tema"]
    (faq_copy / "ejemplos.yaml").unlink()
    bare = load_knowledge(faq_copy)
    assert bare.examples == {} and [t.id for t in bare.negatives] == list(bare.out_of_scope)


def test_an_example_under_a_topic_that_does_not_exist_is_pointed_at(faq_copy: Path) -> None:
    path = _edit(faq_copy, "ejemplos.yaml", "tema: cambio_plantel", "tema: cambio_de_plantel")
    line = _line_of(path, "tema: cambio_de_plantel")
    assert (
        f"{path}:{line}: el tema 'cambio_de_plantel' no existe; usa el id de una pregunta, "
        "fechas_recepcion, el id de un grupo de fuera_de_tema o fuera_de_tema"
    ) in _problems(faq_copy)


def test_an_example_filed_under_two_topics_is_pointed_at(faq_copy: Path) -> None:
    phrase = load_knowledge(faq_copy).items["que_es"].phrasings[0]
    path = _edit(
        faq_copy,
        "ejemplos.yaml",
        "  - tema: cambio_plantel\n    frases:\n",
        f"  - tema: cambio_plantel\n    frases:\n      - {phrase}\n",
    )
    [problem] = _problems(faq_copy)
    assert problem.startswith(
        f"{path}:{_line_of(path, phrase)}: la frase '{phrase}' también está en 'que_es' (preguntas.yaml:"
    )
