"""Conversations, not single questions: follow-ups that move on, the office and a person from
free text, several questions at once, emergencies, another language, typed answers inside the
questionnaire. The office is the one of benchmarks/data/conversations_config.yaml."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from bot.assembly import build_assistant
from bot.clock import MEXICO_CITY, Clock
from bot.config import load_settings
from bot.conversation import texts
from bot.conversation.dialog import Assistant
from bot.knowledge import KnowledgeBase
from tests.conftest import ROOT
from tests.conversation.test_dialog import Student

OFFICE_CONFIG = ROOT / "benchmarks" / "data" / "conversations_config.yaml"


def at(knowledge: KnowledgeBase, tmp_path: Path, moment: str, handoff: bool = False) -> Student:
    settings = load_settings({"FAQBOT_CONFIG": str(OFFICE_CONFIG), "FAQBOT_DATA_DIR": str(tmp_path)})
    clock = Clock(fixed_now=datetime.fromisoformat(moment).replace(tzinfo=MEXICO_CITY))
    assistant: Assistant = build_assistant(settings, knowledge, clock, handoff=handoff)
    return Student(assistant)


@pytest.fixture
def student(knowledge: KnowledgeBase, tmp_path: Path) -> Student:
    return at(knowledge, tmp_path, "2026-12-02T10:00")


def test_a_follow_up_on_the_same_topic_quotes_the_detail_not_the_answer(student: Student) -> None:
    whole = student.says("me cambié de plantel y estaba vigente").text
    detail = student.says("y a qué oficina voy primero").text
    assert detail != whole and detail.startswith(texts.DETAIL_LEAD)
    assert "ya no continuarás estudiando" in detail and "Ya sea que vayas" not in detail
    assert "55 1234 5678" in detail  # and the way to the office, for more


def test_a_detail_the_answer_does_not_give_is_said_plainly(student: Student) -> None:
    student.says("ya tengo issste, tengo que darme de alta igual?")
    reply = student.says("y la carta esa dónde la consigo").text
    assert reply.startswith(texts.DETAIL_MISSING.format(title="¿Es obligatorio darme de alta?"))
    assert "planta baja" in reply and "salidas académicas" not in reply


def test_asked_for_it_the_whole_answer_comes_again(student: Student) -> None:
    first = student.says("que documento entrego").text
    assert student.says("me lo repites?").text == first


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "dónde queda esa oficina?",
            "📍 La Oficina del Seguro Facultativo está en: "
            "<b>Edificio de Servicios Escolares, planta baja</b>.",
        ),
        ("a qué hora atienden", "🕘 La oficina atiende de lunes a viernes de 9:00 a 14:00."),
        ("tienen algún número de teléfono?", "📞 El teléfono de la oficina es <b>55 1234 5678</b>."),
        ("a qué correo escribo", "✉️ El correo de la oficina es <b>seguro.facultativo@escuela.mx</b>."),
    ],
)
def test_the_office_is_understood_from_free_text(student: Student, question: str, expected: str) -> None:
    reply = student.says(question)
    assert reply.text.startswith(expected)
    assert student.assistant.on_text({}, question).match.intent.startswith("oficina_")


def test_open_now_follows_the_clock(knowledge: KnowledgeBase, tmp_path: Path) -> None:
    late = at(knowledge, tmp_path, "2026-12-07T15:30").says("esta abierta la oficina ahorita?")
    assert late.text.startswith("🕘 Ahora está cerrada. Abre mañana a las 9:00.")
    early = at(knowledge, tmp_path, "2026-12-07T10:00").says("esta abierta la oficina ahorita?")
    assert early.text.startswith("🕘 Ahora está abierta hasta las 14:00.")


def test_a_person_from_free_text_takes_the_way_to_a_person(knowledge, tmp_path) -> None:
    student = at(knowledge, tmp_path, "2026-12-02T10:00", handoff=True)
    student.says("como se hace un pastel de chocolate")
    turn = student.assistant.on_text(student.state, "quiero hablar con una persona")
    assert turn.person and texts.TALK_TO_PERSON in [b.label for b in turn.replies[0].buttons]
    # the question kept for the office is still the real one
    assert student.assistant.last_question(student.state) == "como se hace un pastel de chocolate"


def test_an_emergency_gets_the_safety_line_first(student: Student) -> None:
    turn = student.assistant.on_text({}, "me siento muy mal y no tengo seguro, qué hago")
    assert "911" in turn.replies[0].text and "urgencias" in turn.replies[0].text
    assert texts.DONT_KNOW not in [r.text for r in turn.replies]
    answered = student.assistant.on_text({}, "tuve un accidente, me cubre el seguro facultativo?")
    assert "911" in answered.replies[0].text and len(answered.replies) >= 2


def test_two_questions_in_one_message_are_both_answered(student: Student) -> None:
    turn = student.assistant.on_text({}, "qué documento entrego y hasta cuándo lo puedo entregar?")
    text = "\n".join(r.text for r in turn.replies)
    assert "asignacionNSS" in text and "No hay trámites urgentes ni extemporáneos" in text
    turn = student.assistant.on_text({}, "cómo sé si ya estoy dado de alta y después a qué clínica voy")
    assert [r.rate for r in turn.replies] == ["verificar_alta", "registro_clinica"]


def test_one_question_with_y_is_not_cut_in_two(student: Student) -> None:
    turn = student.assistant.on_text({}, "me cambié de plantel y estaba vigente")
    assert [r.rate for r in turn.replies] == ["cambio_plantel"]


def test_everyday_words_get_a_short_reply(student: Student) -> None:
    assert student.says("ok gracias").text == texts.SMALL_TALK["thanks"]
    assert student.says("👍").text == texts.ACKNOWLEDGED
    assert student.says("ayuda").text.startswith("Puedo ayudarte con el Seguro Facultativo")


def test_english_gets_a_bilingual_note(student: Student) -> None:
    reply = student.says("hello, do you speak english? I need help with my insurance")
    assert reply.text == texts.OTHER_LANGUAGE


def test_what_do_i_do_starts_the_questionnaire_and_typed_answers_work(student: Student) -> None:
    assert "institución <b>pública</b>" in student.says("no sé qué me toca hacer").text
    assert student.says("no").text.startswith("Vamos a ver")  # two options start with "No"
    assert student.last[0].text == texts.CHOOSE_AN_OPTION
    assert "servicio médico" in student.says("la pública").text
    assert "cambio de plantel" in student.says("4").text  # "No tengo", by its number


def test_the_checklist_says_how_many_steps_it_shows(student: Student) -> None:
    student.command("elegibilidad")
    for option in ("Sí, pública", "No tengo", "No", "Sí, ya la tengo", "Sí, ya la entregué", "VIGENTE"):
        end = student.taps(option)
    assert "<b>Tu lista personal</b> (2 pasos)" in end.text
    assert "un paso" not in end.text


def test_a_day_after_the_dates_answer_is_answered_for_that_day(knowledge, tmp_path) -> None:
    student = at(knowledge, tmp_path, "2026-12-04T16:00")
    first = student.says("hoy reciben tarjetas del nss?").text
    assert "Hoy sí se reciben" not in first
    reply = student.says("y mañana sábado?").text
    assert reply.startswith("📅 Mañana no se reciben tarjetas del NSS: la oficina no abre ese día.")


def test_and_then_quotes_the_next_part_of_the_answer(student: Student) -> None:
    student.says("me cambié de plantel y estaba vigente")
    first = student.says("y a qué oficina voy primero").text
    then = student.says("y luego?").text
    assert "tramitar tu baja" in first and "incorporación de nueva cuenta" in then
    assert texts.MORE_AT_THE_OFFICE in then and texts.GO_TO_OFFICE not in then


def test_after_the_safety_line_news_gets_a_caring_word_not_a_second_alarm(student: Student) -> None:
    assert "911" in student.says("mi compañero se desmayó en clase").text or "911" in (student.last[0].text)
    assert student.says("ya llegó la ambulancia").text == texts.AFTER_HELP_ARRIVED
    assert student.says("ok ya estoy en urgencias gracias").text == texts.AFTER_HELP_ARRIVED


def test_a_short_acknowledgement_is_not_a_question(student: Student) -> None:
    assert student.says("ok espero entonces").text == texts.SMALL_TALK["thanks"]
    assert student.says("ya lo tengo, a donde lo llevo").text != texts.SMALL_TALK["thanks"]
