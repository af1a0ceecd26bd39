"""Loading the knowledge base: the shipped one is complete, and every staff mistake is caught
with a `path:line: message` that points at the line to fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.knowledge import KnowledgeError, load_knowledge
from bot.knowledge.loader import successors

SEED_IDS = ["que_es", "documento_nss", "verificar_alta", "registro_clinica", "cambio_plantel",
            "obligatorio_renuncia"]
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
    nodes = knowledge.flow.nodes
    endings = {node_id for node_id, node in nodes.items() if node.end}
    assert {"fin_vigente", "fin_baja", "fin_entregar", "fin_renuncia", "fin_no_aplica"} <= endings
    steps = " ".join(node.step or "" for node in nodes.values())
    assert ASIGNACION in steps and VIGENCIA in steps and "{ventana}" in steps
    assert all(target in nodes for node in nodes.values() for target in successors(node))


def test_version_changes_when_a_file_changes(faq_copy: Path) -> None:
    before = load_knowledge(faq_copy).version
    path = faq_copy / "fechas.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "  - cuando cierran la recepcion\n",
                    encoding="utf-8")
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


# (file, text to replace, replacement, marker on the line the problem must point at, message part)
BROKEN_EDITS = [
    ("preguntas.yaml", "    titulo: ¿Qué es el seguro facultativo?",
     "\ttitulo: ¿Qué es el seguro facultativo?", "\ttitulo", "tabulador"),
    ("preguntas.yaml", "    relacionadas: [documento_nss, obligatorio_renuncia]",
     "    relacionadas: [documento_nss, obligatorio_renuncia\n", "relacionadas: [documento_nss, obl",
     "YAML inválido"),
    ("preguntas.yaml", "  - id: documento_nss\n    titulo:",
     "  - id: documento_nss\n    id: otro_id\n    titulo:", "id: otro_id", "está repetida"),
    ("preguntas.yaml", "  - id: verificar_alta\n", "  - id: verificar_alta\n    respuestas: hola\n",
     "respuestas: hola", "campo desconocido 'respuestas'"),
    ("preguntas.yaml", "    titulo: ¿Cómo sé si ya me dieron de alta?\n", "",
     "- id: verificar_alta", "falta el campo 'titulo'"),
    ("preguntas.yaml", "      - como me registro en la clinica\n", "      - 42\n", "      - 42",
     "debe ser texto"),
    ("preguntas.yaml", "  - id: cambio_plantel", "  - id: que_es", "  - id: que_es\n",
     "está repetido"),
    ("preguntas.yaml", "  - id: cambio_plantel", "  - id: Cambio Plantel", "Cambio Plantel",
     "no es un id válido"),
    ("preguntas.yaml", "      - me cambie de escuela que pasa con mi seguro\n",
     "      - me cambie de escuela que pasa con mi seguro\n      - como saco mi nss\n",
     "      - como saco mi nss\n", "también está en 'documento_nss'"),
    ("preguntas.yaml", "    relacionadas: [registro_clinica, fechas_recepcion]",
     "    relacionadas: [registro_clinik, fechas_recepcion]", "registro_clinik",
     "'registro_clinik' no es el id"),
    ("preguntas.yaml", "ya no continuarás estudiando para tramitar tu <b>baja</b>",
     "ya no continuarás estudiando para tramitar tu <b>baja", "<b>baja", "falta cerrar <b>"),
    ("preguntas.yaml", "asistencia al embarazo y PREVENIMSS.",
     "asistencia al embarazo y <font>PREVENIMSS</font>.", "<font>", "<font> no permitida"),
    ("preguntas.yaml", "La tarjeta de Número de Seguridad Social (NSS)",
     "La tarjeta de Número de Seguridad Social (NSS) & más", "& más", "&amp;"),
    ("preguntas.yaml", "asistencia al embarazo y PREVENIMSS.",
     "asistencia al embarazo y PREVENIMSS " + "muy " * 1100 + ".",
     "    respuesta: >-\n      Es un esquema", "4096"),
    ("preguntas.yaml", "    relacionadas: [verificar_alta, que_es]",
     "    relacionadas: [verificar_alta, registro_clinica]", "[verificar_alta, registro_clinica]",
     "sí misma"),
    ("fechas.yaml", "periodos: []",
     "periodos:\n  - nombre: Reinscripción\n    inicio: 2027-01-22\n    fin: 2027-01-11",
     "fin: 2027-01-11", "termina antes de empezar"),
    ("fechas.yaml", "periodos: []",
     "periodos:\n  - nombre: Inscripción\n    inicio: 2027-01-11\n    fin: 2027-01-22\n"
     "  - nombre: Reinscripción\n    inicio: 2027-01-20\n    fin: 2027-01-29",
     "inicio: 2027-01-20", "se empalma con 'Inscripción'"),
    ("fechas.yaml", "periodos: []",
     "periodos:\n  - nombre: Inscripción\n    inicio: 2027-02-30\n    fin: 2027-03-05",
     "inicio: 2027-02-30", "valor inválido"),
    ("fechas.yaml", "periodos: []",
     "periodos:\n  - nombre: Inscripción\n    inicio: 11/01/2027\n    fin: 2027-03-05",
     "inicio: 11/01/2027", "fecha AAAA-MM-DD"),
    ("fechas.yaml", "  dia_fin: 5", "  dia_fin: 40", "dia_fin: 40", "entre 1 y 31"),
    ("elegibilidad.yaml", "        ir_a: servicio_medico", "        ir_a: servicio_medic",
     "ir_a: servicio_medic\n", "'servicio_medic' no existe"),
    ("elegibilidad.yaml", "        ir_a: fin_no_aplica\n      - texto: No estudio ahora\n"
     "        ir_a: fin_no_aplica", "        ir_a: servicio_medico\n      - texto: No estudio ahora\n"
     "        ir_a: servicio_medico", "  fin_no_aplica:", "no se alcanza"),
    ("elegibilidad.yaml", "      - texto: No tengo\n        ir_a: cambio_plantel",
     "      - texto: No tengo\n        ir_a: bucle\n  bucle:\n    texto: Otra vez\n"
     "    siguiente: bucle", "  bucle:", "no hay forma de llegar a un fin"),
    ("elegibilidad.yaml", "    paso: Regístrate en la Clínica",
     "    opciones: []\n    paso: Regístrate en la Clínica", "opciones: []", "al menos 1"),
    ("elegibilidad.yaml", "    texto: ¡Ya estás <b>VIGENTE</b>!", "    texto: ¡Ya estás {fecha}!",
     "{fecha}", "'{fecha}' no existe"),
    ("elegibilidad.yaml", "hay que avisar en la escuela.\n",
     "hay que avisar en la escuela.\n    siguiente: fin_vigente\n", "  fin_baja:",
     "exactamente una de"),
    ("elegibilidad.yaml", "      - texto: ISSSTE", "      - texto: IMSS (trabajo o papás)",
     "      - texto: IMSS (trabajo o papás)", "está repetido"),
    ("sinonimos.yaml", "    - seguro escolar\n", "    - seguro escolar\n    - umf\n", "    - umf\n",
     "ya es de"),
]


@pytest.mark.parametrize(("file", "old", "new", "marker", "message"), BROKEN_EDITS,
                         ids=[f"{e[0]}:{e[4]}" for e in BROKEN_EDITS])
def test_staff_mistakes_are_reported_at_their_line(faq_copy: Path, file: str, old: str, new: str,
                                                   marker: str, message: str) -> None:
    path = _edit(faq_copy, file, old, new)
    line = _line_of(path, marker)
    problems = _problems(faq_copy)
    expected_prefix = f"{path}:{line}: "
    assert any(p.startswith(expected_prefix) and message in p for p in problems), problems


def test_every_problem_is_reported_at_once(faq_copy: Path) -> None:
    _edit(faq_copy, "preguntas.yaml", "    relacionadas: [registro_clinica, fechas_recepcion]",
          "    relacionadas: [nada, fechas_recepcion]")
    _edit(faq_copy, "elegibilidad.yaml", "        ir_a: servicio_medico", "        ir_a: nadie")
    _edit(faq_copy, "fechas.yaml", "  dia_fin: 5", "  dia_fin: cinco")
    problems = _problems(faq_copy)
    assert {Path(p.split(":")[0]).name for p in problems} == {
        "preguntas.yaml", "elegibilidad.yaml", "fechas.yaml"}


def test_yes_and_no_stay_text_for_staff(faq_copy: Path) -> None:
    """PyYAML would turn a bare `No` into False; staff write button labels like that."""
    _edit(faq_copy, "elegibilidad.yaml", "      - texto: No\n        ir_a: tiene_nss",
          "      - texto: no\n        ir_a: tiene_nss")
    node = load_knowledge(faq_copy).flow.nodes["cambio_plantel"]
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
