"""A ticket's forum topic on disk, reopening a resolved ticket, and the topic's name."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bot.office.handoff import TOPIC_NAME_LIMIT, topic_name
from bot.office.ticket_records import MIGRATIONS
from bot.office.tickets import TICKETS_FILE, TicketStore
from bot.storage import migrate

STAFF, OTHER_GROUP = -5000, -6000


def test_a_topic_finds_its_ticket_in_its_own_group_after_a_restart(tmp_path: Path) -> None:
    store = TicketStore.open(tmp_path)
    ticket = store.create(61, 61, "Ana")
    store.set_topic(ticket.id, STAFF, 1234)
    store.close()
    again = TicketStore.open(tmp_path)
    assert again.in_topic(STAFF, 1234) == ticket.id and again.topic_of(ticket.id, STAFF) == 1234
    assert again.in_topic(OTHER_GROUP, 1234) is None and again.topic_of(ticket.id, OTHER_GROUP) is None
    again.set_topic(ticket.id, None, None)  # the topic was deleted
    assert again.in_topic(STAFF, 1234) is None and again.topic_of(ticket.id, STAFF) is None


def test_a_resolved_ticket_reopens_only_while_its_student_has_no_other_open(tmp_path: Path) -> None:
    store = TicketStore.open(tmp_path)
    first = store.create(61, 61, "Ana")
    assert not store.reopen(first.id)  # open already
    store.resolve(first.id, "María")
    second = store.create(61, 61, "Ana")
    assert not store.reopen(first.id)  # the student's open ticket is #2
    store.resolve(second.id, "María")
    assert store.reopen(first.id)
    reopened = store.get(first.id)
    assert reopened is not None and reopened.open and reopened.closed is None
    assert store.open_ticket(61) == reopened


def test_tickets_written_before_topics_keep_their_rows(tmp_path: Path) -> None:
    path = tmp_path / TICKETS_FILE
    with sqlite3.connect(path) as db:
        migrate(db, MIGRATIONS[:2])
        db.execute("INSERT INTO tickets (student, chat, name, opened) VALUES (61, 61, 'Ana', 0)")
    store = TicketStore(path, now=lambda: 1.0)
    assert store.get(1) is not None and store.topic_of(1, STAFF) is None


def test_the_topic_name_is_short_masked_and_within_telegrams_limit() -> None:
    assert topic_name(12, "Ana", "que pasa con mi seguro si me titulo") == (
        "#12 · Ana · que pasa con mi seguro si me titulo"
    )
    assert topic_name(3, "Luis 5512345678", "mi nss es 12345678901 y no me\ndeja") == (
        "#3 · Luis [TEL] · mi nss es [NSS] y no me deja"
    )
    long = topic_name(99999, "Ana " * 40, "palabra " * 100)
    assert len(long) <= TOPIC_NAME_LIMIT and long.endswith("palabra…")
    assert long.startswith("#99999 · Ana Ana") and "…" in long.split(" · ")[1]
    assert topic_name(4, "   ", "x") == "#4 · Estudiante · x"
