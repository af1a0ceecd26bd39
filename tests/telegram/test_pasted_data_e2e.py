"""A pasted NSS, CURP or phone is deleted from the student's private chat, with a line saying
why (privacidad.borrar_datos_pegados, on by default); when Telegram refuses the deletion, or
the setting is off, the student gets the usual warning and the message stays."""

from __future__ import annotations

import dataclasses

from bot.conversation import texts
from tests.support.harness import Student, bot_running


async def test_a_pasted_nss_message_is_deleted_and_the_student_told_why(server, settings) -> None:
    ana = Student(server, 91)
    async with bot_running(settings, server):
        mark = len(server.sent)
        replies = await ana.say("mi nss es 1234 5678 901, ya estoy dado de alta?", expect=2)
        phone = await ana.say("mi cel es 55 1234 5678, me pueden llamar?", expect=2)
        plain = await ana.say("que es el seguro facultativo")
    nss, cel, _question = sorted(m for m, sent in server.user_messages.items() if sent["chat"]["id"] == 91)
    assert server.deleted == {(91, nss), (91, cel)}  # not the question without data
    assert replies[-1].plain == texts.PASTED_DELETED and texts.PRIVACY_NOTE not in [
        m.plain for m in server.sent[mark:]
    ]
    assert phone[-1].plain == texts.PASTED_DELETED
    assert all(m.plain != texts.PASTED_DELETED for m in plain)


async def test_when_deletion_fails_or_is_off_the_usual_warning_stays(server, settings) -> None:
    server.undeletable.add(92)
    ana, beto = Student(server, 92), Student(server, 93)
    async with bot_running(settings, server):
        refused = await ana.say("mi nss es 12345678901", expect=2)
    async with bot_running(dataclasses.replace(settings, delete_pasted=False), server):
        kept = await beto.say("mi curp es GODE561231HDFRRN09", expect=2)
    assert refused[-1].plain == texts.PRIVACY_NOTE and kept[-1].plain == texts.PRIVACY_NOTE
    assert server.deleted == set()
    assert server.errors == [("deletemessage", "Bad Request: message can't be deleted")]
    server.errors.clear()  # the refusal this test asked the server for
