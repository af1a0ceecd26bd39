"""The office, a person and "¿qué me toca?" asked in a student's own words, with the day or hour
they ask about; and what stays the FAQ's. The office is the one of
benchmarks/data/conversations_config.yaml: Monday to Friday, 9:00 to 14:00."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest

from bot.conversation import texts
from bot.conversation.office_questions import hour_mentioned, read_office_question
from bot.knowledge import KnowledgeBase
from tests.conversation.test_conversations import at

SUNDAY = date(2026, 11, 29)


@pytest.mark.parametrize(
    ("text", "topics"),
    [
        ("y donde queda la oficina, voy corriendo", ("oficina_lugar",)),
        ("kiero hablar con alguien de seguro facultativo ahorita", ("persona",)),
        ("hay alguien que me pueda atender?", ("persona",)),
        ("cual es el tel de la oficina y su horario", ("oficina_telefono", "oficina_horario")),
        ("Buen día. ¿Hay algún número donde me pueda atender una persona?", ("oficina_telefono",)),
        ("a que correo les escribo", ("oficina_correo",)),
        ("oye no se q me toca hacer para el seguro", ("que_me_toca",)),
        ("ya abrieron? voy en camino", ("oficina_abierta",)),
    ],
)
def test_the_words_that_name_the_office_are_read(text: str, topics: tuple[str, ...]) -> None:
    asked = read_office_question(text, SUNDAY)
    assert asked is not None and asked.topics == topics


@pytest.mark.parametrize(
    "text",
    [
        "donde saco mi numero de seguridad social",
        "como saco mi nss",
        "me sale baja q hago",
        "hola",
        "mi cel 55 1234 5678, correo ana.lopez@alumno.mx, no se que clinica me toca",
    ],
)
def test_the_insurance_s_own_questions_are_not_the_office_s(text: str) -> None:
    asked = read_office_question(text, SUNDAY)
    assert asked is None or not {"oficina_telefono", "oficina_correo", "oficina_lugar"} & set(asked.topics)


@pytest.mark.parametrize(
    ("text", "hour"),
    [
        ("y si llego a las 3?", time(15)),
        ("a las 9:30", time(9, 30)),
        ("a las 10 y media", time(10, 30)),
        ("como a las 8 de la noche", time(20)),
        ("hoy", None),
    ],
)
def test_an_hour_is_read_as_a_student_means_it(text: str, hour: time | None) -> None:
    assert hour_mentioned(text) == hour


def test_an_office_question_with_words_the_matcher_never_saw_is_answered(
    knowledge: KnowledgeBase, tmp_path: Path
) -> None:
    student = at(knowledge, tmp_path, "2026-12-04T13:30")
    assert "planta baja" in student.says("y donde queda la oficina, voy corriendo").text
    both = student.says("cual es el tel de la oficina y su horario").text
    assert both.index("📞 El teléfono") < both.index("🕘 La oficina atiende")


def test_hours_on_the_day_asked_about(knowledge: KnowledgeBase, tmp_path: Path) -> None:
    student = at(knowledge, tmp_path, "2026-11-29T18:00")  # Sunday evening
    assert "Ahora está cerrada. Abre mañana a las 9:00." in student.says("esta abierta la oficina?").text
    monday = student.says("y mañana a q hora?").text
    assert monday.startswith("🕘 Mañana, lunes 30 de noviembre, la oficina atiende de 9:00 a 14:00.")
    assert student.says("y los sabados abren?").text.startswith("🕘 Los sábados la oficina no abre.")
    assert student.says("y el sábado?").text.startswith("🕘 El sábado 5 de diciembre la oficina no abre.")


def test_an_hour_after_the_dates_is_the_office_s_closing(knowledge: KnowledgeBase, tmp_path: Path) -> None:
    student = at(knowledge, tmp_path, "2027-03-01T08:30")
    student.says("hoy reciben tarjetas del nss?")
    late = student.says("y si llego a las 3?").text
    assert late.startswith("🕘 Hoy a las 15:00 ya estará cerrada: atiende de 9:00 a 14:00.")


def test_a_dates_question_that_names_the_office_stays_the_dates(
    knowledge: KnowledgeBase, tmp_path: Path
) -> None:
    student = at(knowledge, tmp_path, "2026-11-29T18:00")
    student.says("a q hora abre la oficina")
    assert "diciembre" in student.says("y mañana puedo entregar mi nss ahi?").text
    fresh = at(knowledge, tmp_path, "2026-11-29T18:00")
    assert "Próximas fechas" in fresh.says("a que hora reciben las tarjetas del nss?").text


def test_a_person_asked_for_with_a_typo_is_offered(knowledge: KnowledgeBase, tmp_path: Path) -> None:
    student = at(knowledge, tmp_path, "2026-12-05T11:00")
    reply = student.says("kiero hablar con alguien de seguro facultativo ahorita").text
    assert reply.startswith(texts.GO_TO_OFFICE) and "55 1234 5678" in reply


def test_ok_before_a_question_does_not_hide_it(knowledge: KnowledgeBase, tmp_path: Path) -> None:
    student = at(knowledge, tmp_path, "2026-12-04T13:30")
    student.says("hoy reciben el nss?")
    assert "planta baja" in student.says("ok y donde la entrego").text
    assert student.says("ok gracias").text == texts.SMALL_TALK["thanks"]


@pytest.mark.parametrize(
    "text",
    [
        "tengo un dolor muy fuerte en el pecho y se me duerme el brazo",
        "estoy embarazada y empece a sangrar mucho, q hago",
        "me corte la mano y no deja de sangrar",
        "mi amigo se desmayo y no reacciona",
    ],
)
def test_an_emergency_in_other_words_gets_the_safety_line_first(
    knowledge: KnowledgeBase, tmp_path: Path, text: str
) -> None:
    turn = at(knowledge, tmp_path, "2026-12-02T10:00").assistant.on_text({}, text)
    assert "911" in turn.replies[0].text


def test_a_blood_test_is_not_an_emergency(knowledge: KnowledgeBase, tmp_path: Path) -> None:
    assert "911" not in at(knowledge, tmp_path, "2026-12-02T10:00").says("me cubre analisis de sangre?").text


def test_help_arrived_gets_no_second_alarm_and_the_question_is_read(
    knowledge: KnowledgeBase, tmp_path: Path
) -> None:
    student = at(knowledge, tmp_path, "2026-12-02T10:00")
    student.says("me corte la mano y no deja de sangrar")
    assert "911" in student.assistant.on_text(student.state, "me sigue sangrando").replies[0].text
    later = student.says("ya estoy en urgencias. oye y despues como me registro en mi clinica?").text
    assert "911" not in later and "domicilio" in later


def test_french_gets_the_note_that_the_assistant_speaks_spanish(
    knowledge: KnowledgeBase, tmp_path: Path
) -> None:
    text = "Bonjour, est-ce que l'assurance maladie étudiante est gratuite?"
    assert at(knowledge, tmp_path, "2026-12-02T10:00").says(text).text == texts.OTHER_LANGUAGE


def test_a_way_around_the_dates_is_told_there_is_none(knowledge: KnowledgeBase, tmp_path: Path) -> None:
    student = at(knowledge, tmp_path, "2026-12-05T11:00")  # Saturday, 5 December
    student.says("hoy reciben el nss?")
    assert (
        "No hay trámites urgentes ni extemporáneos." in student.says("no hay manera de q me la reciban?").text
    )


def test_the_same_reply_is_never_sent_twice_in_a_row(knowledge: KnowledgeBase, tmp_path: Path) -> None:
    student = at(knowledge, tmp_path, "2026-12-02T10:00")
    first = student.says("como saco mi kardex?").text
    second = student.says("y para el kardex a donde voy entonces").text
    assert first.startswith(texts.NOT_OUR_PROCEDURE) and second == texts.NOT_OUR_PROCEDURE_AGAIN
    assert student.says("donde queda la oficina?").text != student.says("donde queda la oficina?").text
