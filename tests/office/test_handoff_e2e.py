"""The handoff end to end: a student's question reaches the office's Telegram group and the office's
answer comes back, through the real Application and the local Bot API server."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import datetime, time
from pathlib import Path

import pytest

from bot.clock import MEXICO_CITY
from bot.config import HandoffSettings, Settings
from bot.conversation import texts
from bot.office import handoff
from bot.office.hours import Office, Opening
from bot.office.tickets import TicketStore
from tests.support.fake_telegram import FakeTelegram, SentMessage
from tests.support.harness import ADMIN_ID, Student, bot_running, bot_settings, handled

STAFF = -5000
OFFICE = Office(
    "Oficina del Seguro Facultativo",
    "Edificio A",
    (Opening(frozenset(range(5)), time(9), time(14)),),
    "seguro@escuela.mx",
)
THURSDAY_10AM = datetime(2026, 12, 3, 10, 0, tzinfo=MEXICO_CITY)
SATURDAY_4PM = datetime(2026, 12, 5, 16, 0, tzinfo=MEXICO_CITY)
UNANSWERABLE = "que pasa con mi seguro si me titulo"


def office_settings(
    server: FakeTelegram, faq: Path, data: Path, now: datetime = THURSDAY_10AM, per_day: int = 3
) -> Settings:
    return dataclasses.replace(
        bot_settings(server, faq, data), now=now, office=OFFICE, handoff=HandoffSettings(STAFF, per_day)
    )


@pytest.fixture(autouse=True)
def people(server: FakeTelegram) -> None:
    """Who is who in these chats: Ana has a username, Beto does not, María is staff."""
    server.profiles[61] = {"first_name": "Ana", "username": "ana_lopez"}
    server.profiles[62] = {"first_name": "Beto"}
    server.profiles[71] = {"first_name": "María"}


@pytest.fixture
def settings(server: FakeTelegram, faq_copy: Path, tmp_path: Path) -> Settings:
    return office_settings(server, faq_copy, tmp_path / "data")


async def until(condition, timeout: float = 5.0) -> None:
    for _ in range(int(timeout / 0.02)):
        if condition():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("the bot did not get there in time")


async def ask_the_office(student: Student, question: str = UNANSWERABLE) -> SentMessage:
    """The student's question goes to the group: returns its card there."""
    [dont_know] = await student.say(question)
    assert texts.TALK_TO_PERSON in [label for label, _ in dont_know.buttons]
    [confirm] = await student.tap(texts.TALK_TO_PERSON, on=dont_know)
    assert f"«{question}»" in confirm.plain
    mark = len(student.server.sent)
    await student.tap("✅ Enviar", on=confirm)
    [card] = await student.server.replies(STAFF, mark)
    return card


async def test_the_admins_see_how_many_questions_wait_for_the_office(server, settings) -> None:
    ana, admin = Student(server, 61), Student(server, ADMIN_ID)
    async with bot_running(settings, server):
        [before] = await admin.say("/estado")
        await ask_the_office(ana)
        [after] = await admin.say("/estado")
    assert "Preguntas esperando a la oficina: 0\n" in before.plain + "\n"
    assert "Preguntas esperando a la oficina: 1 (la más antigua, #1, desde hace 0 h)" in after.plain


async def test_a_question_goes_to_the_office_and_the_answer_comes_back(server, settings) -> None:
    ana, maria = Student(server, 61), Student(server, 71, chat_id=STAFF)
    async with bot_running(settings, server):
        [dont_know] = await ana.say(UNANSWERABLE)
        [confirm] = await ana.tap(texts.TALK_TO_PERSON, on=dont_know)
        assert "La verán las personas de la oficina, con tu nombre de Telegram (Ana)" in confirm.plain
        assert "ahora está abierta" in confirm.plain and "NSS" in confirm.plain
        mark = len(server.sent)
        [sent] = await ana.tap("✅ Enviar", on=confirm)
        [card] = await server.replies(STAFF, mark)
        assert sent.plain.startswith("Listo ✅, le envié tu pregunta a la oficina (#1)")
        assert "#1" in card.plain and "Ana (@ana_lopez)" in card.plain
        assert f"«{UNANSWERABLE}»" in card.plain
        assert [label for label, _ in card.buttons] == ["🙋 Tomar", "✅ Resuelto"]

        await maria.tap("🙋 Tomar", on=card, expect=0)
        await until(lambda: "Lo atiende María" in server.by_id[card.message_id].plain)
        mark = len(server.sent)
        server.user_text(71, "Hola Ana: al titularte sigues vigente hasta tu baja.", STAFF, card)
        [answer] = await server.replies(ana.chat_id, mark)
        assert answer.plain.startswith("💬 Respuesta de la oficina del Seguro Facultativo (#1)")
        assert "sigues vigente hasta tu baja" in answer.plain
        assert any(chat == STAFF for chat, _ in server.reactions)  # delivered, quietly

        mark = len(server.sent)
        [noted] = await ana.say("gracias! y donde tramito la baja?", reply_to=answer)
        [follow_up] = await server.replies(STAFF, mark)
        assert noted.plain == "📨 Se lo envié a la oficina (#1)."
        assert follow_up.reply_to == card.message_id and "donde tramito la baja" in follow_up.plain

        mark = len(server.sent)
        server.user_text(71, "En Servicios Escolares.", STAFF, follow_up)  # reply to a later one
        [second] = await server.replies(ana.chat_id, mark)
        assert "En Servicios Escolares." in second.plain

        mark = len(server.sent)
        await maria.tap("✅ Resuelto", on=server.by_id[card.message_id], expect=0)
        [told] = await server.replies(ana.chat_id, mark)
        assert told.plain.startswith("✅ La oficina marcó tu pregunta #1 como resuelta")
        await until(lambda: "✅ Resuelto." in server.by_id[card.message_id].plain)
        rating = server.user_presses(ana.user_id, told, dict(told.buttons)["👍 Sí"])
        await until(lambda: server.callback_queries[rating])
        [other] = await ana.say("que es el seguro facultativo")  # the assistant, as usual
    assert other.plain.startswith("¿Qué es el seguro facultativo?")
    assert server.callback_answers[rating] == handoff.THANKS
    tickets = TicketStore.open(settings.data_dir)
    ticket = tickets.get(1)
    assert ticket is not None and not ticket.open and ticket.rating == 1
    assert ticket.first_answer is not None and ticket.taken_by == "María"
    assert tickets.questions(1) == [UNANSWERABLE, "gracias! y donde tramito la baja?"]


