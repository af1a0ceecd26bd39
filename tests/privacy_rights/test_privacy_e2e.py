"""A student's data rights end to end, on the real Application and the local Bot API server:
the notice on the first /start, /mis_datos listing a real ticket and reminder, and
/borrar_mis_datos removing them from every store (read back from the SQLite files, and searched
for in the raw bytes of each database and its write-ahead log) while the staff group's card and
relayed messages are edited and the group is told; a second request finds nothing."""

from __future__ import annotations

import dataclasses
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from bot.clock import MEXICO_CITY, spanish_date
from bot.config import HandoffSettings, Settings
from bot.conversation import texts
from bot.office import handoff
from bot.privacy_rights import texts as privacy_texts
from tests.office.test_handoff_e2e import OFFICE, STAFF, until
from tests.support.fake_telegram import FakeTelegram
from tests.support.harness import Student, bot_running, bot_settings, handled

THURSDAY_NOV_26 = datetime(2026, 11, 26, 10, 0, tzinfo=MEXICO_CITY)  # reception closed; office open
QUESTION = "que pasa con mi seguro si me titulo zafiro"
FOLLOW_UP = "y si me titulo en diciembre turquesa"


@pytest.fixture
def settings(server: FakeTelegram, faq_copy: Path, tmp_path: Path) -> Settings:
    server.profiles[61] = {"first_name": "Ana", "username": "ana_lopez"}
    server.profiles[71] = {"first_name": "María"}
    return dataclasses.replace(
        bot_settings(server, faq_copy, tmp_path / "data", flood=(30, 10.0)),
        now=THURSDAY_NOV_26,
        office=OFFICE,
        handoff=HandoffSettings(STAFF, 3),
    )


def on_disk(data: Path, text: str) -> list[str]:
    """The SQLite files (databases and write-ahead logs) whose raw bytes hold `text`."""
    return sorted(path.name for path in data.glob("*.sqlite3*") if text.encode() in path.read_bytes())


def rows(path: Path, query: str) -> list[tuple]:
    with sqlite3.connect(path) as db:
        return db.execute(query).fetchall()


async def test_the_first_start_shows_how_to_read_the_privacy_notice(server, settings) -> None:
    ana = Student(server, 61)
    async with bot_running(settings, server):
        [hello] = await ana.say("/start")
        [notice] = await ana.say("/privacidad")
    assert "Lo que guardo de ti y cómo borrarlo: /privacidad" in hello.plain
    assert notice.plain.startswith("🔏 Aviso de privacidad (versión corta)")
    assert "Lo ven las personas de la oficina en su grupo de Telegram. Se borra 180 días" in notice.plain
    assert "Aviso de privacidad integral: pídelo en la oficina del Seguro Facultativo." in notice.plain


async def test_a_student_sees_what_is_kept_and_deletes_it_from_every_store(server, settings) -> None:
    ana, maria = Student(server, 61), Student(server, 71, chat_id=STAFF)
    data = settings.data_dir
    async with bot_running(settings, server) as application:
        # A reminder and a ticket with a follow-up and an office answer.
        [dates] = await ana.say("cuando entrego mi nss")
        await ana.tap(texts.REMIND_ME, on=dates)
        [dont_know] = await ana.say(QUESTION)
        [confirm] = await ana.tap(texts.TALK_TO_PERSON, on=dont_know)
        assert "La verán las personas de la oficina, con tu nombre de Telegram (Ana)" in confirm.plain
        assert handoff.PRIVACY_LINE in confirm.plain  # before the student confirms
        mark = len(server.sent)
        await ana.tap("✅ Enviar", on=confirm)
        [card] = await server.replies(STAFF, mark)
        mark = len(server.sent)
        server.user_text(71, "Sigues vigente hasta tu baja.", STAFF, card)
        [answer] = await server.replies(ana.chat_id, mark)
        mark = len(server.sent)
        await ana.say(FOLLOW_UP, reply_to=answer)
        [follow_up] = await server.replies(STAFF, mark)
        await until(
            lambda: bool(on_disk(data, "zafiro")) and "state.sqlite3" in " ".join(on_disk(data, "zafiro"))
        )
        assert {"tickets.sqlite3", "journal.sqlite3"} <= {n.split("-")[0] for n in on_disk(data, "zafiro")}

        [mine] = await ana.say("/mis_datos")
        sent_on = spanish_date(datetime.now(MEXICO_CITY).date())  # tickets keep the real time
        assert f"#1 · abierta · enviada el {sent_on}" in mine.plain
        assert "La oficina te ve como «Ana (@ana_lopez)»; guardé 2 mensaje(s) tuyo(s)." in mine.plain
        assert "Un aviso de cuándo abre la recepción, pedido el 26 de noviembre de 2026." in mine.plain
        assert "Preguntas tuyas en el registro para mejorar las respuestas: 2" in mine.plain

        [ask] = await ana.say("/borrar_mis_datos")
        assert privacy_texts.ERASE_ASK in ask.plain and "#1 · abierta" in ask.plain
        mark = len(server.sent)
        await ana.tap(privacy_texts.ERASE_YES, on=ask, expect=0)
        await until(lambda: server.by_id[ask.message_id].plain.startswith("✅ Listo, borré todo"))
        [told] = await server.replies(STAFF, mark)
        done = server.by_id[ask.message_id]
        assert done.buttons == []  # the confirmation cannot be pressed again
        assert "tus preguntas a la oficina (#1), tu aviso 🔔" in done.plain
        assert told.plain == (
            "🗑️ Un estudiante pidió borrar sus datos: eliminé su(s) pregunta(s) #1; la #1 estaba "
            "abierta y quedó cerrada."
        )
        for secret in ("zafiro", "turquesa", "ana_lopez", "Ana (@"):  # while running: no close
            assert on_disk(data, secret) == [], secret  # has emptied a write-ahead log yet
        for message in (card, follow_up):
            edited = server.by_id[message.message_id]
            assert edited.plain == "🗑️ #1: eliminado a petición del estudiante." and edited.buttons == []

        [again] = await ana.say("/borrar_mis_datos")
        [nothing] = await ana.say("/mis_datos")
        await handled(application, server)
        # Staff replying to the old card reaches nobody: the ticket has no student any more.
        assert await maria.say_unanswered(application, "¿sigues ahí?", reply_to=card) == []

    assert again.plain == privacy_texts.NOTHING_LEFT and again.buttons == []
    assert nothing.plain == privacy_texts.NOTHING_KEPT
    for secret in ("zafiro", "turquesa", "ana_lopez", "Ana (@"):
        assert on_disk(data, secret) == [], secret
    assert rows(data / "tickets.sqlite3", "SELECT student, chat, name, status FROM tickets") == [
        (0, 0, "", "closed")
    ]
    assert rows(data / "tickets.sqlite3", "SELECT COUNT(*) FROM messages") == [(0,)]
    assert rows(data / "reminders.sqlite3", "SELECT COUNT(*) FROM subscriptions") == [(0,)]
    assert rows(data / "journal.sqlite3", "SELECT COUNT(*) FROM questions") == [(0,)]
    assert rows(data / "state.sqlite3", "SELECT COUNT(*) FROM user_data WHERE user_id = 61") == [(0,)]
