"""How the matcher treats the ways students really write."""

import ast
from dataclasses import replace
from pathlib import Path

import pytest

from bot.knowledge import load_knowledge
from bot.understanding.matching import Matcher
from tests.support.near_copies import near_copies


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("Cuándo entrego mi NSS?", "fechas_recepcion"),
        ("cuando entrego mi nss", "fechas_recepcion"),  # no accents
        ("cuandoo entregoo mi nsss???", "fechas_recepcion"),  # stretched letters
        ("alguien sabe q es el seguro facultatibo", "que_es"),  # typo + abbreviation
        ("xq me sale baja en el imss", "verificar_alta"),
        ("donde tramito mi numero de seguridad social", "documento_nss"),  # synonym of NSS
        ("ya sali vigente k hago despues", "registro_clinica"),
        ("me cambie de campus y estaba vigente", "cambio_plantel"),
        ("ya tengo issste, es obligatorio el seguro escolar?", "obligatorio_renuncia"),
        ("no quiero el seguro facultativo", "obligatorio_renuncia"),  # negation carries meaning
        ("no necesito el seguro escolar porque tengo issste", "obligatorio_renuncia"),
        ("sigo dado de alta en mi antigua escuela", "cambio_plantel"),  # synonym of "anterior"
    ],
)
def test_student_phrasings_get_the_right_answer(matcher: Matcher, text: str, intent: str) -> None:
    result = matcher.match(text)
    assert (result.outcome, result.intent) == ("answer", intent)


@pytest.mark.parametrize(
    "text",
    [
        "como saco mi credencial de estudiante",
        "cuanto cuesta la modalidad 40",
        "me pueden dar una incapacidad por enfermedad en el imss",
        "cuando publican las calificaciones",
        "asdfghjkl",
    ],
)
def test_out_of_scope_questions_get_an_honest_no(matcher: Matcher, text: str) -> None:
    assert matcher.match(text).outcome == "none"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("hola", "greeting"),
        ("Buenas tardes!!", "greeting"),
        ("q onda", "greeting"),
        ("muchas gracias", "thanks"),
        ("ok", "thanks"),
        ("adios", "goodbye"),
        ("bye", "goodbye"),
        ("hasta luego", "goodbye"),
        ("hasta mañana", "goodbye"),
        ("nos vemos", "goodbye"),
        ("buenos días", "greeting"),
    ],
)
def test_small_talk_is_recognised(matcher: Matcher, text: str, kind: str) -> None:
    result = matcher.match(text)
    assert result.small_talk == kind
    assert result.outcome == "none"


@pytest.mark.parametrize("text", ["quien eres", "eres un robot?", "¿qué eres?", "eres humano o robot?"])
def test_asking_who_answers_is_small_talk_not_a_topic(matcher: Matcher, text: str) -> None:
    assert matcher.match(text).small_talk == "about_bot"


def test_greeting_in_front_of_a_question_does_not_hide_it(matcher: Matcher) -> None:
    result = matcher.match("hola buenas tardes, como saco mi nss")
    assert (result.outcome, result.intent) == ("answer", "documento_nss")


@pytest.mark.parametrize("text", ["", "   ", "😀😀😀", "???!!!", "\u200b\u200f", "\x00\x07"])
def test_nothing_to_match_is_flagged_empty(matcher: Matcher, text: str) -> None:
    result = matcher.match(text)
    assert result.empty and result.outcome == "none"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("cuando entrego mi nss", "answer"),
        ("como saco mi credencial de estudiante", "none"),
        ("muchas gracias", "small_talk"),
        ("???!!!", "empty"),
    ],
)
def test_the_kind_of_outcome_tells_small_talk_and_empty_apart(matcher: Matcher, text: str, kind: str) -> None:
    assert matcher.match(text).kind == kind


def test_a_suggestion_is_its_own_kind() -> None:
    from bot.understanding.matching import Candidate, MatchResult

    assert MatchResult("suggest", (Candidate("que_es", 80.0, 0.5),)).kind == "suggest"
    assert MatchResult("none", small_talk="greeting", empty=True).kind == "small_talk"


