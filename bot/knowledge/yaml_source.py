"""YAML reading that keeps line numbers, so every problem can be reported as `path:line: message`.

It composes the document with a SafeLoader subclass (no Python objects are ever constructed,
exactly as safe as `yaml.safe_load`) and builds plain dicts and lists itself, which lets it
notice what `safe_load` hides: a key written twice keeps only its last value there.
Only `true`/`false` are booleans here, so a staff member can write `texto: No` for a button.

A staff file can be careless or hostile, and a running bot reads it every few seconds: only
regular files up to MAX_FILE_BYTES are read (a FIFO or /dev/zero is refused, never waited on),
and before anything is built the event stream is checked for aliases (`*ref`, which can expand
exponentially or refer to itself) and for nesting deeper than MAX_DEPTH.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.knowledge.syntax_hints import find_slip, spanish_detail

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BOOL_TAG = "tag:yaml.org,2002:bool"
_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
)


class _Loader(_BaseLoader):
    """SafeLoader with YAML 1.2 booleans: 'si', 'no', 'on', 'off' stay text."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _BOOL_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(_BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))

Path_ = tuple[str | int, ...]
MAX_FILE_BYTES = 1024 * 1024  # the whole knowledge base is ~40 KB
MAX_DEPTH = 20
NESTED_TOO_DEEP = f"demasiados niveles anidados (máximo {MAX_DEPTH})"


class StaffFileError(Exception):
    """A staff file that cannot be read safely; the message is for staff, in Spanish."""


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in a knowledge-base file, pointing at the line to fix."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@dataclass
class YamlDocument:
    """Plain data from one file plus the line where each value (by key path) starts."""

    file: str
    data: Any
    raw: bytes = b""  # exactly what was read (the knowledge base's version is its digest)
    lines: dict[Path_, int] = field(default_factory=dict)  # where each key (or list item) is
    spans: dict[Path_, tuple[int, int]] = field(default_factory=dict)  # first/last line of values
    text_lines: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def line_of(self, path: Path_) -> int:
        """Line of the key (or item) at `path`, or of its nearest enclosing one."""
        path = tuple(path)
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)

    def problem(self, path: Path_, message: str, snippet: str = "") -> Problem:
        """A problem at `path`; with `snippet`, at the line of the value that contains it."""
        line = self.line_of(path)
        first, last = self.spans.get(tuple(path), (line, line))
        if snippet:
            for number in range(first, last + 1):
                if snippet in self.text_lines[number - 1]:
                    line = number
                    break
        return Problem(self.file, line, message)


def read_yaml(path: Path, display_name: str | None = None, allow_empty: bool = False) -> YamlDocument:
    """Read one YAML file; syntax problems are returned, never raised. An empty file is a
    problem unless `allow_empty` (then `data` is None)."""
    name = display_name or str(path)
    doc = YamlDocument(name, None)
    try:
        doc.raw = read_staff_file(path)
        text = doc.raw.decode("utf-8")
    except FileNotFoundError:
        doc.problems.append(Problem(name, 1, "no existe el archivo"))
        return doc
    except StaffFileError as exc:
        doc.problems.append(Problem(name, 1, str(exc)))
        return doc
    except UnicodeDecodeError as exc:
        line = doc.raw[: exc.start].count(b"\n") + 1
        doc.problems.append(Problem(name, line, "el archivo no está en UTF-8 (guárdalo como UTF-8)"))
        return doc
    except OSError as exc:
        doc.problems.append(Problem(name, 1, f"no se pudo leer el archivo ({exc.__class__.__name__})"))
        return doc
    return parse_yaml(text, name, allow_empty, doc)


def parse_yaml(
    text: str, name: str, allow_empty: bool = False, doc: YamlDocument | None = None
) -> YamlDocument:
    """What read_yaml does once it has the text (also for a file's text about to be written)."""
    doc = doc or YamlDocument(name, None, text.encode("utf-8"))
    for number, line in enumerate(text.splitlines(), start=1):
        if "\t" in line[: len(line) - len(line.lstrip(" \t"))]:
            doc.problems.append(Problem(name, number, "hay un tabulador al inicio de la línea: usa espacios"))
    if doc.problems:
        return doc

    doc.text_lines = text.splitlines()
    try:
        doc.problems.extend(_structure_problems(name, text))
        if doc.problems:
            return doc
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        problem = _syntax_problem(name, exc)
        stopped = max(problem.line, exc.problem_mark.line + 1 if exc.problem_mark else 1)
        slip = find_slip(text.splitlines(keepends=True), stopped, _error_line)
        if slip:  # the one line whose repair makes the file readable: the real mistake
            doc.problems.append(Problem(name, *slip))
            return doc
        doc.problems.append(problem)
        quote_line = _unclosed_quote_before(doc.text_lines, problem.line)
        if quote_line:
            doc.problems.append(Problem(name, quote_line, "¿falta cerrar una comilla en esta línea?"))
        return doc
    except yaml.YAMLError as exc:
        doc.problems.append(Problem(name, 1, f"YAML inválido: {_plain_detail(str(exc))}"))
        return doc

    if node is None:
        if not allow_empty:
            doc.problems.append(Problem(name, 1, "el archivo está vacío"))
        return doc
    doc.data = _to_python(node, (), doc, yaml.constructor.SafeConstructor())
    return doc


