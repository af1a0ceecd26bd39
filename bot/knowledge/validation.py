"""Schema validation of a YAML document, with every pydantic error said in Spanish at its line."""

from __future__ import annotations

from difflib import get_close_matches
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
        errors = exc.errors()
        misspelled = _misspelled(errors)
        for error in errors:
            loc = tuple(part for part in error["loc"] if part != "[key]")
            if error["type"] == "missing" and loc in misspelled.values():
                continue  # said once, at the misspelled key
            message = spanish_message(error)
            if loc in misspelled:
                message = f"campo desconocido '{loc[-1]}': ¿querías escribir '{misspelled[loc][-1]}'?"
            problems.append(doc.problem(loc, message))
        return None


def _misspelled(errors: list[Any]) -> dict[tuple[Any, ...], tuple[Any, ...]]:
    """An unknown key that is a missing field misspelled (`frase:` for `frases:`), to its field:
    one slip, one message."""
    missing = [tuple(e["loc"]) for e in errors if e["type"] == "missing"]
    found: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    for error in errors:
        loc = tuple(error["loc"])
        if error["type"] != "extra_forbidden" or not loc:
            continue
        fields = {str(m[-1]): m for m in missing if m[:-1] == loc[:-1] and m not in found.values()}
        close = get_close_matches(str(loc[-1]), list(fields), n=1, cutoff=0.7)
        if close:
            found[loc] = fields[close[0]]
    return found


def spanish_message(error: Any) -> str:  # noqa: C901 - a flat table of error kinds
    """pydantic's error, said the way a staff member needs to read it."""
    kind, loc, ctx = error["type"], error["loc"], error.get("ctx") or {}
    field = str(loc[-1]) if loc else "archivo"
    given = error.get("input")
    slip = _common_slip(kind, tuple(loc), given)
    if slip:
        return slip
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
        return f"'{given}' no es un id válido: usa minúsculas, números y guion bajo, empezando con letra"
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


def _common_slip(kind: str, loc: tuple[Any, ...], given: Any) -> str | None:
    """The slips staff make most, said with the fix: a key left without its value, a list
    entry with a colon (read as `clave: valor`), an entry of a list named by its position."""
    if len(loc) >= 2 and isinstance(loc[-1], int):
        where = f"el elemento {loc[-1] + 1} de '{loc[-2]}'"
    else:
        where = f"'{loc[-1]}'" if loc else "el archivo"
    if kind == "string_type" and isinstance(given, dict) and len(given) == 1:
        [(key, value)] = given.items()
        return (
            f"{where} se leyó como `clave: valor` por los dos puntos (':'); si es texto, "
            f'ponlo entre comillas: "{key}: {value}"'
        )
    if given is None and kind in (
        "string_type",
        "list_type",
        "dict_type",
        "model_type",
        "date_type",
        "int_type",
    ):
        after = (
            " agrega debajo líneas que empiecen con '- '"
            if kind == "list_type"
            else (f" escribe el valor después de '{loc[-1]}:'" if loc else "")
        )
        return f"{where} está vacío:{after}"
    if kind == "string_type" and len(loc) >= 2 and isinstance(loc[-1], int):
        return f"{where} debe ser texto"
    return None
