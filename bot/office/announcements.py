"""Office announcements ("📣 Avisos de la oficina"): who asked for them, what admins sent, and
which student each one reached, so a broadcast resumes after a restart, nothing twice, nobody
skipped. Nobody gets one without asking: the offer comes once per private chat (after a dates
answer or a reminder); /avisos or one tap on any announcement joins or leaves. Confirming a draft
fixes its recipients, one row each. At most once: a row is 'sending' right before its message goes
out and 'sent' when Telegram takes it; one left 'sending' by a crash is never sent again
('unknown'); a student who leaves meanwhile is skipped. SQLite in FAQBOT_DATA_DIR (WAL, 0600);
the Telegram side is `bot/telegram/announcements.py`.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot.storage import migrate, open_database

ANNOUNCEMENTS_FILE = "announcements.sqlite3"
DRAFT_SECONDS = 24 * 3600.0  # an unconfirmed preview older than this cannot be sent any more
MAX_ATTEMPTS = 3  # a message Telegram did not take (not a block) is tried this many times
KEEP_DELIVERIES_DAYS = 90  # who got a finished announcement is forgotten after this (like reminders)
OFFERED, IN, OUT = "offered", "in", "out"

MIGRATIONS: list[str] = [
    """
    CREATE TABLE audience (
        chat INTEGER PRIMARY KEY,       -- a student's private chat
        status TEXT NOT NULL CHECK (status IN ('offered', 'in', 'out')),
        at REAL NOT NULL                -- when it last changed
    );
    CREATE TABLE announcements (
        id INTEGER PRIMARY KEY,
        text TEXT NOT NULL,             -- the body students get (Telegram HTML, masked, escaped)
        by_id INTEGER NOT NULL,
        by_name TEXT NOT NULL,
        chat INTEGER NOT NULL,          -- where the admin wrote it: the progress is shown there
        progress INTEGER,               -- the message edited with the progress
        created REAL NOT NULL,
        confirmed REAL,
        cancelled REAL,
        finished REAL
    );
    CREATE TABLE deliveries (
        announcement INTEGER NOT NULL,
        chat INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN
            ('pending', 'sending', 'sent', 'blocked', 'failed', 'skipped', 'unknown')),
        attempts INTEGER NOT NULL DEFAULT 0,
        at REAL,
        PRIMARY KEY (announcement, chat)
    );
    """,
]


@dataclass(frozen=True)
class Announcement:
    id: int
    text: str
    by_name: str
    chat: int
    progress: int | None
    confirmed: float | None
    finished: float | None


@dataclass(frozen=True)
class Tally:
    """How far an announcement got: `total` recipients fixed when it was confirmed."""

    total: int
    sent: int
    blocked: int  # blocked the bot: unsubscribed
    failed: int  # Telegram did not take it after MAX_ATTEMPTS
    skipped: int  # left (or asked to be forgotten) before it reached them
    unknown: int  # on its way when the bot stopped abruptly: never sent again
    pending: int

    @property
    def done(self) -> bool:
        return self.pending == 0


class AnnouncementStore:
    def __init__(self, path: Path, now: Callable[[], float] = time.time) -> None:
        self.path = path
        self._now = now
        self._db = open_database(path, lambda db: migrate(db, MIGRATIONS))
        self._db.execute("PRAGMA secure_delete = ON")  # a forgotten chat leaves no bytes behind
        self._recover()

    @classmethod
    def open(cls, data_dir: Path) -> AnnouncementStore:
        return cls(data_dir / ANNOUNCEMENTS_FILE)

    def close(self) -> None:
        self._db.close()

    # ----- students ---------------------------------------------------------------------

    def status(self, chat: int) -> str | None:
        """'in' (gets announcements), 'out' (declined or left), 'offered' (asked once, never
        answered) or None (never asked): what /mis_datos shows of this store."""
        row = self._db.execute("SELECT status FROM audience WHERE chat = ?", (chat,)).fetchone()
        return row[0] if row else None

    def received(self, chat: int) -> int:
        """How many announcements reached this chat (kept while the chat is)."""
        return self._db.execute(
            "SELECT COUNT(*) FROM deliveries WHERE chat = ? AND state = 'sent'", (chat,)
        ).fetchone()[0]

    def offer(self, chat: int) -> bool:
        """True the first time only: the chat is then marked as offered, so it never is again."""
        return (
            self._db.execute(
                "INSERT OR IGNORE INTO audience (chat, status, at) VALUES (?, ?, ?)",
                (chat, OFFERED, self._now()),
            ).rowcount
            == 1
        )

    def join(self, chat: int) -> None:
        self._set(chat, IN)

    def leave(self, chat: int) -> bool:
        """Stop sending to this chat (also what declining the offer does); True if it was in."""
        was_in = self.status(chat) == IN
        self._set(chat, OUT)
        return was_in

    def forget(self, chat: int) -> bool:
        """Everything this store holds about the chat goes: its opt-in and what it received
        (/borrar_mis_datos), from the file too (checkpointed); whether there was anything. An
        announcement still going out skips it."""
        with self._db:
            self._db.execute("BEGIN")
            found = self._db.execute("DELETE FROM audience WHERE chat = ?", (chat,)).rowcount
            found += self._db.execute("DELETE FROM deliveries WHERE chat = ?", (chat,)).rowcount
        self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return found > 0

    def audience(self) -> int:
        """How many students get announcements now."""
        return self._db.execute("SELECT COUNT(*) FROM audience WHERE status = 'in'").fetchone()[0]

    def _set(self, chat: int, status: str) -> None:
        self._db.execute(
            "INSERT INTO audience (chat, status, at) VALUES (?, ?, ?) "
            "ON CONFLICT (chat) DO UPDATE SET status = excluded.status, at = excluded.at",
            (chat, status, self._now()),
        )

    # ----- admins -----------------------------------------------------------------------

    def draft(self, text: str, by_id: int, by_name: str, chat: int) -> int:
        cursor = self._db.execute(
            "INSERT INTO announcements (text, by_id, by_name, chat, created) VALUES (?, ?, ?, ?, ?)",
            (text, by_id, by_name, chat, self._now()),
        )
        return int(cursor.lastrowid or 0)

    def confirm(self, announcement: int) -> Announcement | None:
        """Send a draft: its recipients are fixed now. None if it is not a draft any more (sent,
        cancelled, too old, unknown): a second tap on "Enviar" sends nothing."""
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            confirmed = self._db.execute(
                "UPDATE announcements SET confirmed = ? WHERE id = ? AND confirmed IS NULL "
                "AND cancelled IS NULL AND created >= ?",
                (self._now(), announcement, self._now() - DRAFT_SECONDS),
            ).rowcount
            if not confirmed:
                return None
            self._db.execute(
                "INSERT INTO deliveries (announcement, chat, state) "
                "SELECT ?, chat, 'pending' FROM audience WHERE status = 'in'",
                (announcement,),
            )
        return self.get(announcement)

    def cancel(self, announcement: int) -> bool:
        return (
            self._db.execute(
                "UPDATE announcements SET cancelled = ? "
                "WHERE id = ? AND confirmed IS NULL AND cancelled IS NULL",
                (self._now(), announcement),
            ).rowcount
            == 1
        )

    def get(self, announcement: int) -> Announcement | None:
        row = self._db.execute(
            "SELECT id, text, by_name, chat, progress, confirmed, finished FROM announcements WHERE id = ?",
            (announcement,),
        ).fetchone()
        return Announcement(*row) if row else None

    def showing_progress(self, announcement: int, message: int) -> None:
        self._db.execute("UPDATE announcements SET progress = ? WHERE id = ?", (message, announcement))

    # ----- delivering -------------------------------------------------------------------

    def unfinished(self) -> list[Announcement]:
        """Confirmed announcements still going out, oldest first (resumed after a restart)."""
        rows = self._db.execute(
            "SELECT id FROM announcements WHERE confirmed IS NOT NULL AND finished IS NULL ORDER BY id"
        ).fetchall()
        return [found for (id_,) in rows if (found := self.get(id_)) is not None]

    def pending(self, announcement: int, limit: int) -> list[int]:
        rows = self._db.execute(
            "SELECT chat FROM deliveries WHERE announcement = ? AND state = 'pending' ORDER BY chat LIMIT ?",
            (announcement, limit),
        )
        return [chat for (chat,) in rows]

    def sending(self, announcement: int, chat: int) -> bool:
        """Mark one message as on its way, right before it is sent; False (and skipped) when
        the student left since the announcement was confirmed."""
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            if self.status(chat) != IN:
                self._mark(announcement, chat, "skipped", "state = 'pending'")
                return False
            return (
                self._db.execute(
                    "UPDATE deliveries SET state = 'sending', attempts = attempts + 1, at = ? "
                    "WHERE announcement = ? AND chat = ? AND state = 'pending'",
                    (self._now(), announcement, chat),
                ).rowcount
                == 1
            )

    def delivered(self, announcement: int, chat: int, outcome: str) -> None:
        """'sent'; 'blocked' (the student blocked the bot: unsubscribed); 'failed' (tried again
        later, up to MAX_ATTEMPTS)."""
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            if outcome == "failed":
                self._db.execute(
                    "UPDATE deliveries SET state = CASE WHEN attempts < ? THEN 'pending' ELSE 'failed' END "
                    "WHERE announcement = ? AND chat = ? AND state = 'sending'",
                    (MAX_ATTEMPTS, announcement, chat),
                )
                return
            self._mark(announcement, chat, outcome, "state = 'sending'")
            if outcome == "blocked":
                self._set(chat, OUT)

    def tally(self, announcement: int) -> Tally:
        counts = Counter(
            dict(
                self._db.execute(
                    "SELECT state, COUNT(*) FROM deliveries WHERE announcement = ? GROUP BY state",
                    (announcement,),
                ).fetchall()
            )
        )
        return Tally(
            total=sum(counts.values()),
            sent=counts["sent"],
            blocked=counts["blocked"],
            failed=counts["failed"],
            skipped=counts["skipped"],
            unknown=counts["unknown"],
            pending=counts["pending"] + counts["sending"],
        )

    def finish(self, announcement: int) -> None:
        self._db.execute(
            "UPDATE announcements SET finished = ? WHERE id = ? AND finished IS NULL",
            (self._now(), announcement),
        )

    def deliveries(self, announcement: int) -> dict[int, str]:
        """Each recipient's state, for tests and diagnostics."""
        rows = self._db.execute(
            "SELECT chat, state FROM deliveries WHERE announcement = ?", (announcement,)
        ).fetchall()
        return dict(rows)

    def _mark(self, announcement: int, chat: int, state: str, where: str) -> None:
        self._db.execute(
            f"UPDATE deliveries SET state = ?, at = ? WHERE announcement = ? AND chat = ? AND {where}",
            (state, self._now(), announcement, chat),
        )

    def _recover(self) -> None:
        """A message left 'on its way' by a crash may have reached the student: never again.
        Who received an announcement finished long ago is forgotten (the announcement stays)."""
        self._db.execute("UPDATE deliveries SET state = 'unknown' WHERE state = 'sending'")
        self._db.execute(
            "DELETE FROM deliveries WHERE announcement IN (SELECT id FROM announcements WHERE finished < ?)",
            (self._now() - KEEP_DELIVERIES_DAYS * 86_400,),
        )
