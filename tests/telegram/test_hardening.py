"""Issue 11: one test per defect of the adversarial review, each named after it."""

from __future__ import annotations

import asyncio
import os
import random
import stat
import threading
import time
from pathlib import Path

import pytest
from telegram.ext import Application

import bot.staff.grouping as question_groups
from bot.conversation import texts
from bot.privacy import contains_personal_id, redact
from bot.staff.grouping import PER_STUDENT, Asked, group_questions
from bot.staff.journal import Journal
from bot.telegram.flood import FloodGuard
from bot.telegram.processing import FairUpdateProcessor
from bot.telegram.staff import tell_admins
from tests.support.fake_telegram import BOT_USERNAME
from tests.support.harness import ADMIN_ID, Student, bot_running, bot_settings, live_of
from tests.test_cli import faqbot

ANONYMOUS_ADMIN = 1087968824  # Telegram's GroupAnonymousBot: every anonymous admin






# 1 ---------------------------------------------------------------------------------------

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

    flooder = [asyncio.create_task(processor.do_process_update(_Fake(1), slow(f"a{n}")))
               for n in range(6)]
    await asyncio.sleep(0.01)
    await asyncio.wait_for(processor.do_process_update(_Fake(2), quick("b")), 1)
    assert finished == ["b"]
    release.set()
    await asyncio.gather(*flooder)
    assert finished == ["b", "a0", "a1", "a2", "a3", "a4", "a5"]  # the student's order kept
    assert len(processor) == 0  # nothing kept once idle


async def test_a_student_queue_is_bounded_and_a_stopping_bot_leaves_the_rest(
        server, settings) -> None:
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
    monkeypatch.setattr(processing, "student_key",
                        lambda update: update.user if isinstance(update, _Fake) else original(update))


# 2 ---------------------------------------------------------------------------------------

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


def test_staff_reports_group_in_near_linear_work(matcher, monkeypatch) -> None:
    calls = 0
    real = question_groups._overlap

    def counted(a, b, smaller):
        nonlocal calls
        calls += 1
        return real(a, b, smaller)

    monkeypatch.setattr(question_groups, "_overlap", counted)
    rng = random.Random(11)
    syllables = ["ba", "ce", "di", "fo", "gu", "la", "me", "ni", "po", "ru", "sa", "te", "vi"]
    words = list({"".join(rng.choices(syllables, k=3)) for _ in range(900)})
    asked = [Asked(f"{rng.choice(['como', 'donde', 'cuando'])} {' '.join(rng.sample(words, 2))}",
                   f"s{n}", "none", 0.0) for n in range(16_000)]
    work = []
    for size in (4_000, 8_000, 16_000):
        calls = 0
        groups = group_questions(asked[:size], matcher.terms)
        assert sum(g.count for g in groups) == size
        work.append(calls)
    assert work[2] / work[1] < 2.6 and work[1] / work[0] < 2.6  # quadratic work would be 4x


def test_one_student_cannot_fill_the_report(matcher) -> None:
    asked = [Asked(f"donde queda la cafeteria {n}", "heavy", "none", 0.0) for n in range(5000)]
    asked += [Asked("como saco mi kardex", f"s{n}", "none", 0.0) for n in range(30)]
    groups = group_questions(asked, matcher.terms)
    assert groups[0].examples[0] == "como saco mi kardex" and groups[0].students == 30
    assert sum(g.count for g in groups if g.students == 1) == PER_STUDENT


# 3 ---------------------------------------------------------------------------------------

async def test_edited_commands_are_ignored(server, settings) -> None:
    async with bot_running(settings, server):
        for _ in range(12):
            server.user_edits(35, "/fechas")
        assert await server.replies(35, timeout=1.5) == []


# 4 ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "masked", "warns"), [
    ("mi nss 12.34.56.7890.1", "mi nss [NSS]", True),
    ("nss 1234  5678  901", "nss [NSS]", True),
    ("nss 1234\u200b5678\u200b901", "nss [NSS]", True),
    ("curp GOMC-800101-HDFRRR-09", "curp [CURP]", True),
    ("CURPGOMC800101HDFRRR09", "CURP[CURP]", True),
    ("cel 55 12 34 56 78", "cel [TEL]", False),
    ("cel 55.1234.5678", "cel [TEL]", False),
    ("cel +52 1 55 1234 5678", "cel [TEL]", False),
    ("del 1 al 5 de diciembre de 2026, salon 204", "del 1 al 5 de diciembre de 2026, salon 204",
     False),
])
def test_formatted_personal_data_is_redacted(text: str, masked: str, warns: bool) -> None:
    assert redact(text) == masked
    assert contains_personal_id(text) is warns


