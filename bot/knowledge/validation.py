"""Schema validation of a YAML document, with every pydantic error said in Spanish at its line."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from bot.knowledge.yaml_source import Problem, YamlDocument

M = TypeVar("M", bound=BaseModel)


def validate_document(doc: YamlDocument, model: type[M], problems: list[Problem]) -> M | None:
    """The document as `model`, or None with each problem added to `problems` at its line."""
    if doc.problems or doc.data is None:
        return None
    if not isinstance(doc.data, dict):
        problems.append(doc.problem((), "el archivo debe tener claves (por ejemplo 'preguntas:')"))
        return None
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        for error in exc.errors():
            loc = tuple(part for part in error["loc"] if part != "[key]")
            problems.append(doc.problem(loc, spanish_message(error)))
        return None


def spanish_message(error: Any) -> str:  # noqa: C901 - a flat table of error kinds
    """pydantic's error, said the way a staff member needs to read it."""
    kind, loc, ctx = error["type"], error["loc"], error.get("ctx") or {}
    field = str(loc[-1]) if loc else "archivo"
    given = error.get("input")
    if kind == "missing":
        return f"falta el campo '{field}'"
    if kind == "extra_forbidden":
        return f"campo desconocido '{field}' (¿está bien escrito?)"
    if kind == "string_type":
        return f"'{field}' debe ser texto"
    if kind in ("list_type", "tuple_type"):
        return f"'{field}' debe ser una lista (líneas que empiezan con '- ')"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"'{field}' debe tener claves y valores"
    if kind == "too_short":
        return f"'{field}' necesita al menos {ctx.get('min_length')} elemento(s)"
    if kind == "string_too_short":
        return f"'{field}' está vacío"
    if kind == "string_too_long":
        return f"'{field}' es muy largo (máximo {ctx.get('max_length')} caracteres)"
    if kind == "string_pattern_mismatch":
        return (f"'{given}' no es un id válido: usa minúsculas, números y guion bajo, "
                "empezando con letra")
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"'{field}' debe ser una fecha AAAA-MM-DD"
    if kind.startswith("int") or kind in ("greater_than_equal", "less_than_equal"):
        return f"'{field}' debe ser un número entero entre 1 y 31"
    if kind.startswith("bool"):
        return f"'{field}' debe ser true o false"
    if kind == "literal_error":
        return f"'{field}' debe ser {str(ctx.get('expected')).replace(' or ', ' o ')}"
    if kind == "value_error":  # our own validators already speak to staff
        return f"'{field}': {str(ctx.get('error', error['msg'])).removeprefix('Value error, ')}"
    return f"'{field}': {error['msg']}"
