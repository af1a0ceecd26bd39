"""End to end: the real Application polls a local Bot API server over HTTP; scripted students."""

from __future__ import annotations

import asyncio
import itertools
import logging
import os
import signal
import socket
import sys
from pathlib import Path

from bot.config import WebhookSettings
from bot.conversation import texts
from bot.knowledge import load_knowledge
from bot.staff.journal import Journal
from bot.telegram.application import build_application
from bot.telegram.logsafety import install_redaction, uninstall_redaction
from tests.conftest import ROOT
from tests.support.fake_telegram import BOT_USERNAME, FakeTelegram
from tests.support.harness import (
    ADMIN_ID,
    Student,
    bot_running,
    bot_settings,
    handled,
    live_of,
    running,
)

ASIGNACION = "https://serviciosdigitales.imss.gob.mx/gestionAsegurados-web-externo/asignacionNSS"


async def test_faq_answer_with_link_and_buttons(server, settings) -> None:
    async with bot_running(settings, server):
        replies = await Student(server, 1).say("cmo saco mi numero de seguridad social")
    assert len(replies) == 1
    answer = replies[0]
    assert answer.plain.startswith("¿Qué documento entrego en la escuela?")
    assert ASIGNACION in answer.text and answer.link_preview_disabled
    assert [label for label, _ in answer.buttons][-3:] == [texts.TOPICS, "👍", "👎"]
    assert all(data.startswith("1|") for _, data in answer.buttons)
    assert server.commands["default"][0]["command"] == "start"
    assert "recargar" in {c["command"] for c in server.commands[f"chat:{ADMIN_ID}"]}


async def test_did_you_mean_then_a_pick(server, settings) -> None:
    student = Student(server, 2)
    async with bot_running(settings, server):
        [question] = await student.say("estoy vigente")
        assert question.plain == texts.DID_YOU_MEAN
        [answer] = await student.tap("Ya estoy VIGENTE, ¿y ahora?")
    assert "Clínica del IMSS" in answer.plain


async def test_the_whole_eligibility_flow_with_back_and_restart(server, settings) -> None:
    student = Student(server, 3)
    async with bot_running(settings, server):
        await student.say("/elegibilidad")
        await student.tap("Sí, pública")
        await student.tap("No tengo")
        [back] = await student.tap(texts.QUESTIONNAIRE_BACK)
        assert back.plain.startswith("¿Ya tienes algún servicio médico?")
        [restart] = await student.tap(texts.QUESTIONNAIRE_RESTART)
        assert restart.plain.startswith("Vamos a ver")
        for label in ("Sí, pública", "No tengo", "No", "Sí, ya la tengo", "Sí, ya la entregué"):
            await student.tap(label)
        [end] = await student.tap("VIGENTE")
    assert "Tu lista personal" in end.plain
    assert "2. Regístrate en la Clínica del IMSS" in end.plain


async def test_a_restart_in_the_middle_of_the_flow_keeps_the_place(server, settings) -> None:
    student = Student(server, 4)
    async with bot_running(settings, server):
        await student.say("/elegibilidad")
        await student.tap("Sí, pública")
        [question] = await student.tap("No tengo")
        assert "cambio de plantel" in question.plain
    async with bot_running(settings, server):  # a new process would read the same SQLite file
        await student.tap("Sí, estaba vigente", on=question, expect=2)
        [step, end] = await student.tap("No, o no sé", expect=2)
    assert "la obtienes en línea" in step.plain
    assert "1. Tramita tu baja" in end.plain and "2. Obtén tu tarjeta de NSS" in end.plain
    assert (settings.data_dir / "state.sqlite3").exists()


async def test_forged_and_outdated_button_data_is_refused_kindly(server, settings) -> None:
    student = Student(server, 5)
    async with bot_running(settings, server):
        [menu] = await student.say("/preguntas")
        for data in ("0|faq:que_es", "1|opt:estado:7", "1|rm -rf", "garbage", "1|"):
            [reply] = await student.press(menu, data)
            assert reply.plain == texts.STALE_OPTION
            assert len(reply.buttons) == 8
    assert len(server.callback_queries) == 5


async def test_stickers_photos_and_long_messages_get_a_kind_reply(server, settings) -> None:
    student = Student(server, 6)
    async with bot_running(settings, server):
        [sticker] = await student.send(
            sticker={
                "file_id": "s",
                "file_unique_id": "s",
                "width": 1,
                "height": 1,
                "is_animated": False,
                "is_video": False,
                "type": "regular",
            }
        )
        [photo] = await student.send(photo=[{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}])
        [long] = await student.say("cuando entrego mi nss " + "a" * 4074)
        [emoji] = await student.say("😀😀😀")
    assert sticker.plain == photo.plain == texts.NON_TEXT
    assert "Hoy sí se reciben" in long.plain
    assert emoji.plain.startswith("No alcancé a entenderte")