def test_huge_input_is_answered_from_its_start(matcher: Matcher) -> None:
    result = matcher.match("cuando entrego mi nss " + "bla " * 2500)
    assert result.intent == "fechas_recepcion"


def test_pasted_nss_or_curp_does_not_change_the_answer(matcher: Matcher) -> None:
    plain = matcher.match("ya entregue mi nss como se si ya estoy dado de alta")
    with_nss = matcher.match("ya entregue mi nss 12345678901 como se si ya estoy dado de alta")
    with_curp = matcher.match("ya entregue mi nss GODE561231HDFRRN09 como se si ya estoy dado de alta")
    assert plain.intent == with_nss.intent == with_curp.intent == "verificar_alta"
    assert plain.score == with_nss.score


def test_two_close_topics_become_a_did_you_mean(matcher: Matcher) -> None:
    result = matcher.match("estoy vigente")  # how to check it, or what to do now?
    assert result.outcome == "suggest"
    assert {"verificar_alta", "registro_clinica"} <= {c.intent for c in result.candidates}
    assert len(result.candidates) <= 3


def test_thresholds_come_from_the_settings(knowledge, matcher: Matcher) -> None:
    from bot.understanding.matching import MatchSettings

    question = "vigente"  # one plausible topic, not sure enough
    assert matcher.match(question).outcome == "suggest"
    lenient = Matcher.for_knowledge(knowledge, MatchSettings(answer_confidence=0.3, alone_confidence=0.3))
    assert lenient.match(question).outcome == "answer"
    strict = Matcher.for_knowledge(
        knowledge, MatchSettings(suggest_confidence=0.99, answer_confidence=0.99, alone_confidence=0.99)
    )
    assert strict.match(question).outcome == "none"


def test_wanting_information_is_not_refusing_the_insurance(matcher: Matcher) -> None:
    wants = matcher.match("quiero informacion del seguro facultativo, que es?")
    assert (wants.outcome, wants.intent) == ("answer", "que_es")
    assert matcher.match("te quiero").outcome != "answer"
    does_not_know = matcher.match("no se si ya me dieron de alta")
    assert (does_not_know.outcome, does_not_know.intent) == ("answer", "verificar_alta")


def test_everyday_verbs_do_not_push_a_question_out_of_scope(matcher: Matcher) -> None:
    result = matcher.match("busque mi nss por todos lados y no lo encuentro")  # "buscar", "encontrar"
    assert (result.outcome, result.intent) == ("answer", "documento_nss")
    assert matcher.match("me conviene un seguro de vida?").outcome != "answer"


def test_only_an_unknown_negation_is_nothing_to_match(matcher: Matcher) -> None:
    result = matcher.match("no no")
    assert result.empty and result.outcome == "none"


# ----- evidence and a calibrated decision ----------------------------------------------------


@pytest.mark.parametrize(
    ("heard", "written"),
    [
        ("kiero", "quiero"),
        ("saver", "saber"),
        ("facultatibo", "facultativo"),
        ("ise", "hice"),
        ("konstansia", "constancia"),
        ("bijencia", "vigencia"),
        ("reziben", "reciben"),
        ("yevar", "llevar"),
        ("asta", "hasta"),
        ("isste", "issste"),
        ("klinika", "clinica"),
    ],
)
def test_words_written_by_ear_share_the_sound_of_the_real_one(heard: str, written: str) -> None:
    from bot.normalize import sound_key

    assert sound_key(heard) == sound_key(written)


def test_a_question_written_by_ear_reaches_its_topic(matcher: Matcher) -> None:
    result = matcher.match("kiero saver si ya toy dado de alta")
    assert result.outcome != "none" and result.intent == "verificar_alta"
    by_ear = matcher.match("kiero saver ke es el segurro facultatibo")
    assert (by_ear.outcome, by_ear.intent) == ("answer", "que_es")


