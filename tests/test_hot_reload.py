"""Live reloading of the staff's files: good edits are served, a bad edit or a failed reload is
told once and the last good knowledge base keeps serving, and a FIFO stops neither reloads nor
shutdown."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.hot_reload import LiveAssistant
from tests.support.fake_telegram import FakeTelegram
from tests.support.harness import ADMIN_ID, Student, bot_running, bot_settings, live_of
from tests.support.hostile_files import hostile_file


def test_live_assistant_reloads_good_edits_and_keeps_serving_on_bad_ones(
    faq_copy: Path, tmp_path: Path
) -> None:
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


async def test_any_failed_reload_is_told_to_the_admins_once(server, settings, monkeypatch) -> None:
    import bot.hot_reload

    def explode(*args, **kwargs):
        raise MemoryError

    async with bot_running(settings, server):
        monkeypatch.setattr(bot.hot_reload, "build_assistant", explode)
        synonyms = settings.faq_dir / "sinonimos.yaml"
        synonyms.write_text(synonyms.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        alerts = await server.replies(ADMIN_ID, timeout=5, quiet=1.0)
        [answer] = await Student(server, 37).say("que es el seguro facultativo")
    assert len(alerts) == 1 and "MemoryError" in alerts[0].plain
    assert "sigo usando la versión" in alerts[0].plain
    assert answer.plain.startswith("¿Qué es el seguro facultativo?")


async def test_a_fifo_in_faq_does_not_stop_reloads_or_shutdown(server, settings) -> None:
    fifo = settings.faq_dir / "sinonimos.yaml"
    saved = fifo.read_bytes()
    async with bot_running(settings, server) as application:
        live = live_of(application)
        hostile_file("fifo", fifo)
        [alert] = await server.replies(ADMIN_ID, timeout=5)
        fifo.unlink()
        fifo.write_bytes(saved.replace(b"seguro de la uni", b"seguro de la unam"))
        serving = live.version
        for _ in range(100):
            if live.version != serving:
                break
            await asyncio.sleep(0.1)
        assert live.version != serving  # later reloads still happen
    assert "no es un archivo normal" in alert.plain