# 5 ---------------------------------------------------------------------------------------

async def test_data_files_are_readable_by_the_bot_only(server, settings) -> None:
    data = settings.data_dir
    data.mkdir(mode=0o755)
    data.chmod(0o755)
    async with bot_running(settings, server):
        await Student(server, 36).say("/elegibilidad")
        await asyncio.sleep(0.5)  # the persistence writes the student's place
        files = sorted(p.name for p in data.iterdir())
        modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in data.iterdir()}
    assert {"journal.sqlite3", "journal.sqlite3-wal", "state.sqlite3", "state.sqlite3-wal",
            "journal.salt"} <= set(files)
    assert all(mode == 0o600 for mode in modes.values()), modes
    assert stat.S_IMODE(data.stat().st_mode) == 0o700


# 6 ---------------------------------------------------------------------------------------

ALIAS_BOMB = "sinonimos:\n  a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"  {c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True))


def _hostile(kind: str, path: Path) -> None:
    path.unlink()
    if kind == "alias bomb":
        path.write_text(ALIAS_BOMB, encoding="utf-8")
    elif kind == "self alias":
        path.write_text("sinonimos: &r [*r]\n", encoding="utf-8")
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        path.symlink_to("/dev/zero")
    elif kind == "30 MB":
        path.write_text("sinonimos:\n  x:\n" + "    - palabra\n" * 2_300_000, encoding="utf-8")
    elif kind == "deep":
        path.write_text("sinonimos: " + "[" * 3000 + "]" * 3000 + "\n", encoding="utf-8")


@pytest.mark.parametrize("kind", ["alias bomb", "self alias", "fifo", "device", "30 MB", "deep"])
def test_hostile_staff_files_are_problems_not_crashes(faq_copy: Path, kind: str) -> None:
    _hostile(kind, faq_copy / "sinonimos.yaml")
    result = faqbot("check", str(faq_copy))
    assert result.returncode == 1, result.stderr
    assert f"{faq_copy / 'sinonimos.yaml'}:" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


async def test_any_failed_reload_is_told_to_the_admins_once(server, settings,
                                                           monkeypatch) -> None:
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
        _hostile("fifo", fifo)
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


# 7 ---------------------------------------------------------------------------------------

def test_an_old_button_never_runs_another_option_after_staff_reorder(faq_copy: Path,
                                                                      tmp_path: Path) -> None:
    from bot.assembly import build_assistant
    from tests.conftest import settings_for

    before = build_assistant(settings_for(faq_copy, tmp_path))
    state: dict = {}
    [question] = before.on_action(state, "flow").replies
    public = next(b.action for b in question.buttons if b.label == "Sí, pública")
    flow = faq_copy / "elegibilidad.yaml"
    text = flow.read_text(encoding="utf-8")
    first = "      - texto: Sí, pública\n        ir_a: servicio_medico\n"
    second = "      - texto: No, es privada\n        ir_a: fin_no_aplica\n"
    flow.write_text(text.replace(first + second, second + first), encoding="utf-8")
    after = build_assistant(settings_for(faq_copy, tmp_path))
    replies = after.on_action(state, public).replies
    assert replies[0].text.startswith("¿Ya tienes algún servicio médico?")  # still "Sí, pública"
    renamed = flow.read_text(encoding="utf-8").replace("Sí, pública", "Sí, es pública")
    flow.write_text(renamed, encoding="utf-8")
    state = {}
    renamed_kb = build_assistant(settings_for(faq_copy, tmp_path))
    renamed_kb.on_action(state, "flow")
    [stale, again] = renamed_kb.on_action(state, public).replies
    assert stale.text == texts.STALE_OPTION
    assert again.text.startswith("Vamos a ver") and "Sí, es pública" in [b.label for b in again.buttons]


# 8 ---------------------------------------------------------------------------------------

async def test_one_vote_per_student_per_answer(server, faq_copy, tmp_path) -> None:
    settings = bot_settings(server, faq_copy, tmp_path / "data", flood=(100, 10.0))
    student = Student(server, 38)
    async with bot_running(settings, server):
        [answer] = await student.say("como saco mi nss")
        [again] = await student.say("como saco mi nss")
        presses = [(answer, "👎"), *[(answer, "👍")] * 39, (again, "👎")]
        for message, vote in presses:  # the last vote on each answer is the student's mind
            query = server.user_presses(student.user_id, message, dict(message.buttons)[vote])
            while not server.callback_queries[query]:
                await asyncio.sleep(0.01)
    votes = [(f.intent, f.vote) for f in Journal.open(settings.data_dir).feedback()]
    assert sorted(votes) == [("documento_nss", -1), ("documento_nss", 1)]  # one per answer


