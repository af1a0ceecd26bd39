"""The plain parts under the Telegram adapter: flood guard, message splitting, callback data,
SQLite persistence, live reloading, redaction."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bot.hot_reload import LiveAssistant
from bot.knowledge.telegram_html import visible_length
from bot.privacy import redact
from bot.telegram.flood import FloodGuard
from bot.telegram.persistence import SqlitePersistence
from bot.telegram.rendering import decode_action, encode_action, split_message
from tests.support.fake_telegram import FakeTelegram, parse_html
from tests.support.harness import bot_settings


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_flood_guard_warns_once_then_drops_until_the_student_slows_down() -> None:
    clock = FakeClock()
    guard = FloodGuard(limit=8, window=10.0, clock=clock)
    verdicts = []
    for _ in range(12):
        verdicts.append(guard.check(1))
        clock.now += 0.5
    assert verdicts == ["ok"] * 8 + ["warn", "drop", "drop", "drop"]
    assert guard.check(2) == "ok"  # another student is unaffected
    clock.now += 10.0
    assert guard.check(1) == "ok"


def test_callback_data_is_versioned_and_bounded() -> None:
    assert decode_action(encode_action("opt:institucion:0")) == "opt:institucion:0"
    assert encode_action("x" * 63) is None
    for forged in (None, 5, "", "1|", "2|menu", "menu", "1|" + "x" * 63):
        assert decode_action(forged) is None


def test_long_replies_are_split_into_valid_chunks() -> None:
    paragraph = "<b>Título</b> " + "palabra " * 300
    text = "\n\n".join([paragraph] * 5)
    chunks = split_message(text)
    assert len(chunks) > 1
    for chunk in chunks:
        assert visible_length(chunk) <= 4096
        parse_html(chunk)  # Telegram would accept it
    giant_line = "a &amp; b " * 1000
    for chunk in split_message(giant_line):
        assert visible_length(chunk) <= 4096
        parse_html(chunk)


async def test_persistence_round_trip_and_corrupt_file(tmp_path: Path, caplog) -> None:
    path = tmp_path / "state.sqlite3"
    store = SqlitePersistence(path)
    await store.update_user_data(7, {"flow": ["institucion", "servicio_medico"]})
    await store.update_user_data(8, {"flow": ["institucion"]})
    await store.update_user_data(8, {})  # finished or cancelled: no row kept
    await store.flush()
    assert await SqlitePersistence(path).get_user_data() == {
        7: {"flow": ["institucion", "servicio_medico"]}}

    path.write_bytes(b"this is not a database" * 100)
    fresh = SqlitePersistence(path)
    assert await fresh.get_user_data() == {}
    assert list(tmp_path.glob("state.sqlite3.corrupt-*"))
    assert "unreadable" in caplog.text
    await fresh.flush()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_live_assistant_reloads_good_edits_and_keeps_serving_on_bad_ones(
        faq_copy: Path, tmp_path: Path) -> None:
    live = LiveAssistant(bot_settings(FakeTelegram(), faq_copy, tmp_path))
    assert live.reload_if_changed() is None
    before = live.version
    faq = faq_copy / "preguntas.yaml"
    good = faq.read_text(encoding="utf-8")
    faq.write_text(good.replace("  - id: que_es", "  - id: que es"), encoding="utf-8")
    outcome = live.reload_if_changed()
    assert outcome is not None and outcome.problems and not outcome.changed
    assert live.version == before
    assert live.reload_if_changed() is None  # the same broken edit is reported once
    faq.write_text(good.replace("PREVENIMSS.", "PREVENIMSS (actualizado)."), encoding="utf-8")
    outcome = live.reload_if_changed()
    assert outcome is not None and outcome.changed and live.version != before
    assert "(actualizado)" in live.assistant.knowledge.items["que_es"].answer


def test_redaction_masks_personal_data() -> None:
    text = ("mi nss 1234 5678 901, curp GODE561231HDFRRN09, cel 55 1234 5678, "
            "correo ana.lopez@alumno.mx, del 1 al 5 de diciembre")
    assert redact(text) == ("mi nss [NSS], curp [CURP], cel [TEL], correo [EMAIL], "
                            "del 1 al 5 de diciembre")
