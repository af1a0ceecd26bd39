"""SQLite files the bot writes (journal, Telegram state): WAL mode, and an unreadable file is
set aside with a warning so the bot starts fresh instead of refusing to start."""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

_log = logging.getLogger(__name__)


def open_database(path: Path, prepare: Callable[[sqlite3.Connection], None]) -> sqlite3.Connection:
    """Connect (autocommit, WAL) and run `prepare` (schema, migrations); if the file is not a
    usable database, move it to `<name>.corrupt-<time>` and start a new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return _connect(path, prepare)
    except sqlite3.DatabaseError:
        corrupt = path.with_name(f"{path.name}.corrupt-{int(time.time())}")
        _log.warning("%s is unreadable; moved to %s and starting fresh", path, corrupt)
        path.rename(corrupt)
        return _connect(path, prepare)


def _connect(path: Path, prepare: Callable[[sqlite3.Connection], None]) -> sqlite3.Connection:
    db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        prepare(db)
    except sqlite3.DatabaseError:
        db.close()
        raise
    return db
