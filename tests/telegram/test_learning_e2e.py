"""A ticket's answer saved as a new answer for every student (issue 17, item 1), on the local Bot
API server: the office answers a ticket, an admin taps "📚 Guardar como respuesta", edits the
title, adds the ways of asking it (across a restart), publishes; the next students asking the
same question, or a paraphrase, get the office's answer from the assistant, also after another
restart; the new item is on "📋 Más temas"; /cambios undoes it byte for byte. Staff who are not
admins cannot publish, and forged or outdated buttons change nothing."""

from __future__ import annotations

import pytest

from bot.conversation import texts
from bot.office import handoff
from bot.staff import learning_texts as say
from bot.staff.draft_store import DraftStore
from tests.office.test_handoff_e2e import STAFF, UNANSWERABLE, ask_the_office, office_settings, until
from tests.support.fake_telegram import FakeTelegram, SentMessage
from tests.support.harness import ADMIN_ID, Student, bot_running, handled

SAVE = handoff.SAVE_AS_ANSWER
OFFICE_ANSWER = "Hola Ana: al titularte sigues vigente hasta que la escuela te dé de baja en el IMSS."
MORE_WAYS = "\n".join(
    [
        "me titulo y sigo teniendo seguro facultativo?",
        "si ya me titulé sigo con el seguro del imss",
        "al terminar la carrera pierdo el seguro facultativo",
        "ya me titule hasta cuando tengo seguro",
    ]
)


@pytest.fixture(autouse=True)
def people(server: FakeTelegram) -> None:
    server.profiles[61] = {"first_name": "Ana", "username": "ana_lopez"}
    server.profiles[71] = {"first_name": "María"}  # staff, not an admin
    server.profiles[ADMIN_ID] = {"first_name": "Lupe"}


@pytest.fixture
def settings(server, faq_copy, tmp_path):
    return office_settings(server, faq_copy, tmp_path / "data")


def labels(message: SentMessage) -> list[str]:
    return [label for label, _ in message.buttons]


async def answered_ticket(server: FakeTelegram, student: Student, answer: str = OFFICE_ANSWER) -> SentMessage:
    """A ticket the office (the admin) answered; its card, with the save button."""
    card = await ask_the_office(student)
    assert SAVE not in labels(card)  # nothing to save before the office answers
    mark = len(server.sent)
    server.user_text(ADMIN_ID, answer, STAFF, card)
    await server.replies(student.chat_id, mark)
    await until(lambda: SAVE in labels(server.by_id[card.message_id]))
    return server.by_id[card.message_id]


