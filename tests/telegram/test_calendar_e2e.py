"""The reception calendar from Telegram (issue 17, item 3), on the local Bot API server: an
admin adds this semester's inscription period from a phone, sees today's dates answer as it
will read, confirms, and a student's dates answer names it at once; a student's (or a forged)
confirmation does nothing; an overlapping period is refused with the reason; /calendario
deletes one and /cambios undoes that, byte for byte; a closure moves a pending reminder."""

from __future__ import annotations

from tests.reception.test_reminders import (
    DEC_1,
    DEC_4,
    NOV_27,
    at,
    reminders_after_start,
    subscribe,
)
from tests.support.harness import ADMIN_ID, Student, bot_running, bot_settings, handled


async def test_an_admin_adds_a_period_and_students_see_it(server, faq_copy, tmp_path) -> None:
    # An admin at work sends more than the students' flood limit (8 in 10 s) in this test.
    settings = bot_settings(server, faq_copy, tmp_path / "data", flood=(100, 10.0))
    fechas = settings.faq_dir / "fechas.yaml"
    original = fechas.read_bytes()
    admin, student = Student(server, ADMIN_ID), Student(server, 15)
    async with bot_running(settings, server) as application:
        [usage] = await admin.say("/periodo")
        assert "/periodo Inscripción 2027-1: del 11 al 22 de enero de 2027" in usage.plain
        [unread] = await admin.say("/periodo Inscripción 2027-1: del 11 al 32 de enero")
        assert unread.plain.startswith("«32 de enero» no es una fecha que exista.")
        [preview] = await admin.say("/periodo Inscripción 2027-1: del 11 al 22 de enero")
        assert "del 11 de enero de 2027 al 22 de enero de 2027" in preview.plain
        assert "Así verán los estudiantes las fechas hoy" in preview.plain
        assert "Inscripción 2027-1" in preview.plain.split("hoy:", 1)[1]
        assert fechas.read_bytes() == original  # nothing written before the confirmation
        save = dict(preview.buttons)["✅ Guardar"]
        server.user_presses(student.user_id, preview, save)  # a student cannot confirm
        await handled(application, server)
        server.user_presses(ADMIN_ID, preview, save.rsplit(":", 1)[0] + ":99")  # forged draft
        await handled(application, server)
        assert fechas.read_bytes() == original
        [forged] = [m for m in admin.received() if "Ese borrador ya no está" in m.plain]
        assert forged

        [saved] = await admin.press(preview, save)
        assert saved.plain.startswith("✅ Guardado en fechas.yaml.")
        added = fechas.read_bytes()
        assert b"  - nombre: Inscripci\xc3\xb3n 2027-1\n    inicio: 2027-01-11\n" in added
        [dates] = await student.say("/fechas")
        assert "Inscripción 2027-1" in dates.plain

        [refused] = await admin.say("/periodo Otro: del 15 al 20 de enero")
        assert refused.plain.startswith("No lo agrego: se encima con «Inscripción 2027-1»")
        [past] = await admin.say("/cierre Puente: 2 de noviembre de 2026")
        assert past.plain == "No lo agrego: ya pasó: terminó el 2 de noviembre de 2026."

        [calendar] = await admin.say("/calendario")
        assert "Periodo: Inscripción 2027-1, del 11 de enero de 2027" in calendar.plain
        [deleted] = await admin.tap("🗑 Inscripción 2027-1", on=calendar)
        assert deleted.plain.startswith("🗑 Borré «Inscripción 2027-1»")
        assert fechas.read_bytes() == original
        [listed] = await admin.say("/cambios")
        [undone] = await admin.tap("↩️ Deshacer el último", on=listed)
        assert undone.plain.startswith("↩️ Listo")
        assert fechas.read_bytes() == added  # the deletion undone, byte for byte
        [again] = await student.say("/fechas")
    assert "Inscripción 2027-1" in again.plain


async def test_a_closure_from_telegram_moves_a_pending_reminder(server, faq_copy, tmp_path) -> None:
    data = tmp_path / "data"
    ana, admin = Student(server, 86), Student(server, ADMIN_ID)
    async with bot_running(at(server, faq_copy, data, NOV_27), server):
        await subscribe(ana)  # the monthly window opens on 1 December
        [preview] = await admin.say("/cierre Puente: del 1 al 3 de diciembre")
        await admin.tap("✅ Guardar", on=preview)
        [listed] = await ana.say("/avisos")
    assert "te escribo el 4 de diciembre" in listed.plain
    assert await reminders_after_start(server, at(server, faq_copy, data, DEC_1), [86]) == []
    [reminder] = await reminders_after_start(server, at(server, faq_copy, data, DEC_4), [86])
    assert "del 4 al 5 de diciembre" in reminder.plain
