"""The reminders' store and texts, without Telegram: who waits for which opening day, what is due,
at-most-once delivery across crashes, the record of scheduled runs, and the messages themselves."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

from bot.knowledge.schema import ReceptionFile
from bot.reception.reminders import (
    KEEP_DELIVERIES_DAYS,
    REMINDERS_FILE,
    Due,
    ReminderStore,
    next_window,
    reminder_text,
    subscribed_text,
    subscription_text,
)
from bot.reception.windows import Window

MONTHLY = ReceptionFile.model_validate(
    {
        "id": "fechas_recepcion",
        "titulo": "¿Cuándo?",
        "frases": ["a", "b", "c", "d", "e"],
        "intersemestral": {"dia_inicio": 1, "dia_fin": 5},
        "periodos": [],
    }
)
DECEMBER = Window(date(2026, 12, 1), date(2026, 12, 5), ("entre semestres",))
DAY = 86_400


class Weekdays:
    """An office open Monday to Friday, 9:00 to 14:00."""

    def hours_on(self, day: date) -> tuple[time, time] | None:
        return (time(9), time(14)) if day.weekday() < 5 else None


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000_000.0

    def __call__(self) -> float:
        return self.now


def test_the_messages_name_the_day_and_the_range() -> None:
    assert reminder_text(DECEMBER, date(2026, 12, 1)) == (
        "🔔 <b>¡Hoy abre la recepción de tarjetas del NSS!</b> Se reciben del 1 al 5 de diciembre "
        "de 2026.\n\nLleva tu <b>tarjeta del NSS</b> (Número de Seguridad Social) a la oficina del "
        "Seguro Facultativo de tu escuela.\n<b>No hay trámites urgentes ni extemporáneos.</b>"
    )
    late = reminder_text(DECEMBER, date(2026, 12, 3))  # the bot was down on the 1st
    assert late.startswith(
        "🔔 <b>La recepción de tarjetas del NSS está abierta</b> (abrió el "
        "1 de diciembre). Se reciben del 1 al 5 de diciembre de 2026."
    )
    assert subscribed_text(DECEMBER, "9:00") == (
        "Listo 🔔, te aviso el 1 de diciembre a las 9:00, cuando abra la recepción de tarjetas del "
        "NSS. Solo te escribo esa vez."
    )
    assert subscription_text(DECEMBER, "9:00") == (
        "Tienes un aviso 🔔: te escribo el 1 de diciembre a las 9:00, cuando abra la recepción de "
        "tarjetas del NSS."
    )
    assert subscription_text(None, "9:00") == (
        "Tienes un aviso pendiente; por ahora no hay fechas de recepción programadas."
    )


def test_the_next_window_opens_after_the_day_and_on_a_day_the_office_opens() -> None:
    assert next_window(MONTHLY, date(2026, 11, 27)).start == date(2026, 12, 1)
    assert next_window(MONTHLY, date(2026, 12, 1)).start == date(2027, 1, 1)  # strictly after
    # 1 May 2027 is a Saturday: with the office's days the window opens on Monday the 3rd.
    assert next_window(MONTHLY, date(2027, 4, 20)).start == date(2027, 5, 1)
    assert next_window(MONTHLY, date(2027, 4, 20), Weekdays()) == Window(
        date(2027, 5, 3), date(2027, 5, 5), ("entre semestres",)
    )


def test_a_subscription_is_kept_shown_renewed_and_cancelled(tmp_path: Path) -> None:
    store = ReminderStore.open(tmp_path)
    assert store.path == tmp_path / REMINDERS_FILE
    assert (store.since(1), store.count(), store.cancel(1)) == (None, 0, False)
    store.subscribe(1, date(2026, 11, 27))
    store.subscribe(2, date(2026, 11, 28))
    assert (store.since(1), store.since(2), store.count()) == (date(2026, 11, 27), date(2026, 11, 28), 2)
    store.subscribe(1, date(2026, 11, 29))  # asking again moves the day, still one reminder
    assert (store.since(1), store.count()) == (date(2026, 11, 29), 2)
    assert store.cancel(1) is True and store.cancel(1) is False
    assert (store.since(1), store.count()) == (None, 1)


def test_what_is_due_follows_the_office_days(tmp_path: Path) -> None:
    store = ReminderStore.open(tmp_path)
    store.subscribe(7, date(2027, 4, 20))
    assert store.due(MONTHLY, date(2027, 5, 1), Weekdays()) == []  # a Saturday
    assert store.due(MONTHLY, date(2027, 5, 3), Weekdays()) == [
        Due(7, Window(date(2027, 5, 3), date(2027, 5, 5), ("entre semestres",)))
    ]
    assert [d.window.start for d in store.due(MONTHLY, date(2027, 5, 1))] == [date(2027, 5, 1)]


def test_a_reminder_on_its_way_is_not_due_twice_and_can_be_retried(tmp_path: Path) -> None:
    store = ReminderStore.open(tmp_path)
    store.subscribe(1, date(2026, 11, 27))
    store.subscribe(2, date(2026, 11, 27))
    [first, second] = store.due(MONTHLY, date(2026, 12, 1))
    store.sending(first)
    assert store.due(MONTHLY, date(2026, 12, 1)) == [second]
    store.retry_later(first.chat)  # Telegram did not take it: try again on the next run
    assert store.due(MONTHLY, date(2026, 12, 1)) == [first, second]
    store.sending(first)
    store.subscribe(first.chat, date(2026, 11, 30))  # asked again meanwhile: waiting again
    assert [d.chat for d in store.due(MONTHLY, date(2026, 12, 1))] == [1, 2]


def test_delivered_ends_the_subscription_and_is_recorded(tmp_path: Path) -> None:
    store = ReminderStore.open(tmp_path)
    for chat in (1, 2):
        store.subscribe(chat, date(2026, 11, 27))
    [one, two] = store.due(MONTHLY, date(2026, 12, 2))
    store.delivered(one, "sent")
    store.delivered(two, "blocked")
    assert store.count() == 0 and store.due(MONTHLY, date(2026, 12, 2)) == []
    assert store.deliveries() == [(1, "2026-12-01", "sent"), (2, "2026-12-01", "blocked")]
    assert store.deliveries(2) == [(2, "2026-12-01", "blocked")] and store.deliveries(3) == []


def test_a_window_that_went_by_moves_the_subscription_to_the_next(tmp_path: Path) -> None:
    store = ReminderStore.open(tmp_path)
    store.subscribe(1, date(2026, 11, 27))
    assert store.due(MONTHLY, date(2026, 12, 9)) == []
    assert store.since(1) == date(2026, 12, 5)  # the end of the window that was missed
    assert [d.window.start for d in store.due(MONTHLY, date(2027, 1, 1))] == [date(2027, 1, 1)]


def test_a_crash_while_sending_means_never_again_and_old_deliveries_go(tmp_path: Path) -> None:
    clock = Clock()
    store = ReminderStore(tmp_path / REMINDERS_FILE, now=clock)
    for chat in (1, 2, 3):
        store.subscribe(chat, date(2026, 11, 27))
    [one, two, three] = store.due(MONTHLY, date(2026, 12, 1))
    store.delivered(one, "sent")
    store.sending(two)  # ... and the process dies
    store.close()
    clock.now += KEEP_DELIVERIES_DAYS * DAY - 1
    store = ReminderStore(tmp_path / REMINDERS_FILE, now=clock)
    assert store.deliveries() == [(1, "2026-12-01", "sent"), (2, "2026-12-01", "unknown")]
    assert store.due(MONTHLY, date(2026, 12, 1)) == [three]
    store.close()
    clock.now += 2  # the first delivery is now older than the retention; the second is not
    store = ReminderStore(tmp_path / REMINDERS_FILE, now=clock)
    assert store.deliveries() == [(2, "2026-12-01", "unknown")]


def test_scheduled_runs_are_remembered_by_name_and_period(tmp_path: Path) -> None:
    store = ReminderStore.open(tmp_path)
    assert not store.ran("weekly report", "2026-W49")
    store.record_run("weekly report", "2026-W49")
    store.record_run("weekly report", "2026-W49")  # twice is once
    assert store.ran("weekly report", "2026-W49")
    assert not store.ran("weekly report", "2026-W50") and not store.ran("other", "2026-W49")
    store.close()
    assert ReminderStore.open(tmp_path).ran("weekly report", "2026-W49")


def test_no_window_at_all_means_no_next_window() -> None:
    closed = ReceptionFile.model_validate(
        {
            **MONTHLY.model_dump(by_alias=True),
            "cierres": [{"nombre": "Remodelación", "inicio": "2026-11-01", "fin": "2028-12-31"}],
        }
    )
    assert next_window(closed, date(2026, 12, 3)) is None


def test_each_subscriber_is_judged_on_their_own_window(tmp_path: Path) -> None:
    """One subscriber whose window has not opened, one whose window went by, one due today: the
    first two do not stop the third (nor does their order)."""
    store = ReminderStore.open(tmp_path)
    store.subscribe(1, date(2026, 12, 5))  # December's last day: waits for January
    store.subscribe(2, date(2026, 10, 27))  # November's window went by while the bot was down
    store.subscribe(3, date(2026, 11, 27))  # December's: due
    assert store.due(MONTHLY, date(2026, 12, 5)) == [Due(3, DECEMBER)]  # its last day included
    assert store.since(2) == date(2026, 11, 5)
