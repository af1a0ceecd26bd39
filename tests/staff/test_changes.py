"""The record of changes made from Telegram, and its undo: byte for byte, only the last change,
only for a day, never over a hand edit made since."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.knowledge.editing import add_phrasing
from bot.staff.changes import UNDO_WINDOW, ChangeLog, UndoError, change_line


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def _added(log: ChangeLog, faq: Path, phrase: str) -> int:
    added = add_phrasing(faq, "documento_nss", phrase)
    return log.record(7, "Ana", added.file, f"frase «{phrase}»", added.before)


def test_undo_restores_the_file_byte_for_byte_once(faq_copy: Path, tmp_path: Path) -> None:
    path = faq_copy / "preguntas.yaml"
    crlf = path.read_bytes().replace(b"\n", b"\r\n")  # whatever the bytes, they come back
    path.write_bytes(crlf)
    log = ChangeLog(tmp_path / "data", faq_copy, Clock())
    change_id = _added(log, faq_copy, "ocupo el papelito del nss")
    assert path.read_bytes() != crlf
    undone = log.undo(change_id, "Beto")
    assert path.read_bytes() == crlf
    assert "Ana · preguntas.yaml: frase «ocupo el papelito del nss» (deshecho por Beto)" in (
        change_line(undone)
    )
    with pytest.raises(UndoError, match="ya se deshizo"):
        log.undo(change_id, "Beto")


def test_undo_refuses_an_older_change_a_hand_edit_and_after_a_day(faq_copy: Path, tmp_path: Path) -> None:
    clock = Clock()
    log = ChangeLog(tmp_path / "data", faq_copy, clock)
    first = _added(log, faq_copy, "ocupo el papelito del nss")
    second = _added(log, faq_copy, "donde bajo el papel del seguro social")
    with pytest.raises(UndoError, match="solo se puede deshacer el último"):
        log.undo(first, "Beto")
    path = faq_copy / "preguntas.yaml"
    edited = path.read_bytes() + b"# nota a mano\n"
    path.write_bytes(edited)
    with pytest.raises(UndoError, match="cambió después"):
        log.undo(second, "Beto")
    assert path.read_bytes() == edited
    path.write_bytes(edited.removesuffix(b"# nota a mano\n"))
    clock.now += UNDO_WINDOW + 1
    assert [c.undoable for c in log.recent()] == [False, False]
    with pytest.raises(UndoError, match="más de un día"):
        log.undo(second, "Beto")
    with pytest.raises(UndoError, match="ya no está"):
        log.undo(99, "Beto")
