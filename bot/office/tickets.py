"""Questions handed to the Seguro Facultativo office, and how their messages map across chats.

A ticket joins a student's private chat and the staff group: every message of it in the group
(the card, the student's follow-ups) and every office answer in the student's chat is recorded
by message id, so a staff reply to any of them, or a student reply to an answer, finds its
ticket, also after a restart. SQLite in FAQBOT_DATA_DIR (WAL, 0600, like the journal).

What is kept: the student's Telegram id and chat (to deliver the answers), the name staff see,
what the student asked and what the office answered (both with personal data masked), times and
the rating. The office's answers are kept so an admin can save one as a new answer for every
student ("📚 Guardar como respuesta", bot/telegram/learning.py): they are about one student's
case, so they follow the ticket's retention and go with it, and with /borrar_mis_datos (the
messages rows). A ticket is kept `retention_days` after its last activity (handoff.retention_days, 180 by
default), then purged at start-up and every night. Deleted rows are overwritten in the file
(SQLite's secure_delete) and the write-ahead log is checkpointed, so their text is gone from
the disk too, not only from the tables.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from bot.office.ticket_records import COLUMNS, MIGRATIONS, Ticket, TicketSummary, summarize
from bot.office.ticket_students import StudentTickets
from bot.office.ticket_topics import TicketTopics
from bot.privacy import redact
from bot.storage import migrate, open_database

__all__ = ["Ticket", "TicketStore", "TicketSummary"]

TICKETS_FILE = "tickets.sqlite3"
DAY = 86_400.0
MAX_TEXT = 1000
MAX_ANSWER = 4096  # one Telegram message
MAX_NAME = 200
RETENTION_DAYS = 180.0


class TicketStore(TicketTopics, StudentTickets):
    """Tickets and their messages (and their forum topics, `ticket_topics.py`); every write is
    one short transaction."""

    def __init__(
        self, path: Path, now: Callable[[], float] = time.time, retention_days: float = RETENTION_DAYS
    ) -> None:
        self.path = path
        self._now = now
        self._retention = retention_days * DAY
        self._db = open_database(path, _migrate)
        self._db.execute("PRAGMA secure_delete = ON")
        self.purge()

    @classmethod
    def open(cls, data_dir: Path, retention_days: float = RETENTION_DAYS) -> TicketStore:
        return cls(data_dir / TICKETS_FILE, retention_days=retention_days)

    def purge(self) -> int:
        """Forget tickets (and their messages) whose last activity is older than the retention;
        how many tickets went."""
        cutoff = self._now() - self._retention
        with self._db:
            self._db.execute("BEGIN")
            old = [
                ticket
                for (ticket,) in self._db.execute(
                    "SELECT id FROM tickets WHERE MAX(opened, COALESCE(closed, 0), COALESCE((SELECT "
                    "MAX(at) FROM messages WHERE ticket = tickets.id), 0)) < ?",
                    (cutoff,),
                )
            ]
            for ticket in old:
                self._db.execute("DELETE FROM messages WHERE ticket = ?", (ticket,))
                self._db.execute("DELETE FROM tickets WHERE id = ?", (ticket,))
        if old:
            self.checkpoint()
        return len(old)

    def checkpoint(self) -> None:
        """Move the write-ahead log into the file and empty it: deleted text leaves the disk."""
        self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        self._db.close()

    # ----- students ---------------------------------------------------------------------

    def open_ticket(self, student: int) -> Ticket | None:
        """The student's open ticket, if any (a student has at most one)."""
        return self._one("WHERE student = ? AND status = 'open' ORDER BY id DESC", (student,))

    def opened_recently(self, student: int, seconds: float = DAY) -> int:
        """How many tickets the student opened in the last `seconds`."""
        since = self._now() - seconds
        return self._db.execute(
            "SELECT COUNT(*) FROM tickets WHERE student = ? AND opened >= ?", (student, since)
        ).fetchone()[0]

    def create(self, student: int, chat: int, name: str, topics: Sequence[str] = ()) -> Ticket:
        """A new open ticket; `name` is masked like a question (a display name can hold a
        phone number)."""
        with self._db:
            cursor = self._db.execute(
                "INSERT INTO tickets (student, chat, name, opened, topics) VALUES (?, ?, ?, ?, ?)",
                (
                    student,
                    chat,
                    redact(name)[:MAX_NAME],
                    self._now(),
                    "\n".join(t.replace("\n", " ") for t in topics),
                ),
            )
        ticket = self.get(cursor.lastrowid or 0)
        assert ticket is not None
        return ticket

    def discard(self, ticket_id: int) -> None:
        """Forget a ticket whose card never reached the staff group: nobody saw it."""
        with self._db:
            self._db.execute("DELETE FROM messages WHERE ticket = ?", (ticket_id,))
            self._db.execute("DELETE FROM tickets WHERE id = ?", (ticket_id,))

    def student_messages_since(self, ticket_id: int, seconds: float) -> int:
        """How many messages the student sent on this ticket in the last `seconds`."""
        return self._db.execute(
            "SELECT COUNT(*) FROM messages WHERE ticket = ? AND author = 'student' AND at >= ?",
            (ticket_id, self._now() - seconds),
        ).fetchone()[0]

    def get(self, ticket_id: int) -> Ticket | None:
        return self._one("WHERE id = ?", (ticket_id,))

    # ----- messages ---------------------------------------------------------------------

    def record(
        self,
        ticket_id: int,
        author: str,
        *,
        staff_message: int | None = None,
        student_message: int | None = None,
        text: str | None = None,
    ) -> None:
        """One message of the ticket, with its id in the group and/or the student's chat; the
        text (a student's question, an office answer) is stored masked."""
        limit = MAX_TEXT if author == "student" else MAX_ANSWER
        masked = redact(text)[:limit] if text is not None else None
        with self._db:
            self._db.execute("BEGIN")
            self._db.execute(
                "INSERT INTO messages (ticket, at, author, staff_message, student_message, text) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (ticket_id, self._now(), author, staff_message, student_message, masked),
            )
            if author == "staff" and student_message is not None:
                self._db.execute(
                    "UPDATE tickets SET first_answer = ? WHERE id = ? AND first_answer IS NULL",
                    (self._now(), ticket_id),
                )

    def by_staff_message(self, message_id: int) -> Ticket | None:
        """The ticket a message in the staff group belongs to."""
        return self._one(
            "WHERE id = (SELECT ticket FROM messages WHERE staff_message = ? ORDER BY id DESC LIMIT 1)",
            (message_id,),
        )

    def by_student_message(self, chat: int, message_id: int) -> Ticket | None:
        """The ticket an office answer in a student's chat belongs to."""
        return self._one(
            "WHERE chat = ? AND id = (SELECT ticket FROM messages WHERE "
            "student_message = ? AND author = 'staff' ORDER BY id DESC LIMIT 1)",
            (chat, message_id),
        )

    def card(self, ticket_id: int) -> int | None:
        """The ticket's first message in the group (its card)."""
        row = self._db.execute(
            "SELECT staff_message FROM messages WHERE ticket = ? AND "
            "staff_message IS NOT NULL ORDER BY id LIMIT 1",
            (ticket_id,),
        ).fetchone()
        return row[0] if row else None

    def questions(self, ticket_id: int) -> list[str]:
        rows = self._db.execute(
            "SELECT text FROM messages WHERE ticket = ? AND author = "
            "'student' AND text IS NOT NULL ORDER BY id",
            (ticket_id,),
        )
        return [text for (text,) in rows]

    def office_answer(self, ticket_id: int, staff_message: int | None = None) -> str | None:
        """The office's answer on this ticket (masked): the one given as `staff_message` when it
        is one with text, else the latest."""
        row = None
        if staff_message is not None:
            row = self._db.execute(
                "SELECT text FROM messages WHERE ticket = ? AND author = 'staff' AND staff_message = ? "
                "AND text IS NOT NULL ORDER BY id LIMIT 1",
                (ticket_id, staff_message),
            ).fetchone()
        row = (
            row
            or self._db.execute(
                "SELECT text FROM messages WHERE ticket = ? AND author = 'staff' AND text IS NOT NULL "
                "ORDER BY id DESC LIMIT 1",
                (ticket_id,),
            ).fetchone()
        )
        return row[0] if row else None

    # ----- staff ------------------------------------------------------------------------

    def take(self, ticket_id: int, who: str) -> bool:
        """Record who attends an open ticket; False (nothing recorded) once it is closed."""
        with self._db:
            cursor = self._db.execute(
                "UPDATE tickets SET taken_by = ? WHERE id = ? AND status = 'open'", (who, ticket_id)
            )
        return cursor.rowcount == 1

    def resolve(self, ticket_id: int, who: str) -> bool:
        """Close an open ticket; False if it was closed already."""
        with self._db:
            cursor = self._db.execute(
                "UPDATE tickets SET status = 'closed', closed = ?, closed_by = ? WHERE id = ? "
                "AND status = 'open'",
                (self._now(), who, ticket_id),
            )
        return cursor.rowcount == 1

    def rate(self, ticket_id: int, student: int, vote: int) -> bool:
        """The student's 👍/👎 on a closed ticket of theirs; the last one counts."""
        with self._db:
            cursor = self._db.execute(
                "UPDATE tickets SET rating = ? WHERE id = ? AND student = ? AND status = 'closed'",
                (vote, ticket_id, student),
            )
        return cursor.rowcount == 1

    def pending(self) -> list[Ticket]:
        """Open tickets, oldest first."""
        return self._all("WHERE status = 'open' ORDER BY opened")

    def summary(self, since: float) -> TicketSummary:
        """For the staff report; on a connection of its own, so a worker thread can build it."""
        return summarize(self.path, since)

    # ----- plumbing ---------------------------------------------------------------------

    def _one(self, where: str, args: Iterable[object]) -> Ticket | None:
        found = self._all(where + " LIMIT 1", args)
        return found[0] if found else None

    def _all(self, where: str, args: Iterable[object] = ()) -> list[Ticket]:
        rows = self._db.execute(f"SELECT {COLUMNS} FROM tickets {where}", tuple(args))
        return [Ticket(*row) for row in rows]


def _migrate(db: sqlite3.Connection) -> None:
    migrate(db, MIGRATIONS)
