"""Adding one whole new question (id, titulo, respuesta, frases) to `preguntas.yaml` the way a
careful staff member would: a new block after the last item, with the file's own indentation,
and nothing else in the file touched (its comments, order, quoting and layout stay as written).

Shared by `faqbot add-item` and, later, the staff group's "📚 Guardar como respuesta": both need
the same refusals (an id, a title or a phrasing that is already someone else's) and the same
safety as `editing.add_phrasing` (validated as a whole knowledge base in a scratch copy, then an
atomic rename that never overwrites an edit made meanwhile).
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from pathlib import Path

from annotated_types import MinLen
from ruamel.yaml import YAML

from bot.knowledge.editing import (
    ATTEMPTS,
    MAX_PHRASE,
    Added,
    EditError,
    _check,
    _current,
    _replace,
    value_at,
)
from bot.knowledge.loader import FAQ_FILE, KnowledgeBase
from bot.knowledge.schema import FaqItem
from bot.knowledge.telegram_html import html_problems
from bot.knowledge.yaml_source import YamlDocument, parse_yaml, read_staff_file
from bot.normalize import SynonymRewriter, fold

MAX_TITLE = 60  # FaqItem.title
MAX_ID = 40  # FaqItem.id
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
MIN_PHRASES = next(m.min_length for m in FaqItem.model_fields["phrasings"].metadata if isinstance(m, MinLen))


def add_item(
    faq_dir: Path,
    title: str,
    answer: str,
    phrases: list[str],
    item_id: str | None = None,
    answered_by: Callable[[KnowledgeBase, str], str | None] | None = None,
) -> Added:
    """Append a new item to `preguntas.yaml`; `Added.line` is its `- id:` line. The id is
    `item_id` or one made from the title. `answered_by(knowledge, text)` may name a topic that
    already answers `text` outright: a title or phrasing it claims is refused."""
    title, answer = " ".join(title.split()), answer.strip()
    phrases = _clean_phrases(phrases)
    _refuse_shape(title, answer, phrases, item_id)
    for _ in range(ATTEMPTS):
        knowledge = _current(faq_dir)
        new_id = _unique_id(knowledge, item_id, title)
        _refuse_taken(knowledge, title, phrases, answered_by)
        path = faq_dir / FAQ_FILE
        original = read_staff_file(path)
        new_text, line = _with_item(
            path,
            original.decode("utf-8"),
            {"id": new_id, "titulo": title, "respuesta": answer, "frases": phrases},
        )
        _check(faq_dir, FAQ_FILE, new_text)
        if _replace(path, original, new_text.encode("utf-8")):
            return Added(path, line, f"- id: {new_id}", original)
    raise EditError("el archivo cambió varias veces mientras lo guardaba; intenta de nuevo")


def make_id(title: str) -> str:
    """An id from the title: its words without accents, joined by '_', at most MAX_ID long."""
    words = fold(title).split()
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > MAX_ID:
            break
        slug = f"{slug}_{word}" if slug else word
    slug = slug or (words[0][:MAX_ID] if words else "")
    if not slug or not slug[0].isalpha():
        slug = f"pregunta_{slug}"[:MAX_ID].rstrip("_")
    return slug


def _clean_phrases(phrases: list[str]) -> list[str]:
    seen: set[str] = set()
    cleaned = []
    for phrase in (" ".join(p.split()) for p in phrases):
        if phrase and fold(phrase) not in seen:
            seen.add(fold(phrase))
            cleaned.append(phrase)
    return cleaned


def _refuse_shape(title: str, answer: str, phrases: list[str], item_id: str | None) -> None:
    if not title:
        raise EditError("falta el título (--titulo)")
    if len(title) > MAX_TITLE:
        raise EditError(f"el título es muy largo ({len(title)} caracteres; máximo {MAX_TITLE})")
    if not answer:
        raise EditError("falta la respuesta (--respuesta)")
    problems = html_problems(answer)
    if problems:
        raise EditError(f"la respuesta tiene HTML que Telegram no acepta: {problems[0][0]}")
    if len(phrases) < MIN_PHRASES:
        raise EditError(
            f"hacen falta al menos {MIN_PHRASES} frases distintas (--frase); diste {len(phrases)}"
        )
    long = [p for p in phrases if len(p) > MAX_PHRASE]
    if long:
        raise EditError(f"la frase «{long[0][:40]}…» es muy larga (máximo {MAX_PHRASE} caracteres)")
    if item_id is not None and not ID_PATTERN.match(item_id):
        raise EditError(
            f"el id '{item_id}' no sirve: usa minúsculas sin acentos, números y _, "
            f"empezando con letra (máximo {MAX_ID})"
        )


def _unique_id(knowledge: KnowledgeBase, item_id: str | None, title: str) -> str:
    taken = {
        *knowledge.items,
        knowledge.reception.id,
        *knowledge.out_of_scope,
        *(t.id for t in knowledge.own_topics),
    }
    if item_id is not None:
        if item_id in taken:
            raise EditError(f"el id '{item_id}' ya existe; elige otro o quita --id")
        return item_id
    base = make_id(title)
    candidate, number = base, 2
    while candidate in taken:
        suffix = f"_{number}"
        candidate, number = base[: MAX_ID - len(suffix)] + suffix, number + 1
    return candidate


def _refuse_taken(
    knowledge: KnowledgeBase,
    title: str,
    phrases: list[str],
    answered_by: Callable[[KnowledgeBase, str], str | None] | None,
) -> None:
    key = fold(title)
    for item in knowledge.items.values():
        if fold(item.title) == key:
            raise EditError(f"ya hay una pregunta con ese título ({item.id})")
    rewrite = SynonymRewriter(knowledge.synonyms).rewrite
    owned = {rewrite(fold(p)): t for t in (*knowledge.topics, *knowledge.negatives) for p in t.phrasings}
    for phrase in phrases:
        owner = owned.get(rewrite(fold(phrase)))
        if owner is not None:
            raise EditError(f"«{phrase}» ya está en «{owner.title}» ({owner.id})")
    if answered_by is None:
        return
    for text in (title, *phrases):
        answering = answered_by(knowledge, text)
        if answering is not None:
            raise EditError(
                f"«{text}» ya se responde con «{knowledge.title(answering)}» "
                f"({answering}); agrega la frase ahí con `faqbot add-phrase` "
                "o escríbela distinto"
            )


def _with_item(path: Path, text: str, item: dict[str, object]) -> tuple[str, int]:
    """The file's text with the item's block after the last item; and the block's first line."""
    doc = parse_yaml(text, str(path))
    if doc.problems:
        raise EditError(str(doc.problems[0]))
    items = doc.data.get("preguntas") if isinstance(doc.data, dict) else None
    if not isinstance(items, list) or not items:
        raise EditError(f"no encontré la lista `preguntas` en {path.name}")
    lines = text.splitlines(keepends=True)
    dash_line = doc.lines[("preguntas", 0)]
    dash = lines[dash_line - 1]
    indent = dash[: len(dash) - len(dash.lstrip())]
    if not dash.lstrip().startswith("- "):
        raise EditError(f"no reconozco cómo están escritas las preguntas en {path.name}")
    newline = "\r\n" if dash.endswith("\r\n") else "\n"
    last = max(
        end
        for key, (_, end) in doc.spans.items()  # scalars end where their text ends
        if key[:2] == ("preguntas", len(items) - 1) and not isinstance(value_at(doc.data, key), dict | list)
    )
    separated = len(items) > 1 and not lines[doc.lines[("preguntas", 1)] - 2].strip()
    if not lines[last - 1].endswith(("\n", "\r")):
        lines[last - 1] += newline
    head = newline if separated else ""
    for literal in (True, False):  # a multi-line answer as a `|-` block, else JSON-quoted
        block = _render(item, indent, _list_indent(doc, lines, indent), newline, literal)
        new_text = "".join([*lines[:last], head + block, *lines[last:]])
        written = parse_yaml(new_text, path.name).data
        if isinstance(written, dict) and written.get("preguntas", [])[len(items) :] == [item]:
            break
    return new_text, last + 1 + (1 if separated else 0)


