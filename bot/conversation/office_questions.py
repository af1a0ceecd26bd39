"""What a student asks about the office, read from the words that name it: where it is, its
hours (on a day, at an hour), whether it is open, its phone, e-mail or page, a person to talk to,
or "¿qué me toca hacer?".

The matchers weigh every word, so a plain office question with words they never saw ("y dónde
queda la oficina, voy corriendo", "kiero hablar con alguien ahorita") loses its confidence. These
few topics are named by unmistakable words instead, so they are read here first; a question
that names them only loosely ("¿a qué hora reciben las tarjetas?") is still the FAQ's when the
FAQ answers it outright. Several may be asked at once ("el tel y el horario").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time

from bot.conversation.days import WEEKDAYS, day_mentioned
from bot.conversation.message_shape import spelled_out
from bot.privacy import redact

# "los sábados", "en fin de semana": every such day, not the next one.
_EVERY_WEEKDAY = re.compile(r"\blos (lunes|martes|miercoles|jueves|viernes|sabados|domingos)\b")
_WEEKEND = re.compile(r"\b(?:fin(?:es)? de semana|findes?)\b")
_HOUR = re.compile(
    r"\b(?:a las|como a las|tipo|despues de las|antes de las)\s+(\d{1,2})(?:[:.](\d{2})| y (media|cuarto))?"
    r"(?:\s*(am|pm|de la manana|de la tarde|de la noche))?\b"
)
# A person's number, not the insurance's ("número de seguridad social").
_NSS = re.compile(r"\b(?:nss|seguridad social|afiliacion|imss)\b")

_CUES: tuple[tuple[str, re.Pattern[str], bool], ...] = (
    # (topic, words, whether they name it beyond doubt)
    (
        "persona",
        re.compile(
            r"\b(?:hablar|platicar|comunic\w*|contactar|pas\w*|atiend\w*|atender|chatear)\b"
            r"(?:\s+\w+){0,4}?\s+(?:una persona|alguien|un humano|humano|un asesor|asesor\w*|"
            r"encargad\w*|personal|gente|licenciad\w*)\b|\b(?:persona real|un humano|asesor humano)\b|"
            r"\balguien (?:que|q) me (?:pueda |puede )?(?:atienda|atender|ayude|ayudar)\b"
        ),
        True,
    ),
    (
        "que_me_toca",
        re.compile(
            r"\b(?:que me toca hacer|que tramite me toca|no se (?:que|ni que) (?:hacer|hago|me toca|"
            r"tengo que hacer)|por donde empiezo|no se por donde empezar)\b"
        ),
        True,
    ),
    (
        "oficina_telefono",
        re.compile(
            r"\b(?:telefono|tel|tels|cel|celular|whatsapp|whats|wasap|wsp|marcar|marcarles|les marco|"
            r"llamar|llamarles|les llamo)\b|\b(?:algun|un|el|su|tienen|de) numero\b"
        ),
        True,
    ),
    ("oficina_correo", re.compile(r"\b(?:correo|mail|email|e mail|gmail)\b"), True),
    (
        "oficina_web",
        re.compile(r"\b(?:tienen|su|la) (?:pagina|sitio|web|pagina web|link|liga)\b"),
        True,
    ),
    (
        "oficina_abierta",
        re.compile(
            r"\b(?:abiert[oa]s?|ya abrieron|ya abrio|ya cerraron|ya cerro|cerrad[oa]s?|"
            r"estan ahorita|hay alguien (?:ahorita|ahi|en la oficina)|puedo ir ahorita|ahorita atienden)\b"
        ),
        False,
    ),
    (
        "oficina_horario",
        re.compile(
            r"\b(?:horario|horarios|que hora|hasta que hora|desde que hora|abre|abren|cierra|cierran|"
            r"atienden|atiende)\b"
        ),
        False,
    ),
    (
        "oficina_lugar",
        re.compile(
            r"\b(?:donde|en que parte|en que edificio|como llego)\b"
            r"(?:\s+\w+){0,3}?\s+(?:oficina|ofi|queda|quedan|se encuentra|se encuentran|los encuentro)\b|"
            r"\b(?:ubicacion|direccion) de la oficina\b|\ben que edificio\b"
        ),
        False,
    ),
)
# The office itself named: what its words ask is about it, whatever the FAQ reads.
_NAMES_OFFICE = re.compile(r"\b(?:oficina|ofi|ustedes)\b")
# Words of the insurance's procedures: "¿dónde saco mi NSS?" is the FAQ's, not the office's.
_PROCEDURE = re.compile(
    r"\b(?:saco|sacar|obtengo|consigo|tramito|descargo|nss|vigencia|clinica|constancia)\b"
)

# "¿a qué hora llevo mi tarjeta a la oficina?" is about the dates first: the FAQ's to answer.
CARDS = re.compile(r"\b(?:nss|tarjeta\w*|entreg\w*|recib\w*|llevo|llevar)\b")


@dataclass(frozen=True)
class OfficeAsk:
    """The office topics a message asks about, in the order asked, and the day or hour."""

    topics: tuple[str, ...]
    sure: bool = False  # named beyond doubt (a person, the phone, the office itself)
    day: date | None = None
    every_weekday: frozenset[int] = frozenset()  # "los sábados"
    hour: time | None = None  # "si llego a las 3"


def read_office_question(text: str, today: date) -> OfficeAsk | None:
    """The office topics `text` names, or None when it names none."""
    plain = spelled_out(text)
    # "mi cel 55…, mi correo ana@…": the student's own data, labelled, not a request for ours
    gives_data = redact(text) != text
    found: list[tuple[int, str, bool]] = []
    for topic, words, sure in _CUES:
        if gives_data and topic in ("oficina_telefono", "oficina_correo"):
            continue
        match = words.search(plain)
        if match is None or (topic == "oficina_telefono" and _NSS.search(plain) and "tel" not in plain):
            continue
        if topic == "oficina_lugar" and _PROCEDURE.search(plain):
            continue
        found.append((match.start(), topic, sure))
    if not found:
        return None
    topics = _without_overlaps([topic for _, topic, _ in sorted(found)])
    named = bool(_NAMES_OFFICE.search(plain)) and not CARDS.search(plain)
    sure = named or any(s for _, topic, s in found if topic in topics)
    return OfficeAsk(tuple(topics), sure, *when_asked(plain, today))


def when_asked(plain: str, today: date) -> tuple[date | None, frozenset[int], time | None]:
    """The day, the weekdays ("los sábados") and the hour a folded message asks about."""
    every: set[int] = set()
    for name in _EVERY_WEEKDAY.findall(plain):
        every.add(WEEKDAYS[name.removesuffix("s") if name.endswith("os") else name])
    if _WEEKEND.search(plain):
        every |= {5, 6}
    day = None if every else day_mentioned(plain, today)
    return day, frozenset(every), hour_mentioned(plain)


def hour_mentioned(plain: str) -> time | None:
    """ "a las 3" (in the afternoon: offices are asked about by day), "a las 9:30", "3 pm"."""
    match = _HOUR.search(plain)
    if match is None:
        return None
    hour, minutes = int(match.group(1)), int(match.group(2) or 0)
    minutes = {"media": 30, "cuarto": 15}.get(match.group(3) or "", minutes)
    part = match.group(4) or ""
    if (part in ("pm", "de la tarde", "de la noche") and hour < 12) or (not part and 1 <= hour <= 7):
        hour += 12
    if hour > 23 or minutes > 59:
        return None
    return time(hour, minutes)


def _without_overlaps(topics: list[str]) -> list[str]:
    """ "¿Está abierta, a qué hora cierra?" is one question: whether it is open answers both."""
    if "oficina_abierta" in topics and "oficina_horario" in topics:
        topics = [t for t in topics if t != "oficina_horario"]
    if "persona" in topics:  # "¿hay algún número donde me atienda una persona?": the phone says how
        topics = [t for t in topics if t != "persona"] or topics
    return list(dict.fromkeys(topics))
