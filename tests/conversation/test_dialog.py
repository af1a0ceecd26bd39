"""The conversation as a student lives it: answers, did-you-mean, the eligibility flow."""

from __future__ import annotations

import json
from datetime import date

import pytest

from bot.assembly import build_assistant
from bot.clock import Clock
from bot.conversation import texts
from bot.conversation.dialog import Assistant, Turn
from bot.replies import Reply, State
from tests.conftest import FAQ_DIR, settings_for

ASIGNACION = "https://serviciosdigitales.imss.gob.mx/gestionAsegurados-web-externo/asignacionNSS"
VIGENCIA = "https://serviciosdigitales.imss.gob.mx/gestionAsegurados-web-externo/vigencia"


class Student:
    """Drives the assistant like a student tapping buttons; checks state stays JSON."""

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant
        self.state: State = {}
        self.last: list[Reply] = []

    def _keep(self, turn: Turn) -> Reply:
        assert turn.replies, "every input gets a reply"
        self.last = turn.replies
        self.state = json.loads(json.dumps(self.state))  # what persistence would store
        return turn.replies[-1]

    def says(self, text: str) -> Reply:
        return self._keep(self.assistant.on_text(self.state, text))

    def command(self, name: str) -> Reply:
        return self._keep(self.assistant.on_command(self.state, name))

    def taps(self, label: str) -> Reply:
        buttons = {b.label: b.action for b in self.last[-1].buttons}
        assert label in buttons, f"no button {label!r} in {list(buttons)}"
        return self._keep(self.assistant.on_action(self.state, buttons[label]))

    def presses(self, action: str) -> Reply:
        return self._keep(self.assistant.on_action(self.state, action))

    def labels(self) -> list[str]:
        return [b.label for b in self.last[-1].buttons]


@pytest.fixture
def student(assistant: Assistant) -> Student:
    return Student(assistant)


def test_confident_answer_is_titled_with_related_topics(student: Student) -> None:
    reply = student.says("como saco mi numero de seguridad social")
    assert reply.text.startswith("<b>¿Qué documento entrego en la escuela?</b>")
    assert ASIGNACION in reply.text
    assert student.labels() == [
        "¿Cuándo entrego mi tarjeta del NSS?",
        "¿Cómo sé si ya me dieron de alta?",
        texts.TOPICS,
    ]


def test_did_you_mean_then_a_pick(student: Student) -> None:
    reply = student.says("estoy vigente")
    assert reply.text == texts.DID_YOU_MEAN
    assert texts.NONE_OF_THESE in student.labels()
    answer = student.taps("Ya estoy VIGENTE, ¿y ahora?")
    assert "Clínica del IMSS" in answer.text


def test_none_of_these_leads_to_the_office(student: Student) -> None:
    student.says("vigente")
    reply = student.taps(texts.NONE_OF_THESE)
    assert reply.text.startswith(texts.NOT_THESE) and texts.GO_TO_OFFICE in reply.text
    assert student.labels() == [texts.TOPICS]


def test_out_of_scope_is_an_honest_no_with_the_menu(student: Student) -> None:
    reply = student.says("me pueden ayudar a conseguir trabajo de medio tiempo")
    assert reply.text == texts.DONT_KNOW
    assert "🧭 ¿Qué me toca hacer?" in student.labels()


def test_another_areas_procedure_never_sends_the_student_to_this_office(student: Student) -> None:
    for _ in range(3):  # not even after several misses in a row
        reply = student.says("como saco mi kardex")
        assert reply.text in (texts.NOT_OUR_PROCEDURE, texts.NOT_OUR_PROCEDURE_AGAIN)
        assert texts.GO_TO_OFFICE not in reply.text and "Oficina del Seguro" not in reply.text
    assert "🧭 ¿Qué me toca hacer?" in student.labels()


def test_asking_who_it_is_gets_an_introduction_and_the_topics(student: Student) -> None:
    reply = student.says("quien eres?")
    assert reply.text == texts.SMALL_TALK["about_bot"]
    assert "¿Qué es el seguro facultativo?" in [b.label for b in reply.buttons]


def test_dates_answer_uses_today(student: Student) -> None:
    reply = student.command("fechas")
    assert "hasta el <b>5 de diciembre de 2026</b>" in reply.text  # the fixture's today: Dec 3
    assert "No hay trámites urgentes ni extemporáneos." in reply.text


@pytest.mark.parametrize(("day", "offered"), [(date(2026, 12, 3), False), (date(2026, 11, 27), True)])
def test_the_reminder_is_offered_only_while_reception_is_closed(
    knowledge, tmp_path, day: date, offered: bool
) -> None:
    """ "Avísame cuando abra" on 27 November, before the window; not on the 3rd, inside it."""
    student = Student(build_assistant(settings_for(FAQ_DIR, tmp_path), knowledge, Clock(day)))
    student.command("fechas")
    assert (texts.REMIND_ME in student.labels()) is offered
    student.says("cuando entrego mi nss")
    assert (texts.REMIND_ME in student.labels()) is offered