def _list_indent(doc: YamlDocument, lines: list[str], indent: str) -> str:
    """How far the `frases` entries are indented in the first item (the file's own style)."""
    first = doc.lines.get(("preguntas", 0, "frases", 0))
    if first is None:
        return indent + "    "
    line = lines[first - 1]
    return line[: len(line) - len(line.lstrip())]


def _render(item: dict[str, object], indent: str, list_indent: str, newline: str, literal: bool) -> str:
    inner = indent + "  "
    out = []
    for number, (key, value) in enumerate(item.items()):
        lead = f"{indent}- " if number == 0 else inner
        if isinstance(value, list):
            out.append(f"{lead}{key}:")
            out.extend(f"{list_indent}{_scalar_item(str(v))}" for v in value)
        elif "\n" in str(value) and literal:
            out.append(f"{lead}{key}: |-")
            out.extend(f"{inner}  {part}".rstrip() for part in str(value).split("\n"))
        elif "\n" in str(value):
            out.append(f"{lead}{key}: {json.dumps(value, ensure_ascii=False)}")
        else:
            out.append(f"{lead}{key}: {_scalar_item(str(value))[2:]}")
    return newline.join(out) + newline


def _scalar_item(value: str) -> str:
    """`- value` as YAML, quoted only when needed (ruamel.yaml decides); JSON-quoted when the
    loader (YAML 1.1) would read the plain form as something else, e.g. 12:30."""
    rendered = io.StringIO()
    yaml = YAML()
    yaml.width = 4096
    yaml.dump([value], rendered)
    item = rendered.getvalue().strip()
    if "\n" in item or parse_yaml(item, "-").data != [value]:
        item = "- " + json.dumps(value, ensure_ascii=False)  # JSON strings are YAML strings
    return item