async def test_edited_messages_are_ignored(server, settings) -> None:
    async with bot_running(settings, server) as application:
        server.user_edits(7, "que es el seguro")
        await handled(application, server)
    assert [m for m in server.sent if m.chat_id == 7] == []


async def test_a_flood_gets_one_notice_and_others_are_unaffected(server, settings) -> None:
    flooder, other = Student(server, 8), Student(server, 9)
    async with bot_running(settings, server):
        for number in range(14):
            server.user_text(flooder.user_id, f"que es el seguro facultativo {number}")
        [answer] = await other.say("cuando entrego mi nss")
        await server.replies(flooder.chat_id, at_least=9, timeout=15)
    received = flooder.received()
    assert [m.plain for m in received].count(texts.FLOOD_WAIT) == 1
    assert len(received) == 9  # eight answers and the one notice; the rest dropped
    assert "Hoy sí se reciben" in answer.plain


async def test_invalid_yaml_edit_keeps_serving_and_tells_the_admins(server, settings) -> None:
    student = Student(server, 10)
    faq = settings.faq_dir / "preguntas.yaml"
    good = faq.read_text(encoding="utf-8")
    async with bot_running(settings, server) as application:
        live = live_of(application)
        faq.write_text(
            good.replace(
                "relacionadas: [documento_nss, obligatorio_renuncia]",
                "relacionadas: [documento_nss, obligatorio_renuncia",
            ),
            encoding="utf-8",
        )
        [alert] = await server.replies(ADMIN_ID, timeout=5)
        assert "sigo usando la versión" in alert.plain and "preguntas.yaml:" in alert.plain
        [answer] = await student.say("que es el seguro facultativo")
        assert answer.plain.startswith("¿Qué es el seguro facultativo?")
        serving = live.version
        faq.write_text(
            good.replace(
                "Es un esquema de aseguramiento médico", "Es un esquema de aseguramiento médico (editado)"
            ),
            encoding="utf-8",
        )
        for _ in range(100):  # picked up within a few reload intervals, however slow the machine
            if live.version != serving:
                break
            await asyncio.sleep(0.1)
        [edited] = await student.say("que es el seguro facultativo")
    assert "(editado)" in edited.plain


async def test_two_students_at_once(server, settings) -> None:
    ana, beto = Student(server, 11), Student(server, 12)
    async with bot_running(settings, server):
        first, second = await asyncio.gather(ana.say("/elegibilidad"), beto.say("me sale baja en el imss"))
        [private] = await ana.tap("No, es privada")
    assert first[0].plain.startswith("Vamos a ver")
    assert second[0].plain.startswith("¿Cómo sé si ya me dieron de alta?")
    assert "no aplica para ti" in private.plain


async def test_a_students_messages_are_answered_in_order(server, settings) -> None:
    student = Student(server, 13)
    questions = [
        "que es el seguro facultativo",
        "como saco mi nss",
        "me sale baja en el imss",
        "ya estoy vigente que sigue",
        "cuando entrego mi nss",
    ]
    async with bot_running(settings, server):
        for text in questions:
            server.user_text(student.user_id, text)
        replies = await server.replies(student.chat_id, at_least=5, timeout=15)
    titles = [m.plain.split("\n")[0] for m in replies]
    assert titles == [
        "¿Qué es el seguro facultativo?",
        "¿Qué documento entrego en la escuela?",
        "¿Cómo sé si ya me dieron de alta?",
        "Ya estoy VIGENTE, ¿y ahora?",
        "¿Cuándo entrego mi tarjeta del NSS?",
    ]


async def test_in_groups_only_mentions_and_replies_are_answered(server, settings) -> None:
    group = Student(server, 14, chat_id=-100)
    async with bot_running(settings, server) as application:
        assert await group.say_unanswered(application, "que es el seguro facultativo") == []
        [mentioned] = await group.say(f"@{BOT_USERNAME} que es el seguro facultativo")
        [replied] = await group.say("y como saco mi nss", reply_to=mentioned)
        [command] = await group.say("/fechas")
        assert await group.say_unanswered(application, "/reglas") == []  # another bot's command
        for number in range(10):  # chatter among students is not a flood
            assert await group.say_unanswered(application, f"alguien va a la fiesta {number}") == []
        [still] = await group.say(f"@{BOT_USERNAME} como saco mi nss")
    assert still.plain.startswith("¿Qué documento entrego en la escuela?")
    assert mentioned.plain.startswith("¿Qué es el seguro facultativo?")
    assert replied.plain.startswith("¿Qué documento entrego en la escuela?")
    assert mentioned.reply_to is not None and replied.reply_to is not None
    assert "Hoy sí se reciben" in command.plain


