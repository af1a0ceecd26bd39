"""Loading and validating the staff-edited knowledge base in `faq/`.

Every problem in every file is collected and reported at once as `path:line: message`, so a
staff member fixes a whole edit in one pass. A knowledge base with any problem is never served.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path

from pydantic import ValidationError

from bot.knowledge.checks import (
    OTHER_OUT_OF_SCOPE,
    PhrasingSource,
    example_problems,
    faq_problems,
    out_of_scope_problems,
    phrasing_problems,
    raw_entries,
    reception_problems,
    synonym_problems,
)
from bot.knowledge.questionnaire_checks import questionnaire_problems
from bot.knowledge.schema import (
    OWN_TOPICS,
    AssistantFile,
    ExamplesFile,
    FaqFile,
    FaqItem,
    OutOfScopeFile,
    OutOfScopeGroup,
    PrivacyNoticeFile,
    QuestionnaireFile,
    ReceptionFile,
    SynonymsFile,
)
from bot.knowledge.validation import validate_document
from bot.knowledge.yaml_source import Problem, YamlDocument, read_yaml
from bot.normalize import SynonymRewriter

FAQ_FILE = "preguntas.yaml"
RECEPTION_FILE = "fechas.yaml"
QUESTIONNAIRE_FILE = "elegibilidad.yaml"
SYNONYMS_FILE = "sinonimos.yaml"
OUT_OF_SCOPE_FILE = "fuera_de_tema.yaml"  # optional: without it, no known out-of-scope questions
EXAMPLES_FILE = "ejemplos.yaml"  # optional: students' questions filed under their topic
ASSISTANT_FILE = "asistente.yaml"  # optional: the assistant's own topics and the emergency line
PRIVACY_FILE = "privacidad.yaml"  # optional: the privacy notice's responsible party and link
KNOWLEDGE_FILES = (
    FAQ_FILE,
    RECEPTION_FILE,
    QUESTIONNAIRE_FILE,
    SYNONYMS_FILE,
    OUT_OF_SCOPE_FILE,
    EXAMPLES_FILE,
    ASSISTANT_FILE,
    PRIVACY_FILE,
)
OPTIONAL_FILES = (OUT_OF_SCOPE_FILE, EXAMPLES_FILE, ASSISTANT_FILE, PRIVACY_FILE)
OTHER_OUT_OF_SCOPE_NAME = "Otras preguntas fuera de tema"


class KnowledgeError(Exception):
    """The knowledge base has problems; `problems` lists every one of them."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


@dataclass(frozen=True)
class Topic:
    """Anything a question can be matched to: a FAQ item, the reception-dates answer, or a
    group of known out-of-scope questions (`negative`)."""

    id: str
    title: str
    phrasings: tuple[str, ...]
    answer: str  # Telegram HTML; its words are weak evidence for the topic
    related: tuple[str, ...] = ()  # topics a follow-up question may well be about
    negative: bool = False

    def as_negative(self) -> Topic:
        """The same phrasings as a reading another matcher must beat, never answer."""
        return replace(self, related=(), negative=True)


@dataclass(frozen=True)
class KnowledgeBase:
    """Everything the assistant knows, validated and ready to serve."""

    items: dict[str, FaqItem]
    reception: ReceptionFile
    questionnaire: QuestionnaireFile
    synonyms: dict[str, list[str]]
    version: str
    out_of_scope: dict[str, OutOfScopeGroup] = field(default_factory=dict)
    examples: dict[str, tuple[str, ...]] = field(default_factory=dict)  # topic or group id
    assistant: AssistantFile = field(default_factory=AssistantFile)
    privacy: PrivacyNoticeFile = field(default_factory=PrivacyNoticeFile)

    @property
    def topics(self) -> list[Topic]:
        """The FAQ items in file order, then the reception dates; each matched by its phrasings
        and its examples."""
        topics = [
            Topic(i.id, i.title, self._phrasings(i.id, i.phrasings), i.answer, tuple(i.related))
            for i in self.items.values()
        ]
        topics.append(
            Topic(
                self.reception.id,
                self.reception.title,
                self._phrasings(self.reception.id, self.reception.phrasings),
                self.reception.summary,
                tuple(self.reception.related),
            )
        )
        return topics

    @property
    def own_topics(self) -> list[Topic]:
        """The assistant's own topics staff gave phrasings for (the office, a person, help…):
        matched like the FAQ, answered by the conversation."""
        phrasings: dict[str, tuple[str, ...]] = {}
        for group in self.assistant.topics:
            phrasings[group.topic] = (*phrasings.get(group.topic, ()), *group.phrasings)
        office = tuple(topic for topic in phrasings if topic.startswith("oficina_"))
        return [
            Topic(
                topic,
                OWN_TOPICS[topic],
                self._phrasings(topic, list(said)),
                "",
                related=office if topic in office else (),
            )
            for topic, said in phrasings.items()
        ]

    @property
    def negatives(self) -> list[Topic]:
        """The groups of known out-of-scope questions, as topics the matcher never answers."""
        groups = [
            Topic(g.id, g.name, self._phrasings(g.id, g.phrasings), "", negative=True)
            for g in self.out_of_scope.values()
        ]
        if self.examples.get(OTHER_OUT_OF_SCOPE):
            groups.append(
                Topic(
                    OTHER_OUT_OF_SCOPE,
                    OTHER_OUT_OF_SCOPE_NAME,
                    self.examples[OTHER_OUT_OF_SCOPE],
                    "",
                    negative=True,
                )
            )
        return groups

    def _phrasings(self, topic_id: str, phrasings: list[str]) -> tuple[str, ...]:
        return (*phrasings, *self.examples.get(topic_id, ()))

    def title(self, topic_id: str) -> str:
        if topic_id == self.reception.id:
            return self.reception.title
        return self.items[topic_id].title if topic_id in self.items else OWN_TOPICS[topic_id]

    @property
    def names(self) -> dict[str, str]:
        """How staff read each topic and out-of-scope group id (reports, the console)."""
        return {
            **{t.id: t.title for t in self.topics},
            **OWN_TOPICS,
            **{g.id: g.name for g in self.out_of_scope.values()},
            OTHER_OUT_OF_SCOPE: OTHER_OUT_OF_SCOPE_NAME,
        }