async def test_an_answer_written_after_a_restart_still_reaches_the_student(server, settings) -> None:
    ana = Student(server, 61)
    async with bot_running(settings, server):
        card = await ask_the_office(ana)
    server.user_text(71, "Te respondo después del reinicio.", STAFF, card)  # while it is down
    async with bot_running(settings, server):
        [answer] = await server.replies(ana.chat_id, len(server.sent))
    assert "Te respondo después del reinicio." in answer.plain


async def test_only_replies_to_ticket_messages_in_the_staff_group_are_relayed(server, settings) -> None:
    ana = Student(server, 61)
    async with bot_running(settings, server) as application:
        card = await ask_the_office(ana)
        mark = len(server.sent)
        forged = dataclasses.replace(card, chat_id=-6000)  # "the same" card in another chat
        server.user_text(90, "hola, te escribe otro grupo", -6000, forged)
        [pending] = await Student(server, 71, chat_id=STAFF).say("/pendientes")
        server.user_text(71, "esto es una respuesta a /pendientes", STAFF, pending)
        server.user_text(71, "platica del grupo sin responder a nada", STAFF)
        await handled(application, server)
        assert [m for m in server.sent[mark:] if m.chat_id == ana.chat_id] == []
        [normal] = await ana.say("como saco mi nss", reply_to=card)  # not an office answer
    assert "#1" in pending.plain and "Ana (@ana_lopez)" in pending.plain
    assert normal.plain.startswith("¿Qué documento entrego en la escuela?")


async def test_a_reply_to_a_coworkers_answer_stays_in_the_staff_group(server, settings) -> None:
    """María's answer belongs to the ticket, but it is her message, not the bot's: Pedro's reply
    to it is talk among the staff."""
    ana = Student(server, 61)
    async with bot_running(settings, server) as application:
        card = await ask_the_office(ana)
        mark = len(server.sent)
        server.user_text(71, "Ana: sigues vigente hasta tu baja.", STAFF, card)
        [answer] = await server.replies(ana.chat_id, mark)
        marias = max(server.user_messages.values(), key=lambda message: message["message_id"])
        mark = len(server.sent)
        server.user_message(72, STAFF, text="gracias María, yo le doy seguimiento", reply_to_message=marias)
        await handled(application, server)
    assert "sigues vigente hasta tu baja" in answer.plain
    assert marias["text"] == "Ana: sigues vigente hasta tu baja."
    assert [m for m in server.sent[mark:] if m.chat_id == ana.chat_id] == []


async def test_forged_ticket_buttons_do_nothing(server, settings) -> None:
    ana, maria = Student(server, 61), Student(server, 71, chat_id=STAFF)
    async with bot_running(settings, server) as application:
        card = await ask_the_office(ana)
        [menu] = await ana.say("/preguntas")
        for data in ("1|tk:done:1", "1|tk:take:1", "1|tk:rate:+:1"):  # in the student's chat
            query = server.user_presses(ana.user_id, menu, data)
            await until(lambda query=query: server.callback_queries[query])
            assert server.callback_answers[query] in (handoff.STAFF_ONLY, texts.STALE_OPTION)
        mark = len(server.sent)
        for data in ("1|tk:take:999", "1|tk:done:¹", "1|tk:zzz", "1|hs:send"):
            query = server.user_presses(maria.user_id, card, data)
            await until(lambda query=query: server.callback_queries[query])
        await handled(application, server)
    tickets = TicketStore.open(settings.data_dir)
    assert tickets.get(1) is not None and tickets.get(1).open
    assert [m for m in server.sent[mark:] if m.chat_id == ana.chat_id] == []


