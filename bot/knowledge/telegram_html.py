"""The subset of Telegram HTML that answers may use, checked the way Telegram parses it.

Telegram rejects a whole message ("can't parse entities") for one stray `<` or an unclosed tag,
so answers are checked when the knowledge base loads, not when a student is waiting.
"""

from __future__ import annotations

import html
import re

MAX_MESSAGE_CHARS = 4096
ALLOWED_TAGS = frozenset({"b", "i", "u", "s", "a", "code"})

_TOKEN = re.compile(r"<[^<>]*>|&[^;\s<>&]*;?|[<>]")
_TAG = re.compile(r"^<(/?)([a-zA-Z0-9-]+)((?:\s[^<>]*)?)>$")
_HREF = re.compile(r'^\s+href="([^"<>]+)"\s*$')
_ENTITY = re.compile(r"^&(?:lt|gt|amp|quot|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});$")
_LINK = re.compile(r'<a href="([^"]*)">(.*?)</a>', re.S)
_ANY_TAG = re.compile(r"<[^<>]*>")


def html_problems(text: str) -> list[tuple[str, str]]:
    """Why Telegram would reject `text` as an HTML message, each with the piece of text at
    fault (to find its line); empty when it is fine."""
    problems: list[tuple[str, str]] = []
    open_tags: list[tuple[str, str]] = []
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token in ("<", ">"):
            escaped = "&lt;" if token == "<" else "&gt;"
            problems.append((f"'{token}' suelto: escríbelo como {escaped}", token))
        elif token.startswith("&"):
            if not _ENTITY.match(token):
                problems.append((f"'{token}' no es una entidad válida: escribe & como &amp;", token))
        else:
            problems.extend((message, token) for message in _tag_problems(token, open_tags))
    problems.extend((f"falta cerrar <{tag}>", token) for tag, token in reversed(open_tags))
    length = visible_length(text)
    if length > MAX_MESSAGE_CHARS:
        problems.append((f"el texto tiene {length} caracteres; Telegram admite {MAX_MESSAGE_CHARS}", ""))
    return problems


def _tag_problems(token: str, open_tags: list[tuple[str, str]]) -> list[str]:
    tag = _TAG.match(token)
    if not tag:
        return [f"etiqueta mal escrita: {token}"]
    closing, name, attributes = tag.group(1) == "/", tag.group(2).lower(), tag.group(3)
    if name not in ALLOWED_TAGS:
        return [f"etiqueta <{name}> no permitida (solo <b> <i> <u> <s> <a href> <code>)"]
    if closing:
        if attributes.strip():
            return [f"la etiqueta de cierre </{name}> no lleva atributos"]
        if not open_tags or open_tags[-1][0] != name:
            expected = f"</{open_tags[-1][0]}>" if open_tags else "ninguna"
            return [f"</{name}> no corresponde (se esperaba {expected})"]
        open_tags.pop()
        return []
    if name == "a":
        if not _HREF.match(attributes):
            return ['<a> necesita exactamente href="..."']
    elif attributes.strip():
        return [f"<{name}> no lleva atributos"]
    open_tags.append((name, token))
    return []


def visible_length(text: str) -> int:
    """Length as Telegram counts it: after tags are removed and entities decoded."""
    return len(html.unescape(_ANY_TAG.sub("", text)))


def to_plain_text(text: str) -> str:
    """Terminal rendering: links become 'label (url)', other tags vanish."""

    def link(match: re.Match[str]) -> str:
        url, label = html.unescape(match.group(1)), _ANY_TAG.sub("", match.group(2))
        return url if html.unescape(label) == url else f"{label} ({url})"

    return html.unescape(_ANY_TAG.sub("", _LINK.sub(link, text)))
