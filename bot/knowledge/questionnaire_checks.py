"""The questionnaire's cross-checks: each node's texts, ways on and buttons, then the graph as a
whole (every node reachable from the start, none a dead end).

Apart from `bot/knowledge/checks.py` because they are one idea of their own, a search over a
graph, that reads only `elegibilidad.yaml`; the other checks compare ids and dates across files.
Like them, each returns every problem it finds as `path:line: message`.
"""

from __future__ import annotations

import re
from collections import deque

from bot.knowledge.schema import QuestionnaireFile, QuestionnaireNode
from bot.knowledge.telegram_html import html_problems
from bot.knowledge.yaml_source import Problem, YamlDocument
from bot.normalize import fold

PLACEHOLDERS = frozenset({"ventana"})
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def _text_problems(text: str, doc: YamlDocument, where: tuple[str, ...]) -> list[Problem]:
    problems = [doc.problem(where, message, snippet) for message, snippet in html_problems(text)]
    for name in _PLACEHOLDER.findall(text):
        if name not in PLACEHOLDERS:
            problems.append(
                doc.problem(
                    where, f"'{{{name}}}' no existe; el único reemplazo es {{ventana}}", f"{{{name}}}"
                )
            )
    return problems


def questionnaire_problems(questionnaire: QuestionnaireFile, doc: YamlDocument) -> list[Problem]:
    """Each node on its own, then the whole: every node reachable, none a dead end."""
    problems: list[Problem] = []
    nodes = questionnaire.nodes
    if questionnaire.start not in nodes:
        problems.append(doc.problem(("inicio",), f"el nodo de inicio '{questionnaire.start}' no existe"))
    for node_id, node in nodes.items():
        problems.extend(_node_problems(node_id, node, nodes, doc))
    if questionnaire.start in nodes:
        reachable = _reachable(questionnaire.start, nodes)
        problems += [
            doc.problem(("nodos", node_id), f"el nodo '{node_id}' no se alcanza desde el inicio")
            for node_id in nodes
            if node_id not in reachable
        ]
    finishing = _can_finish(nodes)
    problems += [
        doc.problem(("nodos", node_id), f"desde el nodo '{node_id}' no hay forma de llegar a un fin")
        for node_id in nodes
        if node_id not in finishing
    ]
    return problems


def _node_problems(
    node_id: str, node: QuestionnaireNode, nodes: dict[str, QuestionnaireNode], doc: YamlDocument
) -> list[Problem]:
    """One node: its texts, exactly one way on, targets that exist, buttons told apart."""
    here = ("nodos", node_id)
    problems = _text_problems(node.text, doc, (*here, "texto"))
    if node.step:
        problems.extend(_text_problems(node.step, doc, (*here, "paso")))
    kinds = [
        name
        for name, present in (
            ("opciones", node.options is not None),
            ("siguiente", node.next is not None),
            ("fin", node.end),
        )
        if present
    ]
    if len(kinds) != 1:
        problems.append(
            doc.problem(
                here,
                (
                    f"el nodo '{node_id}' debe tener exactamente una de: opciones, siguiente o fin: true"
                    + (f" (tiene {', '.join(kinds)})" if kinds else "")
                ),
            )
        )
    labels: set[str] = set()
    for position, option in enumerate(node.options or []):
        where = (*here, "opciones", position)
        if option.target not in nodes:
            problems.append(doc.problem((*where, "ir_a"), f"el nodo '{option.target}' no existe"))
        if fold(option.label) in labels:  # buttons are told apart by their folded text
            problems.append(doc.problem((*where, "texto"), f"el botón '{option.label}' está repetido"))
        labels.add(fold(option.label))
    if node.next is not None and node.next not in nodes:
        problems.append(doc.problem((*here, "siguiente"), f"el nodo '{node.next}' no existe"))
    return problems


def successors(node: QuestionnaireNode) -> list[str]:
    """Nodes one step away from `node`."""
    targets = [option.target for option in node.options or []]
    return [*targets, node.next] if node.next else targets


def _reachable(start: str, nodes: dict[str, QuestionnaireNode]) -> set[str]:
    seen, queue = {start}, deque([start])
    while queue:
        for target in successors(nodes[queue.popleft()]):
            if target in nodes and target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


def _can_finish(nodes: dict[str, QuestionnaireNode]) -> set[str]:
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