async def test_admin_commands(server, settings) -> None:
    admin, student = Student(server, ADMIN_ID), Student(server, 15)
    async with bot_running(settings, server):
        [refused] = await student.say("/estado")
        [status] = await admin.say("/estado")
        [reloaded] = await admin.say("/recargar")
        await student.say("como saco mi kardex")
        [report, *_groups] = await admin.say("/reporte")  # then its groups, if any
    assert "Reporte de los últimos 7 días" in report.plain
    assert "«como saco mi kardex»" in report.plain
    assert refused.plain == texts.ADMINS_ONLY
    assert "Versión:" in status.plain and "Activo desde hace" in status.plain
    assert "Avisos de recepción pendientes: 0" in status.plain
    assert "Preguntas esperando a la oficina" not in status.plain  # no staff group here
    assert "Base de conocimiento cargada" in reloaded.plain


async def test_a_reply_longer_than_4096_is_split_at_paragraphs(server, settings) -> None:
    faq = settings.faq_dir / "preguntas.yaml"
    answer_length = len(load_knowledge(settings.faq_dir).items["que_es"].answer)
    padding = ("muy bueno " * 500)[: 4090 - answer_length]  # the answer fits, answer + title not
    text = faq.read_text(encoding="utf-8").replace(
        "Es un esquema de aseguramiento médico", f"Es un esquema de aseguramiento médico {padding}", 1
    )
    faq.write_text(text, encoding="utf-8")
    async with bot_running(settings, server):
        replies = await Student(server, 16).say("que es el seguro facultativo", expect=2)
    assert len(replies) == 2
    assert replies[0].plain == "¿Qué es el seguro facultativo?"
    assert replies[1].buttons and not replies[0].buttons


async def test_rate_limits_are_honoured_without_losing_messages(faq_copy, tmp_path) -> None:
    strict = await FakeTelegram(chat_burst=1, chat_rate=2.0).start()
    try:
        settings = bot_settings(strict, faq_copy, tmp_path / "data")
        student = Student(strict, 17)
        async with bot_running(settings, strict):
            for text in ("hola", "que es el seguro", "como saco mi nss"):
                strict.user_text(student.user_id, text)
            replies = await strict.replies(student.chat_id, at_least=3, timeout=20)
    finally:
        await strict.stop()
    assert len(replies) == 3
    gaps = [b.at - a.at for a, b in itertools.pairwise(replies)]
    assert all(gap >= 0.3 for gap in gaps)  # paced to the chat's rate, nothing dropped
    assert not [e for e in strict.errors if not e[1].startswith("Too Many Requests")]


async def test_an_error_is_logged_without_text_and_the_bot_keeps_running(
    server, settings, caplog, monkeypatch
) -> None:
    student = Student(server, 18)
    application = build_application(settings, server.token)
    async with running(application):
        frontend_live = live_of(application)

        def broken(state: dict, text: str):
            raise RuntimeError("boom")

        monkeypatch.setattr(frontend_live.assistant, "on_text", broken)
        monkeypatch.setattr(frontend_live.assistant, "on_action", broken)
        with caplog.at_level(logging.ERROR):
            [sorry] = await student.say("mi nss es 12345678901 y mi curp GODE561231HDFRRN09")
            [sorry_too] = await student.press(sorry, "1|menu")  # the fixture checks it is answered
        monkeypatch.undo()
        assert sorry_too.plain == texts.TRY_AGAIN
        [fine] = await student.say("que es el seguro facultativo")
    assert sorry.plain == texts.TRY_AGAIN
    assert fine.plain.startswith("¿Qué es el seguro facultativo?")
    logged = caplog.text
    assert "failed" in logged and "RuntimeError" in logged
    assert "12345678901" not in logged and "GODE561231HDFRRN09" not in logged


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def test_webhook_mode(server, faq_copy, tmp_path) -> None:
    port = _free_port()
    hook = WebhookSettings("127.0.0.1", port, f"http://127.0.0.1:{port}/telegram", "telegram", "s3cret-token")
    settings = bot_settings(server, faq_copy, tmp_path / "data", webhook=hook)
    async with running(build_application(settings, server.token), webhook=hook, secret=hook.secret_token):
        assert server.webhook == {"url": hook.url, "secret_token": "s3cret-token"}
        [answer] = await Student(server, 19).say("cuando entrego mi nss")
    assert "Hoy sí se reciben" in answer.plain


