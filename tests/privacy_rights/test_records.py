"""What the stores hold about one student, and its deletion from each (real SQLite files): only
that student's rows go, a staff decision naming their question keeps a placeholder, and a
second deletion finds nothing."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from bot.conversation.dialog import Assistant
from bot.office.announcements import AnnouncementStore
from bot.office.tickets import TicketStore
from bot.privacy_rights import texts
from bot.privacy_rights.messages import (
    ERASE_CANCEL,
    ERASE_CONFIRM,
    ask_to_erase,
    erased_html,
    holdings_html,
    staff_told,
)
from bot.privacy_rights.records import StudentKey, StudentRecords
from bot.reception.reminders import ReminderStore
from bot.replies import State
from bot.staff.journal import Journal
from bot.staff.journal_records import ShownGroup
from bot.terminal import TerminalChat

ANA, BETO = StudentKey("telegram", 61, 61), StudentKey("telegram", 62, 62)
QUESTION = "como saco mi kardex esmeralda"


class Saved:
    """A saved conversation per user, as an adapter keeps it."""

    def __init__(self, states: dict[int | str, State]) -> None:
        self.by_user = states

    def states(self, user: int | str) -> list[State]:
        return [self.by_user[user]] if self.by_user.get(user) else []

    def forget(self, user: int | str) -> bool:
        return self.by_user.pop(user, None) is not None


def stores(tmp_path: Path, assistant: Assistant) -> tuple[StudentRecords, Journal, Saved]:
    journal, tickets, reminders, announcements = (
        Journal.open(tmp_path),
        TicketStore.open(tmp_path),
        ReminderStore.open(tmp_path),
        AnnouncementStore.open(tmp_path),
    )
    for key in (ANA, BETO):
        state: State = {}
        journal.record(key.channel, key.user, QUESTION, assistant.on_text(state, QUESTION), "v1")
        ticket = tickets.create(int(key.user), int(key.user), f"Estudiante {key.user}")
        tickets.record(ticket.id, "student", staff_message=100 + int(key.user), text=QUESTION)
        tickets.record(ticket.id, "staff", staff_message=200 + int(key.user), student_message=7)
        reminders.subscribe(int(key.user), date(2026, 11, 26))
        announcements.join(int(key.user))
    group = ShownGroup(journal.show_group(QUESTION, [QUESTION], 2, ""), QUESTION, [QUESTION], 2, "")
    journal.decide("María", "ignore", None, group)
    saved = Saved({61: {"flow": ["inicio"], "recent": {"asked": QUESTION}}})
    return StudentRecords(journal, tickets, reminders, saved, announcements), journal, saved


def test_what_is_held_is_read_from_each_store(tmp_path: Path, assistant: Assistant) -> None:
    records, _, _ = stores(tmp_path, assistant)
    held = records.holdings(ANA)
    assert [(t.ticket.id, t.ticket.open, t.messages) for t in held.tickets] == [(1, True, 1)]
    assert held.reminder_since == date(2026, 11, 26)
    assert (held.questions, held.votes) == (1, 0)
    assert held.places == ("questionnaire", "recent")
    assert held.announcements == "in"
    text = holdings_html(held)
    assert texts.ANNOUNCEMENTS_IN in text
    assert (
        "#1 · abierta" in text and "«Estudiante 61»" in text and "pedido el 26 de noviembre de 2026" in text
    )
    assert "el cuestionario «¿Qué me toca hacer?», lo último que me preguntaste" in text
    assert [b.action for b in ask_to_erase(held).buttons] == [ERASE_CONFIRM, ERASE_CANCEL]


def test_erasing_one_student_leaves_the_others_and_a_second_time_finds_nothing(
    tmp_path: Path, assistant: Assistant
) -> None:
    records, journal, saved = stores(tmp_path, assistant)
    erasure = records.erase(ANA)
    [ticket] = erasure.tickets
    assert (ticket.id, ticket.was_open, ticket.posts) == (1, True, (161,))  # not the staff's own reply
    assert erasure.reminder and erasure.journal_rows == 1 and erasure.place and erasure.announcements
    assert texts.ERASED_ANNOUNCEMENTS in erased_html(erasure)
    assert erased_html(erasure).startswith("✅ Listo, borré todo")
    assert staff_told(erasure) == (
        "🗑️ Un estudiante pidió borrar sus datos: eliminé su(s) pregunta(s) #1; la #1 estaba "
        "abierta y quedó cerrada."
    )
    assert records.holdings(ANA).empty and 61 not in saved.by_user
    assert journal.decisions()[0].question == texts.ERASED_QUESTION  # the staff's record stays
    beto = records.holdings(BETO)
    assert len(beto.tickets) == 1 and beto.reminder_since is not None and beto.questions == 1
    assert beto.announcements == "in"

    again = records.erase(ANA)
    assert again.nothing and erased_html(again) == texts.NOTHING_LEFT and staff_told(again) is None
    assert ask_to_erase(records.holdings(ANA)).text == texts.NOTHING_LEFT


def test_the_terminal_forgets_its_journal_rows_and_the_session(assistant: Assistant, tmp_path: Path) -> None:
    journal = Journal.open(tmp_path)
    chat = TerminalChat(assistant, io.StringIO(), journal=journal)
    chat.handle(QUESTION)
    [mine] = chat.handle("/mis_datos")
    assert "registro para mejorar las respuestas: 1" in mine.text and texts.TERMINAL_NOTE in mine.text
    [ask] = chat.handle("/borrar_mis_datos")
    assert [b.label for b in ask.buttons] == [texts.ERASE_YES, texts.ERASE_NO]
    [done] = chat.handle("1")
    assert done.text.startswith("✅ Listo, borré todo") and chat.state == {}
    assert journal.questions() == []
    [again] = chat.handle("/borrar_mis_datos")
    assert again.text == texts.NOTHING_LEFT
