"""One forum topic per ticket, end to end: in a forum staff group where the bot may manage
topics each ticket lives in its own topic, across restarts; in a plain group, or without the
right, everything happens in the group as before."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.office import handoff
from bot.office.tickets import TicketStore
from tests.office.test_handoff_e2e import STAFF, UNANSWERABLE, ask_the_office, office_settings, until
from tests.support.fake_telegram import FakeTelegram
from tests.support.harness import Student, bot_running, handled

ANSWER = "Hola Ana: al titularte sigues vigente hasta tu baja."


@pytest.fixture(autouse=True)
def people(server: FakeTelegram) -> None:
    server.profiles[61] = {"first_name": "Ana", "username": "ana_lopez"}
    server.profiles[62] = {"first_name": "Beto"}
    server.profiles[63] = {"first_name": "Caro"}
    server.profiles[71] = {"first_name": "María"}


@pytest.fixture
def settings(server: FakeTelegram, faq_copy: Path, tmp_path: Path):
    return office_settings(server, faq_copy, tmp_path / "data")


async def test_a_tickets_whole_life_stays_in_its_topic_across_restarts(server, settings) -> None:
    server.forums[STAFF] = True  # a forum, the bot an admin allowed to manage topics
    ana, maria = Student(server, 61), Student(server, 71, chat_id=STAFF)
    async with bot_running(settings, server) as application:
        card = await ask_the_office(ana)
        [pending] = await maria.say("/pendientes")  # in the General topic
        mark = len(server.sent)
        server.user_text(71, "¿alguien vio el correo de la dirección?", STAFF)  # General, no reply
        await handled(application, server)
        assert [m for m in server.sent[mark:] if m.chat_id == ana.chat_id] == []
    [(_, thread)] = server.topics
    assert server.topics[(STAFF, thread)]["name"] == f"#1 · Ana · {UNANSWERABLE}"
    assert card.thread == thread and [label for label, _ in card.buttons] == ["🙋 Tomar", "✅ Resuelto"]
    assert pending.thread is None and "#1 · Ana (@ana_lopez)" in pending.plain

    async with bot_running(settings, server):  # restarted: the topic is still the ticket's
        mark = len(server.sent)
        server.user_text(71, ANSWER, STAFF, thread=thread)  # a plain message, not a reply
        [answer] = await server.replies(ana.chat_id, mark)
        mark = len(server.sent)
        [noted] = await ana.say("gracias! y donde tramito la baja?", reply_to=answer)
        [follow_up] = await server.replies(STAFF, mark)
        mark = len(server.sent)
        await maria.tap("✅ Resuelto", on=server.by_id[card.message_id], expect=0)
        [told] = await server.replies(ana.chat_id, mark)
        await until(lambda: server.topics[(STAFF, thread)]["closed"])
    assert answer.plain.startswith("💬 Respuesta de la oficina del Seguro Facultativo (#1)")
    assert ANSWER in answer.plain
    assert noted.plain == handoff.STUDENT_SENT.format(id=1)
    assert follow_up.thread == thread and "donde tramito la baja" in follow_up.plain
    assert told.plain.startswith("✅ La oficina marcó tu pregunta #1 como resuelta")
    assert server.by_id[card.message_id].plain.endswith("✅ Resuelto.")

    async with bot_running(settings, server) as application:
        mark = len(server.sent)
        server.user_text(71, "Listo, lo archivo.", STAFF, thread=thread)  # the topic is closed
        [kept] = await server.replies(STAFF, mark)
        await handled(application, server)
        assert [m for m in server.sent[mark:] if m.chat_id == ana.chat_id] == []
        mark = len(server.sent)
        [again] = await ana.say("perdón, una duda más: ¿me llega un aviso?", reply_to=answer)
        [reopened] = await server.replies(STAFF, mark)
        assert not server.topics[(STAFF, thread)]["closed"]
        await until(lambda: "🙋 Tomar" in dict(server.by_id[card.message_id].buttons))
        mark = len(server.sent)
        server.user_text(71, "No llega aviso, revisa tu vigencia en la app.", STAFF, thread=thread)
        [second] = await server.replies(ana.chat_id, mark)
        mark = len(server.sent)
        server.user_text(71, "/resuelto", STAFF, thread=thread)  # in the topic, no reply needed
        [told_again] = await server.replies(ana.chat_id, mark)
        await until(lambda: server.topics[(STAFF, thread)]["closed"])
    assert told_again.plain.startswith("✅ La oficina marcó tu pregunta #1 como resuelta")
    assert kept.thread == thread and kept.plain == handoff.TOPIC_TICKET_CLOSED.format(id=1)
    assert again.plain == handoff.STUDENT_SENT.format(id=1)
    assert reopened.thread == thread and "me llega un aviso" in reopened.plain
    assert "revisa tu vigencia en la app" in second.plain
    assert [m for m in server.topic_messages(STAFF, None) if m.plain.startswith(("🎫", "💬"))] == []
    assert server.calls["createforumtopic"] == 1
    ticket = TicketStore.open(settings.data_dir).get(1)
    assert ticket is not None and not ticket.open and ticket.closed is not None


async def test_in_a_plain_group_no_topics_and_a_resolved_ticket_stays_resolved(server, settings) -> None:
    ana, beto = Student(server, 61), Student(server, 62)
    maria = Student(server, 71, chat_id=STAFF)
    async with bot_running(settings, server):
        card = await ask_the_office(ana)
        await ask_the_office(beto, "que pasa con el seguro si repruebo")
        mark = len(server.sent)
        server.user_text(71, ANSWER, STAFF, card)
        [answer] = await server.replies(ana.chat_id, mark)
        mark = len(server.sent)
        await maria.tap("✅ Resuelto", on=card, expect=0)
        await server.replies(ana.chat_id, mark)
        [closed] = await ana.say("una duda más", reply_to=answer)
    assert closed.plain == handoff.TICKET_CLOSED
    assert all(m.thread is None for m in server.sent)
    assert server.calls["getchat"] == 1  # asked once for both tickets, and no topic calls
    assert not server.calls["getchatmember"] and not server.calls["createforumtopic"]
    assert not server.calls["closeforumtopic"] and not server.calls["reopenforumtopic"]
    assert not TicketStore.open(settings.data_dir).get(1).open


async def test_a_forum_where_the_bot_may_not_manage_topics_works_as_a_plain_group(server, settings) -> None:
    server.forums[STAFF] = False  # a forum, but the bot is no admin with "manage topics"
    ana = Student(server, 61)
    async with bot_running(settings, server):
        card = await ask_the_office(ana)
        mark = len(server.sent)
        server.user_text(71, ANSWER, STAFF, card)
        [answer] = await server.replies(ana.chat_id, mark)
    assert card.thread is None and card.plain.startswith("🎫 #1")
    assert ANSWER in answer.plain
    assert server.topics == {} and not server.calls["createforumtopic"]


async def test_a_topic_that_fails_is_left_for_the_group_and_asked_about_again(server, settings) -> None:
    server.forums[STAFF] = True
    ana, beto, caro = Student(server, 61), Student(server, 62), Student(server, 63)
    async with bot_running(settings, server):
        first = await ask_the_office(ana)
        server.forums[STAFF] = False  # the right withdrawn while the bot still counts on it
        second = await ask_the_office(beto, "que pasa con el seguro si repruebo")
        third = await ask_the_office(caro, "que pasa con el seguro si me cambio de carrera")
        del server.topics[(STAFF, first.thread)]  # and someone deleted the first topic
        mark = len(server.sent)
        server.user_text(71, ANSWER, STAFF, first)
        [answer] = await server.replies(ana.chat_id, mark)
        mark = len(server.sent)
        await ana.say("gracias, y si me titulo en diciembre?", reply_to=answer)
        [follow_up] = await server.replies(STAFF, mark)
    assert first.thread is not None
    assert second.thread is None and third.thread is None  # both cards in the group
    assert second.plain.startswith("🎫 #2") and third.plain.startswith("🎫 #3")
    assert server.calls["getchat"] == 2  # asked again after the failure, then no attempt
    assert server.calls["createforumtopic"] == 2
    assert follow_up.thread is None and "si me titulo en diciembre" in follow_up.plain
    assert server.errors == [
        ("createforumtopic", "Bad Request: not enough rights to create a topic"),
        ("sendmessage", "Bad Request: message thread not found"),
    ]
    server.errors.clear()  # the refusals this test asked the server for
