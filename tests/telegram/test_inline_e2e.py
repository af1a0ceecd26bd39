"""Inline answers end to end: `@<bot> nss` typed in a class group lists the matching answers,
best first; choosing one posts it there with a button that opens the assistant on it; and the
"Compartir" button under an answer leads to exactly that answer."""

from __future__ import annotations

import logging

from bot.conversation import texts
from bot.knowledge import load_knowledge
from bot.telegram.inline import MAX_RESULTS, START_PARAMETER
from bot.telegram.logsafety import install_redaction, uninstall_redaction
from tests.support.fake_telegram import BOT_USERNAME
from tests.support.harness import Student, bot_running, handled

GROUP = -7000


async def test_an_inline_query_lists_the_right_answer_first_and_posts_it(server, settings) -> None:
    async with bot_running(settings, server):
        query = server.user_inline_query(401, "como saco mi nss")
        answer = await server.inline_answer(query)
    results = answer["results"]
    assert results[0]["id"] == "documento_nss"
    assert results[0]["title"] == "¿Qué documento entrego en la escuela?"
    assert 1 <= len(results) <= MAX_RESULTS
    assert all("\n" not in r["description"] and len(r["description"]) <= 90 for r in results)
    assert answer["button"] == {"text": texts.ASK_THE_ASSISTANT, "start_parameter": START_PARAMETER}

    posted = server.user_chooses(query, "documento_nss", GROUP)
    assert posted.plain.startswith("¿Qué documento entrego en la escuela?")
    assert "asignacionNSS" in posted.text and posted.link_preview_disabled
    assert posted.links == [(texts.ASK_THE_ASSISTANT, f"https://t.me/{BOT_USERNAME}?start=documento_nss")]


async def test_an_empty_query_lists_the_topics_and_nonsense_lists_nothing(server, settings) -> None:
    topics = [topic.id for topic in load_knowledge(settings.faq_dir).topics]
    async with bot_running(settings, server):
        everything = await server.inline_answer(server.user_inline_query(402, ""))
        nothing = await server.inline_answer(server.user_inline_query(402, "qwzx plmk"))
        hello = await server.inline_answer(server.user_inline_query(402, "hola"))
    assert [r["id"] for r in everything["results"]] == topics
    assert nothing["results"] == [] and hello["results"] == []
    assert nothing["button"]["text"] == texts.ASK_THE_ASSISTANT  # the way to ask instead


async def test_compartir_under_an_answer_leads_to_that_answer(server, settings) -> None:
    student = Student(server, 403)
    async with bot_running(settings, server):
        [answer] = await student.say("ya estoy vigente y ahora que hago")
        [(label, query)] = answer.switches
        shared = await server.inline_answer(server.user_inline_query(403, query, "sender"))
    assert label == texts.SHARE and query == "registro_clinica"
    assert [r["id"] for r in shared["results"]] == ["registro_clinica"]
    votes = [label for label, _ in answer.buttons][-2:]
    assert votes == ["👍", "👎"]  # the share button sits beside them, not instead


async def test_without_inline_mode_there_is_no_share_button(server, settings) -> None:
    server.inline_mode = False  # BotFather's /setinline was never turned on
    async with bot_running(settings, server):
        [answer] = await Student(server, 404).say("ya estoy vigente y ahora que hago")
    assert answer.switches == [] and [label for label, _ in answer.buttons][-2:] == ["👍", "👎"]


async def test_inline_queries_leave_nothing_personal_in_the_logs(server, settings, caplog) -> None:
    secret = "12345678901"
    install_redaction(server.token)
    try:
        with caplog.at_level(logging.DEBUG):  # PTB logs whole updates at DEBUG
            async with bot_running(settings, server) as application:
                await server.inline_answer(server.user_inline_query(405, f"mi nss {secret}"))
                await handled(application, server)
    finally:
        uninstall_redaction()
    assert secret not in caplog.text
    assert (
        not (settings.data_dir / "journal.sqlite3").exists()
        or secret.encode() not in (settings.data_dir / "journal.sqlite3").read_bytes()
    )


async def test_typing_a_query_letter_by_letter_is_not_taken_for_a_flood(server, settings) -> None:
    typed = "como saco mi nss"
    async with bot_running(settings, server):  # 8 messages in 10 s would be a flood
        answers = [
            await server.inline_answer(server.user_inline_query(406, typed[:end]))
            for end in range(5, len(typed) + 1)
        ]  # a keystroke once the last is answered
    assert len(answers) == 12
    assert answers[-1]["results"][0]["id"] == "documento_nss"
