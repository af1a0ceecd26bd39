"""What a ticket is on disk: the tables (with their migrations) and the records read from them.

Apart from `tickets.py` (the store's operations) so the schema reads in one place; the staff
report's summary lives here because it only reads records, on a connection of its own.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from pathlib import Path

from bot.storage import reading

MIGRATIONS: list[str] = [
    """
    CREATE TABLE tickets (
        id INTEGER PRIMARY KEY,
        student INTEGER NOT NULL,       -- Telegram user id, to reach the student again
        chat INTEGER NOT NULL,          -- the student's private chat
        name TEXT NOT NULL,             -- what staff see: first name and @username
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
        opened REAL NOT NULL,
        first_answer REAL,
        closed REAL,
        taken_by TEXT,
        closed_by TEXT,
        rating INTEGER CHECK (rating IN (-1, 1))
    );
    CREATE INDEX tickets_student ON tickets (student, opened);
    CREATE INDEX tickets_open ON tickets (status, opened);
    CREATE TABLE messages (
        id INTEGER PRIMARY KEY,
        ticket INTEGER NOT NULL REFERENCES tickets (id),
        at REAL NOT NULL,
        author TEXT NOT NULL CHECK (author IN ('student', 'staff')),
        staff_message INTEGER,          -- its id in the staff group
        student_message INTEGER,        -- its id in the student's chat
        text TEXT                       -- what the student asked, masked (NULL for staff)
    );
    CREATE INDEX messages_staff ON messages (staff_message);
    CREATE INDEX messages_student ON messages (student_message);
    """,
    # The nearest topics shown on the card: the card is rebuilt from the ticket, never re-read
    # from its own text (a question could hold a line that looks like the card's).
    "ALTER TABLE tickets ADD COLUMN topics TEXT NOT NULL DEFAULT '';",
    # The forum topic holding the ticket when the staff group is a forum (`ticket_topics.py`):
    # the group's id and the topic's message_thread_id, so the topic outlives a restart.
    """
    ALTER TABLE tickets ADD COLUMN topic_chat INTEGER;
    ALTER TABLE tickets ADD COLUMN topic INTEGER;
    CREATE INDEX tickets_topic ON tickets (topic_chat, topic);
    """,
]
# Since issue 17 `messages.text` also holds the office's answers (masked), for "📚 Guardar como
# respuesta"; rows written before keep NULL there. No migration: the column was already there.


@dataclass(frozen=True)
class Ticket:
    id: int
    student: int
    chat: int
    name: str
    status: str
    opened: float
    first_answer: float | None
    closed: float | None
    taken_by: str | None
    rating: int | None
    topics: str = ""  # the nearest topics when it was opened, one a line

    @property
    def open(self) -> bool:
        return self.status == "open"


@dataclass(frozen=True)
class TicketSummary:
    """For the staff report."""

    opened: int
    resolved: int
    answered: int
    median_first_answer_hours: float | None
    questions: list[str]


COLUMNS = "id, student, chat, name, status, opened, first_answer, closed, taken_by, rating, topics"


def summarize(path: Path, since: float) -> TicketSummary:
    """For the staff report; on a connection of its own, so a worker thread can build it."""
    with reading(path) as db:
        tickets = [
            Ticket(*row)
            for row in db.execute(
                f"SELECT {COLUMNS} FROM tickets WHERE opened >= ? ORDER BY opened", (since,)
            )
        ]
        questions = [
            text
            for (text,) in db.execute(
                "SELECT text FROM messages WHERE author = 'student' AND text IS NOT NULL AND "
                "ticket IN (SELECT id FROM tickets WHERE opened >= ?) ORDER BY id",
                (since,),
            )
        ]
    waits = [(t.first_answer - t.opened) / 3600 for t in tickets if t.first_answer]
    return TicketSummary(
        len(tickets),
        sum(not t.open for t in tickets),
        len(waits),
        round(statistics.median(waits), 2) if waits else None,
        questions,
    )
