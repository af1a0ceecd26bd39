"""One student's tickets, for their rights over their data (/mis_datos, /borrar_mis_datos):
listing them, and anonymising them so that only an anonymous closed count stays for the report.
Mixed into `TicketStore`, on its connection, like `ticket_topics`, so the store's own module
keeps to the operations every ticket has.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable

from bot.office.ticket_records import Ticket


class StudentTickets:
    """The student's-own-data queries of the tickets tables (a mixin of `TicketStore`)."""

    # Provided by TicketStore:
    _db: sqlite3.Connection
    _now: Callable[[], float]

    def checkpoint(self) -> None:
        raise NotImplementedError

    def _all(self, where: str, args: Iterable[object] = ()) -> list[Ticket]:
        raise NotImplementedError

    def of_student(self, student: int) -> list[Ticket]:
        """Every ticket of the student, oldest first."""
        return self._all("WHERE student = ? ORDER BY id", (student,))

    def forget_student(self, student: int) -> list[tuple[Ticket, list[int]]]:
        """Anonymise the student's tickets: name, chat, what they wrote and every message mapping
        go (overwritten on disk); each stays as an anonymous closed count for the report. Each
        ticket as it was, with its messages' ids in the staff group (to edit them there)."""
        forgotten = [
            (
                ticket,
                [
                    staff
                    for (staff,) in self._db.execute(
                        "SELECT staff_message FROM messages WHERE ticket = ? AND staff_message IS NOT NULL "
                        "ORDER BY id",
                        (ticket.id,),
                    )
                ],
            )
            for ticket in self.of_student(student)
        ]
        if not forgotten:
            return []
        now = self._now()
        with self._db:
            self._db.execute("BEGIN")
            for ticket, _ in forgotten:
                self._db.execute("DELETE FROM messages WHERE ticket = ?", (ticket.id,))
                self._db.execute(
                    "UPDATE tickets SET student = 0, chat = 0, name = '', topics = '', "
                    "taken_by = NULL, closed_by = NULL, status = 'closed', "
                    "closed = COALESCE(closed, ?) WHERE id = ?",
                    (now, ticket.id),
                )
        self.checkpoint()
        return forgotten

    def posted_for_student(self, ticket_id: int) -> list[int]:
        """The bot's own messages of a ticket in the staff group (its card and the student's
        relayed follow-ups): what the bot can edit there."""
        rows = self._db.execute(
            "SELECT staff_message FROM messages WHERE ticket = ? AND author = 'student' AND "
            "staff_message IS NOT NULL ORDER BY id",
            (ticket_id,),
        )
        return [message for (message,) in rows]