async def _start_bot_process(server: FakeTelegram, settings_dir: Path, data_dir: Path):
    config = settings_dir / "config.yaml"
    config.write_text(
        f"faq_dir: {settings_dir / 'faq'}\ntelegram:\n  persistence_seconds: 0.2\n", encoding="utf-8"
    )
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": server.token,
        "TELEGRAM_API_BASE_URL": server.base_url,
        "FAQBOT_CONFIG": str(config),
        "FAQBOT_DATA_DIR": str(data_dir),
        "FAQBOT_TODAY": "2026-12-03",
    }
    calls = server.get_updates_calls
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        env=env,
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    for _ in range(200):
        if server.get_updates_calls > calls:
            return process
        await asyncio.sleep(0.05)
    process.kill()
    raise AssertionError((await process.communicate())[0].decode())


async def test_sigterm_restart_keeps_the_place_and_never_logs_the_token(
    server, faq_copy: Path, tmp_path: Path
) -> None:
    student = Student(server, 20)
    process = await _start_bot_process(server, faq_copy.parent, tmp_path / "data")
    await student.say("/elegibilidad")
    [question] = await student.tap("Sí, pública")
    await asyncio.sleep(0.5)  # a real student takes a moment; the place is saved meanwhile
    process.send_signal(signal.SIGTERM)
    first_log = (await asyncio.wait_for(process.communicate(), 30))[0].decode()
    assert process.returncode == 0, first_log

    process = await _start_bot_process(server, faq_copy.parent, tmp_path / "data")
    try:
        [next_question] = await student.tap("No tengo", on=question)
    finally:
        process.send_signal(signal.SIGTERM)
        second_log = (await asyncio.wait_for(process.communicate(), 30))[0].decode()
    assert "cambio de plantel" in next_question.plain
    assert server.token not in first_log + second_log
    assert "starting as @" in first_log


async def test_missing_or_rejected_token_exits_2_with_one_clear_line(server, tmp_path) -> None:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "FAQBOT_"))}
    base["FAQBOT_CONFIG"] = str(ROOT / "config.yaml")
    for token, expected in (
        ("", "TELEGRAM_BOT_TOKEN is not set"),
        ("999:wrong", "Telegram rejected the token"),
    ):
        env = {
            **base,
            "TELEGRAM_BOT_TOKEN": token,
            "TELEGRAM_API_BASE_URL": server.base_url,
            "FAQBOT_DATA_DIR": str(tmp_path),
        }
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            env=env,
            cwd=ROOT,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, err = await asyncio.wait_for(process.communicate(), 60)
        assert process.returncode == 2
        assert expected in err.decode() and "Traceback" not in err.decode()
        assert "999:wrong" not in (out + err).decode()


async def test_a_vote_is_confirmed_quietly_and_journaled(server, settings) -> None:
    student = Student(server, 21)
    async with bot_running(settings, server) as application:
        [answer] = await student.say("como saco mi nss")
        mark = len(server.sent)
        vote = server.user_presses(student.user_id, answer, dict(answer.buttons)["👎"])
        await handled(application, server)
    assert server.callback_queries[vote]  # the toast is the confirmation
    assert [m for m in server.sent[mark:] if m.chat_id == student.chat_id] == []
    journal = Journal.open(settings.data_dir)
    assert [(f.intent, f.vote) for f in journal.feedback()] == [("documento_nss", -1)]


async def test_personal_data_never_reaches_journal_state_or_logs(server, settings, caplog) -> None:
    student = Student(server, 22)
    secrets = ["12345678901", "GODE561231HDFRRN09", "55 1234 5678", "ana.lopez@alumno.mx"]
    install_redaction(server.token)  # what `faqbot run` does before anything else
    try:
        with caplog.at_level(logging.DEBUG):  # PTB logs whole updates at DEBUG
            async with bot_running(settings, server):
                await student.say("/elegibilidad")
                replies = await student.say(
                    f"mi nss es {secrets[0]}, mi curp {secrets[1]}, cel {secrets[2]}, "
                    f"correo {secrets[3]}, no se que clinica me toca",
                    expect=2,
                )
    finally:
        uninstall_redaction()
    assert "[NSS]" in caplog.text and server.token not in caplog.text
    assert replies[-1].plain == texts.PASTED_DELETED  # and the message deleted from the chat
    journal = Journal.open(settings.data_dir)
    [row] = [q for q in journal.questions() if q.text]
    assert "[NSS]" in row.text and "[CURP]" in row.text and "[TEL]" in row.text
    assert "[EMAIL]" in row.text
    stored = b"".join(path.read_bytes() for path in settings.data_dir.iterdir() if path.is_file())
    for secret in secrets:
        assert secret.encode() not in stored
        assert secret not in caplog.text
