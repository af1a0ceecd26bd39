"""The shape of each knowledge-base file, as pydantic models.

pydantic gives precise, per-field type errors with the path of the bad value, which the loader
turns into `path:line` messages; a hand-written checker would have to re-implement all of that.
Field names are English in code and Spanish in the YAML (aliases), since staff edit the YAML.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,39}$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
ButtonLabel = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


class FaqItem(_Model):
    """One question of the FAQ with the ways students phrase it."""

    id: Identifier
    title: Title = Field(alias="titulo")
    answer: Text = Field(alias="respuesta")
    phrasings: list[Text] = Field(alias="frases", min_length=5)
    related: list[Identifier] = Field(default_factory=list, alias="relacionadas")


class FaqFile(_Model):
    items: list[FaqItem] = Field(alias="preguntas", min_length=1)


class Period(_Model):
    """An inscription or reinscription period set by Servicios Escolares."""

    name: Text = Field(alias="nombre")
    start: date = Field(alias="inicio")
    end: date = Field(alias="fin")


class Closure(_Model):
    """Days the office does not receive cards (vacations, holidays, a strike), both inclusive."""

    name: Text = Field(alias="nombre")
    start: date = Field(alias="inicio")
    end: date = Field(alias="fin")


class MonthlyRule(_Model):
    """Between semesters cards are received from `first_day` to `last_day` of every month."""

    first_day: int = Field(alias="dia_inicio", ge=1, le=31)
    last_day: int = Field(alias="dia_fin", ge=1, le=31)


class ReceptionFile(_Model):
    """The NSS-card reception windows and the phrasings that ask about them."""

    id: Literal["fechas_recepcion"]
    title: Title = Field(alias="titulo")
    periods: list[Period] = Field(default_factory=list, alias="periodos")
    monthly: MonthlyRule = Field(alias="intersemestral")
    closures: list[Closure] = Field(default_factory=list, alias="cierres")
    # The seed's own words about the periods: never shown (the answer is computed from today),
    # but its words are evidence for the topic, like an item's answer.
    summary: str = Field(default="", alias="resumen")
    related: list[Identifier] = Field(default_factory=list, alias="relacionadas")
    phrasings: list[Text] = Field(alias="frases", min_length=5)


class QuestionnaireOption(_Model):
    label: ButtonLabel = Field(alias="texto")
    target: Identifier = Field(alias="ir_a")


class QuestionnaireNode(_Model):
    """A question with options, a step that moves on by itself, or an ending."""

    text: Text = Field(alias="texto")
    step: Text | None = Field(default=None, alias="paso")
    options: list[QuestionnaireOption] | None = Field(default=None, alias="opciones", min_length=1)
    next: Identifier | None = Field(default=None, alias="siguiente")
    end: bool = Field(default=False, alias="fin")


class QuestionnaireFile(_Model):
    start: Identifier = Field(alias="inicio")
    nodes: dict[Identifier, QuestionnaireNode] = Field(alias="nodos", min_length=1)


class SynonymsFile(_Model):
    synonyms: dict[Text, list[Text]] = Field(alias="sinonimos")


class OutOfScopeGroup(_Model):
    """Questions students send here that are not about the Seguro Facultativo but look close:
    evidence against answering them, and, if staff write one, where to send the student."""

    id: Identifier
    name: Title = Field(alias="nombre")
    answer: Text | None = Field(default=None, alias="respuesta")
    phrasings: list[Text] = Field(alias="frases", min_length=1)


class OutOfScopeFile(_Model):
    groups: list[OutOfScopeGroup] = Field(default_factory=list, alias="fuera_de_tema")


class ExampleGroup(_Model):
    """Questions as students really write them, filed under the topic (or out-of-scope group)
    they belong to: more ways of asking for the matcher, never shown to anyone."""

    topic: Identifier = Field(alias="tema")
    phrasings: list[Text] = Field(alias="frases", min_length=1)


class ExamplesFile(_Model):
    groups: list[ExampleGroup] = Field(default_factory=list, alias="ejemplos")


# The assistant's own topics: understood from free text like the FAQ, answered from
# config.yaml (the office) or by the conversation itself. The ids are fixed; staff add phrasings.
OWN_TOPICS: dict[str, str] = {
    "oficina_lugar": "La oficina: dónde está",
    "oficina_horario": "La oficina: su horario",
    "oficina_abierta": "La oficina: si está abierta ahora",
    "oficina_telefono": "La oficina: su teléfono",
    "oficina_correo": "La oficina: su correo",
    "oficina_web": "La oficina: su página",
    "persona": "Hablar con una persona",
    "ayuda": "Ayuda: qué puede hacer el asistente",
    "que_me_toca": "¿Qué me toca hacer? (el cuestionario)",
}
OwnTopicId = Literal[
    "oficina_lugar",
    "oficina_horario",
    "oficina_abierta",
    "oficina_telefono",
    "oficina_correo",
    "oficina_web",
    "persona",
    "ayuda",
    "que_me_toca",
]


class OwnTopic(_Model):
    topic: OwnTopicId = Field(alias="tema")
    phrasings: list[Text] = Field(alias="frases", min_length=1)


class Emergency(_Model):
    """What a student in an urgent health situation reads first, and the words that say so
    (a word may be its beginning: "desmay" is desmayo, desmayé, desmayada)."""

    message: Text | None = Field(default=None, alias="mensaje")
    words: list[Text] = Field(default_factory=list, alias="palabras")


class AssistantFile(_Model):
    topics: list[OwnTopic] = Field(default_factory=list, alias="temas")
    emergency: Emergency = Field(default_factory=Emergency, alias="emergencia")


class PrivacyNoticeFile(_Model):
    """The school's privacy notice as the chat shows it (/privacidad): who is responsible, the
    link to the full notice, and, if staff want their own words, why data is used and how to
    exercise the ARCO rights. What is kept and for how long is never written here: the assistant
    says it from what it really stores (`bot/privacy_rights/notice.py`)."""

    responsible: Annotated[Text, StringConstraints(max_length=300)] | None = Field(
        default=None, alias="responsable"
    )
    full_notice: str | None = Field(default=None, alias="aviso_integral")
    purpose: Annotated[Text, StringConstraints(max_length=600)] | None = Field(
        default=None, alias="finalidad"
    )
    rights: Annotated[Text, StringConstraints(max_length=600)] | None = Field(
        default=None, alias="derechos_arco"
    )

    @field_validator("full_notice")
    @classmethod
    def _a_link(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip()
        if (
            not value.startswith(("https://", "http://"))
            or any(c.isspace() for c in value)
            or len(value) > 300
        ):
            raise ValueError("debe ser una liga completa que empiece con https:// (sin espacios)")
        return value
