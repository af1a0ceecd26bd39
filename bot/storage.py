"""SQLite files the bot writes (journal, Telegram state, tickets, reminders): WAL mode, readable
by the bot's user only, and an unreadable file is set aside with a warning so the bot starts
fresh instead of refusing to start."""

from __future__ import annotations

import logging
import os
import sqlite3
import stat
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, contextmanager
from pathlib import Path

_log = logging.getLogger(__name__)
PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
_SIDE_FILES = ("-wal", "-shm", "-journal")


def private_directory(path: Path) -> None:
    """Create `path` (0700), or tighten an existing one the bot owns: it holds user ids."""
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    info = path.stat()
    if stat.S_IMODE(info.st_mode) & 0o077 and info.st_uid == os.geteuid():
        path.chmod(PRIVATE_DIR)


def private_file(path: Path) -> None:
    """Create `path` empty with mode 0600 if missing, and make sure an existing one is 0600."""
    descriptor = os.open(path, os.O_CREAT | os.O_WRONLY, PRIVATE_FILE)
    os.close(descriptor)
    if stat.S_IMODE(path.stat().st_mode) != PRIVATE_FILE:
        path.chmod(PRIVATE_FILE)


def open_database(path: Path, prepare: Callable[[sqlite3.Connection], None]) -> sqlite3.Connection:
    """Connect (autocommit, WAL) and run `prepare` (schema, migrations); if the file is not a
    usable database, move it to `<name>.corrupt-<time>` and start a new one."""
    private_directory(path.parent)
    try:
        return _connect(path, prepare)
    except sqlite3.DatabaseError:
        corrupt = path.with_name(f"{path.name}.corrupt-{int(time.time())}")
        _log.warning("%s is unreadable; moved to %s and starting fresh", path, corrupt)
        path.rename(corrupt)
        return _connect(path, prepare)


@contextmanager
def reading(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection of its own for reads, usable from any thread while the bot writes on its
    main connection (WAL): reports are built in a worker thread."""
    with closing(sqlite3.connect(path, check_same_thread=False)) as db:
        yield db


def _connect(path: Path, prepare: Callable[[sqlite3.Connection], None]) -> sqlite3.Connection:
    # SQLite gives the -wal and -shm files the main file's mode, so 0600 here covers them too;
    # side files left by an older version are tightened as well.
    private_file(path)
    for suffix in _SIDE_FILES:
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.chmod(PRIVATE_FILE)
    db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        prepare(db)
    except sqlite3.DatabaseError:
        db.close()
        raise
    return db


def migrate(db: sqlite3.Connection, migrations: Sequence[str]) -> None:
    """Apply the schema versions this file has not seen yet (PRAGMA user_version), each in
    its own transaction; old rows are always kept."""
    current = db.execute("PRAGMA user_version").fetchone()[0]
    for version in range(current, len(migrations)):
        with db:
            db.execute("BEGIN")
            for statement in (part.strip() for part in migrations[version].split(";")):
                if statement:
                    db.execute(statement)
            db.execute(f"PRAGMA user_version={version + 1}")
