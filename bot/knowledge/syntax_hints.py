"""Finding the real slip behind a YAML syntax error, and saying it in Spanish.

The YAML parser stops where it can no longer make sense of the file, which is often lines after
the mistake a staff member made (a paste in the comment area is reported at `preguntas:`, a
phrase without its `- ` forty lines later) and its messages are English ("did not find expected
key"). So, on a syntax error, the lines up to where the parser stopped are tried with the small
repairs a person would make (indent a line like its neighbours, add the missing `- `, quote a
value that has a colon, close a quote or a bracket, turn a stray line into a comment), nearest
first: the first repair that makes the whole file readable names the line and the slip. Nothing
is ever written; when no single repair works the parser's own line is kept, its message
translated. The search is bounded (lines, trials, file size): a running bot reads staff files
every few seconds, and a hostile file must not make that slow.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator

MAX_TRIALS = 200  # parses per broken file; a failing parse stops early (well under 1 ms)
MAX_LINES_BACK = 80  # from where the parser stopped
MAX_TEXT = 256 * 1024  # the largest staff file today is ~40 KB

_KEY_VALUE = re.compile(r"^(\s*(?:- )?[^\s#:'\"][^:#]*?:) (.+)$")
_STRAY = re.compile(r"^\s*[^\s#\-'\"\[\]{}|>][^:]*$")  # no key, no dash, no comment

# libyaml's and PyYAML's messages, in the words a staff member needs (first match wins).
_TRANSLATIONS = (
    ("expected ',' or ']'", "falta cerrar el corchete ']' (o una coma entre elementos)"),
    ("expected ',' or '}'", "falta cerrar la llave '}' (o una coma entre elementos)"),
    ("unexpected end of stream", "el archivo se acabó sin cerrar una comilla o un corchete"),
    (
        "mapping values are not allowed",
        "hay ':' (dos puntos) donde no se esperaban; si el texto lleva ':', ponlo entre comillas",
    ),
    ("could not find expected ':'", "falta ':' después de la clave (o sobra esta línea)"),
    ("expected key", "la sangría (los espacios al inicio) no cuadra con la de las líneas de arriba"),
    ("'-' indicator", "la sangría (los espacios al inicio) no cuadra con la de las líneas de arriba"),
    ("block end", "la sangría (los espacios al inicio) no cuadra con la de las líneas de arriba"),
    ("document start", "esta parte del archivo no tiene forma de `clave: valor`"),
    ("cannot start any token", "hay un carácter que no puede ir aquí (¿un tabulador? usa espacios)"),
    ("unknown escape", "hay una '\\' que no se entiende dentro de comillas dobles; usa comillas simples"),
    ("expected node content", "falta un valor"),
)
GENERIC = "el formato no es válido aquí"


def spanish_detail(detail: str) -> str:
    """The parser's message said in Spanish (kept as is when it is already ours)."""
    code = re.search(r"unacceptable character (#x[0-9a-fA-F]+)", detail)
    if code:
        return f"hay un carácter invisible ({code.group(1)}) que no se permite; bórralo"
    for english, spanish in _TRANSLATIONS:
        if english in detail:
            return spanish
    return detail if not detail.isascii() else GENERIC


def find_slip(
    lines: list[str], stopped_at: int, error_line: Callable[[str], int | None]
) -> tuple[int, str] | None:
    """(line, message) of the one repair that makes the file readable, trying the lines from
    `stopped_at` (1-based, where the parser stopped) back to the top; `error_line(text)` is the
    line of the text's first syntax error, or None when it parses."""
    if sum(map(len, lines)) > MAX_TEXT:
        return None
    trials = 0
    last = min(stopped_at, len(lines))
    for number in range(last, max(0, last - MAX_LINES_BACK), -1):
        for repaired, message in _repairs(lines, number - 1):
            trials += 1
            if trials > MAX_TRIALS:
                return None
            text = "".join([*lines[: number - 1], repaired, *lines[number:]])
            if error_line(text) is None:
                return number, message
    return None


def _repairs(lines: list[str], index: int) -> Iterator[tuple[str, str]]:
    """The repairs worth trying on one line, each with what it says was wrong."""
    line = lines[index]
    body = line.rstrip("\r\n")
    ending = line[len(body) :]
    content = body.lstrip(" ")
    if not content or content.startswith("#"):
        return
    indent = len(body) - len(content)
    if body.replace('\\"', "").count('"') % 2:
        yield body + '"' + ending, "¿falta cerrar una comilla en esta línea?"
    for opening, closing in (("[", "]"), ("{", "}")):
        if body.count(opening) > body.count(closing):
            yield body + closing + ending, f"falta cerrar '{opening}' con '{closing}' en esta línea"
    pair = _KEY_VALUE.match(body)
    if pair and ": " in pair.group(2) and not pair.group(2).startswith(("'", '"', "[", "{")):
        quoted = f"{pair.group(1)} {json.dumps(pair.group(2), ensure_ascii=False)}"
        yield (
            quoted + ending,
            (f"el texto lleva ':' (dos puntos): ponlo entre comillas, por ejemplo {quoted.strip()}"),
        )
    above = _previous_content(lines, index)
    if _STRAY.match(body) and above is not None and above.lstrip().startswith("- "):
        dash = above[: len(above) - len(above.lstrip())]
        yield (
            f"{dash}- {content}{ending}",
            ("a esta línea le falta '- ' al inicio, como a las demás de la lista"),
        )
    for wanted in _indents_around(lines, index):
        if wanted != indent:
            yield (
                " " * wanted + content + ending,
                (
                    f"la sangría no cuadra: esta línea empieza con {indent} espacio(s) y debe tener "
                    f"{wanted}, como las de su mismo nivel"
                ),
            )
    if _STRAY.match(body):
        yield (
            "#" + body + ending,
            (
                "esta línea no es `clave: valor` ni `- texto`; ¿quedó pegada "
                "aquí por error? Si es una nota, empiézala con #"
            ),
        )


def _previous_content(lines: list[str], index: int) -> str | None:
    for line in reversed(lines[:index]):
        if line.strip() and not line.lstrip().startswith("#"):
            return line.rstrip("\r\n")
    return None


def _indents_around(lines: list[str], index: int) -> list[int]:
    """Indentations a line could mean: the line above's, where its key starts after a `- `,
    one step deeper, the next line's, and one or two spaces either way."""
    wanted: list[int] = []
    above = _previous_content(lines, index)
    if above is not None:
        start = len(above) - len(above.lstrip())
        wanted.append(start)
        if above.lstrip().startswith("- "):
            wanted.append(start + 2)
        if above.endswith(":"):
            wanted.append(start + 2)
    for line in lines[index + 1 :]:
        if line.strip() and not line.lstrip().startswith("#"):
            wanted.append(len(line) - len(line.lstrip(" ")))
            break
    own = len(lines[index]) - len(lines[index].lstrip(" "))
    wanted += [own - 1, own + 1, own - 2, own + 2]  # a space too many or too few
    return [n for n in dict.fromkeys(wanted) if n >= 0]
