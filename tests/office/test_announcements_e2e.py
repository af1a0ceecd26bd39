"""The office's announcements end to end, through the real Application and the local Bot API
server: `/aviso` to hundreds of students while others ask questions, a restart halfway, who may
send, the opt-in offered once, leaving with one tap, and a student who blocked the bot."""

from __future__ import annotations

import asyncio
import dataclasses
import time
from datetime import datetime
from pathlib import Path

from bot.clock import MEXICO_CITY
from bot.config import HandoffSettings, Settings
from bot.conversation import texts
from bot.office import announcement_replies as replies
from bot.office.announcements import AnnouncementStore
from bot.reception.reminders import ReminderStore
from bot.staff.changes import ChangeLog
from tests.support.fake_telegram import FakeTelegram, SentMessage
from tests.support.harness import ADMIN_ID, Student, bot_running, bot_settings, caught_up, handled

STAFF = -5000
NOV_27 = datetime(2026, 11, 27, 10, 0, tzinfo=MEXICO_CITY)  # reception closed
DEC_1 = datetime(2026, 12, 1, 9, 30, tzinfo=MEXICO_CITY)  # the reminders' opening day
TEXT = "Mañana 4 de diciembre la oficina no abre. La recepción sigue el lunes."
HEADING = "📣 Aviso de la oficina del Seguro Facultativo"
OFFER = replies.OFFER.replace("<b>", "").replace("</b>", "")  # as the student reads it


def office(server: FakeTelegram, faq: Path, data: Path, now: datetime = NOV_27) -> Settings:
    return dataclasses.replace(bot_settings(server, faq, data), now=now, handoff=HandoffSettings(STAFF, 3))


def opted_in(data: Path, chats: range | list[int], status: str = "in") -> None:
    """Students who opted in (or declined) earlier: written to the store before the bot starts."""
    store = AnnouncementStore.open(data)
    for chat in chats:
        store.offer(chat)
        store.join(chat) if status == "in" else store.leave(chat)
    store.close()


def announcements(server: FakeTelegram, after: int = 0) -> list[SentMessage]:
    return [m for m in server.sent[after:] if m.chat_id > 0 and m.plain.startswith(HEADING)]


