"""The bot's data files on disk: readable by the bot's user only."""

from __future__ import annotations

import asyncio
import stat

from tests.support.harness import Student, bot_running


async def test_data_files_are_readable_by_the_bot_only(server, settings) -> None:
    data = settings.data_dir
    data.mkdir(mode=0o755)
    data.chmod(0o755)
    async with bot_running(settings, server):
        await Student(server, 36).say("/elegibilidad")
        await asyncio.sleep(0.5)  # the persistence writes the student's place
        files = sorted(p.name for p in data.iterdir())
        modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in data.iterdir()}
    assert {
        "journal.sqlite3",
        "journal.sqlite3-wal",
        "state.sqlite3",
        "state.sqlite3-wal",
        "journal.salt",
    } <= set(files)
    assert all(mode == 0o600 for mode in modes.values()), modes
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
