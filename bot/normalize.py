"""Spanish chat-text normalisation shared by the knowledge base and the matcher.

Students write "q onda, ya entregue mi nsss xq me sale baja". Both the phrasings in the YAML and
the questions go through the same steps, so matching compares like with like.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache

import snowballstemmer

# Longest input that is looked at; a 10,000-character paste is still answered from its start.
MAX_QUESTION_CHARS = 400

# Chat abbreviations -> the word they stand for (applied token by token, before synonyms).
ABBREVIATIONS: dict[str, str] = {
    "q": "que",
    "k": "que",
    "ke": "que",
    "qe": "que",
    "qu": "que",
    "xq": "porque",
    "pq": "porque",
    "porq": "porque",
    "xk": "porque",
    "pk": "porque",
    "aunq": "aunque",
    "tmb": "tambien",
    "tb": "tambien",
    "tmbn": "tambien",
    "tambn": "tambien",
    "dnd": "donde",
    "dnde": "donde",
    "dond": "donde",
    "cnd": "cuando",
    "qndo": "cuando",
    "kndo": "cuando",
    "cuand": "cuando",
    "cm": "como",
    "cmo": "como",
    "komo": "como",
    "x": "por",
    "xa": "para",
    "pa": "para",
    "pra": "para",
    "d": "de",
    "dl": "del",
    "n": "en",
    "l": "el",
    "ls": "los",
    "toy": "estoy",
    "stoy": "estoy",
    "sta": "esta",
    "stoi": "estoy",
    "toi": "estoy",
    "nse": "no se",
    "nc": "no se",
    "ns": "no se",
    "xfa": "por favor",
    "porfa": "por favor",
    "porfis": "por favor",
    "plis": "por favor",
    "pls": "por favor",
    "plz": "por favor",
    "grax": "gracias",
    "grs": "gracias",
    "thx": "gracias",
    "ty": "gracias",
    "gracia": "gracias",
    "bn": "bien",
    "sq": "es que",
    "aki": "aqui",
    "aya": "alla",
    "ia": "ya",
    "info": "informacion",
    "inf": "informacion",
    "num": "numero",
    "nro": "numero",
    "numro": "numero",
    "nmro": "numero",
    "uni": "universidad",
    "prepa": "preparatoria",
    "facu": "facultad",
    "esc": "escuela",
    "imms": "imss",
    "ims": "imss",
    "imsss": "imss",
    "iss": "imss",
    "nns": "nss",
    "nsss": "nss",
    "nnss": "nss",
    "nsd": "nss",
    "ntp": "no te preocupes",
    "tqm": "gracias",
    "oki": "ok",
    "okey": "ok",
    "okay": "ok",
    "wey": "",
    "we": "",
    "guey": "",
    "bro": "",
    "amigo": "",
    "amiga": "",
}

# Words that carry no meaning for choosing an answer. Question words that do carry it
# ("cuando", "donde", "como") are kept and weighted by the matcher instead.
STOPWORDS: frozenset[str] = frozenset(
    """
    a al ante con contra de del desde e en entre hacia hasta para por segun sin so sobre tras
    el la lo los las un uno una unos unas algun alguna algunos algunas ningun ninguna
    y o u ni que pero sino
    yo tu te me mi mis mio mia su sus se le les nos nosotros ustedes usted ud uds
    este esta esto estos estas ese esa eso esos esas aquel
    ya si tambien muy mas bien pues entonces osea o sea asi solo porque
    hola holi ola buenas buenos buen dia dias tarde tardes noche noches saludos hey oye oiga oigan
    disculpa
    onda tal hi hello adios bye chao chau bai
    disculpe perdon gracias favor porfavor ayuda ayudar ayudame ayudan pregunta duda dudas
    preguntar consulta quisiera queria saber alguien informacion
    joven maestra maestro profe licenciada licenciado lic
    he has ha hemos han habia habian hubo haya
    """.split()
)

# Everyday verbs and question words: they shape a question but rarely say what it is about,
# so they weigh little ("como saco mi rfc" must not look like "como saco mi nss").
LIGHT_WORDS: frozenset[str] = frozenset(
    """
    como donde cual cuales cuanto cuanta cuantos cuantas quien quienes porque hay
    hacer hago hace haces hice puedo puede puedes podria poder tengo tiene tienes tener tenia
    sacar saco saca sacan obtener obtengo consigo conseguir pido pedir piden pide
    ir voy va vas fui dar doy dan den dio dieron da ver veo veo checar checo revisar reviso
    llevar llevo pasa pasar paso sigue seguir sale salio aparece aparecer dice decir
    necesito necesita ocupo ocupa sirve servir es son soy eres estoy esta estan estar fue ser
    quiero quieres quiere querer
    ahora hoy ahorita otra otro nuevo nueva mismo algo nada todo todos cosa cosas
    nunca siempre todavia aun aqui alla mucho muchos poco mes meses semana semanas ano anos
    """.split()
)

# Everyday Spanish verbs and adverbs the knowledge base may not use. Unknown to it, such a word
# is no sign of another topic ("no encuentro mi nss"), unlike "kardex" or "beca"; it weighs
# little. Nouns stay out: they are what an out-of-scope question is about ("seguro de vida").
COMMON_WORDS: frozenset[str] = frozenset(
    """
    encontrar encuentro encontre busco buscar buscando perder perdido llegar llego llegue
    poner pongo puse salir salgo sali volver vuelvo volvi tomar tomo tome conocer conozco
    vivir vivo sentir siento trato tratar mirar miro contar cuento empezar empiezo esperar
    espero entrar entro escribir escribo recibir recibo recibi recordar recuerdo terminar
    termino termine permitir conseguir consegui comenzar mantener resultar leer leo caer
    presentar presento crear abrir abro abrieron considerar acabar acabo acabe ganar formar
    traer traigo traje partir aceptar realizar lograr explicar explica explicame entender
    entiendo decir digo dije dicen pensar pienso creo creer deber debo debe deberia podria
    mandar mando mande enviar envio envie subir subo subi bajar bajo llenar lleno llene
    usar uso sirve funciona funcionar preguntar pregunto avisar aviso urge urgente rapido
    solicitar solicito solicita solicitan solicitarlo solicitarla pedirlo tramitarlo
    bien mal mejor peor nuevo viejo primero ultimo siguiente anterior proximo luego despues
    antes ahora tarde temprano pronto ya todavia aun tambien ademas solo mismo igual
    vez veces forma manera favor ayuda duda problema pregunta respuesta cosa tema asunto
    dos tres cuatro cinco seis siete ocho nueve diez quince veinte treinta medio media
    """.split()
)

# Messages made only of these words are small talk: they get a friendly reply, not "no lo sé".
SMALL_TALK: dict[str, frozenset[str]] = {
    # "que", "dia", "tarde", "noche" and "hasta" are only stopwords: "buenos dias" is a greeting,
    # "hasta luego" a goodbye (_FAREWELL) and "y hasta que dia" a question.
    "greeting": frozenset(
        "hola holi ola buenas buenos buen saludos hey hi hello onda tal como estas estan oye".split()
    ),
    "thanks": frozenset(
        "gracias muchas mil ok vale perfecto listo excelente entendido sale genial super "
        "te agradezco muy amable bien gracia va orale chido".split()
    ),
    "goodbye": frozenset("adios bye chao chau bai".split()),
    # "quien eres", "eres un bot?": who is answering, not a question about the insurance.
    "about_bot": frozenset("quien eres bot robot humano".split()),
}

_ANY_SMALL_TALK = frozenset().union(*SMALL_TALK.values())
# Goodbyes only as a whole: "y luego?" and "y mañana?" are follow-ups, not farewells.
_FAREWELL = re.compile(r"\b(?:hasta (?:luego|pronto|manana)|nos vemos)\b")
_REPEATS = re.compile(r"(\w)\1{2,}")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_DOUBLES = re.compile(r"(\w)\1+")
# Long digit runs (an NSS, a phone) and CURP-like codes never help to pick an answer.
_PERSONAL_TOKEN = re.compile(r"^(\d{3,}|[a-z]{4}\d{6}[a-z0-9]{8})$")

_stemmer = snowballstemmer.stemmer("spanish")


def fold(text: str) -> str:
    """Lower-case, drop accents, punctuation and emoji, squeeze "holaaa" to "holaa"."""
    text = unicodedata.normalize("NFKD", text[:MAX_QUESTION_CHARS].lower())
    # After NFKD, accents are separate marks: dropping non-ASCII keeps "n" of "ñ", loses emoji.
    text = text.encode("ascii", "ignore").decode("ascii")
    text = _NON_WORD.sub(" ", text)
    text = _REPEATS.sub(r"\1\1", text)
    return text.strip()


# Spelling by ear (Mexican Spanish): letters that sound alike become one. Applied in order.
_SOUNDS = [
    (re.compile(r"ch"), "0"),  # protect "ch" from the c and h rules
    (re.compile(r"gu(?=[ei])"), "1"),  # "gue", "gui": a hard g, protected from the next rule
    (re.compile(r"g(?=[ei])"), "j"),  # "vigencia" ~ "bijensia"
    (re.compile(r"qu(?=[ei])"), "k"),  # "quiero" ~ "kiero"
    (re.compile(r"c(?=[ei])"), "s"),  # "reciben" ~ "reziben" ~ "resiben"
    (re.compile(r"[cq]"), "k"),  # "clinica" ~ "klinika"
    (re.compile(r"z"), "s"),
    (re.compile(r"v"), "b"),  # "facultativo" ~ "facultatibo"
    (re.compile(r"ll"), "y"),  # "llevar" ~ "yevar"
    (re.compile(r"h"), ""),  # "hice" ~ "ise", "hasta" ~ "asta"
    (re.compile(r"y$"), "i"),
    (re.compile(r"(\w)\1+"), r"\1"),  # "isste" ~ "issste"
    (re.compile(r"1"), "g"),
    (re.compile(r"0"), "ch"),
]


def sound_key(word: str) -> str:
    """How a folded word sounds: words students write by ear share the key of the real one
    ("kiero"/"quiero", "konstansia"/"constancia", "ise"/"hice", "yevar"/"llevar")."""
    for pattern, replacement in _SOUNDS:
        word = pattern.sub(replacement, word)
    return word


def squeeze_doubles(word: str) -> str:
    """'holaa' -> 'hola': a second chance for words typed with a stretched letter."""
    return _DOUBLES.sub(r"\1", word)


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """Snowball stem, cached: students reuse the same few hundred words."""
    return _stemmer.stemWord(word)


def is_personal_token(word: str) -> bool:
    """True for digit runs and CURP-shaped codes, which are dropped before matching."""
    return bool(_PERSONAL_TOKEN.match(word))


class SynonymRewriter:
    """Rewrites every synonym variant to its canonical phrase, longest variant first."""

    def __init__(self, synonyms: Mapping[str, Iterable[str]]) -> None:
        self._replacement: dict[str, str] = {}
        for canonical, variants in synonyms.items():
            canonical_folded = fold(canonical)
            self._replacement[canonical_folded] = canonical_folded
            for variant in variants:
                self._replacement.setdefault(fold(variant), canonical_folded)
        alternatives = sorted(self._replacement, key=len, reverse=True)
        self._pattern = (
            re.compile(r"\b(" + "|".join(map(re.escape, alternatives)) + r")\b") if alternatives else None
        )

    def words(self) -> set[str]:
        """Every word that appears in a variant or a canonical phrase."""
        return {word for phrase in self._replacement for word in phrase.split()}

    def rewrite(self, folded: str) -> str:
        if self._pattern is None:
            return folded
        return self._pattern.sub(lambda m: self._replacement[m.group(1)], folded)


def expand_abbreviations(words: Iterable[str]) -> list[str]:
    """Replace chat abbreviations ("q", "xq", "tmb") by the words they stand for."""
    out: list[str] = []
    for word in words:
        replacement = ABBREVIATIONS.get(word, word)
        if replacement:
            out.extend(replacement.split())
    return out


def small_talk_kind(words: list[str]) -> str | None:
    """'greeting', 'thanks', 'goodbye' or 'about_bot' when every word is small talk, else
    None."""
    if not words:
        return None
    words = _FAREWELL.sub("adios", " ".join(words)).split()
    if not all(word in _ANY_SMALL_TALK or word in STOPWORDS for word in words):
        return None
    if not any(word in _ANY_SMALL_TALK for word in words):
        return None
    for kind in ("about_bot", "goodbye", "thanks", "greeting"):
        if any(word in SMALL_TALK[kind] and word not in SMALL_TALK["greeting"] for word in words):
            return kind
    return "greeting"
