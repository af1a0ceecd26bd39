"""A student's tickets forgotten on request (the store half of /borrar_mis_datos): what they
wrote and their name are gone from the SQLite files, the tickets stay as anonymous counts, and
a second request finds nothing."""

from __future__ import annotations

from pathlib import Path

from bot.office.tickets import TICKETS_FILE, TicketStore


def on_disk(data: Path, text: str) -> bool:
    return any(text.encode() in path.read_bytes() for path in data.glob(f"{TICKETS_FILE}*"))


def test_a_students_tickets_are_anonymised_and_their_text_leaves_the_files(tmp_path) -> None:
    store = TicketStore.open(tmp_path)
    mine = store.create(61, 61, "Ana Zuleima (@ana_zuleima)", ["Alta en el IMSS"])
    store.record(mine.id, "student", staff_message=5001, text="mi pregunta muy personal")
    store.record(mine.id, "staff", staff_message=5002, student_message=7001)
    other = store.create(62, 62, "Beto", ())
    store.record(other.id, "student", staff_message=5003, text="la pregunta de beto")
    assert on_disk(tmp_path, "mi pregunta muy personal")

    [(ticket, staff_messages)] = store.forget_student(61)

    assert ticket.name == "Ana Zuleima (@ana_zuleima)" and staff_messages == [5001, 5002]
    assert store.of_student(61) == [] and store.open_ticket(61) is None
    assert store.by_staff_message(5001) is None and store.by_student_message(61, 7001) is None
    assert store.questions(other.id) == ["la pregunta de beto"]
    assert store.summary(0).opened == 2  # the anonymous count stays for the report
    for text in ("mi pregunta muy personal", "Ana Zuleima", "ana_zuleima", "Alta en el IMSS"):
        assert not on_disk(tmp_path, text), text
    assert store.forget_student(61) == []  # idempotent: nothing left
