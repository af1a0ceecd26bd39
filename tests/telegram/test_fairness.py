"""No student can hold up the others: a storm of taps, a queue of slow updates or a
staff report being built leaves everyone else answered; a stopping bot does not wait for a backlog."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from bot.conversation import texts
from bot.telegram.processing import FairUpdateProcessor
from tests.support.harness import ADMIN_ID, Student, bot_running


async def test_one_student_cannot_stall_everyone(server, settings) -> None:
    tapper, other = Student(server, 31), Student(server, 32)
    async with bot_running(settings, server):
        [menu] = await tapper.say("/preguntas")
        topic = dict(menu.buttons)["¿Qué es el seguro facultativo?"]
        queries = [server.user_presses(tapper.user_id, menu, topic) for _ in range(200)]
        [answer] = await other.say("cuando entrego mi nss")  # would wait minutes behind the taps
        await server.replies(tapper.chat_id, timeout=3)
    assert "Hoy sí se reciben" in answer.plain
    toasts = [server.callback_answers.get(q) for q in queries]
    assert toasts.count(texts.FLOOD_WAIT) == 1  # one "dame un momento", every tap answered
    assert len(tapper.received()) < 40  # the storm was not answered tap by tap


async def test_one_student_cannot_hold_every_processing_slot() -> None:
    """With 2 slots, a student with a queue of slow updates holds at most one of them."""
    processor = FairUpdateProcessor(2)
    release = asyncio.Event()
    finished: list[str] = []

    async def slow(name: str) -> None:
        await release.wait()
        finished.append(name)

    async def quick(name: str) -> None:
        finished.append(name)

    flooder = [asyncio.create_task(processor.do_process_update(_Fake(1), slow(f"a{n}"))) for n in range(6)]
    await asyncio.sleep(0.01)
    await asyncio.wait_for(processor.do_process_update(_Fake(2), quick("b")), 1)
    assert finished == ["b"]
    release.set()
    await asyncio.gather(*flooder)
    assert finished == ["b", "a0", "a1", "a2", "a3", "a4", "a5"]  # the student's order kept
    assert len(processor) == 0  # nothing kept once idle


async def test_a_student_queue_is_bounded_and_a_stopping_bot_leaves_the_rest(server, settings) -> None:
    student = Student(server, 33)
    async with bot_running(settings, server) as application:
        for number in range(8):  # each answered twice (answer + privacy note): 1 msg/s per chat
            server.user_text(student.user_id, f"cuando entrego mi nss 1234567890{number}")
        await server.replies(student.chat_id, timeout=1.5)
        stop_started = time.monotonic()
    stop_seconds = time.monotonic() - stop_started
    processor = application.update_processor
    assert isinstance(processor, FairUpdateProcessor)
    assert stop_seconds < 12  # the grace period and what was running, not the whole backlog
    assert processor.left_at_stop > 0


class _Fake:
    """An update the processor can key by user without a Telegram object behind it."""

    def __init__(self, user: int) -> None:
        self.user = user


@pytest.fixture(autouse=True)
def _fake_updates_have_students(monkeypatch: pytest.MonkeyPatch) -> None:
    import bot.telegram.processing as processing

    original = processing.student_key
    monkeypatch.setattr(
        processing,
        "student_key",
        lambda update: update.user if isinstance(update, _Fake) else original(update),
    )


async def test_staff_reports_never_freeze_the_bot(server, settings, monkeypatch) -> None:
    import bot.telegram.staff as handlers

    building = threading.Event()
    answered = threading.Event()
    real = handlers.build_report

    def slow_report(*args, **kwargs):
        building.set()
        assert answered.wait(10), "the student was not answered while the report was built"
        return real(*args, **kwargs)

    monkeypatch.setattr(handlers, "build_report", slow_report)
    admin, student = Student(server, ADMIN_ID), Student(server, 34)
    async with bot_running(settings, server):
        server.user_text(ADMIN_ID, "/reporte")
        while not building.is_set():
            await asyncio.sleep(0.01)
        [answer] = await student.say("como saco mi nss")
        answered.set()
        [report] = await server.replies(admin.chat_id, timeout=10)
    assert answer.plain.startswith("¿Qué documento entrego en la escuela?")
    assert "Reporte de los últimos 7 días" in report.plain