@pytest.mark.parametrize("text", ["", "🙂🙂", "ok", "gracias", "x" * 10_000, "\u202e\u200d"])
def test_odd_inputs_get_a_kind_reply(student: Student, text: str) -> None:
    reply = student.says(text)
    assert reply.text and "Traceback" not in reply.text


def test_student_who_ends_vigente(student: Student) -> None:
    student.command("elegibilidad")
    student.taps("Sí, pública")
    student.taps("No tengo")
    student.taps("No")
    student.taps("Sí, ya la tengo")
    student.taps("Sí, ya la entregué")
    reply = student.taps("VIGENTE")
    assert "<b>Tu lista personal</b>" in reply.text
    assert f'1. Solicita tu constancia de vigencia de derechos en <a href="{VIGENCIA}">' in reply.text
    assert "2. Regístrate en la Clínica del IMSS que te corresponde" in reply.text
    assert student.labels() == [texts.QUESTIONNAIRE_BACK, texts.QUESTIONNAIRE_DONE_AGAIN, texts.TOPICS]


def test_student_from_a_private_school(student: Student) -> None:
    student.command("elegibilidad")
    reply = student.taps("No, es privada")
    assert "no aplica para ti" in reply.text
    assert texts.QUESTIONNAIRE_NOTHING_TO_DO in reply.text


def test_student_with_issste_who_renounces(student: Student) -> None:
    student.command("elegibilidad")
    student.taps("Sí, pública")
    explained = student.taps("ISSSTE")
    assert "no es obligatorio" in explained.text and "servicio social" in explained.text
    assert "Quiero darme de alta" in student.labels()  # they may still enroll
    reply = student.taps("No lo requiero (renuncia)")
    assert "1. Requisita la Carta responsiva de Renuncia al Seguro Facultativo del IMSS." in reply.text


def test_student_without_nss_from_another_campus(student: Student) -> None:
    student.command("elegibilidad")
    student.taps("Sí, pública")
    student.taps("No tengo")
    student.taps("Sí, estaba vigente")  # the baja step moves on to the NSS question by itself
    assert "tramita tu baja" in student.last[0].text
    student.taps("No, o no sé")
    reply = student.last[-1]
    assert "1. Tramita tu <b>baja</b>" in reply.text
    assert f'2. Obtén tu tarjeta de NSS en <a href="{ASIGNACION}">' in reply.text
    assert (
        "3. Entrega tu tarjeta de NSS en la escuela durante un periodo de recepción: "
        "la recepción está abierta hoy y hasta el 5 de diciembre de 2026."
    ) in reply.text
    assert reply.text.endswith("<b>No hay trámites urgentes ni extemporáneos.</b>")


def test_back_and_restart(student: Student) -> None:
    student.command("elegibilidad")
    student.taps("Sí, pública")
    student.taps("No tengo")
    assert student.taps(texts.QUESTIONNAIRE_BACK).text.startswith("¿Ya tienes algún servicio médico?")
    assert student.taps(texts.QUESTIONNAIRE_BACK).text.startswith("Vamos a ver")
    assert texts.QUESTIONNAIRE_BACK not in student.labels()
    student.taps("Sí, pública")
    assert student.taps(texts.QUESTIONNAIRE_RESTART).text.startswith("Vamos a ver")


def test_back_skips_steps_that_moved_on_by_themselves(student: Student) -> None:
    student.command("elegibilidad")
    student.taps("Sí, pública")
    student.taps("No tengo")
    student.taps("Sí, estaba vigente")  # passes through the automatic baja step
    reply = student.taps(texts.QUESTIONNAIRE_BACK)
    assert "cambio de plantel" in reply.text


def test_cancel_leaves_the_flow(student: Student) -> None:
    student.command("elegibilidad")
    assert student.command("cancelar").text == texts.QUESTIONNAIRE_CANCELLED
    assert student.state == {}
    assert student.command("cancelar").text == texts.QUESTIONNAIRE_NOT_ACTIVE


def test_typing_an_option_or_asking_a_question_inside_the_flow(student: Student) -> None:
    student.command("elegibilidad")
    assert student.says("si").text.startswith("¿Ya tienes algún servicio médico?")
    reply = student.says("que es el seguro facultativo")
    assert reply.text.startswith("<b>¿Qué es el seguro facultativo?</b>")
    assert reply.rate == "que_es"  # still rateable inside the flow
    assert student.labels()[0] == texts.QUESTIONNAIRE_RESUME
    assert student.taps(texts.QUESTIONNAIRE_RESUME).text.startswith("¿Ya tienes algún servicio médico?")
    assert student.says("atras").text.startswith("Vamos a ver")


def test_button_on_an_older_message_answers_from_that_point(student: Student) -> None:
    student.command("elegibilidad")
    first_question = student.last[-1]
    student.taps("Sí, pública")
    student.taps("No tengo")
    private = next(b.action for b in first_question.buttons if b.label == "No, es privada")
    assert "no aplica para ti" in student.presses(private).text


