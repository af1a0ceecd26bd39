"""Deep links: `/start PAYLOAD` opens the assistant on what the link names, in the engine and in
the terminal (`faqbot chat`); anything unknown falls back to the greeting."""

from __future__ import annotations

import io

import pytest

from bot.conversation import texts
from bot.conversation.deep_links import link, open_on, payload_of
from bot.conversation.dialog import Assistant
from bot.terminal import TerminalChat


@pytest.mark.parametrize(
    ("text", "payload"),
    [
        ("/start fechas", "fechas"),
        ("/start@seguro_bot que_es", "que_es"),
        ("/start", None),
        ("/start dos palabras", None),
        ("/ayuda fechas", None),
        ("/start fe<b>", None),
        ("/start " + "x" * 65, None),
    ],
)
def test_the_payload_is_read_as_telegram_sends_it(text: str, payload: str | None) -> None:
    assert payload_of(text) == payload


def test_the_link_names_the_bot_and_the_payload() -> None:
    assert link("@seguro_bot", "fechas") == "https://t.me/seguro_bot?start=fechas"
    assert link("seguro_bot") == "https://t.me/seguro_bot"


def test_fechas_opens_on_todays_reception_answer(assistant: Assistant) -> None:
    [reply] = open_on(assistant, {}, "fechas").replies
    assert reply.text == assistant.topic_reply(assistant.knowledge.reception.id).text


def test_an_item_id_opens_on_that_answer(assistant: Assistant) -> None:
    [reply] = open_on(assistant, {}, "documento_nss").replies
    assert reply.text.startswith("<b>¿Qué documento entrego en la escuela?</b>")
    assert reply.rate == "documento_nss"


def test_elegibilidad_starts_the_questionnaire_and_keeps_the_place(assistant: Assistant) -> None:
    state: dict = {}
    [reply] = open_on(assistant, state, "elegibilidad").replies
    assert reply.text == assistant.on_command({}, "elegibilidad").replies[-1].text
    assert any(button.action.startswith("opt:") for button in reply.buttons)
    assert assistant.questionnaire.current(state) is not None


def test_contacto_and_persona_open_on_the_office(assistant: Assistant) -> None:
    [contact] = open_on(assistant, {}, "contacto").replies
    assert "Oficina del Seguro Facultativo" in contact.text
    [person] = open_on(assistant, {}, "persona").replies
    assert person.text == assistant.way_to_a_person().text


@pytest.mark.parametrize("payload", [None, "nada_de_esto", "FECHAS_2", "oficina_lugar"])
def test_an_unknown_payload_gets_the_greeting(assistant: Assistant, payload: str | None) -> None:
    [reply] = open_on(assistant, {}, payload).replies
    assert reply.text == texts.WELCOME


def test_the_terminal_opens_a_deep_link_too(assistant: Assistant) -> None:
    out = io.StringIO()
    chat = TerminalChat(assistant, out)
    [reply] = chat.handle("/start fechas")
    assert reply.rate == assistant.knowledge.reception.id
    [greeting] = chat.handle("/start algo_que_no_existe")
    assert greeting.text == texts.WELCOME