# 9 ---------------------------------------------------------------------------------------

async def test_commands_for_other_bots_are_ignored_in_groups(server, settings) -> None:
    group = Student(server, 39, chat_id=-200)
    async with bot_running(settings, server):
        for command in ("/start@OtherBot", "/fechas@OtherBot", "/ayuda@otro_bot hola"):
            assert await group.say(command, expect=0) == []
        [ours] = await group.say(f"/fechas@{BOT_USERNAME}")
    assert "Hoy sí se reciben" in ours.plain


# 10 --------------------------------------------------------------------------------------

async def test_a_summary_longer_than_4096_still_reaches_the_admins(server, settings) -> None:
    text = "\n\n".join(f"{n} × «como saco mi kardex {n}» — más cercana: Sin respuesta (10)"
                       for n in range(200))
    async with bot_running(settings, server) as application:
        await tell_admins(application, frozenset({ADMIN_ID}), text, "a test")
        received = await server.replies(ADMIN_ID, at_least=2)
    assert len(received) >= 2 and all(len(m.plain) <= 4096 for m in received)
    assert "199 × «como saco mi kardex 199»" in received[-1].plain


# 11 --------------------------------------------------------------------------------------

async def test_conversation_state_is_per_student_and_chat(server, settings) -> None:
    private, in_group = Student(server, 40), Student(server, 40, chat_id=-300)
    anonymous = {"sender_chat": {"id": -300, "type": "group", "title": "Grupo"}}
    async with bot_running(settings, server):
        await private.say("/elegibilidad")
        [group_reply] = await in_group.say("/cancelar")
        for command in ("/elegibilidad", "/cancelar"):  # two anonymous admins, one Telegram id
            mark = len(server.sent)
            server.user_message(ANONYMOUS_ADMIN, -300, text=command, **anonymous, entities=[
                {"type": "bot_command", "offset": 0, "length": len(command)}])
            [admin_reply] = await server.replies(-300, mark)
        [private_reply] = await private.tap("No, es privada")
    assert group_reply.plain.startswith(texts.QUESTIONNAIRE_NOT_ACTIVE)  # the private one stays there
    assert admin_reply.plain.startswith(texts.QUESTIONNAIRE_NOT_ACTIVE)  # nor do they share a flow
    assert "no aplica para ti" in private_reply.plain


# 12 --------------------------------------------------------------------------------------

async def test_forged_superscript_digits_are_refused_kindly(server, settings) -> None:
    student = Student(server, 41)
    async with bot_running(settings, server):
        [question] = await student.say("/elegibilidad")
        replies = await student.press(question, "1|opt:institucion:²", expect=2)
    assert replies[0].plain == texts.STALE_OPTION
    assert replies[1].plain.startswith("Vamos a ver")  # the question again, with its buttons
    assert texts.TRY_AGAIN not in [m.plain for m in replies]
    chat = faqbot("chat", "--no-journal", stdin="/elegibilidad\n²\n")
    assert chat.returncode == 0 and "Traceback" not in chat.stderr


# 13 --------------------------------------------------------------------------------------

def test_per_student_memory_is_pruned() -> None:
    clock = {"now": 0.0}
    guard = FloodGuard(limit=8, window=10.0, clock=lambda: clock["now"])
    for student in range(100_000):
        guard.check(student)
    clock["now"] += 11
    guard.check(1)
    assert len(guard) == 1


async def test_idle_students_are_forgotten_and_the_journal_is_purged_daily(server,
                                                                           settings) -> None:
    async with bot_running(settings, server) as application:
        for user in range(50, 80):
            await Student(server, user).say("hola")
        await Student(server, 90).say("/elegibilidad")
        assert len(application.user_data) >= 31
        jobs = {job.name: job for job in application.job_queue.jobs()}
        await jobs["housekeeping"].callback(_JobContext(application))
        assert set(application.user_data) == {90}  # only the one in the middle of the flow
    purge = jobs["journal purge"]
    assert purge.next_t is not None and purge.next_t.hour == 3


class _JobContext:
    def __init__(self, application: Application) -> None:
        self.application = application
