"""A ticket the office answered, drafted as a new FAQ item ("📚 Guardar como respuesta"): the
rules that turn the student's question and the office's reply into a title, an answer and the
first phrasings, and what must be fixed (or at least seen) before the draft is published.

Nothing here invents: the title is the student's question tidied up (greetings and thanks
dropped, "¿…?" and the accent of a leading question word added), the answer is the office's
own reply (its opening "Hola Ana:" dropped, since every student will read it), and the
phrasings are the question as the student asked it and, when it reads differently, the title.
The schema wants MIN_PHRASES phrasings per item; no machine paraphrase is proposed (it could
be wrong, or steal other items' questions), so the admin adds the missing ways of asking it in
one reply, one a line. Texts from the ticket arrive masked (bot/privacy.py); what the admin
types is taken as written. Transport-free: the Telegram side is bot/telegram/learning.py.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import asdict, dataclass, field, replace

from bot.knowledge import KnowledgeBase
from bot.knowledge.editing import MAX_PHRASE
from bot.knowledge.new_item import MAX_TITLE, MIN_PHRASES, _unique_id
from bot.knowledge.telegram_html import html_problems
from bot.normalize import fold

TITLE, ANSWER, PHRASES = "titulo", "respuesta", "frases"  # what an admin's reply changes

_GREETING_WORDS = (
    r"hola+|holi|buen[oa]s?(?:\s+(?:d[ií]as?|tardes?|noches?))?|buen\s+d[ií]a|qu[eé]\s+tal"
    r"|oye|oiga|disculp[ae]|perd[oó]n|una\s+pregunta|saludos"
)
# How the office opens a reply to one student ("Buenas noticias" is not a greeting).
_HELLO = r"hola+|buen[oa]s\s+(?:d[ií]as|tardes|noches)|buen\s+d[ií]a|buenas(?=\s*[,.:;!])|qu[eé]\s+tal"
_GREETINGS = re.compile(rf"^(?:\s*(?:{_GREETING_WORDS})\b[\s,.:;!¡]*)+", re.IGNORECASE)
_THANKS = re.compile(
    r"[\s,.;:!]*(?:(?:muchas\s+)?gracias|porfa(?:vor)?|por\s+favor|saludos)[\s!.…]*$", re.IGNORECASE
)
_QUESTION_WORDS = {
    "que": "qué",
    "q": "qué",
    "como": "cómo",
    "donde": "dónde",
    "cuando": "cuándo",
    "cual": "cuál",
    "cuales": "cuáles",
    "quien": "quién",
    "cuanto": "cuánto",
    "cuanta": "cuánta",
    "cuantos": "cuántos",
    "cuantas": "cuántas",
    "porque": "por qué",
}
_MASKED = re.compile(r"\[(?:EMAIL|CURP|NSS|TEL|NUM)\]")


@dataclass(frozen=True)
class Draft:
    ticket: int
    question: str  # the student's question, masked, as asked
    title: str
    answer: str  # Telegram HTML
    phrases: tuple[str, ...]
    names: tuple[str, ...]  # how the ticket names the student: first name, username
    greeting: str = ""  # the opening taken off the office's reply ("Hola Ana:"), to say so
    id: int = 0  # in the draft store
    rev: int = 1  # bumped on every change: a button of an older preview is refused
    chat: int = 0
    awaiting: str = ""  # TITLE, ANSWER or PHRASES: what a reply to `prompt` changes
    prompt: int = 0
    candidates: tuple[str, ...] = field(default=())  # topics the question is nearest to

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Draft:
        data = json.loads(text)
        for key in ("phrases", "names", "candidates"):
            data[key] = tuple(data.get(key, ()))
        return cls(**data)


def draft_from_ticket(
    ticket: int, question: str, reply: str, ticket_name: str, candidates: tuple[str, ...] = ()
) -> Draft:
    """The first draft: the title and first phrasings from the question, the answer from the
    office's reply (both already masked)."""
    question = " ".join(question.split())
    names = student_names(ticket_name)
    answer, greeting = answer_from_reply(reply, names)
    title = title_from_question(question)
    return Draft(
        ticket, question, title, answer, phrases_for(question, title), names, greeting, candidates=candidates
    )


def title_from_question(question: str) -> str:
    """The question as a student would ask it in the menu: "hola que pasa con mi seguro si me
    titulo, gracias" -> "¿Qué pasa con mi seguro si me titulo?"."""
    cleaned = _THANKS.sub("", _GREETINGS.sub("", " ".join(question.split())))
    text = cleaned.strip(" ¿?¡!.,;:")
    if not text:
        return " ".join(question.split())
    if len(text) + 2 > MAX_TITLE:  # too long as a whole: its question sentence, if any
        asked = [s.strip(" ¿?¡!.,;:") for s in re.findall(r"[^.!?¿¡]*\?", cleaned)]
        if asked and asked[-1]:
            text = asked[-1]
    first, _, rest = text.partition(" ")
    first = _QUESTION_WORDS.get(first.lower(), first)
    text = f"{first} {rest}".strip()
    text = re.sub(r"\?+", "?", text)
    opening = "" if "¿" in text else "¿"
    return f"{opening}{text[:1].upper()}{text[1:]}?"