def load_knowledge(directory: Path | str) -> KnowledgeBase:
    """Read and validate every file; raise KnowledgeError listing all problems."""
    directory = Path(directory)
    problems: list[Problem] = []
    docs = {name: read_yaml(directory / name, str(directory / name)) for name in KNOWLEDGE_FILES}
    for name in OPTIONAL_FILES:
        if not (directory / name).exists():
            docs[name] = YamlDocument(str(directory / name), {})
    for doc in docs.values():
        problems.extend(doc.problems)

    faq = validate_document(docs[FAQ_FILE], FaqFile, problems)
    reception = validate_document(docs[RECEPTION_FILE], ReceptionFile, problems)
    questionnaire = validate_document(docs[QUESTIONNAIRE_FILE], QuestionnaireFile, problems)
    synonyms = validate_document(docs[SYNONYMS_FILE], SynonymsFile, problems)
    outside = validate_document(docs[OUT_OF_SCOPE_FILE], OutOfScopeFile, problems)
    examples = validate_document(docs[EXAMPLES_FILE], ExamplesFile, problems)
    assistant = validate_document(docs[ASSISTANT_FILE], AssistantFile, problems)
    privacy = validate_document(docs[PRIVACY_FILE], PrivacyNoticeFile, problems)

    # One broken item must not hide the cross-checks of the others: they run on what is valid.
    items = list(enumerate(faq.items)) if faq else _valid_items(docs[FAQ_FILE])
    if synonyms:
        problems.extend(synonym_problems(synonyms, docs[SYNONYMS_FILE]))
    problems.extend(faq_problems(items, docs[FAQ_FILE]))
    if reception:
        problems.extend(reception_problems(reception, docs[RECEPTION_FILE], docs[FAQ_FILE]))
    if outside:
        problems.extend(
            out_of_scope_problems(outside.groups, docs[OUT_OF_SCOPE_FILE], {item.id for _, item in items})
        )
    if examples:
        problems.extend(
            example_problems(examples.groups, docs[EXAMPLES_FILE], docs[FAQ_FILE], docs[OUT_OF_SCOPE_FILE])
        )
    rewriter = SynonymRewriter(synonyms.synonyms if synonyms else {})
    problems.extend(
        phrasing_problems(_phrasing_sources(docs, items, reception, outside, examples, assistant), rewriter)
    )
    if questionnaire:
        problems.extend(questionnaire_problems(questionnaire, docs[QUESTIONNAIRE_FILE]))

    if problems or not (
        faq and reception and questionnaire and synonyms and outside and examples and assistant and privacy
    ):
        raise KnowledgeError(sorted(set(problems)))
    digest = hashlib.sha256()
    for name in KNOWLEDGE_FILES:
        digest.update(docs[name].raw)  # what was validated, not a second read
    return KnowledgeBase(
        items={item.id: item for item in faq.items},
        reception=reception,
        questionnaire=questionnaire,
        synonyms=synonyms.synonyms,
        version=digest.hexdigest()[:10],
        out_of_scope={group.id: group for group in outside.groups},
        examples=_examples(examples),
        assistant=assistant,
        privacy=privacy,
    )


def _examples(examples: ExamplesFile) -> dict[str, tuple[str, ...]]:
    """Each topic's or group's examples (a topic may have several groups of them)."""
    found: dict[str, tuple[str, ...]] = {}
    for group in examples.groups:
        found[group.topic] = (*found.get(group.topic, ()), *group.phrasings)
    return found


def _phrasing_sources(
    docs: dict[str, YamlDocument],
    items: list[tuple[int, FaqItem]],
    reception: ReceptionFile | None,
    outside: OutOfScopeFile | None,
    examples: ExamplesFile | None,
    assistant: AssistantFile | None,
) -> list[PhrasingSource]:
    """Every list of phrasings, with where it is, for the check that none is in two places."""
    sources: list[PhrasingSource] = [
        (docs[FAQ_FILE], ("preguntas", i), item.id, item.phrasings) for i, item in items
    ]
    if reception:
        sources.append((docs[RECEPTION_FILE], (), reception.id, reception.phrasings))
    if outside:
        sources += [
            (docs[OUT_OF_SCOPE_FILE], ("fuera_de_tema", i), f"fuera_de_tema:{g.id}", g.phrasings)
            for i, g in enumerate(outside.groups)
        ]
    if examples:
        groups = {g.id for g in outside.groups} if outside else set()
        sources += [
            (
                docs[EXAMPLES_FILE],
                ("ejemplos", i),
                f"fuera_de_tema:{e.topic}" if e.topic in groups else e.topic,
                e.phrasings,
            )
            for i, e in enumerate(examples.groups)
        ]
    if assistant:
        sources += [
            (docs[ASSISTANT_FILE], ("temas", i), g.topic, g.phrasings) for i, g in enumerate(assistant.topics)
        ]
    return sources


def _valid_items(doc: YamlDocument) -> list[tuple[int, FaqItem]]:
    """The items (with their position) that are valid on their own, from a file that failed
    validation as a whole."""
    valid = []
    for index, entry in enumerate(raw_entries(doc, "preguntas")):
        try:
            valid.append((index, FaqItem.model_validate(entry)))
        except ValidationError:
            continue  # already reported by the whole-file validation
    return valid
