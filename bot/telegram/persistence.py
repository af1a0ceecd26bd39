"""Students' places in the conversation, kept in SQLite so a restart (or SIGTERM) loses nothing.

Chosen over PicklePersistence because SQLite writes each student's row atomically (WAL), a crash
mid-write cannot corrupt the others, and the file can be inspected and backed up while running.
Only `user_data` is stored: the engine's small JSON state (the path through the questionnaire), never the
messages students write, and only while a student is in the middle of the conversation.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from pathlib import Path
from typing import Any

from telegram.ext import BasePersistence, PersistenceInput

from bot.storage import open_database

_log = logging.getLogger(__name__)
SCHEMA_VERSION = 1


def _prepare(db: sqlite3.Connection) -> None:
    db.execute("PRAGMA secure_delete = ON")  # a forgotten state leaves no bytes behind
    db.execute(
        "CREATE TABLE IF NOT EXISTS user_data ("
        "user_id INTEGER PRIMARY KEY, data TEXT NOT NULL, updated REAL NOT NULL)"
    )
    db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
    db.execute("SELECT COUNT(*) FROM user_data").fetchone()


class SqlitePersistence(BasePersistence[dict[str, Any], dict[str, Any], dict[str, Any]]):
    """PTB persistence for `user_data` only, one JSON row per student."""

    def __init__(self, path: Path, update_interval: float = 1.0) -> None:
        super().__init__(
            store_data=PersistenceInput(bot_data=False, chat_data=False, user_data=True, callback_data=False),
            update_interval=update_interval,
        )
        self.path = path
        self._db: sqlite3.Connection | None = None

    def _connection(self) -> sqlite3.Connection:
        if self._db is None:
            self._db = open_database(self.path, _prepare)
        return self._db

    async def get_user_data(self) -> dict[int, dict[str, Any]]:
        students: dict[int, dict[str, Any]] = {}
        for user_id, data in self._connection().execute("SELECT user_id, data FROM user_data"):
            try:
                value = json.loads(data)
            except ValueError:
                _log.warning("dropping unreadable saved state of one student")
                continue
            if isinstance(value, dict):
                students[int(user_id)] = value
        return students

    async def update_user_data(self, user_id: int, data: dict[str, Any]) -> None:
        if not data:  # nothing to remember: keep no row (and no user id) for this student
            await self.drop_user_data(user_id)
            return
        self._connection().execute(
            "INSERT INTO user_data (user_id, data, updated) VALUES (?, ?, ?) "
            "ON CONFLICT(user_id) DO UPDATE SET data = excluded.data, updated = excluded.updated",
            (user_id, json.dumps(data, ensure_ascii=False), time.time()),
        )

    async def drop_user_data(self, user_id: int) -> None:
        self._connection().execute("DELETE FROM user_data WHERE user_id = ?", (user_id,))

    def forget(self, user_id: int) -> bool:
        """A student's saved state gone now, from the file too (its bytes overwritten, the
        write-ahead log emptied); whether there was one (/borrar_mis_datos)."""
        db = self._connection()
        removed = db.execute("DELETE FROM user_data WHERE user_id = ?", (user_id,)).rowcount
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return removed > 0

    async def refresh_user_data(self, user_id: int, user_data: dict[str, Any]) -> None:
        """Nothing to refresh: this process is the only writer."""

    async def flush(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    # Nothing else is persisted.
    async def get_chat_data(self) -> dict[int, dict[str, Any]]:
        return {}

    async def get_bot_data(self) -> dict[str, Any]:
        return {}

    async def get_callback_data(self) -> None:
        return None

    async def get_conversations(self, name: str) -> dict:
        return {}

    async def update_conversation(self, name: str, key: tuple, new_state: object) -> None:
        """Conversations are not used: the dialog engine keeps its own state in user_data."""

    async def update_chat_data(self, chat_id: int, data: dict[str, Any]) -> None:
        """chat_data is not persisted."""

    async def update_bot_data(self, data: dict[str, Any]) -> None:
        """bot_data is not persisted."""

    async def update_callback_data(self, data: object) -> None:
        """Callback data is plain strings; nothing to store."""

    async def drop_chat_data(self, chat_id: int) -> None:
        """chat_data is not persisted."""

    async def refresh_chat_data(self, chat_id: int, chat_data: dict[str, Any]) -> None:
        """chat_data is not persisted."""

    async def refresh_bot_data(self, bot_data: dict[str, Any]) -> None:
        """bot_data is not persisted."""
