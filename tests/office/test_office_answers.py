"""The office's answers are kept with their ticket (masked), so an admin can save one as an
answer for every student later, and they go with the ticket: retention and /borrar_mis_datos."""

from __future__ import annotations

from pathlib import Path

from bot.office import handoff
from bot.office.tickets import TicketStore


def answered(tmp_path: Path, now: list[float]) -> TicketStore:
    store = TicketStore(tmp_path / "t.sqlite3", now=lambda: now[0], retention_days=1)
    ticket = store.create(61, 61, "Ana (@ana_lopez)")
    store.record(ticket.id, "student", staff_message=10, text="que pasa si me titulo")
    store.record(ticket.id, "staff", staff_message=11, student_message=20, text="Llámanos al 55 1234 5678.")
    store.record(ticket.id, "staff", staff_message=11, student_message=21)  # its second part
    store.record(ticket.id, "staff", staff_message=12, student_message=22, text="Sigues vigente.")
    return store


def test_the_latest_answer_or_the_one_replied_to_is_kept_masked(tmp_path: Path) -> None:
    store = answered(tmp_path, [1000.0])
    assert store.office_answer(1) == "Sigues vigente."
    assert store.office_answer(1, staff_message=11) == "Llámanos al [TEL]."
    assert store.office_answer(1, staff_message=10) == "Sigues vigente."  # the question: the latest
    assert store.questions(1) == ["que pasa si me titulo"]  # answers are not questions
    assert store.office_answer(2) is None


def test_the_card_offers_saving_once_the_office_answered(tmp_path: Path) -> None:
    store = TicketStore(tmp_path / "t.sqlite3")
    ticket = store.create(61, 61, "Ana")
    assert handoff.SAVE_AS_ANSWER not in [b.label for b in handoff.card(ticket, "q").buttons]
    store.record(ticket.id, "staff", staff_message=11, student_message=20, text="Sí.")
    answered_ticket = store.get(ticket.id)
    assert answered_ticket is not None
    open_card = [b.label for b in handoff.card(answered_ticket, "q").buttons]
    assert open_card == ["🙋 Tomar", "✅ Resuelto", handoff.SAVE_AS_ANSWER]
    store.resolve(ticket.id, "Lupe")
    closed = store.get(ticket.id)
    assert closed is not None
    assert [b.action for b in handoff.card(closed, "q").buttons] == [f"{handoff.SAVE_PREFIX}{ticket.id}"]


def test_answers_go_with_the_ticket(tmp_path: Path) -> None:
    now = [1000.0]
    (tmp_path / "forgotten").mkdir()
    forgotten = answered(tmp_path / "forgotten", now)
    forgotten.forget_student(61)
    assert forgotten.office_answer(1) is None
    anonymous = forgotten.get(1)
    assert anonymous is not None and handoff.card(anonymous, "").buttons == ()
    retained = answered(tmp_path, now)
    now[0] += 2 * 86_400  # past the one-day retention
    assert retained.purge() == 1 and retained.office_answer(1) is None
