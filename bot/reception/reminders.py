"""'Avísame cuando abra': who wants a message on the day the next reception window opens, what is
due now, and what scheduled work already ran (so a restart catches up instead of skipping it).

A subscription keeps the day the student asked, not a date: the day it waits for (the first
day after it on which cards are received) is worked out from the current `fechas.yaml` every
time, so a closure, a lifted closure or a new period declared by staff moves every pending
reminder, also to a window that is open already. Delivery is at most once: a reminder is
marked as being sent before it goes out and as sent when Telegram accepts it, and one left
marked by a crash is never sent again. SQLite in FAQBOT_DATA_DIR (WAL, 0600).
"""

from __future__ import annotations

import sqlite3
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from bot.clock import spanish_date, spanish_range
from bot.knowledge.schema import ReceptionFile
from bot.reception.answers import NO_URGENT
from bot.reception.windows import OfficeHours, Window, windows_around
from bot.storage import migrate, open_database

REMINDERS_FILE = "reminders.sqlite3"
KEEP_DELIVERIES_DAYS = 90

MIGRATIONS: list[str] = [
    """
    CREATE TABLE subscriptions (
        chat INTEGER PRIMARY KEY,       -- the student's private chat: one reminder each
        since TEXT NOT NULL,            -- the day they asked (the next window after it is theirs)
        created REAL NOT NULL,
        sending TEXT                    -- while its message is on its way: the opening day
    );
    CREATE TABLE deliveries (
        id INTEGER PRIMARY KEY,
        chat INTEGER NOT NULL,
        window TEXT NOT NULL,           -- the opening day it announced
        at REAL NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('sent', 'blocked', 'unknown'))
    );
    CREATE INDEX deliveries_at ON deliveries (at);
    CREATE TABLE runs (
        name TEXT NOT NULL,             -- e.g. 'weekly report'
        period TEXT NOT NULL,           -- e.g. '2026-W49'
        at REAL NOT NULL,
        PRIMARY KEY (name, period)
    );
    """,
]


@dataclass(frozen=True)
class Due:
    chat: int
    window: Window


def next_window(rules: ReceptionFile, after: date, hours: OfficeHours | None = None) -> Window | None:
    """The first reception window that opens after `after` (on a day the office opens)."""
    return next((w for w in windows_around(rules, after, hours=hours) if w.start > after), None)


def reminder_day(
    rules: ReceptionFile, since: date, hours: OfficeHours | None = None
) -> tuple[Window, date] | None:
    """The window a subscription made on `since` waits for, and the day it is due: the first
    day after `since` on which cards are received (a window open already included)."""
    window = next((w for w in windows_around(rules, since, hours=hours) if w.end > since), None)
    return (window, max(window.start, since + timedelta(days=1))) if window else None


def reminder_text(window: Window, today: date) -> str:
    """The one message a subscriber gets (Telegram HTML)."""
    if today <= window.start:
        lead = "🔔 <b>¡Hoy abre la recepción de tarjetas del NSS!</b>"
    else:
        lead = (
            f"🔔 <b>La recepción de tarjetas del NSS está abierta</b> (abrió el "
            f"{spanish_date(window.start, with_year=False)})."
        )
    return (
        f"{lead} Se reciben {spanish_range(window.start, window.end)}.\n\n"
        "Lleva tu <b>tarjeta del NSS</b> (Número de Seguridad Social) a la oficina del Seguro "
        f"Facultativo de tu escuela.\n{NO_URGENT}"
    )


def subscribed_text(window: Window | date, at: str) -> str:
    day = window.start if isinstance(window, Window) else window
    return (
        f"Listo 🔔, te aviso el {spanish_date(day, with_year=False)} a las {at}, "
        "cuando abra la recepción de tarjetas del NSS. Solo te escribo esa vez."
    )


def subscription_text(window: Window | date | None, at: str) -> str:
    if window is None:
        return "Tienes un aviso pendiente; por ahora no hay fechas de recepción programadas."
    day = window.start if isinstance(window, Window) else window
    return (
        f"Tienes un aviso 🔔: te escribo el {spanish_date(day, with_year=False)} a "
        f"las {at}, cuando abra la recepción de tarjetas del NSS."
    )


NO_SUBSCRIPTION = (
    "No tienes aviso de la recepción de tarjetas. Cuando esté cerrada, pregúntame "
    "«¿cuándo entrego mi NSS?» y toca «🔔 Avísame cuando abra»."
)
CANCELLED = "Listo, cancelé tu aviso."
OPEN_NOW = "¡La recepción de tarjetas está abierta hoy! No necesitas aviso: pregúntame /fechas."
NO_DATES = "Por ahora no hay fechas de recepción programadas, así que no puedo avisarte todavía."
PRIVATE_ONLY = "Para recibir avisos escríbeme en privado 🙂."


