"""The handoff's relay filters, decided before any callback runs: only a reply in the staff chat
to one of the bot's own ticket messages goes to a student, and only a student's private reply to
an office answer goes back to the ticket. Offline: Message objects, no server."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from telegram import Bot, Message

from bot.clock import MEXICO_CITY
from bot.office import handoff
from bot.office.tickets import TicketStore
from bot.telegram.handoff_filters import RepliesToOffice, RepliesToTicket, WritingToOffice
from tests.telegram.test_handlers import BOT, OfflineRequest

STAFF, ANA, BETO = -5000, 61, 62
CARD, MARIAS_ANSWER, OTHER_BOT_MESSAGE = 700, 701, 702  # message ids in the staff group
RELAYED = 900  # María's answer as the bot sent it in Ana's chat
MARIA = {"id": 71, "is_bot": False, "first_name": "María"}


@pytest.fixture
async def bot() -> AsyncIterator[Bot]:
    async with Bot("1:offline", request=OfflineRequest(), get_updates_request=OfflineRequest()) as offline:
        yield offline


@pytest.fixture
def tickets(tmp_path: Path) -> TicketStore:
    """Ana's ticket: its card in the group, and María's answer relayed to Ana."""
    store = TicketStore.open(tmp_path)
    ticket = store.create(ANA, ANA, "Ana")
    store.record(ticket.id, "student", staff_message=CARD, text="que pasa si me titulo")
    store.record(ticket.id, "staff", staff_message=MARIAS_ANSWER, student_message=RELAYED)
    return store


def _chat(chat: int) -> dict[str, Any]:
    return (
        {"id": chat, "type": "private", "first_name": "Ana"}
        if chat > 0
        else {"id": chat, "type": "supergroup", "title": "Oficina"}
    )


def message(
    bot: Bot, chat: int, sender: dict[str, Any], replied: tuple[int, dict] | None, text: str = "hola"
) -> Message:
    data: dict[str, Any] = {
        "message_id": 5000,
        "date": int(time.time()),
        "chat": _chat(chat),
        "from": sender,
        "text": text,
    }
    if replied is not None:
        replied_id, author = replied
        data["reply_to_message"] = {
            "message_id": replied_id,
            "date": int(time.time()),
            "chat": _chat(chat),
            "from": author,
            "text": "...",
        }
    return Message.de_json(data, bot)


async def test_a_staff_reply_to_the_bots_ticket_message_is_relayed(bot: Bot, tickets: TicketStore) -> None:
    relayed = RepliesToTicket(tickets, STAFF)
    assert relayed.filter(message(bot, STAFF, MARIA, (CARD, BOT)))


@pytest.mark.parametrize(
    ("chat", "replied"),
    [
        (STAFF, (MARIAS_ANSWER, MARIA)),  # a reply to a coworker's answer: talk among the staff
        (STAFF, (OTHER_BOT_MESSAGE, BOT)),  # the bot's, but of no ticket (/pendientes, say)
        (STAFF, None),  # group chatter
        (-6000, (CARD, BOT)),  # the card's number in another group
    ],
)
async def test_anything_else_in_any_group_is_not_relayed(
    bot: Bot, tickets: TicketStore, chat: int, replied: tuple[int, dict] | None
) -> None:
    assert not RepliesToTicket(tickets, STAFF).filter(message(bot, chat, MARIA, replied))


async def test_a_students_reply_to_the_office_answer_goes_back_to_the_ticket(
    bot: Bot, tickets: TicketStore
) -> None:
    back = RepliesToOffice(tickets)
    ana = {"id": ANA, "is_bot": False, "first_name": "Ana"}
    assert back.filter(message(bot, ANA, ana, (RELAYED, BOT)))
    assert not back.filter(message(bot, ANA, ana, (RELAYED - 1, BOT)))  # another answer of the bot
    assert not back.filter(message(bot, ANA, ana, None))
    beto = {"id": BETO, "is_bot": False, "first_name": "Beto"}
    assert not back.filter(message(bot, BETO, beto, (RELAYED, BOT)))  # the same number, Beto's chat
    assert not back.filter(message(bot, STAFF, ana, (RELAYED, BOT)))  # not a private chat


class Live:
    """What the filter reads of the running assistant: the clock."""

    def __init__(self, now: datetime) -> None:
        self.now = now
        self.assistant = SimpleNamespace(clock=SimpleNamespace(now=lambda: self.now))


async def test_a_student_typing_their_question_for_the_office_goes_to_the_relay(bot: Bot) -> None:
    asked = datetime(2026, 12, 3, 10, 0, tzinfo=MEXICO_CITY)
    state: dict = {}
    handoff.ask_to_write(state, asked)
    live = Live(asked + timedelta(minutes=5))
    writing = WritingToOffice({ANA: {str(ANA): state}}, live)
    ana = {"id": ANA, "is_bot": False, "first_name": "Ana"}
    beto = {"id": BETO, "is_bot": False, "first_name": "Beto"}
    assert writing.filter(message(bot, ANA, ana, None, "que pasa si me titulo"))
    assert not writing.filter(message(bot, BETO, beto, None))  # not Beto, who is not writing
    assert not writing.filter(message(bot, STAFF, ana, None))  # Ana, but in a group
    live.now = asked + timedelta(seconds=handoff.HANDOFF_SECONDS + 1)
    assert not writing.filter(message(bot, ANA, ana, None))  # the request went stale
    channel = Message.de_json(
        {"message_id": 1, "date": int(time.time()), "text": "hola", "chat": _chat(ANA)}, bot
    )
    assert not writing.filter(channel)  # no sender to look up


def test_the_filters_name_themselves_in_the_logs(tickets: TicketStore) -> None:
    assert RepliesToTicket(tickets, STAFF).name == "replies_to_ticket"
    assert RepliesToOffice(tickets).name == "replies_to_office"
    assert WritingToOffice({}, Live(datetime.now(MEXICO_CITY))).name == "writing_to_office"
