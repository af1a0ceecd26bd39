"""Every change staff make to `faq/` from Telegram, recorded (who, when, which file, what) so
`/cambios` and `faqbot report` can list them, and the last one undone for a day.

The file's exact bytes before the change are kept, so "↩️ Deshacer" restores it byte for byte;
it refuses (and says why) when the file changed since, when a newer change came after it, or
after UNDO_WINDOW. Kept bytes older than the window are dropped; the record stays.
Transport-free: the Telegram buttons and the report both come here.
"""

from __future__ import annotations

import hashlib
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bot.clock import MEXICO_CITY
from bot.knowledge.editing import _replace
from bot.knowledge.yaml_source import read_staff_file
from bot.storage import migrate, open_database, reading

CHANGES_FILE = "cambios.sqlite"
UNDO_WINDOW = 24 * 60 * 60.0
ANNOUNCEMENTS = "avisos"  # `file` of a note that is not a file change: an announcement sent

_MIGRATIONS = [
    """
    CREATE TABLE changes (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at REAL NOT NULL,
        who_id INTEGER NOT NULL,
        who TEXT NOT NULL,
        file TEXT NOT NULL,
        what TEXT NOT NULL,
        before BLOB,
        after TEXT NOT NULL,
        undone_at REAL,
        undone_by TEXT
    )
"""
]


class UndoError(Exception):
    """Why the change was not undone, for staff (Spanish); the file is unchanged."""


@dataclass(frozen=True)
class Change:
    id: int
    at: float
    who: str
    file: str  # the file's name inside faq/
    what: str  # one line for staff, e.g. "frase «…» en «¿Qué documento…?»"
    undone_at: float | None
    undone_by: str | None
    undoable: bool  # its bytes are kept (younger than UNDO_WINDOW)

    @property
    def of_a_file(self) -> bool:
        """False for a note (an announcement): nothing to undo."""
        return self.file != ANNOUNCEMENTS


class ChangeLog:
    """The record of Telegram changes to the knowledge base, in the data directory."""

    def __init__(self, data_dir: Path, faq_dir: Path, now: Callable[[], float] = time.time) -> None:
        self.path = data_dir / CHANGES_FILE
        self.faq_dir = faq_dir
        self._now = now
        self._db = open_database(self.path, lambda db: migrate(db, _MIGRATIONS))

    def record(self, who_id: int, who: str, file: Path, what: str, before: bytes) -> int:
        """Note a change just written to `file`, whose content before it was `before`."""
        after = _digest(read_staff_file(file))
        cursor = self._db.execute(
            "INSERT INTO changes (at, who_id, who, file, what, before, after) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (self._now(), who_id, who, file.name, what, before, after),
        )
        self._forget_old()
        return int(cursor.lastrowid or 0)

    def note(self, who_id: int, who: str, subject: str, what: str) -> int:
        """Record something staff did from Telegram that changed no file (an announcement):
        listed with the changes, never undone, and never in the way of undoing the last one."""
        cursor = self._db.execute(
            "INSERT INTO changes (at, who_id, who, file, what, before, after) "
            "VALUES (?, ?, ?, ?, ?, NULL, '')",
            (self._now(), who_id, who, subject, what),
        )
        return int(cursor.lastrowid or 0)

    def recent(self, limit: int = 10) -> list[Change]:
        return recent_changes(self.path, 0.0, limit, self._now())

    def undo(self, change_id: int, who: str) -> Change:
        """Put the change's file back exactly as it was before it; UndoError says why not."""
        row = self._db.execute(
            "SELECT file, before, after, undone_at, at, (SELECT MAX(id) FROM changes WHERE after != '') "
            "FROM changes WHERE id = ?",
            (change_id,),
        ).fetchone()
        if row is None:
            raise UndoError("ese cambio ya no está en el registro")
        file, before, after, undone_at, at, newest = row
        if after == "":
            raise UndoError("un aviso ya enviado no se puede deshacer")
        if undone_at is not None:
            raise UndoError("ese cambio ya se deshizo")
        if newest != change_id:
            raise UndoError("hubo otro cambio después; solo se puede deshacer el último")
        if before is None or self._now() - at > UNDO_WINDOW:
            raise UndoError("pasó más de un día; corrige el archivo a mano")
        path = self.faq_dir / file
        current = read_staff_file(path)
        if _digest(current) != after:
            raise UndoError(f"{file} cambió después (alguien lo editó); corrígelo a mano")
        if not _replace(path, current, bytes(before)):
            raise UndoError(f"{file} cambió mientras lo restauraba; intenta de nuevo")
        self._db.execute(
            "UPDATE changes SET undone_at = ?, undone_by = ? WHERE id = ?", (self._now(), who, change_id)
        )
        return next(c for c in self.recent(limit=50) if c.id == change_id)

    def close(self) -> None:
        self._db.close()

    def _forget_old(self) -> None:
        self._db.execute(
            "UPDATE changes SET before = NULL WHERE at < ? AND before IS NOT NULL",
            (self._now() - UNDO_WINDOW,),
        )


def recent_changes(path: Path, since: float, limit: int, now: float | None = None) -> list[Change]:
    """The newest changes first, read from the file at `path` (none if it does not exist)."""
    if not path.exists():
        return []
    now = time.time() if now is None else now
    try:
        with reading(path) as db:
            rows = db.execute(
                "SELECT id, at, who, file, what, undone_at, undone_by, before IS NOT NULL "
                "FROM changes WHERE at >= ? ORDER BY id DESC LIMIT ?",
                (since, limit),
            ).fetchall()
    except sqlite3.DatabaseError:
        return []
    return [
        Change(id_, at, who, file, what, undone_at, undone_by, bool(kept) and now - at <= UNDO_WINDOW)
        for id_, at, who, file, what, undone_at, undone_by, kept in rows
    ]


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def change_line(change: Change) -> str:
    """One change as staff read it (plain text): when, who, which file, what, and if undone."""
    when = datetime.fromtimestamp(change.at, MEXICO_CITY).strftime("%d/%m %H:%M")
    undone = f" (deshecho por {change.undone_by})" if change.undone_at is not None else ""
    return f"{when} {change.who} · {change.file}: {change.what}{undone}"
