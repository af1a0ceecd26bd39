"""The announcements' store and texts, without Telegram: opt-in offered once, recipients fixed
at confirmation, at most one message per student per announcement across a crash, a student who
leaves or blocks the bot gets nothing more, `forget`, and staff's text masked and escaped."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from bot.office import announcement_replies as replies
from bot.office.announcements import (
    ANNOUNCEMENTS_FILE,
    DRAFT_SECONDS,
    KEEP_DELIVERIES_DAYS,
    AnnouncementStore,
)
from bot.staff.changes import ANNOUNCEMENTS, ChangeLog, UndoError, change_line


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def test_the_offer_is_made_once_and_only_a_yes_subscribes(tmp_path: Path) -> None:
    store = AnnouncementStore.open(tmp_path)
    assert store.status(1) is None and store.offer(1) and not store.offer(1)
    assert store.status(1) == "offered" and store.audience() == 0
    store.join(1)
    store.offer(2)
    store.leave(2)  # "No, gracias"
    assert not store.offer(2) and store.status(2) == "out"
    assert store.audience() == 1 and not store.offer(1)
    assert store.leave(1) and not store.leave(1) and store.audience() == 0
    mode = stat.S_IMODE((tmp_path / ANNOUNCEMENTS_FILE).stat().st_mode)
    assert mode == 0o600
    assert store._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_recipients_are_fixed_when_confirmed_and_a_second_confirmation_sends_nothing(tmp_path: Path) -> None:
    clock = Clock()
    store = AnnouncementStore(tmp_path / ANNOUNCEMENTS_FILE, clock)
    for chat in (1, 2, 3):
        store.join(chat)
    store.offer(4)  # offered, never answered: not a recipient
    draft = store.draft("Mañana no abrimos", 99, "Ana", -500)
    store.join(5)  # joined after the preview, before the confirmation: gets it
    confirmed = store.confirm(draft)
    assert confirmed is not None and confirmed.chat == -500
    assert store.confirm(draft) is None  # a double tap
    store.join(6)  # joined after the confirmation: not this one
    assert sorted(store.deliveries(draft)) == [1, 2, 3, 5]
    assert store.tally(draft).total == 4 and store.tally(draft).pending == 4
    late = store.draft("viejo", 99, "Ana", -500)
    clock.now += DRAFT_SECONDS + 1
    assert store.confirm(late) is None
    cancelled = store.draft("otro", 99, "Ana", -500)
    assert store.cancel(cancelled) and store.confirm(cancelled) is None


def test_a_crash_mid_delivery_never_sends_twice_and_the_rest_resumes(tmp_path: Path) -> None:
    store = AnnouncementStore.open(tmp_path)
    for chat in range(1, 7):
        store.join(chat)
    announcement = store.draft("Aviso", 99, "Ana", -500)
    store.confirm(announcement)
    first, second, *_ = store.pending(announcement, 10)
    assert store.sending(announcement, first)
    store.delivered(announcement, first, "sent")
    assert store.sending(announcement, second)  # ... and the process dies on its way
    store.close()

    store = AnnouncementStore.open(tmp_path)
    assert [a.id for a in store.unfinished()] == [announcement]
    assert not store.sending(announcement, first) and not store.sending(announcement, second)
    assert store.pending(announcement, 10) == [3, 4, 5, 6]
    store.leave(4)  # left while it went out: skipped
    store.delivered(announcement, 5, "sent")  # not marked as on its way: ignored
    for chat in store.pending(announcement, 10):
        if store.sending(announcement, chat):
            store.delivered(announcement, chat, "blocked" if chat == 6 else "sent")
    assert store.deliveries(announcement) == {
        1: "sent",
        2: "unknown",
        3: "sent",
        4: "skipped",
        5: "sent",
        6: "blocked",
    }
    assert store.status(6) == "out"  # blocked the bot: unsubscribed
    tally = store.tally(announcement)
    assert (tally.sent, tally.total, tally.done) == (3, 6, True)
    store.finish(announcement)
    assert store.unfinished() == []
    assert replies.progress(tally) == (
        "✅ Enviado a 3 de 6. Terminé.\n(1 bloquearon al bot y ya no reciben avisos; 1 dejaron "
        "los avisos antes de que les llegara; 1 quedaron sin confirmar cuando el bot se detuvo.)"
    )


def test_a_message_telegram_did_not_take_is_tried_three_times(tmp_path: Path) -> None:
    store = AnnouncementStore.open(tmp_path)
    store.join(1)
    announcement = store.draft("Aviso", 99, "Ana", -500)
    store.confirm(announcement)
    for _ in range(3):
        assert store.pending(announcement, 10) == [1]
        assert store.sending(announcement, 1)
        store.delivered(announcement, 1, "failed")
    assert store.pending(announcement, 10) == [] and store.deliveries(announcement) == {1: "failed"}
    assert store.status(1) == "in"  # still subscribed: the next one is tried again


def test_forget_removes_the_opt_in_and_what_reached_the_student(tmp_path: Path) -> None:
    store = AnnouncementStore.open(tmp_path)
    store.join(61)
    store.join(62)
    announcement = store.draft("Aviso", 99, "Ana", -500)
    store.confirm(announcement)
    store.sending(announcement, 61)
    store.delivered(announcement, 61, "sent")
    assert store.received(61) == 1
    store.forget(61)
    assert store.status(61) is None and store.received(61) == 0
    assert store.deliveries(announcement) == {62: "pending"}
    assert store.offer(61)  # a stranger again: may be asked once more


def test_staff_text_is_masked_escaped_and_bounded() -> None:
    body, masked = replies.compose("  Mañana <no> abrimos & llamen al 55 1234 5678  ")
    assert body == "Mañana &lt;no&gt; abrimos &amp; llamen al [TEL]" and masked
    assert replies.compose("Sin datos")[1] is False
    assert replies.problem("   \n ") == replies.USAGE
    assert replies.problem("a" * replies.MAX_CHARS) is None
    assert replies.problem("a" * 4000) == (
        "Tu aviso tiene 4 000 caracteres; el máximo es 3 500. Acórtalo y mándalo otra vez."
    )
    message = replies.announcement(body)
    assert message.text.startswith(replies.HEADING) and message.text.endswith(body)
    assert [b.action for b in message.buttons] == [replies.LEAVE]
    preview = replies.preview(body, 1200, masked, 7)
    assert message.text in preview.text and "Lo recibirán <b>1 200 estudiantes</b>" in preview.text
    assert replies.MASKED in preview.text
    assert [b.action for b in preview.buttons] == ["ann:ok:7", "ann:x:7"]
    assert replies.preview(body, 0, False, 8).buttons == ()


def test_an_announcement_is_listed_with_the_changes_and_never_blocks_an_undo(
    faq_copy: Path, tmp_path: Path
) -> None:
    from bot.knowledge.editing import add_phrasing

    log = ChangeLog(tmp_path / "data", faq_copy, Clock())
    added = add_phrasing(faq_copy, "documento_nss", "ocupo el papelito del nss")
    change = log.record(7, "Ana", added.file, "frase «ocupo el papelito del nss»", added.before)
    note = log.note(7, "Ana", ANNOUNCEMENTS, replies.record_line("Mañana no abrimos", 1200))
    newest = log.recent()[0]
    assert newest.id == note and not newest.of_a_file and not newest.undoable
    assert change_line(newest).endswith("Ana · avisos: envió «Mañana no abrimos» a 1 200 estudiantes")
    with pytest.raises(UndoError, match="no se puede deshacer"):
        log.undo(note, "Beto")
    log.undo(change, "Beto")  # the announcement after it does not stand in the way


def test_who_received_an_old_announcement_is_forgotten_after_the_retention(tmp_path: Path) -> None:
    clock = Clock()
    path = tmp_path / ANNOUNCEMENTS_FILE
    store = AnnouncementStore(path, clock)
    store.join(1)
    old = store.draft("Viejo", 99, "Ana", -500)
    store.confirm(old)
    store.sending(old, 1)
    store.delivered(old, 1, "sent")
    store.finish(old)
    clock.now += KEEP_DELIVERIES_DAYS * 86_400 - 60
    store.close()
    store = AnnouncementStore(path, clock)
    assert store.received(1) == 1  # not yet
    clock.now += 120
    store.close()
    store = AnnouncementStore(path, clock)
    assert store.received(1) == 0 and store.deliveries(old) == {} and store.status(1) == "in"
