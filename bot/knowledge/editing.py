"""Adding one phrasing to a staff file the way a careful staff member would: one new line under
the right `frases`, with that list's indentation, and nothing else in the file touched (its
comments, order, quoting and layout stay exactly as written).

The new line is placed from the file's own line numbers and written as YAML by ruamel.yaml (a
round-trip YAML library, so the phrase is quoted only when YAML needs it); the new file is
validated as a whole knowledge base before it replaces the old one (temporary file, then an
atomic rename), so a write that would break anything changes nothing. A staff member's edit
made meanwhile is never overwritten: the file is read again right before the rename.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from ruamel.yaml import YAML

from bot.knowledge.loader import (
    FAQ_FILE,
    KNOWLEDGE_FILES,
    OUT_OF_SCOPE_FILE,
    RECEPTION_FILE,
    KnowledgeBase,
    KnowledgeError,
    load_knowledge,
)
from bot.knowledge.yaml_source import parse_yaml, read_staff_file
from bot.normalize import SynonymRewriter, fold

OUT_OF_SCOPE_PREFIX = "fuera_de_tema:"
MAX_PHRASE = 200
ATTEMPTS = 3


class EditError(Exception):
    """Why the phrasing was not added, for staff (Spanish); the file is unchanged."""


@dataclass(frozen=True)
class Added:
    file: Path
    line: int  # where the new line is, 1-based
    text: str  # the line as written, without its indentation
    before: bytes = field(default=b"", repr=False)  # the file as it was (to undo the change)


@dataclass(frozen=True)
class _Target:
    file: str
    path: tuple[str | int, ...]  # to the entry that has the `frases`
    name: str  # how the target is called in messages


def add_phrasing(
    faq_dir: Path,
    target: str,
    phrase: str,
    answered_by: Callable[[KnowledgeBase, str], str | None] | None = None,
) -> Added:
    """Add `phrase` to the `frases` of `target` (an item id, `fechas_recepcion`, or
    `fuera_de_tema:<group>`). `answered_by(knowledge, phrase)` may name a topic that already
    answers the phrase outright; adding it under another one is refused."""
    phrase = " ".join(phrase.split())
    if not phrase:
        raise EditError("la frase está vacía")
    if len(phrase) > MAX_PHRASE:
        raise EditError(f"la frase es muy larga (máximo {MAX_PHRASE} caracteres)")
    for _ in range(ATTEMPTS):
        knowledge = _current(faq_dir)
        where = _locate(knowledge, target)
        _refuse_duplicates(knowledge, where, phrase)
        if answered_by is not None and not target.startswith(OUT_OF_SCOPE_PREFIX):
            answering = answered_by(knowledge, phrase)
            if answering is not None and answering != target:
                raise EditError(
                    f"«{phrase}» ya se responde con «{knowledge.title(answering)}» "
                    f"({answering}); agregarla a {where.name} haría dudar al asistente"
                )
        path = faq_dir / where.file
        original = read_staff_file(path)
        new_text, added = _with_line(path, original.decode("utf-8"), where, phrase)
        _check(faq_dir, where.file, new_text)
        if _replace(path, original, new_text.encode("utf-8")):
            return replace(added, before=original)
    raise EditError("el archivo cambió varias veces mientras lo guardaba; intenta de nuevo")


def _current(faq_dir: Path) -> KnowledgeBase:
    try:
        return load_knowledge(faq_dir)
    except KnowledgeError as exc:
        raise EditError(
            "la base de conocimiento ya tiene problemas; corrígelos primero: "
            + "; ".join(map(str, exc.problems[:3]))
        ) from None


def _locate(knowledge: KnowledgeBase, target: str) -> _Target:
    if target == knowledge.reception.id:
        return _Target(RECEPTION_FILE, (), f"«{knowledge.reception.title}»")
    if target.startswith(OUT_OF_SCOPE_PREFIX):
        group = target.removeprefix(OUT_OF_SCOPE_PREFIX)
        ids = list(knowledge.out_of_scope)
        if group not in ids:
            raise EditError(
                f"'{group}' no es un grupo de fuera_de_tema.yaml; los grupos son: "
                + ", ".join(f"{OUT_OF_SCOPE_PREFIX}{i}" for i in ids)
            )
        return _Target(
            OUT_OF_SCOPE_FILE,
            ("fuera_de_tema", ids.index(group)),
            f"«{knowledge.out_of_scope[group].name}» (fuera de tema)",
        )
    ids = list(knowledge.items)
    if target not in ids:
        raise EditError(
            f"'{target}' no es el id de ninguna pregunta; los ids son: "
            f"{', '.join([*ids, knowledge.reception.id])} "
            f"(o {OUT_OF_SCOPE_PREFIX}<grupo> para una pregunta fuera de tema)"
        )
    return _Target(FAQ_FILE, ("preguntas", ids.index(target)), f"«{knowledge.title(target)}»")


def _refuse_duplicates(knowledge: KnowledgeBase, where: _Target, phrase: str) -> None:
    rewrite = SynonymRewriter(knowledge.synonyms).rewrite
    key = rewrite(fold(phrase))
    if not key:
        raise EditError("la frase no tiene letras")
    owners = [(t.title, t.phrasings) for t in (*knowledge.topics, *knowledge.negatives)]
    for title, phrasings in owners:
        if any(rewrite(fold(p)) == key for p in phrasings):
            raise EditError(f"«{phrase}» ya está en «{title}»")


def _with_line(path: Path, text: str, where: _Target, phrase: str) -> tuple[str, Added]:
    """The file's text with one line added after the last item of the target's `frases`."""
    doc = parse_yaml(text, str(path))
    if doc.problems:
        raise EditError(f"{doc.problems[0]}")
    phrasings = value_at(doc.data, (*where.path, "frases"))
    if not isinstance(phrasings, list) or not phrasings:
        raise EditError(f"no encontré las frases de {where.name} en {path.name}")
    first, last = doc.spans[(*where.path, "frases", len(phrasings) - 1)]
    lines = text.splitlines(keepends=True)
    dash = lines[first - 1]
    if not dash.lstrip().startswith("- "):
        raise EditError(
            f"las frases de {where.name} están en una sola línea ([…]) en "
            f"{path.name}:{first}; agrégala a mano"
        )
    indent = dash[: len(dash) - len(dash.lstrip())]
    newline = "\r\n" if dash.endswith("\r\n") else "\n"
    rendered = io.StringIO()
    yaml = YAML()
    yaml.width = 4096
    yaml.dump([phrase], rendered)
    item = rendered.getvalue().strip()
    if parse_yaml(item, path.name).data != [phrase]:  # e.g. 12:30, a number under YAML 1.1
        item = "- " + json.dumps(phrase, ensure_ascii=False)  # JSON strings are YAML strings
    if not lines[last - 1].endswith(("\n", "\r")):
        lines[last - 1] += newline
    lines.insert(last, f"{indent}{item}{newline}")
    return "".join(lines), Added(path, last + 1, item)


def value_at(data: object, path: tuple[str | int, ...]) -> object:
    """The value at a key path of plain YAML data, or None."""
    for part in path:
        if isinstance(data, dict) and isinstance(part, str):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return None
    return data


def _check(faq_dir: Path, name: str, new_text: str) -> None:
    """Load the knowledge base as it would be; any problem stops the write."""
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch)
        for file in KNOWLEDGE_FILES:
            if (faq_dir / file).exists():
                shutil.copyfile(faq_dir / file, copy / file)
        (copy / name).write_text(new_text, encoding="utf-8")
        try:
            load_knowledge(copy)
        except KnowledgeError as exc:
            shown = "; ".join(str(p).replace(str(copy), str(faq_dir)) for p in exc.problems[:3])
            raise EditError(f"no la agregué: el archivo quedaría con problemas ({shown})") from None


def _replace(link: Path, original: bytes, new: bytes) -> bool:
    """Swap the file for its new version unless someone changed it since it was read. A staff
    file that is a symlink is written where it points: the link stays a link."""
    path = Path(os.path.realpath(link))
    mode = stat.S_IMODE(path.stat().st_mode)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(new)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, mode)
        if read_staff_file(path) != original:
            return False  # a hand edit meanwhile: start again from it
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return True