def phrases_for(question: str, title: str) -> tuple[str, ...]:
    """The phrasings a draft starts with: the question as asked and, if it reads differently,
    the title. The admin adds the rest."""
    phrases = [question[:MAX_PHRASE].rsplit(" ", 1)[0] if len(question) > MAX_PHRASE else question]
    if fold(title) != fold(phrases[0]):
        phrases.append(title)
    return tuple(phrases)


def student_names(ticket_name: str) -> tuple[str, ...]:
    """ "Ana López (@ana_lopez)" -> ("Ana", "ana_lopez"): the words that name the student."""
    match = re.fullmatch(r"(.*?)(?:\s*\(@(\w+)\))?", ticket_name.strip())
    first = match.group(1).split() if match else []
    names = [first[0]] if first and len(fold(first[0])) >= 3 else []
    if match and match.group(2):
        names.append(match.group(2))
    return tuple(names)


def answer_from_reply(reply: str, names: tuple[str, ...]) -> tuple[str, str]:
    """The office's reply as an answer for everyone (Telegram HTML), and the greeting taken
    off its start, if any: "Hola Ana: sí, sigues…" -> ("Sí, sigues…", "Hola Ana:")."""
    text = reply.strip()
    name = "|".join(re.escape(n) for n in names if n)
    pattern = rf"(?:{_HELLO})\b[\s,]*" + (rf"(?:@?(?:{name})\b)?" if name else "")
    if name:
        pattern = rf"(?:{pattern}|@?(?:{name})\b(?=\s*[,:]))"
    opening = re.match(rf"{pattern}[\s,.:;!¡]*", text, re.IGNORECASE)
    greeting = ""
    if opening and opening.end() < len(text):
        greeting, text = opening.group().strip(), text[opening.end() :]
        text = text[:1].upper() + text[1:]
    return html.escape(text, quote=False), greeting


def naming_the_student(draft: Draft) -> list[str]:
    """Where the draft names the student ("el título", "la respuesta", "la frase «…»")."""
    patterns = [re.compile(rf"\b{re.escape(fold(n))}\b") for n in draft.names if fold(n)]
    places = [("el título", draft.title), ("la respuesta", html.unescape(draft.answer))]
    places += [(f"la frase «{p}»", p) for p in draft.phrases]
    return [where for where, text in places if any(p.search(fold(text)) for p in patterns)]


def problems(draft: Draft) -> list[str]:
    """What must change before publishing (Spanish, for the admin)."""
    found = []
    if not draft.title:
        found.append("falta el título")
    elif len(draft.title) > MAX_TITLE:
        found.append(f"el título tiene {len(draft.title)} caracteres; el máximo es {MAX_TITLE}")
    elif "<" in draft.title or "&" in draft.title:
        found.append("el título no puede llevar < ni &")
    if not draft.answer.strip():
        found.append("falta la respuesta")
    for message, snippet in html_problems(draft.answer)[:1]:
        found.append(f"la respuesta tiene un formato que Telegram no acepta ({message}: {snippet})")
    missing = MIN_PHRASES - len(draft.phrases)
    if missing > 0:
        found.append(f"faltan {missing} formas de preguntarlo (mínimo {MIN_PHRASES})")
    found += [f"la frase «{p[:40]}…» es muy larga" for p in draft.phrases if len(p) > MAX_PHRASE]
    return found


def warnings(draft: Draft) -> list[str]:
    """What the admin should see before publishing, though it may be right as it is."""
    found = [f"menciona al estudiante en {where}" for where in naming_the_student(draft)]
    if _MASKED.search(draft.answer):
        found.append(
            "la respuesta tiene datos ocultos (como [TEL] o [EMAIL]); si son de la oficina, "
            "escríbelos con «Cambiar respuesta»"
        )
    return found


def planned_id(knowledge: KnowledgeBase, title: str) -> str:
    """The id the item will get: made from the title, unique (the same rule as add_item)."""
    return _unique_id(knowledge, None, title)


def with_reply(draft: Draft, text: str) -> Draft:
    """The draft after the admin's reply to its prompt: a new title, a new answer (Telegram
    HTML, as the admin wrote it), or more phrasings (one a line, repeats dropped)."""
    if draft.awaiting == TITLE:
        changed = replace(draft, title=" ".join(text.split()))
    elif draft.awaiting == ANSWER:
        changed = replace(draft, answer=text.strip(), greeting="")
    elif draft.awaiting == PHRASES:
        seen = {fold(p) for p in draft.phrases}
        added = []
        for line in text.splitlines():
            phrase = " ".join(line.strip(" -•*").split())
            if phrase and fold(phrase) and fold(phrase) not in seen:
                seen.add(fold(phrase))
                added.append(phrase)
        changed = replace(draft, phrases=(*draft.phrases, *added))
    else:
        return draft
    return replace(changed, awaiting="", prompt=0, rev=draft.rev + 1)
