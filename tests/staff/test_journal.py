"""The journal keeps what staff need, as little as possible, and survives what crashes do."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import bot.staff.journal as journal_module
from bot.conversation.dialog import Assistant
from bot.staff.journal import DAY, Journal
from tests.conftest import ROOT
from tests.test_cli import faqbot


def test_unsure_questions_are_kept_redacted_answers_only_counted(
    assistant: Assistant, tmp_path: Path
) -> None:
    journal = Journal.open(tmp_path)
    state: dict = {}
    for text in ("como saco mi kardex 12345678901", "vigente", "como saco mi nss"):
        journal.record("test", 7, text, assistant.on_text(state, text), "v1")
    rows = journal.questions()
    assert [(r.outcome, r.intent) for r in rows] == [
        ("none", "none"),
        ("suggest", "verificar_alta"),
        ("answer", "documento_nss"),
    ]
    assert rows[0].text == "como saco mi kardex [NSS]"
    assert rows[2].text is None  # a confident answer needs no text to be kept
    assert rows[1].candidates[0][0] == "verificar_alta"


def test_did_you_mean_pick_and_votes_are_linked(assistant: Assistant, tmp_path: Path) -> None:
    journal = Journal.open(tmp_path)
    state: dict = {}
    journal.record("test", 7, "vigente", assistant.on_text(state, "vigente"), "v1")
    picked = assistant.on_action(state, "pick:registro_clinica")
    journal.record("test", 7, None, picked, "v1")
    journal.record("test", 7, None, assistant.on_action(state, "fb:+:registro_clinica"), "v1")
    journal.record("test", 8, None, assistant.on_action(state, "fb:-:que_es"), "v1")
    assert journal.questions()[0].picked == "registro_clinica"
    assert [(f.intent, f.vote) for f in journal.feedback()] == [("registro_clinica", 1), ("que_es", -1)]


def test_students_are_salted_hashes(tmp_path: Path) -> None:
    journal = Journal.open(tmp_path)
    assert journal.student("telegram", 123456789) == journal.student("telegram", 123456789)
    assert journal.student("telegram", 123456789) != journal.student("telegram", 987654321)
    other = Journal.open(tmp_path / "elsewhere")
    assert other.student("telegram", 123456789) != journal.student("telegram", 123456789)
    assert (tmp_path / "journal.salt").stat().st_mode & 0o077 == 0


def test_old_rows_are_purged_on_start(assistant: Assistant, tmp_path: Path) -> None:
    clock = {"now": 1_000_000_000.0}
    journal = Journal(tmp_path / "j.sqlite3", b"salt", retention_days=10, now=lambda: clock["now"])
    journal.record("t", 1, "vigente", assistant.on_text({}, "vigente"), "v1")
    clock["now"] += 11 * DAY
    journal.record("t", 1, "baja", assistant.on_text({}, "baja"), "v1")
    journal.close()
    reopened = Journal(tmp_path / "j.sqlite3", b"salt", retention_days=10, now=lambda: clock["now"])
    assert [r.text for r in reopened.questions()] == ["baja"]


def test_a_new_schema_version_keeps_old_rows(
    assistant: Assistant, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = Journal.open(tmp_path)
    journal.record("t", 1, "vigente", assistant.on_text({}, "vigente"), "v1")
    current = len(journal_module.MIGRATIONS)
    assert journal.schema_version == current
    journal.close()
    monkeypatch.setattr(
        journal_module,
        "MIGRATIONS",
        [*journal_module.MIGRATIONS, "ALTER TABLE questions ADD COLUMN lang TEXT"],
    )
    upgraded = Journal.open(tmp_path)
    assert upgraded.schema_version == current + 1
    assert [r.text for r in upgraded.questions()] == ["vigente"]


def test_terminal_votes_and_no_journal_flag(tmp_path: Path) -> None:
    script = "como saco mi nss\n+1\n"
    faqbot("chat", stdin=script, env={"FAQBOT_DATA_DIR": str(tmp_path / "on")})
    journal = Journal.open(tmp_path / "on")
    assert [(f.intent, f.vote) for f in journal.feedback()] == [("documento_nss", 1)]
    faqbot("chat", "--no-journal", stdin=script, env={"FAQBOT_DATA_DIR": str(tmp_path / "off")})
    assert not (tmp_path / "off" / "journal.sqlite3").exists()


WRITER = """
import asyncio, sys, time
from pathlib import Path
from bot.assembly import build_assistant
from bot.config import load_settings
from bot.staff.journal import Journal
from bot.telegram.persistence import SqlitePersistence

async def main():
    data = Path(sys.argv[1])
    assistant = build_assistant(load_settings())
    journal = Journal.open(data)
    store = SqlitePersistence(data / "state.sqlite3")
    turn = assistant.on_text({}, "como saco mi kardex")
    n = 0
    while True:
        journal.record("crash", n, "como saco mi kardex", turn, "v1")
        await store.update_user_data(n % 50, {"flow": ["institucion"] * (n % 7 + 1)})
        n += 1
        if n == 200:
            print("writing", flush=True)

asyncio.run(main())
"""


def test_journal_and_persistence_survive_a_kill_mid_write(tmp_path: Path) -> None:
    env = {**os.environ, "FAQBOT_CONFIG": str(ROOT / "config.yaml")}
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(tmp_path)], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "writing"
    time.sleep(0.3)
    child.send_signal(signal.SIGKILL)
    child.wait(10)
    for name in ("journal.sqlite3", "state.sqlite3"):
        with sqlite3.connect(tmp_path / name) as db:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    journal = Journal.open(tmp_path)
    before = len(journal.questions())
    assert before >= 200
    journal.record("after", 1, "hola", journal_turn_none(), "v1")
    assert len(journal.questions()) == before + 1


def journal_turn_none():
    from bot.conversation.dialog import Turn
    from bot.understanding.matching import MatchResult

    return Turn([], match=MatchResult("none"))


def test_an_unreadable_journal_is_set_aside_with_a_warning(tmp_path: Path, caplog) -> None:
    (tmp_path / "journal.sqlite3").write_bytes(b"not a database at all" * 50)
    journal = Journal.open(tmp_path)
    assert journal.questions() == [] and journal.schema_version == len(journal_module.MIGRATIONS)
    assert list(tmp_path.glob("journal.sqlite3.corrupt-*"))
    assert "unreadable" in caplog.text
