"""Drafts of new answers ("📚 Guardar como respuesta") kept in SQLite, so a draft half-edited on
a phone survives a restart of the bot, and an admin's reply to its prompt still finds it.

A draft holds a student's question and an office answer (both masked), so it is kept only
until published or cancelled, and at most MAX_AGE: an abandoned draft goes at the next start.
Deleted rows are overwritten on disk (secure_delete), as in the tickets file.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from bot.staff.drafts import Draft
from bot.storage import migrate, open_database

DRAFTS_FILE = "borradores.sqlite3"
MAX_AGE = 7 * 86_400.0

_MIGRATIONS = [
    """
    CREATE TABLE drafts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        created REAL NOT NULL,
        prompt INTEGER NOT NULL DEFAULT 0,  -- the message an admin's reply to it changes it
        data TEXT NOT NULL                  -- the Draft as JSON
    );
    CREATE INDEX drafts_prompt ON drafts (prompt);
    """
]


class DraftStore:
    def __init__(self, data_dir: Path, now: Callable[[], float] = time.time) -> None:
        self._now = now
        self._db = open_database(data_dir / DRAFTS_FILE, lambda db: migrate(db, _MIGRATIONS))
        self._db.execute("PRAGMA secure_delete = ON")
        self._db.execute("DELETE FROM drafts WHERE created < ?", (now() - MAX_AGE,))

    def create(self, draft: Draft) -> Draft:
        """Keep a new draft; it comes back with its id."""
        cursor = self._db.execute(
            "INSERT INTO drafts (created, data) VALUES (?, ?)", (self._now(), draft.to_json())
        )
        kept = replace(draft, id=int(cursor.lastrowid or 0))
        self.save(kept)
        return kept

    def get(self, draft_id: int) -> Draft | None:
        row = self._db.execute("SELECT data FROM drafts WHERE id = ?", (draft_id,)).fetchone()
        return Draft.from_json(row[0]) if row else None

    def waiting_on(self, message_id: int) -> Draft | None:
        """The draft whose prompt is `message_id` (a reply to it changes the draft)."""
        if not message_id:
            return None
        row = self._db.execute(
            "SELECT data FROM drafts WHERE prompt = ? ORDER BY id DESC LIMIT 1", (message_id,)
        ).fetchone()
        return Draft.from_json(row[0]) if row else None

    def save(self, draft: Draft) -> None:
        self._db.execute(
            "UPDATE drafts SET prompt = ?, data = ? WHERE id = ?", (draft.prompt, draft.to_json(), draft.id)
        )

    def delete(self, draft_id: int) -> None:
        self._db.execute("DELETE FROM drafts WHERE id = ?", (draft_id,))

    def close(self) -> None:
        self._db.close()
