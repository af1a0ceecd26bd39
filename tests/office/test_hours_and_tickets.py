"""The office: its hours from config.yaml, whether it is open, and the tickets it works from."""

from __future__ import annotations

import json
from datetime import datetime, time
from pathlib import Path

import pytest

from bot.clock import MEXICO_CITY
from bot.office.hours import Office, Opening, parse_days, parse_time
from bot.office.tickets import TicketStore
from tests.conftest import FAQ_DIR
from tests.test_cli import faqbot

WEEKDAYS = Office(
    "Oficina del Seguro Facultativo",
    "Edificio A",
    (Opening(frozenset(range(5)), time(9), time(14)),),
    "sf@escuela.mx",
)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=MEXICO_CITY)  # 23 Nov 2026 is a Monday


@pytest.mark.parametrize(
    ("written", "days"),
    [
        ("lunes a viernes", {0, 1, 2, 3, 4}),
        ("Lunes, Miércoles y Viernes", {0, 2, 4}),
        (["sabado"], {5}),
        ("viernes a lunes", {4, 5, 6, 0}),
    ],
)
def test_staff_write_days_as_they_say_them(written, days) -> None:
    assert parse_days(written) == days


def test_times_quoted_or_as_yaml_reads_them() -> None:
    assert parse_time("9:00") == time(9) and parse_time(540) == time(9)  # YAML: 9:00 is 540
    for bad in ("25:00", "nueve", 1500):
        with pytest.raises(ValueError):
            parse_time(bad)


def test_open_now_and_the_next_opening() -> None:
    assert WEEKDAYS.status_text(at(26, 10)) == "Ahora está abierta hasta las 14:00."
    assert WEEKDAYS.status_text(at(26, 15)) == "Ahora está cerrada. Abre mañana a las 9:00."
    assert WEEKDAYS.status_text(at(28, 12)) == "Ahora está cerrada. Abre el lunes a las 9:00."  # Saturday
    assert WEEKDAYS.status_text(at(26, 8)) == "Ahora está cerrada. Abre hoy a las 9:00."
    closed = Office(hours=WEEKDAYS.hours, closed_on=lambda day: "Vacaciones" if day.day == 27 else None)
    assert closed.status_text(at(27, 10)) == "Hoy está cerrada (Vacaciones). Abre el lunes a las 9:00."


def test_contact_says_only_what_staff_wrote() -> None:
    text = WEEKDAYS.contact_html(at(26, 10))
    assert "Edificio A" in text and "Atiende de lunes a viernes de 9:00 a 14:00." in text
    assert "sf@escuela.mx" in text and "📞" not in text
    assert Office().contact_html(at(26, 10)) == (
        "<b>Oficina del Seguro Facultativo</b>\nPregunta por ella en tu escuela."
    )


def test_a_broken_office_block_is_reported_at_its_line(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(
        f"faq_dir: {FAQ_DIR}\noficina:\n  horario:\n    - dias: juebes\n"
        '      de: 9:00\n      a: "8:00"\n  fax: 123\n',
        encoding="utf-8",
    )
    result = faqbot("check", env={"FAQBOT_CONFIG": str(config)})
    assert result.returncode == 1
    assert f"{config}:4: 'dias': 'juebes' no es un día" in result.stdout
    assert f"{config}:7: campo desconocido 'fax'" in result.stdout
    config.write_text(
        f'faq_dir: {FAQ_DIR}\noficina:\n  horario:\n    - dias: jueves\n      de: 9:00\n      a: "8:00"\n',
        encoding="utf-8",
    )
    result = faqbot("check", env={"FAQBOT_CONFIG": str(config)})
    assert result.stdout.strip() == f"{config}:6: la hora de cierre debe ser después de la de apertura"


def test_tickets_survive_a_reopen_and_map_both_chats(tmp_path: Path) -> None:
    store = TicketStore.open(tmp_path)
    ticket = store.create(61, 61, "Ana (@ana)")
    store.record(ticket.id, "student", staff_message=900, text="mi nss 12345678901, ¿y ahora?")
    store.record(ticket.id, "staff", staff_message=901, student_message=55)
    store.close()
    again = TicketStore.open(tmp_path)
    assert again.by_staff_message(900) == again.by_staff_message(901) == again.get(ticket.id)
    assert again.by_student_message(61, 55) is not None
    assert again.by_student_message(62, 55) is None  # another student's chat
    assert again.questions(ticket.id) == ["mi nss [NSS], ¿y ahora?"]
    assert again.get(ticket.id).first_answer is not None
    assert again.resolve(ticket.id, "María") and not again.resolve(ticket.id, "María")
    assert not again.rate(ticket.id, 62, 1) and again.rate(ticket.id, 61, -1)
    assert (tmp_path / "tickets.sqlite3").stat().st_mode & 0o077 == 0


def test_the_report_counts_tickets(tmp_path: Path) -> None:
    store = TicketStore.open(tmp_path)
    ticket = store.create(61, 61, "Ana")
    store.record(ticket.id, "student", staff_message=1, text="cubre a mis papas")
    store.record(ticket.id, "staff", staff_message=2, student_message=3)
    store.resolve(ticket.id, "María")
    store.close()
    data = json.loads(faqbot("report", "--json", env={"FAQBOT_DATA_DIR": str(tmp_path)}).stdout)
    assert data["tickets"]["opened"] == 1 and data["tickets"]["resolved"] == 1
    assert data["tickets"]["questions"] == ["cubre a mis papas"]
    assert data["tickets"]["median_first_answer_hours"] is not None
    text = faqbot("report", env={"FAQBOT_DATA_DIR": str(tmp_path)}).stdout
    assert "Preguntas enviadas a la oficina: 1; resueltas: 1" in text