def test_a_typo_keeps_its_first_letter_and_length(matcher: Matcher) -> None:
    """Two edits would make "licencia" into "vigencia" and "partido" into "parto"."""
    assert "vigenci" not in matcher.terms("como saco la licencia de manejo")
    assert "embaraz" not in matcher.terms("quien gano el partido")


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("¿cuesta algo?", "que_es"),
        ("¿quién puede pedirlo?", "que_es"),
        ("cuando es la siguiente recepcion de tarjetas", "fechas_recepcion"),
    ],
)
def test_the_seguro_facultativo_is_implied(matcher: Matcher, text: str, intent: str) -> None:
    result = matcher.match(text)
    assert (result.outcome, result.intent) == ("answer", intent)


def test_another_insurance_is_not_the_implied_one(matcher: Matcher) -> None:
    assert "asegur" in matcher.terms("cuanto cuesta un seguro de vida")
    assert "asegur" not in matcher.terms("cuanto cuesta el seguro de mi escuela")
    assert matcher.match("cuanto me cobran por un seguro de vida").outcome == "none"
    assert matcher.match("cuanto cuesta el seguro de mi moto").outcome != "answer"


def test_known_out_of_scope_questions_are_rejected_with_their_group(matcher: Matcher) -> None:
    result = matcher.match("como saco mi kardex")
    assert (result.outcome, result.redirect) == ("none", "kardex_calificaciones")
    assert matcher.match("donde hago mi servicio social").outcome != "answer"
    # Tied with a question about buying insurance, but about renouncing: offered, not answered.
    result = matcher.match("tengo seguro de gastos medicos mayores")
    assert (result.outcome, result.intent) == ("suggest", "obligatorio_renuncia")
    assert matcher.match("me piden estar vigente para el servicio social").outcome == "answer"


def test_a_question_staff_filed_as_out_of_scope_never_offers_a_topic(knowledge) -> None:
    """It shares "issste" and "alta" with the question about renouncing, but staff filed it."""
    topic = next(t for t in knowledge.topics if t.id == "obligatorio_renuncia")
    question = "como me doy de alta en el issste"
    assert Matcher([topic], knowledge.synonyms).match(question).outcome != "none"
    outside = replace(knowledge.negatives[0], id="issste", phrasings=(question,))
    result = Matcher([topic], knowledge.synonyms, negatives=[outside]).match(question)
    assert (result.outcome, result.redirect) == ("none", "issste")


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("ya sali vigente, donde pido consulta con el doctor?", "registro_clinica"),
        ("me tengo que registrar en la clinica de mi colonia?", "registro_clinica"),
        ("es opcional el seguro facultativo?", "obligatorio_renuncia"),
        ("en mi chamba ya me dieron imss, igual tramito el seguro escolar?", "obligatorio_renuncia"),
    ],
)
def test_everyday_words_students_use_reach_their_topic(matcher: Matcher, text: str, intent: str) -> None:
    """ "consulta" is a visit to the doctor, "colonia" an address, "opcional" the same question
    as "obligatorio", "chamba" work."""
    result = matcher.match(text)
    assert (result.outcome, result.intent) == ("answer", intent)


@pytest.mark.parametrize(
    ("before", "after", "intent"),
    [
        ("que_es", "y cuanto cuesta", "que_es"),
        ("fechas_recepcion", "y donde lo saco", "documento_nss"),
    ],
)
def test_a_follow_up_is_read_in_the_light_of_the_last_topic(
    matcher: Matcher, before: str, after: str, intent: str
) -> None:
    result = matcher.match(after, (before,))
    assert (result.outcome, result.intent) == ("answer", intent) and result.followup


def test_a_question_about_days_is_not_small_talk(matcher: Matcher) -> None:
    """ "hasta", "que", "dia" and "mañana" belong to greetings or goodbyes, not to questions."""
    result = matcher.match("y hasta que dia?", ("fechas_recepcion",))
    assert result.small_talk is None
    assert matcher.match("y mañana?", ("fechas_recepcion",)).small_talk is None  # not goodbye
    assert (result.outcome, result.intent) == ("answer", "fechas_recepcion")


