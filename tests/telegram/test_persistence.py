"""The SQLite persistence of students' places: round trip, and a corrupt file set aside."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bot.telegram.persistence import SqlitePersistence


async def test_persistence_round_trip_and_corrupt_file(tmp_path: Path, caplog) -> None:
    path = tmp_path / "state.sqlite3"
    store = SqlitePersistence(path)
    await store.update_user_data(7, {"flow": ["institucion", "servicio_medico"]})
    await store.update_user_data(8, {"flow": ["institucion"]})
    await store.update_user_data(8, {})  # finished or cancelled: no row kept
    await store.flush()
    assert await SqlitePersistence(path).get_user_data() == {7: {"flow": ["institucion", "servicio_medico"]}}

    path.write_bytes(b"this is not a database" * 100)
    fresh = SqlitePersistence(path)
    assert await fresh.get_user_data() == {}
    assert list(tmp_path.glob("state.sqlite3.corrupt-*"))
    assert "unreadable" in caplog.text
    await fresh.flush()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