async def until(condition, timeout: float = 40.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the bot did not get there in time"
        await asyncio.sleep(0.05)


async def announce(admin: Student, text: str = TEXT) -> SentMessage:
    """/aviso, then 📣 Enviar on the preview: the progress message."""
    [preview] = await admin.say(f"/aviso {text}")
    [progress] = await admin.tap("📣 Enviar", on=preview)
    return progress


async def test_three_hundred_get_it_once_while_questions_are_answered_first(
    server: FakeTelegram, faq_copy: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    subscribers = range(1001, 1301)
    opted_in(data, subscribers)
    opted_in(data, range(2001, 2011), status="out")  # declined
    AnnouncementStore.open(data).offer(2101)  # offered, never answered
    admin = Student(server, ADMIN_ID, STAFF)
    askers = [Student(server, chat) for chat in range(3001, 3006)]
    async with bot_running(office(server, faq_copy, data), server):
        [preview] = await admin.say(f"/aviso {TEXT}")
        assert "Lo recibirán 300 estudiantes" in preview.plain
        assert f"{HEADING}\n\n{TEXT}" in preview.plain  # exactly as the students will read it
        mark = len(server.sent)
        [progress] = await admin.tap("📣 Enviar", on=preview)
        assert progress.plain.startswith("📣 Enviado a ")
        await until(lambda: len(announcements(server, mark)) >= 30, timeout=10)
        asked = {}
        for asker in askers:  # while the broadcast goes out, one after another
            asked[asker.chat_id] = len(server.sent)
            [_] = await asker.say("cuando entrego mi nss")
        await until(lambda: len(announcements(server, mark)) == 300)
        await until(lambda: server.by_id[progress.message_id].plain.startswith("✅"), timeout=10)
        sent = announcements(server, mark)
        assert sorted(m.chat_id for m in sent) == list(subscribers)  # each once, nobody else
        assert all(m.buttons == [(replies.LEAVE_LABEL, "1|ann:out")] for m in sent)
        last = max(m.at for m in sent)
        for asker in askers:
            [answer] = asker.received()
            assert answer.at < last  # answered before the broadcast ended
            # ... and not behind the broadcast: hardly any announcement went out meanwhile
            # (in the same lane, the 25 already queued would all go first).
            overtaken = [m for m in announcements(server, asked[asker.chat_id]) if m.at < answer.at]
            assert len(overtaken) <= 5
        await asyncio.sleep(0.5)
    assert server.by_id[progress.message_id].plain == "✅ Enviado a 300 de 300. Terminé."
    edits = [m for m in server.edits if m.message_id == progress.message_id]
    assert 2 <= len(edits) <= (sent[-1].at - sent[0].at) / 4 + 2  # every few seconds at most
    assert [b for b, _ in server.by_id[preview.message_id].buttons] == []  # decided: no buttons
    [change] = ChangeLog(data, faq_copy).recent(1)
    assert change.who == f"Estudiante {ADMIN_ID}" and change.file == "avisos"
    assert change.what == f"envió «{TEXT}» a 300 estudiantes"


async def test_a_restart_halfway_sends_nothing_twice_and_skips_nobody(
    server: FakeTelegram, faq_copy: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    subscribers = range(1001, 1121)
    opted_in(data, subscribers)
    admin = Student(server, ADMIN_ID)  # a private chat with the bot works as well
    async with bot_running(office(server, faq_copy, data), server):
        progress = await announce(admin)
        await until(lambda: len(announcements(server)) >= 40)
    before = len(announcements(server))
    assert 40 <= before < 120  # stopped halfway
    async with bot_running(office(server, faq_copy, data), server) as application:
        await caught_up(application)
        await until(lambda: len(announcements(server)) >= 120)
        await until(lambda: server.by_id[progress.message_id].plain.startswith("✅"), timeout=10)
        await asyncio.sleep(0.5)
    assert sorted(m.chat_id for m in announcements(server)) == list(subscribers)
    assert server.by_id[progress.message_id].plain == "✅ Enviado a 120 de 120. Terminé."
    store = AnnouncementStore.open(data)
    assert set(store.deliveries(1).values()) == {"sent"} and store.unfinished() == []


async def test_only_an_admin_sends_and_forged_buttons_do_nothing(
    server: FakeTelegram, faq_copy: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    opted_in(data, [1001, 1002])
    admin, colleague = Student(server, ADMIN_ID, STAFF), Student(server, 71, STAFF)
    student = Student(server, 1001)
    async with bot_running(office(server, faq_copy, data), server) as application:
        assert await colleague.say_unanswered(application, f"/aviso {TEXT}") == []
        [refused] = await student.say(f"/aviso {TEXT}")
        assert refused.plain == texts.ADMINS_ONLY
        [empty] = await admin.say("/aviso   ")
        assert empty.plain.startswith("Escribe el aviso después del comando")
        [long] = await admin.say("/aviso " + "a" * 3600)
        assert long.plain == replies.TOO_LONG.format(length="3 600", limit="3 500")
        [preview] = await admin.say("/aviso Hoy <b>no</b> abrimos; dudas al 55 1234 5678")
        assert "Hoy <b>no</b> abrimos; dudas al [TEL]" in preview.plain  # as written, masked
        send = dict(preview.buttons)["📣 Enviar"]
        server.user_presses(colleague.user_id, preview, send)  # not an admin
        server.user_presses(student.user_id, preview, send)  # a student who got hold of it
        server.user_presses(admin.user_id, preview, "1|ann:ok:999")  # no such draft
        server.user_presses(admin.user_id, preview, "1|ann:ok:¹")
        await handled(application, server)
        assert announcements(server) == []
        assert [m.plain for m in admin.received()].count(replies.DRAFT_GONE) == 1
        await admin.tap("✖️ Cancelar", on=preview)
        [again] = await admin.press(preview, send)  # cancelled: nothing to send
        assert again.plain == replies.DRAFT_GONE
        await handled(application, server)
    assert announcements(server) == []
    assert texts.ADMINS_ONLY in server.callback_answers.values()


async def test_the_offer_comes_once_with_the_dates_and_leaving_takes_one_tap(
    server: FakeTelegram, faq_copy: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    ana, beto, admin = Student(server, 61), Student(server, 62), Student(server, ADMIN_ID)
    group = Student(server, 63, -900)
    async with bot_running(office(server, faq_copy, data), server) as application:
        [dates] = await ana.say("cuando entrego mi nss")
        assert dates.plain.endswith(OFFER)
        assert (replies.JOIN_LABEL, "1|ann:in") in dates.buttons
        [again] = await ana.say("/fechas")
        assert replies.JOIN_LABEL not in dict(again.buttons)  # once, even unanswered
        [joined] = await ana.tap(replies.JOIN_LABEL, on=dates)
        assert joined.plain.startswith("Listo 📣")
        [listed] = await ana.say("/avisos")
        assert "Avisos de la oficina: sí los recibes." in listed.plain
        [declined] = await beto.tap(replies.DECLINE_LABEL, on=(await beto.say("/fechas"))[0])
        assert declined.plain == replies.DECLINED
        [later] = await beto.say("cuando entrego mi nss")
        assert replies.JOIN_LABEL not in dict(later.buttons)
        [in_group] = await group.say("/fechas")
        assert replies.JOIN_LABEL not in dict(in_group.buttons)  # private chats only

        mark = len(server.sent)
        await announce(admin)
        await until(lambda: len(announcements(server, mark)) == 1, timeout=10)
        [got] = announcements(server, mark)
        assert got.chat_id == 61
        [left] = await ana.tap(replies.LEAVE_LABEL, on=got)
        assert left.plain == replies.LEFT
        [preview] = await admin.say("/aviso Otro aviso")
        assert "Todavía nadie pidió los avisos" in preview.plain and preview.buttons == []
        [listed] = await ana.say("/avisos")
        assert "Avisos de la oficina: no los recibes." in listed.plain
        [back] = await ana.tap("📣 Recibir avisos de la oficina", on=listed)
        assert back.plain == replies.JOINED
        await handled(application, server)
    assert len(announcements(server)) == 1


async def test_a_reminder_offers_it_once_and_a_student_who_blocked_the_bot_is_unsubscribed(
    server: FakeTelegram, faq_copy: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    reminders = ReminderStore.open(data)
    for chat in (81, 82):
        reminders.subscribe(chat, NOV_27.date())
    reminders.close()
    opted_in(data, [82, 83, 84])
    server.blocked.add(84)
    async with bot_running(office(server, faq_copy, data, DEC_1), server) as application:
        await caught_up(application)
        [reminder] = Student(server, 81).received()
        [plain] = Student(server, 82).received()  # already asked: no offer
        assert reminder.plain.startswith("🔔 ¡Hoy abre la recepción") and OFFER in reminder.plain
        assert dict(reminder.buttons).get(replies.JOIN_LABEL) == "1|ann:in"
        assert OFFER not in plain.plain and plain.buttons == []
        await announce(Student(server, ADMIN_ID, STAFF))
        await until(lambda: len(announcements(server)) == 2, timeout=10)
        await asyncio.sleep(0.3)
    assert sorted(m.chat_id for m in announcements(server)) == [82, 83]
    store = AnnouncementStore.open(data)
    assert store.status(84) == "out" and store.status(81) == "offered"
