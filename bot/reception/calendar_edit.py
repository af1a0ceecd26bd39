"""Adding or removing one inscription period (`periodos`) or closure (`cierres`) in
`fechas.yaml` the way a careful staff member would: one entry written in the file's own layout
(an empty `periodos: []` becomes a list), everything else byte for byte.

For the reception calendar commands (`/periodo`, `/cierre`, `/calendario`): the refusals come
from `bot/reception/date_reading.py` (ends before it starts, in the past, overlaps another), and
the safety from `editing.py` (validated as a whole knowledge base in a scratch copy, atomic
rename, never over a hand edit made meanwhile). `Added.before` lets the change be undone.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from bot.knowledge.editing import ATTEMPTS, Added, EditError, _check, _current, _replace
from bot.knowledge.loader import RECEPTION_FILE
from bot.knowledge.new_item import _scalar_item
from bot.knowledge.yaml_source import parse_yaml, read_staff_file
from bot.reception.date_reading import Span, span_problem

KINDS = {"periodos": "periodo", "cierres": "cierre"}


def add_span(faq_dir: Path, key: str, name: str, span: Span, today: date) -> Added:
    """Add a period (`key` "periodos") or closure ("cierres"); EditError says why not."""
    name = " ".join(name.split())
    for _ in range(ATTEMPTS):
        reception = _current(faq_dir).reception
        existing = reception.periods if key == "periodos" else reception.closures
        problem = span_problem(name, span, [(s.name, s.start, s.end) for s in existing], today, KINDS[key])
        if problem:
            raise EditError(problem)
        path = faq_dir / RECEPTION_FILE
        original = read_staff_file(path)
        new_text, line = _with_span(original.decode("utf-8"), key, name, span)
        _check(faq_dir, RECEPTION_FILE, new_text)
        if _replace(path, original, new_text.encode("utf-8")):
            return Added(path, line, f"{name}: {span.start} a {span.end}", original)
    raise EditError("el archivo cambió varias veces mientras lo guardaba; intenta de nuevo")


def remove_span(faq_dir: Path, key: str, index: int) -> Added:
    """Remove the `index`-th entry of `key` (as listed by /calendario)."""
    for _ in range(ATTEMPTS):
        path = faq_dir / RECEPTION_FILE
        original = read_staff_file(path)
        text = original.decode("utf-8")
        doc = parse_yaml(text, path.name)
        entries = doc.data.get(key) if isinstance(doc.data, dict) else None
        if doc.problems or not isinstance(entries, list) or not 0 <= index < len(entries):
            raise EditError(f"ese {KINDS[key]} ya no está en {path.name}")
        lines = text.splitlines(keepends=True)
        first, last = doc.lines[(key, index)], _last_line(doc.spans, (key, index))
        if len(entries) == 1:  # the list becomes empty: `periodos: []`, as the seed has it
            head = doc.lines[(key,)]
            newline = "\r\n" if lines[head - 1].endswith("\r\n") else "\n"
            lines[head - 1 : last] = [f"{key}: []{newline}"]
        else:
            del lines[first - 1 : last]
        new_text = "".join(lines)
        _check(faq_dir, RECEPTION_FILE, new_text)
        if _replace(path, original, new_text.encode("utf-8")):
            removed = entries[index] if isinstance(entries[index], dict) else {}
            return Added(path, first, str(removed.get("nombre", "")), original)
    raise EditError("el archivo cambió varias veces mientras lo guardaba; intenta de nuevo")


def _with_span(text: str, key: str, name: str, span: Span) -> tuple[str, int]:
    doc = parse_yaml(text, RECEPTION_FILE)
    if doc.problems or not isinstance(doc.data, dict) or key not in doc.data:
        raise EditError(f"no encontré `{key}:` en {RECEPTION_FILE}")
    entries = doc.data[key] or []
    lines = text.splitlines(keepends=True)
    head = doc.lines[(key,)]
    newline = "\r\n" if lines[head - 1].endswith("\r\n") else "\n"
    key_indent = _indent(lines[head - 1])
    if not entries:
        if not re.fullmatch(rf"\s*{key}:\s*(\[\s*\])?\s*(#.*)?", lines[head - 1].rstrip("\r\n")):
            raise EditError(f"no reconozco cómo está escrito `{key}` en {RECEPTION_FILE}:{head}")
        block = _entry(name, span, key_indent + "  ", newline)
        lines[head - 1] = f"{key_indent}{key}:{newline}"
        lines.insert(head, block)
        return "".join(lines), head + 1
    dash = lines[doc.lines[(key, 0)] - 1]
    if not dash.lstrip().startswith("- "):
        raise EditError(f"`{key}` está escrito en una sola línea en {RECEPTION_FILE}:{head}; agrégalo a mano")
    last = _last_line(doc.spans, (key, len(entries) - 1))
    if not lines[last - 1].endswith(("\n", "\r")):
        lines[last - 1] += newline
    lines.insert(last, _entry(name, span, _indent(dash), newline))
    return "".join(lines), last + 1


def _entry(name: str, span: Span, indent: str, newline: str) -> str:
    return (
        f"{indent}- nombre: {_scalar_item(name)[2:]}{newline}"
        f"{indent}  inicio: {span.start.isoformat()}{newline}"
        f"{indent}  fin: {span.end.isoformat()}{newline}"
    )


def _last_line(spans: dict[tuple[str | int, ...], tuple[int, int]], entry: tuple[str | int, ...]) -> int:
    """The last line of an entry's own text (its scalars), not the blank lines or comments after."""
    return max(
        end for path, (_, end) in spans.items() if path[: len(entry)] == entry and len(path) > len(entry)
    )


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip(" "))]
