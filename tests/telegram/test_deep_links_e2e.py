"""Deep links end to end: a student who opens t.me/<bot>?start=PAYLOAD sends `/start PAYLOAD`,
and the real Application answers with what the link names."""

from __future__ import annotations

import dataclasses

from bot.config import HandoffSettings
from bot.conversation import texts
from bot.office import handoff
from bot.reception.reminders import NO_SUBSCRIPTION
from tests.support.harness import Student, bot_running


async def test_each_deep_link_opens_on_what_it_names(server, settings) -> None:
    async with bot_running(settings, server):
        [dates] = await Student(server, 301).say("/start fechas")
        [answer] = await Student(server, 302).say("/start documento_nss")
        [questionnaire] = await Student(server, 303).say("/start elegibilidad")
        [contact] = await Student(server, 304).say("/start contacto")
        [reminders] = await Student(server, 305).say("/start avisos")
        [person] = await Student(server, 306).say("/start persona")
        [unknown] = await Student(server, 307).say("/start no_existe")
        [plain] = await Student(server, 308).say("/start")
    assert dates.plain.startswith("¿Cuándo entrego mi tarjeta del NSS?")
    assert answer.plain.startswith("¿Qué documento entrego en la escuela?")
    assert [label for label, _ in answer.buttons][-2:] == ["👍", "👎"]
    assert any(data.startswith("1|opt:") for _, data in questionnaire.buttons)
    assert "Oficina del Seguro Facultativo" in contact.plain
    assert reminders.plain.startswith(NO_SUBSCRIPTION)
    assert "Avisos de la oficina: no los recibes." in reminders.plain  # and the toggle
    assert texts.GO_TO_OFFICE in person.plain  # no staff group: the office's contact
    assert unknown.text == plain.text == texts.WELCOME


async def test_the_persona_link_starts_the_handoff_where_there_is_one(server, settings) -> None:
    settings = dataclasses.replace(settings, handoff=HandoffSettings(-5000, 3))
    async with bot_running(settings, server):
        [person] = await Student(server, 311).say("/start persona")
    assert person.plain == handoff.WRITE_PROMPT
