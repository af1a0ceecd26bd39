"""A message in another language (English, in practice; French and Portuguese from exchange
students) gets a short bilingual note that the
assistant speaks Spanish, instead of a Spanish "no lo sé" the student may not read."""

from __future__ import annotations

from bot.normalize import fold

_ENGLISH = frozenset(
    "the is are my i im i'm do does you your what how can could need help please hello hi "
    "speak english insurance where when have has with want would thanks thank student health "
    "card number am about get register office open it this that".split()
)
_FRENCH = frozenset(
    "je est ce bonjour merci vous suis pour avec mon une assurance maladie etudiante etudiant "
    "gratuite gratuit comment quand bien sont nous salut".split()
)
_PORTUGUESE = frozenset("voce obrigado obrigada nao estou preciso seguranca saude oi".split())
_OTHER = _ENGLISH | _FRENCH | _PORTUGUESE
_SPANISH = frozenset(
    "el la los las de del que es mi yo como cuando donde para por con seguro no si y un una me "
    "te tengo puedo quiero hola gracias ya se lo le su al en hay esta estoy".split()
)


def is_other_language(text: str) -> bool:
    """At least two words of another language and more of them than Spanish ones."""
    words = fold(text.replace("'", " ")).split()
    other = sum(word in _OTHER for word in words)
    spanish = sum(word in _SPANISH for word in words)
    return other >= 2 and other > spanish
