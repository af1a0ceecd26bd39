"""The small slips a new staff member makes following faq/LEEME.md (issue 17): each one gives
exactly one message, in Spanish, at the line to fix; a file that cannot be read does not make
other files look wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.knowledge import KnowledgeError, load_knowledge
from bot.knowledge.editing import EditError, add_phrasing

PHRASE = "      - q es el seguro facultativo\n"
TITLE = "    titulo: ¿Qué es el seguro facultativo?\n"
HEADER_END = "#   relacionadas: ids de otras preguntas que conviene ofrecer después\n"
SANGRIA = (
    "la sangría no cuadra: esta línea empieza con {} espacio(s) y debe tener {}, como las de su mismo nivel"
)
PASTED = (
    "esta línea no es `clave: valor` ni `- texto`; ¿quedó pegada aquí por error? Si es "
    "una nota, empiézala con #"
)

# (file, text to replace, its replacement, a marker on the line to fix, the one message)
SLIPS = {
    "tab": (
        "preguntas.yaml",
        PHRASE,
        "\t  - q es el seguro facultativo\n",
        "q es el seguro f",
        "hay un tabulador al inicio de la línea: usa espacios",
    ),
    "tab in fuera_de_tema": (
        "fuera_de_tema.yaml",
        "      - donde puedo hacer mi servicio social\n",
        "\t- donde puedo hacer mi servicio social\n",
        "donde puedo hacer mi servicio",
        "hay un tabulador al inicio de la línea: usa espacios",
    ),
    "a phrase one space short": (
        "preguntas.yaml",
        PHRASE,
        PHRASE[1:],
        "q es el seguro f",
        SANGRIA.format(5, 6),
    ),
    "a key one space short": ("preguntas.yaml", TITLE, TITLE[1:], "titulo: ¿Qué es el", SANGRIA.format(3, 4)),
    "an item one space too far": (
        "preguntas.yaml",
        "  - id: documento_nss",
        "   - id: documento_nss",
        "- id: documento_nss",
        SANGRIA.format(3, 2),
    ),
    "a paste in the comment area": (
        "preguntas.yaml",
        "#   titulo:",
        "como saco mi nss\n#   titulo:",
        "como saco mi nss",
        PASTED,
    ),
    "a paste after the comments": (
        "preguntas.yaml",
        HEADER_END,
        HEADER_END + "que onda como saco mi nss\n",
        "que onda como saco",
        PASTED,
    ),
    "a phrase without its dash": (
        "preguntas.yaml",
        PHRASE,
        PHRASE + "como saco mi nss\n",
        "como saco mi nss",
        "a esta línea le falta '- ' al inicio, como a las demás de la lista",
    ),
    "a phrase with a colon": (
        "preguntas.yaml",
        PHRASE,
        "      - nota: q es el seguro\n",
        "nota: q es",
        "el elemento 2 de 'frases' se leyó como `clave: "
        "valor` por los dos puntos (':'); si es texto, ponlo entre "
        'comillas: "nota: q es el seguro"',
    ),
    "a title with a colon": (
        "preguntas.yaml",
        TITLE,
        "    titulo: Seguro: ¿qué es?\n",
        "Seguro: ¿qué es?",
        "el texto lleva ':' (dos puntos): ponlo entre comillas, por ejemplo titulo: \"Seguro: ¿qué es?\"",
    ),
    "a key without a value": (
        "preguntas.yaml",
        TITLE,
        "    titulo:\n",
        "    titulo:",
        "'titulo' está vacío: escribe el valor después de 'titulo:'",
    ),
    "text where a list is expected": (
        "preguntas.yaml",
        "    relacionadas: [documento_nss, obligatorio_renuncia]",
        "    relacionadas: documento_nss",
        "relacionadas: documento_nss",
        "'relacionadas' debe ser una lista (líneas que empiezan con '- ')",
    ),
    "an unclosed quote": (
        "preguntas.yaml",
        PHRASE,
        '      - "q es el seguro facultativo\n',
        '"q es el seguro',
        "¿falta cerrar una comilla en esta línea?",
    ),
    "a misspelled key": (
        "preguntas.yaml",
        "    frases:\n      - que es el seguro facultativo\n",
        "    frase:\n      - que es el seguro facultativo\n",
        "    frase:\n",
        "campo desconocido 'frase': ¿querías escribir 'frases'?",
    ),
}


@pytest.mark.parametrize("slip", list(SLIPS))
def test_one_slip_gives_one_message_at_its_line(faq_copy: Path, slip: str) -> None:
    file, old, new, marker, message = SLIPS[slip]
    path = faq_copy / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    changed = path.read_text(encoding="utf-8")
    line = changed[: changed.index(marker)].count("\n") + 1
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(faq_copy)
    assert [str(p) for p in caught.value.problems] == [f"{path}:{line}: {message}"]


def test_an_unknown_id_lists_the_valid_ones(faq_copy: Path) -> None:
    with pytest.raises(EditError) as caught:
        add_phrasing(faq_copy, "contacto", "como los contacto")
    assert str(caught.value) == (
        "'contacto' no es el id de ninguna pregunta; los ids son: que_es, documento_nss, "
        "verificar_alta, registro_clinica, cambio_plantel, obligatorio_renuncia, "
        "fechas_recepcion (o fuera_de_tema:<grupo> para una pregunta fuera de tema)"
    )
    with pytest.raises(EditError, match="los grupos son: fuera_de_tema:servicio_social, "):
        add_phrasing(faq_copy, "fuera_de_tema:becass", "beca para la uni")
