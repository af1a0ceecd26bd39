"""Reception reminders ("Avísame cuando abra"): subscriptions, the opening-day run, crashes and
restarts."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import date, datetime
from pathlib import Path

from bot.clock import MEXICO_CITY
from bot.conversation import texts
from bot.knowledge import load_knowledge
from bot.reception import reminders
from bot.reception.reminders import ReminderStore
from bot.telegram.ratelimit import BULK, ChatRateLimiter
from tests.conftest import FAQ_DIR
from tests.support.fake_telegram import FakeTelegram
from tests.support.harness import Student, bot_running, bot_settings, caught_up, live_of
from tests.test_cli import faqbot

NOV_27 = datetime(2026, 11, 27, 10, 0, tzinfo=MEXICO_CITY)
DEC_1_EARLY = datetime(2026, 12, 1, 8, 30, tzinfo=MEXICO_CITY)
DEC_1 = datetime(2026, 12, 1, 9, 30, tzinfo=MEXICO_CITY)
DEC_4 = datetime(2026, 12, 4, 9, 30, tzinfo=MEXICO_CITY)


def at(server: FakeTelegram, faq: Path, data: Path, now: datetime):
    return dataclasses.replace(bot_settings(server, faq, data), now=now)


async def subscribe(student: Student) -> str:
    [dates] = await student.say("cuando entrego mi nss")
    assert texts.REMIND_ME in [label for label, _ in dates.buttons]
    [done] = await student.tap(texts.REMIND_ME, on=dates)
    return done.plain


async def reminders_after_start(server: FakeTelegram, settings, chats: list[int]) -> list:
    """Start the bot, wait until its start-up runs (reminders, a missed weekly summary) have
    ended, stop; what each chat received meanwhile."""
    mark = len(server.sent)
    async with bot_running(settings, server) as application:
        await caught_up(application)
    return [m for m in server.sent[mark:] if m.chat_id in chats]


async def test_subscribe_then_exactly_one_reminder_on_the_opening_day(server, faq_copy, tmp_path) -> None:
    ana = Student(server, 81)
    data = tmp_path / "data"
    async with bot_running(at(server, faq_copy, data, NOV_27), server):
        confirmation = await subscribe(ana)
        [listed] = await ana.say("/avisos")
    assert confirmation.startswith("Listo 🔔, te aviso el 1 de diciembre a las 9:00")
    assert listed.plain.startswith("Tienes un aviso 🔔: te escribo el 1 de diciembre a las 9:00")
    assert await reminders_after_start(server, at(server, faq_copy, data, DEC_1_EARLY), [81]) == []
    [reminder] = await reminders_after_start(server, at(server, faq_copy, data, DEC_1), [81])
    assert reminder.plain.startswith("🔔 ¡Hoy abre la recepción de tarjetas del NSS!")
    assert "del 1 al 5 de diciembre de 2026" in reminder.plain
    assert "tarjeta del NSS" in reminder.plain and "No hay trámites urgentes" in reminder.plain
    assert await reminders_after_start(server, at(server, faq_copy, data, DEC_1), [81]) == []


async def test_a_crash_between_two_deliveries_sends_the_rest_once(
    server, faq_copy, tmp_path, monkeypatch
) -> None:
    data = tmp_path / "data"
    students = [Student(server, chat) for chat in (82, 83, 84)]
    async with bot_running(at(server, faq_copy, data, NOV_27), server):
        for student in students:
            await subscribe(student)
    real = ReminderStore.delivered
    calls = {"n": 0}

    def crash_on_the_second(self, due, outcome):
        calls["n"] += 1
        if calls["n"] == 2:  # Telegram took the second one, and its record is lost
            raise RuntimeError("the process died here")
        real(self, due, outcome)

    monkeypatch.setattr(ReminderStore, "delivered", crash_on_the_second)
    first = await reminders_after_start(server, at(server, faq_copy, data, DEC_1), [82, 83, 84])
    monkeypatch.setattr(ReminderStore, "delivered", real)
    second = await reminders_after_start(server, at(server, faq_copy, data, DEC_1), [82, 83, 84])
    received = [m.chat_id for m in first + second]
    assert sorted(received) == [82, 83, 84]  # everyone once, nobody twice
    outcomes = {chat: outcome for chat, _, outcome in ReminderStore.open(data).deliveries()}
    assert sorted(outcomes.values()) == ["sent", "sent", "unknown"]


async def test_a_student_who_blocked_the_bot_is_unsubscribed_quietly(server, faq_copy, tmp_path) -> None:
    data = tmp_path / "data"
    ana = Student(server, 85)
    async with bot_running(at(server, faq_copy, data, NOV_27), server):
        await subscribe(ana)
    server.blocked.add(85)
    assert await reminders_after_start(server, at(server, faq_copy, data, DEC_1), [85]) == []
    store = ReminderStore.open(data)
    assert store.since(85) is None and store.deliveries(85) == [(85, "2026-12-01", "blocked")]


async def test_a_closure_declared_by_staff_moves_the_reminder(server, faq_copy, tmp_path) -> None:
    data = tmp_path / "data"
    ana = Student(server, 86)
    async with bot_running(at(server, faq_copy, data, NOV_27), server) as application:
        await subscribe(ana)
        dates = faq_copy / "fechas.yaml"
        dates.write_text(
            dates.read_text(encoding="utf-8").replace(
                "cierres: []", "cierres:\n  - nombre: Puente\n    inicio: 2026-12-01\n    fin: 2026-12-03"
            ),
            encoding="utf-8",
        )
        live = live_of(application)
        serving = live.version
        for _ in range(100):
            if live.version != serving:
                break
            await asyncio.sleep(0.1)
        [listed] = await ana.say("/avisos")
    assert "te escribo el 4 de diciembre" in listed.plain
    assert await reminders_after_start(server, at(server, faq_copy, data, DEC_1), [86]) == []
    [reminder] = await reminders_after_start(server, at(server, faq_copy, data, DEC_4), [86])
    assert "del 4 al 5 de diciembre" in reminder.plain


async def test_pressing_again_shows_it_and_it_can_be_cancelled(server, faq_copy, tmp_path) -> None:
    ana = Student(server, 87)
    async with bot_running(at(server, faq_copy, tmp_path / "data", NOV_27), server):
        await subscribe(ana)
        [dates] = await ana.say("cuando entrego mi nss")
        [again] = await ana.tap(texts.REMIND_ME, on=dates)
        [cancelled] = await ana.tap("Cancelar el aviso", on=again)
        [none] = await ana.say("/avisos")
        [closed_day] = await Student(server, 88).say("/fechas")
    assert again.plain.startswith("Tienes un aviso 🔔")
    assert cancelled.plain == reminders.CANCELLED and none.plain.startswith(reminders.NO_SUBSCRIPTION)
    assert "Hoy no se reciben" in closed_day.plain
    assert texts.REMIND_ME in [label for label, _ in closed_day.buttons]


async def test_while_reception_is_open_nothing_offers_the_reminder(server, faq_copy, tmp_path) -> None:
    beto = Student(server, 90)
    async with bot_running(at(server, faq_copy, tmp_path / "data", DEC_1), server):
        [dates] = await beto.say("/fechas")
        [asked] = await beto.say("cuando entrego mi nss")
    for reply in (dates, asked):
        assert "Hoy sí se reciben" in reply.plain
        assert texts.REMIND_ME not in [label for label, _ in reply.buttons]


async def test_the_checklist_offers_the_reminder_while_reception_is_closed(
    server, faq_copy, tmp_path
) -> None:
    ana = Student(server, 89)
    async with bot_running(at(server, faq_copy, tmp_path / "data", NOV_27), server):
        await ana.say("/elegibilidad")
        for label in ("Sí, pública", "No tengo", "No", "Sí, ya la tengo"):
            await ana.tap(label)
        [end] = await ana.tap("Todavía no", expect=1)
    assert "la próxima recepción abre el 1 de diciembre" in end.plain
    assert texts.REMIND_ME in [label for label, _ in end.buttons]


async def test_the_weekly_summary_is_caught_up_once_on_monday(server, faq_copy, tmp_path) -> None:
    data = tmp_path / "data"
    monday_noon = datetime(2026, 11, 30, 12, 0, tzinfo=MEXICO_CITY)
    first = await reminders_after_start(server, at(server, faq_copy, data, monday_noon), [4242])
    again = await reminders_after_start(server, at(server, faq_copy, data, monday_noon), [4242])
    tuesday = await reminders_after_start(server, at(server, faq_copy, tmp_path / "fresh", DEC_1), [4242])
    assert len(first) == 1 and "Reporte de los últimos 7 días" in first[0].plain
    assert again == [] and tuesday == []


def test_the_store_rolls_over_a_window_that_went_by_and_recovers_after_a_crash(tmp_path) -> None:
    rules = load_knowledge(FAQ_DIR).reception
    store = ReminderStore.open(tmp_path)
    for chat in (1, 2, 3):
        store.subscribe(chat, date(2026, 11, 27))
    assert store.due(rules, date(2026, 11, 30)) == []
    due = store.due(rules, date(2026, 12, 2))
    assert [d.chat for d in due] == [1, 2, 3] and due[0].window.start == date(2026, 12, 1)
    store.sending(due[0])  # ... and the process dies here
    store.close()
    store = ReminderStore.open(tmp_path)
    assert [d.chat for d in store.due(rules, date(2026, 12, 2))] == [2, 3]
    assert store.deliveries(1) == [(1, "2026-12-01", "unknown")]
    assert store.due(rules, date(2026, 12, 9)) == []  # missed entirely: waits for January
    assert [d.window.start for d in store.due(rules, date(2027, 1, 1))] == [date(2027, 1, 1)] * 2


async def test_answers_to_students_go_before_the_broadcast() -> None:
    limiter = ChatRateLimiter(overall_max_rate=10, bulk_rate=10)
    await limiter.initialize()
    order: list[str] = []

    async def send(name: str) -> bool:
        order.append(name)
        return True

    broadcast = [
        asyncio.create_task(
            limiter.process_request(send, (f"bulk{n}",), {}, "sendMessage", {"chat_id": 1000 + n}, BULK)
        )
        for n in range(30)
    ]
    await asyncio.sleep(0.3)
    already = len(order)
    await limiter.process_request(send, ("answer",), {}, "sendMessage", {"chat_id": 7}, None)
    assert order.index("answer") <= already + 2  # not behind the reminders still queued
    assert 30 - already > 10
    await asyncio.gather(*broadcast)
    assert len(order) == 31


def test_the_terminal_shows_the_button_and_explains_telegram() -> None:
    chat = faqbot("chat", "--no-journal", stdin="cuando entrego mi nss\n1\n", today="2026-11-27")
    assert texts.REMIND_ME in chat.stdout and "Los avisos llegan por Telegram" in chat.stdout
