"""Tickets expire (handoff.retention_days, 180 by default): the nightly purge deletes a ticket
whose last activity is 181 days old, keeps one of 179 days, and the deleted question is gone
from the SQLite files themselves (secure_delete, then a checkpoint of the write-ahead log)."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from bot.office.tickets import TICKETS_FILE, TicketStore
from tests.office.test_handoff_e2e import ask_the_office, office_settings
from tests.support.harness import Student, bot_running

DAY = 86_400
OLD, RECENT = "que pasa con mi seguro si me titulo", "que pasa con el seguro si repruebo"


@pytest.fixture(autouse=True)
def people(server) -> None:
    server.profiles[61] = {"first_name": "Ana"}
    server.profiles[62] = {"first_name": "Beto"}


def age(data: Path, ticket: int, days: float) -> None:
    """Move a ticket's every moment `days` into the past, as another process would."""
    moment = time.time() - days * DAY
    with sqlite3.connect(data / TICKETS_FILE) as db:
        db.execute("UPDATE tickets SET opened = ? WHERE id = ?", (moment, ticket))
        db.execute("UPDATE messages SET at = ? WHERE ticket = ?", (moment, ticket))


def on_disk(data: Path, text: str) -> bool:
    return any(text.encode() in path.read_bytes() for path in data.glob(f"{TICKETS_FILE}*"))


async def test_the_nightly_purge_deletes_a_181_day_old_ticket_and_keeps_a_179_day_old_one(
    server, faq_copy: Path, tmp_path: Path
) -> None:
    settings = office_settings(server, faq_copy, tmp_path / "data")
    data = settings.data_dir
    async with bot_running(settings, server) as application:
        await ask_the_office(Student(server, 61), OLD)
        await ask_the_office(Student(server, 62), RECENT)
        age(data, 1, 181)
        age(data, 2, 179)
        assert on_disk(data, OLD)
        [purge] = application.job_queue.get_jobs_by_name("journal purge")
        await purge.run(application)
        with sqlite3.connect(data / TICKETS_FILE) as db:  # not TicketStore: it purges on opening
            kept = db.execute("SELECT id FROM tickets").fetchall()
            texts = db.execute("SELECT text FROM messages WHERE text IS NOT NULL").fetchall()
        assert kept == [(2,)] and texts == [(RECENT,)]
        assert not on_disk(data, OLD) and on_disk(data, RECENT)
    assert TicketStore.open(data).get(2) is not None  # 179 days: still there after a restart