def test_a_number_alone_does_not_pick_a_topic(matcher: Matcher) -> None:
    assert matcher.match("cuanto es 3 mas 4").outcome != "answer"  # not "del 1 al 5"
    result = matcher.match("entregue mi nss hace 2 semanas, ya me dieron de alta?")
    assert (result.outcome, result.intent) == ("answer", "verificar_alta")


def test_a_complete_question_is_not_bent_by_the_context(matcher: Matcher) -> None:
    alone = matcher.match("me cambie de plantel que hago")
    after = matcher.match("me cambie de plantel que hago", ("que_es",))
    assert alone.intent == after.intent == "cambio_plantel" and not after.followup
    assert after.confidence == alone.confidence


def test_suggestions_are_only_plausible_topics(matcher: Matcher) -> None:
    result = matcher.match("vigente")
    model = matcher.model
    assert result.outcome == "suggest"
    assert all(c.confidence >= model.suggest_confidence for c in result.candidates)
    assert [c.confidence for c in result.candidates] == sorted(
        (c.confidence for c in result.candidates), reverse=True
    )


def test_one_example_staff_file_teaches_the_ways_students_say_it(faq_copy: Path) -> None:
    """ "folio del imss" is how some students call the NSS: no phrasing says it, so the bot does
    not know; filed once in ejemplos.yaml, other wordings of it are answered too."""
    questions = ("me piden el folio del imss", "el folio del imss donde lo consigo")
    before = Matcher.for_knowledge(load_knowledge(faq_copy))
    assert all(before.match(q).outcome == "none" for q in questions)
    examples = faq_copy / "ejemplos.yaml"
    text = examples.read_text(encoding="utf-8")
    examples.write_text(
        text.replace(
            "  - tema: documento_nss\n    frases:\n",
            "  - tema: documento_nss\n    frases:\n      - donde saco el folio del imss\n",
            1,
        ),
        encoding="utf-8",
    )
    after = Matcher.for_knowledge(load_knowledge(faq_copy))
    assert all(
        (after.match(q).outcome, after.match(q).intent) == ("answer", "documento_nss") for q in questions
    )


# ----- the wordings asked above are new to the knowledge base ---------------------------------

# Small talk is recognised by its words, whether or not fuera_de_tema.yaml files it; the kardex
# test is about a question staff filed as out of scope.
ASKS_FILED_WORDINGS = {
    "test_small_talk_is_recognised",
    "test_asking_who_answers_is_small_talk_not_a_topic",
    "test_the_kind_of_outcome_tells_small_talk_and_empty_apart",
    "test_known_out_of_scope_questions_are_rejected_with_their_group",
}
QUESTION_PARAMETERS = {"text", "after"}


def _asked(test: ast.FunctionDef) -> list[str]:
    """The questions a test asks the matcher: the literals it passes to `.match(...)` and its
    `text`/`after` parameters."""
    asked = [
        node.args[0].value
        for node in ast.walk(test)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "match"
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    ]
    for decorator in test.decorator_list:
        if isinstance(decorator, ast.Call) and getattr(decorator.func, "attr", "") == "parametrize":
            names = ast.literal_eval(decorator.args[0])
            names = (names,) if isinstance(names, str) else names
            for row in ast.literal_eval(decorator.args[1]):
                values = row if isinstance(row, tuple) else (row,)
                asked += [
                    value for name, value in zip(names, values, strict=True) if name in QUESTION_PARAMETERS
                ]
    return asked


def test_the_wordings_asked_here_are_not_filed_in_the_knowledge_base(knowledge) -> None:
    """A filed phrasing or example, or a near-copy of one, measures a lookup: these tests are
    about wordings the knowledge base does not hold."""
    tests = [
        node
        for node in ast.parse(Path(__file__).read_text(encoding="utf-8")).body
        if isinstance(node, ast.FunctionDef)
        and node.name.startswith("test_")
        and node.name not in ASKS_FILED_WORDINGS
    ]
    asked = {test.name: _asked(test) for test in tests}
    assert sum(map(len, asked.values())) >= 50  # the reading above still finds the questions
    copies = [
        (name, text, filed)
        for name, texts in asked.items()
        for text, filed in near_copies(texts, knowledge).items()
    ]
    assert copies == []
