"""Reading a staff YAML file: every problem as `path:line: message` in the staff's Spanish, exactly
where it is, and nothing that can hang, exhaust or trick the reader. In process, so each
message and line is checked (tests/knowledge/test_loading.py reads whole knowledge bases)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.knowledge.yaml_source import (
    MAX_DEPTH,
    NESTED_TOO_DEEP,
    Problem,
    StaffFileError,
    YamlDocument,
    parse_yaml,
    read_staff_file,
    read_yaml,
)

NOT_A_FILE = (
    "no es un archivo normal (¿un enlace a un dispositivo o una tubería?); debe ser un archivo de texto YAML"
)


def problems(text: str) -> list[str]:
    return [str(p) for p in parse_yaml(text, "f.yaml").problems]


# ----- reading the bytes --------------------------------------------------------------------


def test_a_missing_file_is_a_problem_under_the_name_staff_know(tmp_path: Path) -> None:
    doc = read_yaml(tmp_path / "fechas.yaml", "faq/fechas.yaml")
    assert doc.problems == [Problem("faq/fechas.yaml", 1, "no existe el archivo")]
    assert read_yaml(tmp_path / "x.yaml").problems == [
        Problem(str(tmp_path / "x.yaml"), 1, "no existe el archivo")
    ]


def test_a_fifo_or_a_device_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo, device = tmp_path / "tuberia.yaml", tmp_path / "cero.yaml"
    os.mkfifo(fifo)
    device.symlink_to("/dev/zero")
    for path in (fifo, device):
        assert read_yaml(path, "x.yaml").problems == [Problem("x.yaml", 1, NOT_A_FILE)]


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: 1\n" * 400)  # 2,000 bytes
    with pytest.raises(StaffFileError) as refused:
        read_staff_file(big, limit=1000)
    assert str(refused.value) == "el archivo es demasiado grande (2,000 bytes; el máximo es 1,000)"
    assert read_staff_file(big, limit=2000) == b"a: 1\n" * 400


def test_a_file_that_says_it_is_empty_but_is_not_is_still_bounded() -> None:
    """Files under /proc report size 0: what is read is bounded all the same."""
    with pytest.raises(StaffFileError) as refused:
        read_staff_file(Path("/proc/self/status"), limit=10)
    assert str(refused.value) == "el archivo es demasiado grande (el máximo es 10 bytes)"


def test_bytes_that_are_not_utf8_are_pointed_at_their_line(tmp_path: Path) -> None:
    latin1 = tmp_path / "preguntas.yaml"
    latin1.write_bytes("a: 1\nb: 2\nc: canción\n".encode("latin-1"))
    assert read_yaml(latin1, "p.yaml").problems == [
        Problem("p.yaml", 3, "el archivo no está en UTF-8 (guárdalo como UTF-8)")
    ]


def test_a_file_that_cannot_be_opened_says_why(tmp_path: Path) -> None:
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)  # too many levels of symbolic links
    assert read_yaml(loop, "l.yaml").problems == [
        Problem("l.yaml", 1, "no se pudo leer el archivo (OSError)")
    ]


def test_a_readable_file_keeps_its_exact_bytes(tmp_path: Path) -> None:
    path = tmp_path / "ok.yaml"
    path.write_bytes("a: sí\n".encode())
    doc = read_yaml(path, "ok.yaml")
    assert (doc.problems, doc.data, doc.raw, doc.file) == ([], {"a": "sí"}, "a: sí\n".encode(), "ok.yaml")
    empty = tmp_path / "vacio.yaml"
    empty.write_text("# nada todavía\n", encoding="utf-8")
    assert read_yaml(empty, "v.yaml", allow_empty=True).problems == []
    assert read_yaml(empty, "v.yaml").problems == [Problem("v.yaml", 1, "el archivo está vacío")]


# ----- what is refused before anything is built ----------------------------------------------


def test_tabs_at_the_start_of_lines_are_each_pointed_at() -> None:
    assert problems("a:\n\tb: 1\n  c: 2\n\td: 3\n") == [
        "f.yaml:2: hay un tabulador al inicio de la línea: usa espacios",
        "f.yaml:4: hay un tabulador al inicio de la línea: usa espacios",
    ]
    assert parse_yaml("a: 'x\ty'\n", "f.yaml").data == {"a": "x\ty"}  # inside a value it is text


def test_aliases_are_refused_and_at_most_twenty_are_listed() -> None:
    assert problems("a: &x [1]\nb: *x\n") == [
        "f.yaml:2: no se permiten alias (*x): escribe el texto completo"
    ]
    many = "a: &a x\n" + "".join(f"k{n}: *a\n" for n in range(25))
    listed = problems(many)
    assert len(listed) == 20
    assert listed[-1] == "f.yaml:21: no se permiten alias (*a): escribe el texto completo"


def test_nesting_deeper_than_the_limit_is_pointed_at_once() -> None:
    deep = "".join("  " * level + f"k{level}:\n" for level in range(MAX_DEPTH + 2)) + "  " * 22 + "v: 1\n"
    assert problems(deep) == [f"f.yaml:{MAX_DEPTH + 1}: {NESTED_TOO_DEEP}"]
    assert problems("a: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n") == [
        f"f.yaml:1: {NESTED_TOO_DEEP}"
    ]
    at_the_limit = "a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n"
    assert problems(at_the_limit) == []  # the mapping and 19 lists: 20 levels
    assert NESTED_TOO_DEEP == "demasiados niveles anidados (máximo 20)"


# ----- syntax ---------------------------------------------------------------------------------


def test_an_unclosed_bracket_is_pointed_at_where_it_was_opened() -> None:
    assert problems("a: 1\nb: [1, 2\nc: 3\n") == ["f.yaml:2: falta cerrar '[' con ']' en esta línea"]
    assert problems("a: 1\nb: [1, 2\nc: [3\n") == [  # two slips: where the parser stopped
        "f.yaml:2: YAML inválido: falta cerrar el corchete ']' (o una coma entre elementos) "
        "(se abrió aquí y sigue sin cerrar en la línea 3)"
    ]


def test_an_odd_quote_before_the_error_is_suggested_as_the_culprit() -> None:
    assert problems('a: 1\nb: dice "hola\nc: [1\nd: [2\n') == [  # two slips: a hint for each
        "f.yaml:3: YAML inválido: falta cerrar el corchete ']' (o una coma entre elementos) "
        "(se abrió aquí y sigue sin cerrar en la línea 4)",
        "f.yaml:2: ¿falta cerrar una comilla en esta línea?",
    ]
    # With one slip, the repair that makes the file readable names it (a quote inside plain
    # text is fine YAML).
    assert problems('a: 1\nb: dice "hola\nc: [1\nd: 2\n') == [
        "f.yaml:3: falta cerrar '[' con ']' en esta línea"
    ]
    # Quotes in comments and escaped quotes are no culprits.
    assert len(problems('# dice "hola\na: x # y "z\nc: [1\nd: 2\n')) == 1
    assert len(problems('a: dice \\"x\nc: [1\nd: 2\n')) == 1


def test_an_unclosed_quote_is_pointed_at_its_line() -> None:
    assert problems('a: 1\nb: "hola\nc: 2\nd: 3\n') == ["f.yaml:2: ¿falta cerrar una comilla en esta línea?"]


def test_a_bad_indentation_is_pointed_at_where_parsing_stopped() -> None:
    assert problems("a:\n  b: 1\n c: 2\n") == [
        "f.yaml:3: la sangría no cuadra: esta línea empieza con 1 espacio(s) y debe tener 2, "
        "como las de su mismo nivel"
    ]


# ----- building plain data --------------------------------------------------------------------


def test_a_repeated_key_keeps_the_first_and_says_where_it_was() -> None:
    doc = parse_yaml("a: 1\nb: 2\na: 3\n", "f.yaml")
    assert [str(p) for p in doc.problems] == [
        "f.yaml:3: la clave 'a' está repetida (ya aparece en la línea 1)"
    ]
    assert doc.data == {"a": 1, "b": 2}


@pytest.mark.parametrize("text", ["1.5: a\nb: 2\n", "? [1, 2]\n: a\n"])
def test_a_key_must_be_text(text: str) -> None:
    assert problems(text) == ["f.yaml:1: una clave debe ser texto"]
    assert parse_yaml("7: a\n", "f.yaml").data == {7: "a"}  # a number is fine (a day)


def test_tags_never_build_python_objects() -> None:
    assert problems("x: 1\ny: !!python/object:os.system ls\n") == [
        "f.yaml:2: etiqueta YAML no permitida: tag:yaml.org,2002:python/object:os.system"
    ]


def test_an_impossible_date_is_a_problem_with_a_hint() -> None:
    doc = parse_yaml("x: 1\nfin: 2026-13-45\n", "f.yaml")
    assert [str(p) for p in doc.problems] == [
        "f.yaml:2: valor inválido: '2026-13-45' (¿una fecha? usa AAAA-MM-DD)"
    ]
    assert doc.data == {"x": 1, "fin": "2026-13-45"}


def test_only_true_and_false_are_booleans() -> None:
    data = parse_yaml("a: No\nb: true\nc: si\nd: off\ne: FALSE\nf: Yes\n", "f.yaml").data
    assert data == {"a": "No", "b": True, "c": "si", "d": "off", "e": False, "f": "Yes"}


def test_each_value_knows_its_line_and_a_problem_can_point_inside_a_block() -> None:
    doc = parse_yaml("a:\n  b: |\n    uno\n    dos palabra\n  c: [x, y]\n", "f.yaml")
    assert doc.problems == []
    assert doc.lines[("a",)] == 1 and doc.lines[("a", "b")] == 2 and doc.lines[("a", "c")] == 5
    assert doc.lines[("a", "c", 1)] == 5 and doc.spans[("a", "b")] == (2, 4)
    assert doc.problem(("a", "b"), "m", snippet="palabra") == Problem("f.yaml", 4, "m")
    assert doc.problem(("a", "b"), "m", snippet="no está") == Problem("f.yaml", 2, "m")
    assert doc.problem(("a", "b"), "m") == Problem("f.yaml", 2, "m")
    assert doc.problem(("a", "c", 7, "x"), "m") == Problem("f.yaml", 5, "m")  # nearest known
    assert doc.line_of(("zz",)) == 1 and doc.line_of(()) == 1
    assert str(doc.problem(("a",), "falta algo")) == "f.yaml:1: falta algo"


def test_a_control_character_is_a_problem_not_a_crash() -> None:
    """PyYAML refuses it while reading; said in Spanish with the character's code."""
    assert problems("a: \x07\n") == [
        "f.yaml:1: YAML inválido: hay un carácter invisible (#x0007) que no se permite; bórralo"
    ]


def test_nesting_is_counted_again_after_a_closed_sibling() -> None:
    at_the_limit = "a:\n  b: [1]\n  c: " + "[" * 18 + "]" * 18 + "\n"  # 2 mappings + 18 lists
    assert problems(at_the_limit) == []
    assert problems("a:\n  b: [1]\n  c: " + "[" * 19 + "]" * 19 + "\n") == [f"f.yaml:3: {NESTED_TOO_DEEP}"]


def test_text_parsed_directly_keeps_its_bytes_and_an_empty_document_points_at_line_one() -> None:
    doc = parse_yaml("a: sí\n", "f.yaml")
    assert (doc.raw, doc.data, doc.file) == ("a: sí\n".encode(), {"a": "sí"}, "f.yaml")
    assert YamlDocument("f.yaml", None).line_of(("a", "b")) == 1


def test_a_snippet_is_looked_for_only_inside_its_value() -> None:
    doc = parse_yaml("a:\n  b: |\n    uno\n    dos\n  c: tres\n", "f.yaml")
    assert doc.problem(("a", "b"), "m", snippet="c: tres") == Problem("f.yaml", 2, "m")