async def test_two_students_get_only_their_own_answers(server, settings) -> None:
    ana, beto = Student(server, 61), Student(server, 62)
    async with bot_running(settings, server) as application:
        ana_card = await ask_the_office(ana)
        beto_card = await ask_the_office(beto, "que pasa con el seguro si repruebo")
        server.user_text(71, "Para Beto: no, solo a ti.", STAFF, beto_card)
        server.user_text(71, "Para Ana: sigues vigente.", STAFF, ana_card)
        await handled(application, server)
    assert "Beto (@" not in ana_card.plain and "Beto" in beto_card.plain
    assert any("Para Ana" in m.plain for m in ana.received())
    assert not any("Para Beto" in m.plain for m in ana.received())
    assert any("Para Beto" in m.plain for m in beto.received())
    assert not any("Para Ana" in m.plain for m in beto.received())


async def test_out_of_office_hours_the_confirmation_names_the_next_opening(
    server, faq_copy, tmp_path
) -> None:
    settings = office_settings(server, faq_copy, tmp_path / "data", now=SATURDAY_4PM)
    ana = Student(server, 61)
    async with bot_running(settings, server):
        [dont_know] = await ana.say(UNANSWERABLE)
        [confirm] = await ana.tap(texts.TALK_TO_PERSON, on=dont_know)
        [contact] = await ana.say("/contacto")
    assert (
        "La oficina atiende de lunes a viernes de 9:00 a 14:00; te responderán a partir del lunes a las 9:00."
    ) in confirm.plain
    assert "Abre el lunes a las 9:00." in contact.plain and "Edificio A" in contact.plain


async def test_a_blocked_student_is_reported_to_the_staff(server, settings) -> None:
    ana = Student(server, 61)
    async with bot_running(settings, server):
        card = await ask_the_office(ana)
        server.blocked.add(ana.chat_id)
        [notice] = await Student(server, 71, chat_id=STAFF).say("¿sigues ahí?", reply_to=card)
    assert notice.plain == texts.STAFF_COULD_NOT_DELIVER


async def test_one_open_ticket_per_student_and_a_few_new_ones_a_day(server, faq_copy, tmp_path) -> None:
    settings = office_settings(server, faq_copy, tmp_path / "data", per_day=1)
    ana, maria = Student(server, 61), Student(server, 71, chat_id=STAFF)
    async with bot_running(settings, server):
        card = await ask_the_office(ana)
        [dont_know] = await ana.say("que pasa con el seguro si repruebo")
        [confirm] = await ana.tap(texts.TALK_TO_PERSON, on=dont_know)
        assert "Lo agrego a tu pregunta #1" in confirm.plain
        mark = len(server.sent)
        [added] = await ana.tap("✅ Enviar", on=confirm)
        [follow_up] = await server.replies(STAFF, mark)
        mark = len(server.sent)
        await maria.tap("✅ Resuelto", on=card, expect=0)
        await server.replies(ana.chat_id, mark)  # told it is resolved
        [limit] = await ana.say("/persona")
    assert added.plain.startswith("Listo ✅, lo agregué a tu pregunta #1")
    assert follow_up.reply_to == card.message_id and "si repruebo" in follow_up.plain
    assert limit.plain.startswith("Ya enviaste varias preguntas hoy") and "Edificio A" in limit.plain


async def test_writing_the_question_now_and_personal_data_masked(server, settings) -> None:
    ana = Student(server, 61)
    async with bot_running(settings, server):
        [prompt] = await ana.say("/persona")
        assert prompt.plain == handoff.WRITE_PROMPT
        [confirm] = await ana.say("mi nss es 12345678901, ya me dieron de baja?")
        assert "[NSS]" in confirm.plain and "12345678901" not in confirm.plain
        mark = len(server.sent)
        await ana.tap("✅ Enviar", on=confirm)
        [card] = await server.replies(STAFF, mark)
    assert "[NSS]" in card.plain and "12345678901" not in card.plain


async def test_office_photos_and_files_are_relayed(server, settings) -> None:
    ana = Student(server, 61)
    async with bot_running(settings, server):
        card = await ask_the_office(ana)
        mark = len(server.sent)
        server.user_message(
            71,
            STAFF,
            photo=[{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}],
            caption="Este es el formato",
            reply_to_message=card.as_dict(),
        )
        replies = await server.replies(ana.chat_id, mark, at_least=2)
    assert replies[0].plain.startswith("💬 Respuesta de la oficina")
    assert replies[1].copied is not None and replies[1].copied["caption"] == "Este es el formato"


async def test_without_a_staff_group_the_way_out_is_the_office_contact(server, faq_copy, tmp_path) -> None:
    settings = dataclasses.replace(
        bot_settings(server, faq_copy, tmp_path / "data"), now=THURSDAY_10AM, office=OFFICE
    )
    ana = Student(server, 61)
    async with bot_running(settings, server):
        [dont_know] = await ana.say(UNANSWERABLE)
        [person] = await ana.say("/persona")
    assert texts.TALK_TO_PERSON not in [label for label, _ in dont_know.buttons]
    assert "seguro@escuela.mx" in person.plain and "Ahora está abierta hasta las 14:00" in person.plain