class ReminderStore:
    def __init__(self, path: Path, now: Callable[[], float] = time.time) -> None:
        self.path = path
        self._now = now
        self._db = open_database(path, _migrate)
        self._db.execute("PRAGMA secure_delete = ON")  # a forgotten chat leaves no bytes behind
        self._recover()

    @classmethod
    def open(cls, data_dir: Path) -> ReminderStore:
        return cls(data_dir / REMINDERS_FILE)

    def close(self) -> None:
        self._db.close()

    # ----- students ---------------------------------------------------------------------

    def subscribe(self, chat: int, today: date) -> None:
        self._db.execute(
            "INSERT INTO subscriptions (chat, since, created) VALUES (?, ?, ?) "
            "ON CONFLICT (chat) DO UPDATE SET since = excluded.since, sending = NULL",
            (chat, today.isoformat(), self._now()),
        )

    def since(self, chat: int) -> date | None:
        """The day the student subscribed, or None."""
        row = self._db.execute("SELECT since FROM subscriptions WHERE chat = ?", (chat,)).fetchone()
        return date.fromisoformat(row[0]) if row else None

    def cancel(self, chat: int) -> bool:
        return self._db.execute("DELETE FROM subscriptions WHERE chat = ?", (chat,)).rowcount > 0

    def count(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM subscriptions").fetchone()[0]

    def forget_chat(self, chat: int) -> bool:
        """The student's subscription and the record of their reminders, gone from the file too
        (overwritten, the write-ahead log emptied); whether there was anything."""
        with self._db:
            self._db.execute("BEGIN")
            removed = self._db.execute("DELETE FROM subscriptions WHERE chat = ?", (chat,)).rowcount
            removed += self._db.execute("DELETE FROM deliveries WHERE chat = ?", (chat,)).rowcount
        self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return removed > 0

    # ----- delivering -------------------------------------------------------------------

    def due(self, rules: ReceptionFile, today: date, hours: OfficeHours | None = None) -> list[Due]:
        """Subscribers whose window is open today (from its first day to its last: a bot that
        was down on the opening day still tells them). A window that went by entirely while
        the bot was down is not announced late: the subscription waits for the next one."""
        waiting: dict[str, list[int]] = defaultdict(list)
        for chat, since in self._db.execute("SELECT chat, since FROM subscriptions WHERE sending IS NULL"):
            waiting[since].append(chat)
        due: list[Due] = []
        for since, chats in waiting.items():
            found = reminder_day(rules, date.fromisoformat(since), hours)
            if found is None or today < found[1]:
                continue
            window = found[0]
            if today > window.end:
                self._db.execute(
                    "UPDATE subscriptions SET since = ? WHERE since = ?", (window.end.isoformat(), since)
                )
                continue
            due += [Due(chat, window) for chat in chats]
        return due

    def sending(self, due: Due) -> bool:
        """Mark a reminder as on its way, right before it is sent; False when the student
        cancelled it (or it went out) since the run began: then it is not sent."""
        return (
            self._db.execute(
                "UPDATE subscriptions SET sending = ? WHERE chat = ? AND sending IS NULL",
                (due.window.start.isoformat(), due.chat),
            ).rowcount
            == 1
        )

    def delivered(self, due: Due, outcome: str) -> None:
        """The reminder went out ('sent') or cannot ('blocked'): the subscription ends."""
        with self._db:
            self._db.execute("BEGIN")
            self._db.execute("DELETE FROM subscriptions WHERE chat = ?", (due.chat,))
            self._db.execute(
                "INSERT INTO deliveries (chat, window, at, outcome) VALUES (?, ?, ?, ?)",
                (due.chat, due.window.start.isoformat(), self._now(), outcome),
            )

    def retry_later(self, chat: int) -> None:
        """Telegram did not take it (not a block): try again on the next run."""
        self._db.execute("UPDATE subscriptions SET sending = NULL WHERE chat = ?", (chat,))

    def deliveries(self, chat: int | None = None) -> list[tuple[int, str, str]]:
        """(chat, window, outcome) of what went out, oldest first."""
        where, args = ("WHERE chat = ?", (chat,)) if chat is not None else ("", ())
        return list(
            self._db.execute(f"SELECT chat, window, outcome FROM deliveries {where} ORDER BY id", args)
        )

    def _recover(self) -> None:
        """A reminder left 'on its way' by a crash may have reached the student: never again."""
        rows = self._db.execute("SELECT chat, sending FROM subscriptions WHERE sending IS NOT NULL")
        for chat, opening in rows.fetchall():
            day = date.fromisoformat(opening)
            self.delivered(Due(chat, Window(day, day, ())), "unknown")
        cutoff = self._now() - KEEP_DELIVERIES_DAYS * 86_400
        self._db.execute("DELETE FROM deliveries WHERE at < ?", (cutoff,))

    # ----- scheduled work ---------------------------------------------------------------

    def ran(self, name: str, period: str) -> bool:
        return (
            self._db.execute("SELECT 1 FROM runs WHERE name = ? AND period = ?", (name, period)).fetchone()
            is not None
        )

    def record_run(self, name: str, period: str) -> None:
        self._db.execute(
            "INSERT OR IGNORE INTO runs (name, period, at) VALUES (?, ?, ?)", (name, period, self._now())
        )


def _migrate(db: sqlite3.Connection) -> None:
    migrate(db, MIGRATIONS)
