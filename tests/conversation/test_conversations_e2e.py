"""Conversations end to end: the real Application polls the local Bot API server; a student with
an office configured (Monday to Friday 9:00–14:00, a staff group)."""

from __future__ import annotations

import dataclasses
from datetime import datetime, time
from pathlib import Path

import pytest

from bot.clock import MEXICO_CITY
from bot.config import HandoffSettings, Settings
from bot.conversation import texts
from bot.office.hours import Office, Opening
from tests.support.fake_telegram import FakeTelegram
from tests.support.harness import Student, bot_running, bot_settings

STAFF = -5000
OFFICE = Office(
    "Oficina del Seguro Facultativo",
    "Edificio A, planta baja",
    (Opening(frozenset(range(5)), time(9), time(14)),),
    "seguro@escuela.mx",
    "55 1234 5678",
)
WEDNESDAY_10AM = datetime(2026, 12, 2, 10, 0, tzinfo=MEXICO_CITY)
SATURDAY_NOON = datetime(2026, 12, 5, 12, 0, tzinfo=MEXICO_CITY)


def office_settings(server: FakeTelegram, faq: Path, data: Path, now: datetime = WEDNESDAY_10AM) -> Settings:
    return dataclasses.replace(
        bot_settings(server, faq, data), now=now, office=OFFICE, handoff=HandoffSettings(STAFF, 3)
    )


@pytest.fixture
def settings(server: FakeTelegram, faq_copy: Path, tmp_path: Path) -> Settings:
    server.profiles[61] = {"first_name": "Ana", "username": "ana_lopez"}
    return office_settings(server, faq_copy, tmp_path / "data")


async def test_a_follow_up_is_never_the_same_answer_again(server, settings) -> None:
    ana = Student(server, 61)
    async with bot_running(settings, server):
        [answer] = await ana.say("me cambié de plantel y estaba vigente")
        [detail] = await ana.say("y a qué oficina voy primero")
    assert detail.plain != answer.plain
    assert "ya no continuarás estudiando" in detail.plain and "Ya sea que vayas" not in detail.plain


async def test_asking_for_a_person_sends_the_real_question_to_the_staff_group(server, settings) -> None:
    ana = Student(server, 61)
    async with bot_running(settings, server):
        await ana.say("que pasa con mi seguro si me titulo")
        [confirm] = await ana.say("quiero hablar con una persona")
        assert "«que pasa con mi seguro si me titulo»" in confirm.plain
        mark = len(server.sent)
        await ana.tap("✅ Enviar", on=confirm)
        [card] = await server.replies(STAFF, mark)
    assert "que pasa con mi seguro si me titulo" in card.plain
    assert "hablar con una persona" not in card.plain


async def test_an_emergency_gets_the_safety_line_first(server, settings) -> None:
    ana = Student(server, 61)
    async with bot_running(settings, server):
        replies = await ana.say("es una emergencia ayuda, mi amiga se desmayó", expect=2)
    assert "911" in replies[0].plain and "urgencias" in replies[0].plain


async def test_on_saturday_the_dates_answer_never_says_today(server, faq_copy, tmp_path) -> None:
    ana = Student(server, 61)
    saturday = office_settings(server, faq_copy, tmp_path / "data", now=SATURDAY_NOON)
    async with bot_running(saturday, server):
        [answer] = await ana.say("hoy reciben tarjetas del nss?")
    assert "Hoy sí se reciben" not in answer.plain
    assert "Hoy no se reciben tarjetas del NSS: la oficina no abre hoy." in answer.plain
    assert "1 de enero de 2027" in answer.plain


async def test_two_questions_in_one_message_get_two_answers(server, settings) -> None:
    ana = Student(server, 61)
    async with bot_running(settings, server):
        replies = await ana.say("qué documento entrego y hasta cuándo lo puedo entregar?", expect=2)
    assert "asignacionNSS" in replies[0].plain
    assert "No hay trámites urgentes ni extemporáneos" in replies[1].plain
    assert texts.DID_YOU_MEAN not in [reply.plain for reply in replies]
