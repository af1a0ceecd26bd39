"""Cross-checks of the knowledge base that a schema cannot express: ids and references,
phrasings under two topics, dates, Telegram HTML. The questionnaire's own checks (reachability,
endings) are in `bot/knowledge/questionnaire_checks.py`.

Each returns every problem it finds as `path:line: message`, so staff fix a whole edit at once.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import Any

from bot.knowledge.schema import (
    OWN_TOPICS,
    ExampleGroup,
    FaqItem,
    OutOfScopeGroup,
    ReceptionFile,
    SynonymsFile,
)
from bot.knowledge.telegram_html import html_problems
from bot.knowledge.yaml_source import Problem, YamlDocument
from bot.normalize import SynonymRewriter, fold

# The examples' own out-of-scope group, for questions no group of fuera_de_tema.yaml fits.
OTHER_OUT_OF_SCOPE = "fuera_de_tema"
RESERVED_IDS = frozenset({"none", "fechas_recepcion", OTHER_OUT_OF_SCOPE, *OWN_TOPICS})


def raw_entries(doc: YamlDocument, key: str) -> list[Any]:
    """The entries under `key:` (e.g. `preguntas:`) as written, whatever their shape."""
    raw = doc.data.get(key) if isinstance(doc.data, dict) else None
    return raw if isinstance(raw, list) else []


def unreadable(doc: YamlDocument) -> bool:
    """A file that could not be read as YAML: its ids are unknown, not missing, so nothing that
    names them is reported (one slip, one message)."""
    return doc.data is None and bool(doc.problems)


def _raw_ids(doc: YamlDocument, key: str) -> set[str]:
    """Every id written in the file, valid entry or not, so a broken entry is still 'known'."""
    return {e["id"] for e in raw_entries(doc, key) if isinstance(e, dict) and isinstance(e.get("id"), str)}


def faq_problems(items: list[tuple[int, FaqItem]], doc: YamlDocument) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for index, item in items:
        here = ("preguntas", index)
        if item.id in RESERVED_IDS:
            problems.append(doc.problem((*here, "id"), f"el id '{item.id}' está reservado"))
        problems.extend(_repeated_id(doc, here, item.id, seen))
        if "<" in item.title or "&" in item.title:
            problems.append(doc.problem((*here, "titulo"), "el título es texto simple, sin HTML"))
        for message, snippet in html_problems(item.answer):
            problems.append(doc.problem((*here, "respuesta"), message, snippet))
    known = set(seen) | _raw_ids(doc, "preguntas") | {"fechas_recepcion"}
    for index, item in items:
        for position, related in enumerate(item.related):
            where = ("preguntas", index, "relacionadas", position)
            if related not in known:
                problems.append(doc.problem(where, f"'{related}' no es el id de ninguna pregunta"))
            elif related == item.id:
                problems.append(doc.problem(where, "una pregunta no puede ser relacionada de sí misma"))
    return problems


def _repeated_id(
    doc: YamlDocument, here: tuple[str | int, ...], entry_id: str, seen: dict[str, int]
) -> list[Problem]:
    """An id already used in the file (`seen`: id -> its first line, which this updates)."""
    where = (*here, "id")
    if entry_id in seen:
        return [
            doc.problem(where, f"el id '{entry_id}' está repetido (ya está en la línea {seen[entry_id]})")
        ]
    seen[entry_id] = doc.line_of(where)
    return []


def reception_problems(reception: ReceptionFile, doc: YamlDocument, faq: YamlDocument) -> list[Problem]:
    problems: list[Problem] = []
    item_ids = _raw_ids(faq, "preguntas")  # written ids, so a broken item is not said twice
    for position, related in enumerate(reception.related):
        if related not in item_ids and not unreadable(faq):
            problems.append(
                doc.problem(("relacionadas", position), f"'{related}' no es el id de ninguna pregunta")
            )
    monthly = reception.monthly
    if monthly.first_day > monthly.last_day:
        problems.append(doc.problem(("intersemestral", "dia_fin"), "dia_fin es anterior a dia_inicio"))
    for key, spans in (("periodos", reception.periods), ("cierres", reception.closures)):
        problems.extend(_span_problems(key, list(spans), doc))
    return problems


def _span_problems(key: str, spans: list[Any], doc: YamlDocument) -> list[Problem]:
    """Named date ranges (`periodos`, `cierres`): none ends before it starts, none overlaps."""
    problems: list[Problem] = []
    ordered = sorted(enumerate(spans), key=lambda pair: pair[1].start)
    for index, span in ordered:
        if span.end < span.start:
            problems.append(doc.problem((key, index, "fin"), f"'{span.name}' termina antes de empezar"))
    for (_, before), (index, after) in pairwise(ordered):
        if after.start <= before.end:
            problems.append(
                doc.problem(
                    (key, index, "inicio"),
                    f"'{after.name}' se empalma con '{before.name}'",
                )
            )
    return problems


def synonym_problems(synonyms: SynonymsFile, doc: YamlDocument) -> list[Problem]:
    problems: list[Problem] = []
    owner: dict[str, str] = {fold(canonical): canonical for canonical in synonyms.synonyms}
    for canonical, variants in synonyms.synonyms.items():
        for position, variant in enumerate(variants):
            key = fold(variant)
            where = ("sinonimos", canonical, position)
            if not key:
                problems.append(doc.problem(where, f"la variante '{variant}' no tiene letras"))
            elif key in owner and owner[key] != canonical:
                problems.append(
                    doc.problem(
                        where, f"'{variant}' ya es de '{owner[key]}'; cada variante va en un solo lugar"
                    )
                )
            elif key == fold(canonical):
                problems.append(doc.problem(where, f"'{variant}' es la misma forma principal"))
            owner.setdefault(key, canonical)
    return problems


PhrasingSource = tuple[YamlDocument, tuple[str | int, ...], str, list[str]]


def phrasing_problems(sources: list[PhrasingSource], rewriter: SynonymRewriter) -> list[Problem]:
    """A phrasing (as the matcher sees it) listed under two topics, or under a topic and a group
    of `fuera_de_tema`, makes matching a coin toss. Each source is (document, path to the
    entry, topic or group name, its phrasings)."""
    problems: list[Problem] = []
    first: dict[str, tuple[str, str, int]] = {}
    for doc, prefix, topic_id, phrasings in sources:
        for position, phrasing in enumerate(phrasings):
            where = (*prefix, "frases", position)
            key = rewriter.rewrite(fold(phrasing))
            if not key:
                problems.append(doc.problem(where, f"la frase '{phrasing}' no tiene letras"))
                continue
            if key in first and first[key][0] != topic_id:
                other_topic, other_file, other_line = first[key]
                problems.append(
                    doc.problem(
                        where,
                        (
                            f"la frase '{phrasing}' también está en '{other_topic}' "
                            f"({Path(other_file).name}:{other_line}); déjala en un solo lugar"
                        ),
                    )
                )
            first.setdefault(key, (topic_id, doc.file, doc.line_of(where)))
    return problems


def out_of_scope_problems(
    groups: list[OutOfScopeGroup], doc: YamlDocument, item_ids: set[str]
) -> list[Problem]:
    """Group ids are unique and differ from the FAQ's; a redirect is valid Telegram HTML."""
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for index, group in enumerate(groups):
        here = ("fuera_de_tema", index)
        if group.id in RESERVED_IDS or group.id in item_ids:
            problems.append(doc.problem((*here, "id"), f"el id '{group.id}' ya es de una pregunta; usa otro"))
        problems.extend(_repeated_id(doc, here, group.id, seen))
        if group.answer:
            problems.extend(
                doc.problem((*here, "respuesta"), message, snippet)
                for message, snippet in html_problems(group.answer)
            )
    return problems


def example_problems(
    groups: list[ExampleGroup], doc: YamlDocument, faq: YamlDocument, outside: YamlDocument
) -> list[Problem]:
    """Each group of examples names a topic or out-of-scope group that exists (written in its
    file, even if broken there: that is reported once, where it is)."""
    known = (
        _raw_ids(faq, "preguntas")
        | _raw_ids(outside, "fuera_de_tema")
        | {"fechas_recepcion", OTHER_OUT_OF_SCOPE}
    )
    return [
        doc.problem(
            ("ejemplos", index, "tema"),
            f"el tema '{group.topic}' no existe; usa el id de una pregunta, "
            "fechas_recepcion, el id de un grupo de fuera_de_tema o fuera_de_tema",
        )
        for index, group in enumerate(groups)
        if group.topic not in known and not unreadable(faq) and not unreadable(outside)
    ]