async def test_a_ticket_answer_is_published_and_answers_the_next_students(server, settings) -> None:
    faq = settings.faq_dir / "preguntas.yaml"
    original = faq.read_bytes()
    ana, beto, carla = Student(server, 61), Student(server, 62), Student(server, 63)
    admin = Student(server, ADMIN_ID, chat_id=STAFF)
    async with bot_running(settings, server):
        card = await answered_ticket(server, ana)
        assert labels(card) == ["🙋 Tomar", "✅ Resuelto", SAVE]
        [draft] = await admin.tap(SAVE, on=card)
        assert "Así lo verá un estudiante" in draft.plain
        assert (
            "¿Qué pasa con mi seguro si me titulo?\n\nAl titularte sigues vigente hasta que la escuela "
            "te dé de baja en el IMSS." in draft.plain
        )
        assert "<b>¿Qué pasa con mi seguro si me titulo?</b>" in draft.text  # as a student reads it
        assert "Quité «Hola Ana:» del principio" in draft.plain
        assert "⛔ Falta: faltan 4 formas de preguntarlo (mínimo 5)." in draft.plain
        assert "• que pasa con mi seguro si me titulo" in draft.plain
        assert "✅ Publicar" not in labels(draft)  # not until it has its five phrasings

        [prompt] = await admin.tap("✏️ Cambiar título", on=draft)
        assert prompt.reply_to == draft.message_id
        [titled] = await admin.say("¿Qué pasa con mi seguro cuando me titulo?", reply_to=prompt)
        assert "<b>¿Qué pasa con mi seguro cuando me titulo?</b>" in titled.text
        query = server.user_presses(ADMIN_ID, draft, dict(draft.buttons)["✖️ Cancelar"])  # older preview
        await until(lambda: server.callback_queries[query])
        assert server.callback_answers[query] == say.OUTDATED
        [prompt] = await admin.tap("✍️ Agregar formas de preguntarlo", on=titled)

    async with bot_running(settings, server):  # the draft and its prompt survive a restart
        [ready] = await admin.say(MORE_WAYS, reply_to=prompt)
        assert "Formas de preguntarlo (5; mínimo 5)" in ready.plain and "⛔" not in ready.plain
        assert "✅ Publicar" in labels(ready)
        [done] = await admin.tap("✅ Publicar", on=ready)
        assert done.plain.startswith(
            "✅ Publiqué «¿Qué pasa con mi seguro cuando me titulo?» en preguntas.yaml"
        )
        assert "a «que pasa con mi seguro si me titulo» ahora respondo directo" in done.plain
        assert "✅ Publicado por Lupe." in server.by_id[ready.message_id].plain
        assert not server.by_id[ready.message_id].buttons
        [again] = await beto.say(UNANSWERABLE)
        assert again.plain.startswith("¿Qué pasa con mi seguro cuando me titulo?")
        assert "sigues vigente hasta que la escuela te dé de baja" in again.plain
        assert "Ana" not in again.plain

    written = faq.read_text(encoding="utf-8")
    assert written.startswith(original.decode("utf-8").rstrip("\n"))  # appended, the rest kept
    assert "  - id: que_pasa_con_mi_seguro_cuando_me_titulo\n" in written

    async with bot_running(settings, server):
        [paraphrase] = await carla.say("ya me titulé, hasta cuando tengo el seguro?")
        assert paraphrase.plain.startswith("¿Qué pasa con mi seguro cuando me titulo?")
        [menu] = await carla.say("/preguntas")
        assert "¿Qué pasa con mi seguro cuando me titulo?" not in labels(menu)
        assert labels(menu)[7] == texts.MORE_TOPICS
        [more] = await carla.tap(texts.MORE_TOPICS, on=menu)
        assert labels(more) == ["¿Qué pasa con mi seguro cuando me titulo?", texts.TOPICS]

        [changes] = await admin.say("/cambios")
        assert (
            "preguntas.yaml: pregunta nueva «¿Qué pasa con mi seguro cuando me titulo?» (de la pregunta #1)"
            in (changes.plain)
        )
        [undone] = await admin.tap("↩️ Deshacer el último", on=changes)
        assert undone.plain.startswith("↩️ Listo")
        [after] = await carla.say(UNANSWERABLE)
    assert faq.read_bytes() == original
    assert not after.plain.startswith("¿Qué pasa con mi seguro cuando me titulo?")


