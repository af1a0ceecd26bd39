"""The questionnaire's decisions on its own, on the shipped elegibilidad.yaml: where each option
leads, what an old or forged button does, which controls each question shows, and when the
checklist offers "Avísame cuando abra"."""

from __future__ import annotations

import pytest

from bot.conversation import texts
from bot.conversation.questionnaire import (
    NO_URGENT,
    QUESTIONNAIRE_KEY,
    Questionnaire,
    option_action,
    option_key,
)
from bot.knowledge import KnowledgeBase
from bot.replies import BACK, MENU, OPTION_PREFIX, QUESTIONNAIRE, REMIND, RESTART, Reply, State

WINDOW_SENTENCE = "la próxima recepción abre el 1 de diciembre de 2026 (en 4 días)."
HAND_IN = ["Sí, pública", "No tengo", "No", "Sí, ya la tengo", "Todavía no"]  # card pending
VIGENTE = ["Sí, pública", "No tengo", "No", "Sí, ya la tengo", "Sí, ya la entregué", "VIGENTE"]


def questionnaire(knowledge: KnowledgeBase, reception_open: bool) -> Questionnaire:
    return Questionnaire(knowledge.questionnaire, lambda: WINDOW_SENTENCE, lambda: reception_open)


def tap(flow: Questionnaire, state: State, label: str) -> list[Reply]:
    node_id = state[QUESTIONNAIRE_KEY][-1]
    replies = flow.choose(state, option_action(node_id, label).removeprefix(OPTION_PREFIX))
    assert replies is not None, label
    return replies


def walk(flow: Questionnaire, labels: list[str]) -> tuple[State, Reply]:
    state: State = {}
    replies = flow.start(state)
    for label in labels:
        replies = tap(flow, state, label)
    return state, replies[-1]


def actions(reply: Reply) -> list[tuple[str, str]]:
    return [(b.label, b.action) for b in reply.buttons]


@pytest.mark.parametrize(("reception_open", "offered"), [(False, True), (True, False)])
def test_the_checklist_offers_the_reminder_only_while_reception_is_closed(
    knowledge: KnowledgeBase, reception_open: bool, offered: bool
) -> None:
    _, end = walk(questionnaire(knowledge, reception_open), HAND_IN)
    remind = [(texts.REMIND_ME, REMIND)] if offered else []
    assert actions(end) == [
        *remind,
        (texts.QUESTIONNAIRE_BACK, BACK),
        (texts.QUESTIONNAIRE_DONE_AGAIN, RESTART),
        (texts.TOPICS, MENU),
    ]
    checklist = end.text.split("\n\n", 1)[1]
    lines = checklist.split("\n")
    assert lines[0] == f"{texts.QUESTIONNAIRE_CHECKLIST} (1 paso)" and lines[-1] == NO_URGENT
    assert lines[1].startswith("1. ") and WINDOW_SENTENCE in checklist and "{ventana}" not in end.text


def test_no_reminder_when_there_is_no_card_to_hand_in(knowledge: KnowledgeBase) -> None:
    state, end = walk(questionnaire(knowledge, reception_open=False), VIGENTE)
    assert state[QUESTIONNAIRE_KEY][-1] == "fin_vigente"
    assert texts.REMIND_ME not in [b.label for b in end.buttons]
    assert NO_URGENT not in end.text
    assert "\n1. " in end.text and "\n2. Regístrate en la Clínica del IMSS" in end.text


def test_an_ending_with_no_steps_says_there_is_nothing_to_do(knowledge: KnowledgeBase) -> None:
    _, end = walk(questionnaire(knowledge, reception_open=False), ["No, es privada"])
    assert end.text.endswith("\n\n" + texts.QUESTIONNAIRE_NOTHING_TO_DO)


def test_the_first_question_has_only_its_options(knowledge: KnowledgeBase) -> None:
    flow = questionnaire(knowledge, reception_open=False)
    [first] = flow.start({})
    assert [b.label for b in first.buttons] == ["Sí, pública", "No, es privada", "No estudio ahora"]
    _, second = walk(flow, ["Sí, pública"])
    assert [b.action for b in second.buttons][-2:] == [BACK, RESTART]


def test_an_older_messages_button_answers_from_that_point(knowledge: KnowledgeBase) -> None:
    flow = questionnaire(knowledge, reception_open=False)
    state, _ = walk(flow, ["Sí, pública", "No tengo", "No", "Sí, ya la tengo"])
    assert state[QUESTIONNAIRE_KEY] == [
        "institucion",
        "servicio_medico",
        "cambio_plantel",
        "tiene_nss",
        "entrego_tarjeta",
    ]
    again = option_action("servicio_medico", "ISSSTE").removeprefix(OPTION_PREFIX)
    assert flow.choose(state, again) is not None
    assert state[QUESTIONNAIRE_KEY] == ["institucion", "servicio_medico", "ya_tiene_servicio"]
    # The first question's buttons start over from any place; another question's, not on it, do not.
    restart = option_action("institucion", "No, es privada").removeprefix(OPTION_PREFIX)
    assert flow.choose(state, restart) is not None
    assert state[QUESTIONNAIRE_KEY] == ["institucion", "fin_no_aplica"]
    elsewhere = option_action("estado", "VIGENTE").removeprefix(OPTION_PREFIX)
    assert flow.choose(state, elsewhere) is None
    assert flow.choose({}, restart) is not None  # no place yet: the first question's still work


def test_typing_an_option_only_counts_inside_the_questionnaire(knowledge: KnowledgeBase) -> None:
    flow = questionnaire(knowledge, reception_open=False)
    assert flow.typed_option({}, "no") is None
    state, _ = walk(flow, ["No, es privada"])  # at an ending: no options to type
    assert flow.typed_option(state, "no") is None
    state = {}
    flow.start(state)
    assert flow.typed_option(state, "si publica") == option_action("institucion", "Sí, pública")


def test_outside_the_questionnaire_the_way_in_is_offered() -> None:
    reply = Questionnaire.not_active()
    assert reply.text == texts.QUESTIONNAIRE_NOT_ACTIVE
    assert actions(reply) == [(texts.QUESTIONNAIRE_START, QUESTIONNAIRE), (texts.TOPICS, MENU)]


def test_option_keys_already_sent_in_buttons_stay_the_same() -> None:
    """Buttons in students' chats carry these keys: a new release must read them as before."""
    assert option_key("Sí, pública") == "d26291cb"
    assert option_key("si publica") == option_key("Sí, pública!")  # read like students write