def read_staff_file(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; StaffFileError otherwise.

    Opened non-blocking so a FIFO cannot hang the reader, and checked after opening (fstat),
    so a symlink to a device is judged by what it points to."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise StaffFileError(
                "no es un archivo normal (¿un enlace a un dispositivo o una "
                "tubería?); debe ser un archivo de texto YAML"
            )
        if info.st_size > limit:
            raise StaffFileError(
                f"el archivo es demasiado grande ({info.st_size:,} bytes; el máximo es {limit:,})"
            )
        with os.fdopen(os.dup(descriptor), "rb") as file:
            data = file.read(limit + 1)
    finally:
        os.close(descriptor)
    if len(data) > limit:
        raise StaffFileError(f"el archivo es demasiado grande (el máximo es {limit:,} bytes)")
    return data


def _structure_problems(name: str, text: str) -> list[Problem]:
    """Aliases and too-deep nesting, found in the event stream before anything is built."""
    problems: list[Problem] = []
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        line = event.start_mark.line + 1 if event.start_mark else 1
        if isinstance(event, yaml.AliasEvent):
            problems.append(
                Problem(name, line, f"no se permiten alias (*{event.anchor}): escribe el texto completo")
            )
        elif isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                problems.append(Problem(name, line, NESTED_TOO_DEEP))
                break
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        if len(problems) >= 20:
            break
    return problems


def _plain_detail(detail: str) -> str:
    """PyYAML's message in Spanish, or ours where PyYAML's own nesting limit was met first."""
    return NESTED_TOO_DEEP if "nesting depth" in detail else spanish_detail(detail)


def _error_line(text: str) -> int | None:
    """The line where `text` stops being readable YAML, or None when it reads."""
    try:
        yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        return mark.line + 1 if mark else 1
    except yaml.YAMLError:
        return 1
    return None


def _syntax_problem(name: str, exc: yaml.MarkedYAMLError) -> Problem:
    """Point at where an unclosed bracket or quote was opened, else where parsing stopped."""
    opened_here = exc.context_mark and exc.context and ("flow" in exc.context or "quoted" in exc.context)
    mark = (exc.context_mark if opened_here else exc.problem_mark) or exc.context_mark
    line = mark.line + 1 if mark else 1
    detail = _plain_detail(exc.problem or exc.context or "")
    if opened_here and mark and exc.problem_mark and exc.problem_mark.line != mark.line:
        detail += f" (se abrió aquí y sigue sin cerrar en la línea {exc.problem_mark.line + 1})"
    return Problem(name, line, f"YAML inválido: {detail}")


def _unclosed_quote_before(lines: list[str], line: int) -> int | None:
    """The first line up to `line` whose double quotes do not pair up: a likely culprit."""
    for number, text in enumerate(lines[:line], start=1):
        content = "" if text.lstrip().startswith("#") else text.split(" #", 1)[0]
        if content.replace('\\"', "").count('"') % 2:
            return number if number != line else None
    return None


def _to_python(
    node: yaml.Node, path: Path_, doc: YamlDocument, constructor: yaml.constructor.SafeConstructor
) -> Any:
    doc.lines.setdefault(path, node.start_mark.line + 1)
    end_line = node.end_mark.line + (0 if node.end_mark.column == 0 else 1)
    doc.spans[path] = (node.start_mark.line + 1, max(node.start_mark.line + 1, end_line))
    if node.tag not in _PLAIN_TAGS:
        doc.problems.append(
            Problem(doc.file, node.start_mark.line + 1, f"etiqueta YAML no permitida: {node.tag}")
        )
        return None
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        first_line: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = _to_python(key_node, (*path, "<key>"), doc, constructor)
            key_line = key_node.start_mark.line + 1
            if not isinstance(key, str | int):
                doc.problems.append(Problem(doc.file, key_line, "una clave debe ser texto"))
                continue
            if key in first_line:
                doc.problems.append(
                    Problem(
                        doc.file,
                        key_line,
                        f"la clave '{key}' está repetida (ya aparece en la línea {first_line[key]})",
                    )
                )
                continue
            first_line[key] = key_line
            doc.lines[(*path, key)] = key_line
            result[key] = _to_python(value_node, (*path, key), doc, constructor)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(item, (*path, i), doc, constructor) for i, item in enumerate(node.value)]
    try:
        return constructor.construct_object(node)
    except (ValueError, yaml.YAMLError):
        doc.problems.append(
            Problem(
                doc.file,
                node.start_mark.line + 1,
                f"valor inválido: '{node.value}' (¿una fecha? usa AAAA-MM-DD)",
            )
        )
        return node.value
