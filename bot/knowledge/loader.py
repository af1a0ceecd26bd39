"""Loading and validating the staff-edited knowledge base in `faq/`.

Every problem in every file is collected and reported at once as `path:line: message`, so a
staff member fixes a whole edit in one pass. A knowledge base with any problem is never served.
"""

from __future__ import annotations

import hashlib
import re
from collections import deque
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bot.knowledge.schema import (
    FaqFile,
    FaqItem,
    FlowFile,
    FlowNode,
    ReceptionFile,
    SynonymsFile,
)
from bot.knowledge.telegram_html import html_problems
from bot.knowledge.validation import validate_document
from bot.knowledge.yaml_source import Problem, YamlDocument, read_yaml
from bot.normalize import SynonymRewriter, fold

FAQ_FILE = "preguntas.yaml"
RECEPTION_FILE = "fechas.yaml"
FLOW_FILE = "elegibilidad.yaml"
SYNONYMS_FILE = "sinonimos.yaml"
KNOWLEDGE_FILES = (FAQ_FILE, RECEPTION_FILE, FLOW_FILE, SYNONYMS_FILE)

PLACEHOLDERS = frozenset({"ventana"})
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
RESERVED_IDS = frozenset({"none", "fechas_recepcion"})
# The seed's own words about the reception periods (the real answer is computed from today).
RECEPTION_SUMMARY = (
    "Los periodos de recepción de tarjetas del NSS, para trámite de incorporación, son durante "
    "el proceso de inscripción y/o reinscripción, en las fechas establecidas por Servicios "
    "Escolares, e intersemestralmente del 1 al 5 de cada mes. No hay trámites urgentes ni "
    "extemporáneos."
)

