"""Every change made to faq/ from Telegram is recorded and the last one can be undone (issue
17, item 5), on the local Bot API server: a phrasing added under /reporte is listed by
/cambios, a student's (or a forged) "Deshacer" does nothing, the admin's restores the file byte
for byte and the assistant answers as before; `faqbot report` lists the change."""

from __future__ import annotations

from bot.staff.changes import CHANGES_FILE, recent_changes
from tests.support.harness import ADMIN_ID, Student, bot_running, handled, live_of
from tests.test_cli import faqbot

UNSURE = "ocupo el papelito del nss"


async def test_a_change_from_telegram_is_listed_and_undone_byte_for_byte(server, settings) -> None:
    faq = settings.faq_dir / "preguntas.yaml"
    original = faq.read_bytes()
    admin, student = Student(server, ADMIN_ID), Student(server, 15)
    async with bot_running(settings, server) as application:
        await student.say(UNSURE)
        [_report, group, *_] = await admin.say("/reporte", expect=2)
        add = next(label for label, _ in group.buttons if label.startswith("➕"))
        [proof] = await admin.tap(add, on=group)
        assert "Listo" in proof.plain and faq.read_bytes() != original
        [listed] = await admin.say("/cambios")
        assert "preguntas.yaml: frase «ocupo el papelito del nss» en «" in listed.plain
        assert [label for label, _ in listed.buttons] == ["↩️ Deshacer el último"]
        undo = dict(listed.buttons)["↩️ Deshacer el último"]

        server.user_presses(student.user_id, listed, undo)  # a student cannot undo
        await handled(application, server)
        server.user_presses(ADMIN_ID, listed, undo.rsplit(":", 1)[0] + ":x1")  # forged
        await handled(application, server)
        assert faq.read_bytes() != original
        assert await student.say_unanswered(application, "/cambios") == []

        [undone] = await admin.press(listed, undo)
        assert undone.plain.startswith("↩️ Listo: deshice «frase «ocupo el papelito del nss»")
        assert faq.read_bytes() == original
        items = live_of(application).assistant.knowledge.items.values()
        assert all(UNSURE not in item.phrasings for item in items)  # reloaded as it was
        [again] = await admin.press(listed, undo)
        assert again.plain == "No lo deshice: ese cambio ya se deshizo."
        [after] = await admin.say("/cambios")
    assert "(deshecho por " in after.plain and not after.buttons
    [change] = recent_changes(settings.data_dir / CHANGES_FILE, 0, 10)
    assert change.file == "preguntas.yaml" and change.undone_at is not None
    config = settings.data_dir.parent / "config.yaml"
    config.write_text(f"faq_dir: {settings.faq_dir}\n", encoding="utf-8")
    report = faqbot("report", env={"FAQBOT_CONFIG": str(config), "FAQBOT_DATA_DIR": str(settings.data_dir)})
    assert "Cambios a faq/ desde Telegram" in report.stdout
    assert "preguntas.yaml: frase «ocupo el papelito del nss»" in report.stdout
