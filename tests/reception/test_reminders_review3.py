"""Third adversarial review, reminders (defects 4 and 9): a pending reminder follows every change
of the dates, a window open already included, and a reminder cancelled during a broadcast is
not sent."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bot.knowledge.schema import ReceptionFile
from bot.reception.reminders import ReminderStore

BASE = {
    "id": "fechas_recepcion",
    "titulo": "¿Cuándo?",
    "frases": ["a", "b", "c", "d", "e"],
    "intersemestral": {"dia_inicio": 1, "dia_fin": 5},
}
MONTHLY = ReceptionFile.model_validate({**BASE, "periodos": []})


def with_dates(**extra: object) -> ReceptionFile:
    return ReceptionFile.model_validate({**BASE, "periodos": [], **extra})


def test_a_reminder_follows_a_period_added_around_its_day(tmp_path: Path) -> None:
    store = ReminderStore.open(tmp_path)
    store.subscribe(1, date(2026, 11, 27))  # promised 1 December
    wider = with_dates(periodos=[{"nombre": "Extraordinario", "inicio": "2026-11-20", "fin": "2026-12-10"}])
    [due] = store.due(wider, date(2026, 11, 28))  # open already: the next day, not January
    assert due.chat == 1 and due.window.start == date(2026, 11, 20)
    assert due.window.end == date(2026, 12, 10)


def test_a_reminder_follows_a_lifted_closure(tmp_path: Path) -> None:
    closure = [{"nombre": "Puente", "inicio": "2026-12-03", "fin": "2026-12-03"}]
    store = ReminderStore.open(tmp_path)
    store.subscribe(1, date(2026, 12, 3))  # during the closure: promised the 4th
    assert [d.window.start for d in store.due(with_dates(cierres=closure), date(2026, 12, 4))] == [
        date(2026, 12, 4)
    ]
    [due] = store.due(MONTHLY, date(2026, 12, 4))  # the closure lifted: still told on the 4th
    assert due.chat == 1 and (due.window.start, due.window.end) == (date(2026, 12, 1), date(2026, 12, 5))


def test_a_reminder_cancelled_during_a_broadcast_is_not_sent(tmp_path: Path) -> None:
    store = ReminderStore.open(tmp_path)
    for chat in (1, 2):
        store.subscribe(chat, date(2026, 11, 27))
    first, second = store.due(MONTHLY, date(2026, 12, 1))  # the run begins
    assert store.sending(first)
    store.delivered(first, "sent")
    assert store.cancel(2)  # the student cancels while the first one goes out
    assert not store.sending(second)  # so the run skips it
    assert store.deliveries() == [(1, "2026-12-01", "sent")]