class KnowledgeError(Exception):
    """The knowledge base has problems; `problems` lists every one of them."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


@dataclass(frozen=True)
class Topic:
    """Anything a question can be matched to: a FAQ item or the reception-dates answer."""

    id: str
    title: str
    phrasings: tuple[str, ...]
    answer: str  # Telegram HTML; its words are weak evidence for the topic


@dataclass(frozen=True)
class KnowledgeBase:
    """Everything the assistant knows, validated and ready to serve."""

    items: dict[str, FaqItem]
    reception: ReceptionFile
    flow: FlowFile
    synonyms: dict[str, list[str]]
    version: str

    @property
    def topics(self) -> list[Topic]:
        """The FAQ items in file order, then the reception dates."""
        topics = [Topic(i.id, i.title, tuple(i.phrasings), i.answer) for i in self.items.values()]
        topics.append(Topic(self.reception.id, self.reception.title,
                            tuple(self.reception.phrasings), RECEPTION_SUMMARY))
        return topics

    def title(self, topic_id: str) -> str:
        return self.reception.title if topic_id == self.reception.id else self.items[topic_id].title


def load_knowledge(directory: Path | str) -> KnowledgeBase:
    """Read and validate every file; raise KnowledgeError listing all problems."""
    directory = Path(directory)
    problems: list[Problem] = []
    docs = {name: read_yaml(directory / name, str(directory / name)) for name in KNOWLEDGE_FILES}
    for doc in docs.values():
        problems.extend(doc.problems)

    faq = validate_document(docs[FAQ_FILE], FaqFile, problems)
    reception = validate_document(docs[RECEPTION_FILE], ReceptionFile, problems)
    flow = validate_document(docs[FLOW_FILE], FlowFile, problems)
    synonyms = validate_document(docs[SYNONYMS_FILE], SynonymsFile, problems)

    # One broken item must not hide the cross-checks of the others: they run on what is valid.
    items = list(enumerate(faq.items)) if faq else _valid_items(docs[FAQ_FILE])
    if synonyms:
        problems.extend(_synonym_problems(synonyms, docs[SYNONYMS_FILE]))
    problems.extend(_faq_problems(items, docs[FAQ_FILE]))
    if reception:
        problems.extend(_reception_problems(reception, docs[RECEPTION_FILE]))
    rewriter = SynonymRewriter(synonyms.synonyms if synonyms else {})
    problems.extend(_phrasing_problems(items, reception, docs, rewriter))
    if flow:
        problems.extend(_flow_problems(flow, docs[FLOW_FILE]))

    if problems or not (faq and reception and flow and synonyms):
        raise KnowledgeError(sorted(set(problems)))
    digest = hashlib.sha256()
    for name in KNOWLEDGE_FILES:
        digest.update(docs[name].raw)  # what was validated, not a second read
    return KnowledgeBase(
        items={item.id: item for item in faq.items},
        reception=reception,
        flow=flow,
        synonyms=synonyms.synonyms,
        version=digest.hexdigest()[:10],
    )


def _raw_items(doc: YamlDocument) -> list[Any]:
    """The entries under `preguntas:` as written, whatever their shape."""
    raw = doc.data.get("preguntas") if isinstance(doc.data, dict) else None
    return raw if isinstance(raw, list) else []


def _valid_items(doc: YamlDocument) -> list[tuple[int, FaqItem]]:
    """The items (with their position) that are valid on their own, from a file that failed
    validation as a whole."""
    valid = []
    for index, entry in enumerate(_raw_items(doc)):
        try:
            valid.append((index, FaqItem.model_validate(entry)))
        except ValidationError:
            continue  # already reported by the whole-file validation
    return valid


def _raw_ids(doc: YamlDocument) -> set[str]:
    """Every id written in the file, valid item or not, so a broken item is still 'known'."""
    return {e["id"] for e in _raw_items(doc) if isinstance(e, dict) and isinstance(e.get("id"), str)}


def _faq_problems(items: list[tuple[int, FaqItem]], doc: YamlDocument) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for index, item in items:
        here = ("preguntas", index)
        if item.id in RESERVED_IDS:
            problems.append(doc.problem((*here, "id"), f"el id '{item.id}' está reservado"))
        if item.id in seen:
            problems.append(doc.problem(
                (*here, "id"), f"el id '{item.id}' está repetido (ya está en la línea {seen[item.id]})"
            ))
        seen.setdefault(item.id, doc.line_of((*here, "id")))
        if "<" in item.title or "&" in item.title:
            problems.append(doc.problem((*here, "titulo"), "el título es texto simple, sin HTML"))
        for message, snippet in html_problems(item.answer):
            problems.append(doc.problem((*here, "respuesta"), message, snippet))
    known = set(seen) | _raw_ids(doc) | {"fechas_recepcion"}
    for index, item in items:
        for position, related in enumerate(item.related):
            where = ("preguntas", index, "relacionadas", position)
            if related not in known:
                problems.append(doc.problem(where, f"'{related}' no es el id de ninguna pregunta"))
            elif related == item.id:
                problems.append(doc.problem(where, "una pregunta no puede ser relacionada de sí misma"))
    return problems


def _reception_problems(reception: ReceptionFile, doc: YamlDocument) -> list[Problem]:
    problems: list[Problem] = []
    monthly = reception.monthly
    if monthly.first_day > monthly.last_day:
        problems.append(doc.problem(("intersemestral", "dia_fin"),
                                    "dia_fin es anterior a dia_inicio"))
    ordered = sorted(enumerate(reception.periods), key=lambda pair: pair[1].start)
    for index, period in ordered:
        if period.end < period.start:
            problems.append(doc.problem(("periodos", index, "fin"),
                                        f"'{period.name}' termina antes de empezar"))
    for (_, before), (index, after) in pairwise(ordered):
        if after.start <= before.end:
            problems.append(doc.problem(
                ("periodos", index, "inicio"),
                f"'{after.name}' se empalma con '{before.name}'",
            ))
    return problems


def _synonym_problems(synonyms: SynonymsFile, doc: YamlDocument) -> list[Problem]:
    problems: list[Problem] = []
    owner: dict[str, str] = {fold(canonical): canonical for canonical in synonyms.synonyms}
    for canonical, variants in synonyms.synonyms.items():
        for position, variant in enumerate(variants):
            key = fold(variant)
            where = ("sinonimos", canonical, position)
            if not key:
                problems.append(doc.problem(where, f"la variante '{variant}' no tiene letras"))
            elif key in owner and owner[key] != canonical:
                problems.append(doc.problem(
                    where, f"'{variant}' ya es de '{owner[key]}'; cada variante va en un solo lugar"
                ))
            elif key == fold(canonical):
                problems.append(doc.problem(where, f"'{variant}' es la misma forma principal"))
            owner.setdefault(key, canonical)
    return problems


def _phrasing_problems(items: list[tuple[int, FaqItem]], reception: ReceptionFile | None,
                       docs: dict[str, YamlDocument], rewriter: SynonymRewriter) -> list[Problem]:
    """A phrasing (as the matcher sees it) listed under two topics makes matching a coin toss."""
    problems: list[Problem] = []
    first: dict[str, tuple[str, str, int]] = {}
    sources = [(FAQ_FILE, ("preguntas", i), item.id, item.phrasings) for i, item in items]
    if reception:
        sources.append((RECEPTION_FILE, (), reception.id, reception.phrasings))
    for file, prefix, topic_id, phrasings in sources:
        doc = docs[file]
        for position, phrasing in enumerate(phrasings):
            where = (*prefix, "frases", position)
            key = rewriter.rewrite(fold(phrasing))
            if not key:
                problems.append(doc.problem(where, f"la frase '{phrasing}' no tiene letras"))
                continue
            if key in first and first[key][0] != topic_id:
                other_topic, other_file, other_line = first[key]
                problems.append(doc.problem(where, (
                    f"la frase '{phrasing}' también está en '{other_topic}' "
                    f"({Path(other_file).name}:{other_line}); déjala en una sola pregunta"
                )))
            first.setdefault(key, (topic_id, doc.file, doc.line_of(where)))
    return problems


def _text_problems(text: str, doc: YamlDocument, where: tuple[str, ...]) -> list[Problem]:
    problems = [doc.problem(where, message, snippet) for message, snippet in html_problems(text)]
    for name in _PLACEHOLDER.findall(text):
        if name not in PLACEHOLDERS:
            problems.append(doc.problem(
                where, f"'{{{name}}}' no existe; el único reemplazo es {{ventana}}", f"{{{name}}}"
            ))
    return problems


def _flow_problems(flow: FlowFile, doc: YamlDocument) -> list[Problem]:
    problems: list[Problem] = []
    nodes = flow.nodes
    if flow.start not in nodes:
        problems.append(doc.problem(("inicio",), f"el nodo de inicio '{flow.start}' no existe"))

    for node_id, node in nodes.items():
        here = ("nodos", node_id)
        problems.extend(_text_problems(node.text, doc, (*here, "texto")))
        if node.step:
            problems.extend(_text_problems(node.step, doc, (*here, "paso")))
        kinds = [name for name, present in (("opciones", node.options is not None),
                                            ("siguiente", node.next is not None),
                                            ("fin", node.end)) if present]
        if len(kinds) != 1:
            problems.append(doc.problem(here, (
                f"el nodo '{node_id}' debe tener exactamente una de: opciones, siguiente o fin: true"
                + (f" (tiene {', '.join(kinds)})" if kinds else "")
            )))
        labels: set[str] = set()
        for position, option in enumerate(node.options or []):
            where = (*here, "opciones", position)
            if option.target not in nodes:
                problems.append(doc.problem((*where, "ir_a"), f"el nodo '{option.target}' no existe"))
            if fold(option.label) in labels:  # buttons are told apart by their folded text
                problems.append(doc.problem((*where, "texto"),
                                            f"el botón '{option.label}' está repetido"))
            labels.add(fold(option.label))
        if node.next is not None and node.next not in nodes:
            problems.append(doc.problem((*here, "siguiente"), f"el nodo '{node.next}' no existe"))

    if flow.start in nodes:
        reachable = _reachable(flow.start, nodes)
        for node_id in nodes:
            if node_id not in reachable:
                problems.append(doc.problem(("nodos", node_id),
                                            f"el nodo '{node_id}' no se alcanza desde el inicio"))
    finishing = _can_finish(nodes)
    for node_id in nodes:
        if node_id not in finishing:
            problems.append(doc.problem(("nodos", node_id),
                                        f"desde el nodo '{node_id}' no hay forma de llegar a un fin"))
    return problems


def successors(node: FlowNode) -> list[str]:
    """Nodes one step away from `node`."""
    targets = [option.target for option in node.options or []]
    return [*targets, node.next] if node.next else targets


def _reachable(start: str, nodes: dict[str, FlowNode]) -> set[str]:
    seen, queue = {start}, deque([start])
    while queue:
        for target in successors(nodes[queue.popleft()]):
            if target in nodes and target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


def _can_finish(nodes: dict[str, FlowNode]) -> set[str]:
    """Nodes from which some path leads to an ending (backwards search from the endings)."""
    incoming: dict[str, list[str]] = {node_id: [] for node_id in nodes}
    for node_id, node in nodes.items():
        for target in successors(node):
            if target in incoming:
                incoming[target].append(node_id)
    done = {node_id for node_id, node in nodes.items() if node.end}
    queue = deque(done)
    while queue:
        for source in incoming[queue.popleft()]:
            if source not in done:
                done.add(source)
                queue.append(source)
    return done