@pytest.mark.parametrize(
    "action",
    [
        "",
        "zzz",
        "faq:",
        "faq:nope",
        "opt:estado:0",
        "opt:estado:x",
        "opt:institucion:99",
        "opt:nada:0",
        "opt::",
        "menu:extra",
    ],
)
def test_forged_or_stale_buttons_are_refused_kindly(student: Student, action: str) -> None:
    reply = student.presses(action)
    assert reply.text == texts.STALE_OPTION and len(reply.buttons) == 8


def test_state_from_an_older_knowledge_base_is_dropped(student: Student) -> None:
    student.state["flow"] = ["institucion", "nodo_que_ya_no_existe"]
    reply = student.presses("resume")
    assert reply.text == texts.QUESTIONNAIRE_NOT_ACTIVE
    assert "flow" not in student.state


def test_commands(student: Student) -> None:
    assert student.command("start").text == texts.WELCOME
    assert "/fechas" in student.command("ayuda").text
    assert student.command("preguntas").text == texts.MENU
    assert texts.UNKNOWN_COMMAND in student.command("borrar_todo").text


# ----- follow-ups, no dead ends, redirects -------------------------------------------------


def test_a_follow_up_right_after_an_answer_is_read_in_its_light(student: Student) -> None:
    answer = student.says("que es el seguro facultativo").text
    detail = student.says("y cuanto cuesta").text  # the part that says it, not all of it again
    assert detail.startswith(texts.DETAIL_LEAD) and "«de forma gratuita" in detail
    assert "Tendrás acceso a consulta médica" in answer and "consulta médica" not in detail
    student.says("cuando entrego mi nss")
    reply = student.says("y donde lo saco")
    assert reply.text.startswith("<b>¿Qué documento entrego en la escuela?</b>")
    assert student.state["recent"]["topics"] == ["documento_nss", "fechas_recepcion"]


def test_the_context_expires_after_a_few_minutes(knowledge, tmp_path) -> None:
    from datetime import datetime, timedelta

    from bot.assembly import build_assistant
    from bot.clock import MEXICO_CITY, Clock
    from bot.conversation.recent import RECENT_SECONDS
    from tests.conftest import FAQ_DIR, settings_for

    moment = {"now": datetime(2026, 12, 3, 10, 0, tzinfo=MEXICO_CITY)}
    assistant = build_assistant(settings_for(FAQ_DIR, tmp_path), knowledge, Clock(now=lambda: moment["now"]))
    state: State = {}
    assistant.on_text(state, "cuando entrego mi nss")
    moment["now"] += timedelta(seconds=RECENT_SECONDS + 1)
    later = assistant.on_text(state, "y donde lo saco")
    assert later.match is not None and not later.match.followup
    assert later.replies[0].text != assistant.topic_reply("documento_nss").text


def test_a_second_miss_in_a_row_offers_the_way_to_the_office(student: Student) -> None:
    first = student.says("como se hace un pastel de chocolate")
    assert first.text == texts.DONT_KNOW and "Por ejemplo" in first.text
    second = student.says("cual es la capital de francia")
    assert second.text.startswith(texts.STILL_DONT_KNOW)
    assert texts.GO_TO_OFFICE in second.text
    student.says("que es el seguro facultativo")  # an answer starts the count again
    assert student.says("como se hace un pastel de chocolate").text == texts.DONT_KNOW


def test_with_a_handoff_the_way_out_is_a_person(knowledge, tmp_path) -> None:
    from bot.assembly import build_assistant
    from bot.replies import PERSON
    from tests.conftest import FAQ_DIR, settings_for

    assistant = build_assistant(settings_for(FAQ_DIR, tmp_path), knowledge, handoff=True)
    state: State = {}
    assistant.on_text(state, "vigente")
    [reply] = assistant.on_action(state, "nomatch").replies
    assert (texts.TALK_TO_PERSON, PERSON) in [(b.label, b.action) for b in reply.buttons]


def test_a_staff_redirect_answers_a_known_out_of_scope_question(faq_copy, tmp_path) -> None:
    from bot.assembly import build_assistant
    from tests.conftest import settings_for

    groups = faq_copy / "fuera_de_tema.yaml"
    redirect = "Eso lo atiende <b>Servicios Escolares</b>, no el Seguro Facultativo."
    groups.write_text(
        groups.read_text(encoding="utf-8").replace(
            "    nombre: Kárdex, calificaciones e historial\n",
            f"    nombre: Kárdex, calificaciones e historial\n    respuesta: {redirect}\n",
        ),
        encoding="utf-8",
    )
    assistant = build_assistant(settings_for(faq_copy, tmp_path))
    turn = assistant.on_text({}, "como saco mi kardex")
    assert turn.replies[0].text == redirect and turn.match.redirect == "kardex_calificaciones"
    assert assistant.on_text({}, "cuando salen las becas").replies[0].text == texts.DONT_KNOW