async def test_only_admins_publish_and_forged_buttons_do_nothing(server, settings) -> None:
    faq = settings.faq_dir / "preguntas.yaml"
    original = faq.read_bytes()
    ana = Student(server, 61)
    maria, admin = Student(server, 71, chat_id=STAFF), Student(server, ADMIN_ID, chat_id=STAFF)
    async with bot_running(settings, server) as application:
        card = await answered_ticket(server, ana)
        mark = len(server.sent)
        query = server.user_presses(71, card, dict(card.buttons)[SAVE])  # staff, not an admin
        await until(lambda: server.callback_queries[query])
        assert server.callback_answers[query] == texts.ADMINS_ONLY

        [draft] = await admin.tap(SAVE, on=card)
        [prompt] = await admin.tap("✍️ Agregar formas de preguntarlo", on=draft)
        [ready] = await admin.say(MORE_WAYS, reply_to=prompt)
        publish = dict(ready.buttons)["✅ Publicar"]
        quiet = len(server.sent)
        for who, data, toast in (
            (71, publish, texts.ADMINS_ONLY),  # María cannot publish
            (ADMIN_ID, "1|lrn:pub:999:1", say.GONE),  # no such draft
            (ADMIN_ID, publish.rsplit(":", 1)[0] + ":1", say.OUTDATED),  # an older preview's
            (ADMIN_ID, "1|lrn:pub:¹:2", say.GONE),
            (ADMIN_ID, "1|lrn:new:999", say.NO_TICKET),
        ):
            query = server.user_presses(who, ready, data)
            await until(lambda query=query: server.callback_queries[query])
            assert server.callback_answers.get(query) == toast, data
        await maria.say_unanswered(application, "esto no es un título", reply_to=prompt)
        assert [m for m in server.sent[quiet:] if m.chat_id == STAFF] == []  # nothing happened
        [menu] = await ana.say("/preguntas")
        query = server.user_presses(ADMIN_ID, menu, publish)  # the admin, in a private chat
        await until(lambda: server.callback_queries[query])
        assert server.callback_answers[query] == handoff.STAFF_ONLY
        await handled(application, server)
        assert [m for m in server.sent[mark:] if m.chat_id == ana.chat_id and m is not menu] == []
        [refused] = await admin.press(ready, f"1|{say.TO_ITEM}1:no_existe")
        assert refused.plain == texts.STALE_OPTION
    assert faq.read_bytes() == original
    store = DraftStore(settings.data_dir)
    draft_now = store.get(1)
    assert draft_now is not None and "esto no es un título" not in draft_now.to_json()


async def test_guardar_as_a_reply_and_adding_the_question_to_an_existing_topic(server, settings) -> None:
    faq = settings.faq_dir / "preguntas.yaml"
    ana, beto = Student(server, 61), Student(server, 62)
    admin = Student(server, ADMIN_ID, chat_id=STAFF)
    async with bot_running(settings, server):
        card = await answered_ticket(server, ana, "Ana, sigues vigente mientras seas alumna inscrita.")
        [usage] = await admin.say("/guardar")
        assert usage.plain == say.SAVE_NEEDS_REPLY
        [private] = await Student(server, ADMIN_ID).say("/guardar")
        assert private.plain == say.SAVE_NEEDS_REPLY
        [refused] = await beto.say("/guardar")
        assert refused.plain == texts.ADMINS_ONLY
        [draft] = await admin.say("/guardar", reply_to=card)
        assert "Quité «Ana,» del principio" in draft.plain and "Sigues vigente mientras" in draft.plain
        [choices] = await admin.tap("➕ Es de un tema que ya existe", on=draft)
        assert len(choices.buttons) >= 2 and all(label.startswith("➕ ") for label in labels(choices))
        first_label, first_data = choices.buttons[0]
        [proof] = await admin.press(choices, first_data)
        topic = first_label.removeprefix("➕ ")
        assert proof.plain == f"Listo: ahora respondo «que pasa con mi seguro si me titulo» con «{topic}»."
        assert (
            f"✅ Lupe la agregó a «{first_label.removeprefix('➕ ')}"
            in server.by_id[choices.message_id].plain
        )
        assert not server.by_id[choices.message_id].buttons
        query = server.user_presses(ADMIN_ID, draft, dict(draft.buttons)["✖️ Cancelar"])
        await until(lambda: server.callback_queries[query])
        assert server.callback_answers[query] == say.GONE  # the draft went with the choice
        [changes] = await admin.say("/cambios")
        [answered] = await beto.say(UNANSWERABLE)
    assert answered.plain.startswith(topic)
    assert "- que pasa con mi seguro si me titulo\n" in faq.read_text(encoding="utf-8")
    assert "frase «que pasa con mi seguro si me titulo» en «" in changes.plain
