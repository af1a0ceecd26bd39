"""Which forum topic of the staff group holds each ticket, and a resolved ticket opened again.

When the staff group is a forum, each ticket lives in a topic of its own
(`bot/telegram/handoff_topics.py`); the topic's message_thread_id is kept with the ticket, with
the group's id (topic ids are only unique inside one group), so a staff message in the topic
finds its ticket after a restart too. Mixed into `TicketStore`, on its connection, so the
store's own module keeps to the operations every ticket has.
"""

from __future__ import annotations

import sqlite3


class TicketTopics:
    """The topic columns of the tickets table (a mixin of `TicketStore`)."""

    _db: sqlite3.Connection

    def set_topic(self, ticket_id: int, chat: int | None, thread: int | None) -> None:
        """The ticket's topic in `chat`; None and None when the topic is gone."""
        with self._db:
            self._db.execute(
                "UPDATE tickets SET topic_chat = ?, topic = ? WHERE id = ?", (chat, thread, ticket_id)
            )

    def topic_of(self, ticket_id: int, chat: int) -> int | None:
        """The ticket's topic in the staff group `chat`, if it has one there."""
        row = self._db.execute(
            "SELECT topic FROM tickets WHERE id = ? AND topic_chat = ?", (ticket_id, chat)
        ).fetchone()
        return row[0] if row else None

    def in_topic(self, chat: int, thread: int) -> int | None:
        """The id of the ticket a topic of the staff group `chat` holds."""
        row = self._db.execute(
            "SELECT id FROM tickets WHERE topic_chat = ? AND topic = ? ORDER BY id DESC LIMIT 1",
            (chat, thread),
        ).fetchone()
        return row[0] if row else None

    def reopen(self, ticket_id: int) -> bool:
        """Open a resolved ticket again (its student wrote on it), unless the student has
        another open ticket: a student keeps at most one. False when nothing changed."""
        with self._db:
            cursor = self._db.execute(
                "UPDATE tickets SET status = 'open', closed = NULL, closed_by = NULL "
                "WHERE id = ? AND status = 'closed' AND student != 0 AND NOT EXISTS "
                "(SELECT 1 FROM tickets AS other WHERE other.student = tickets.student "
                "AND other.status = 'open')",
                (ticket_id,),
            )
        return cursor.rowcount == 1
