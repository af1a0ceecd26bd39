"""Third adversarial review, defect 7: personal data in odd formats is masked too."""

from __future__ import annotations

import pytest

from bot.privacy import contains_personal_id, redact


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("nss 1234/5678/901", "nss [NSS]"),
        ("nss 12,345,678,901", "nss [NSS]"),
        ("nss 1234:5678:901", "nss [NSS]"),
        ("nss 1234+5678+901", "nss [NSS]"),
        ("nss 1234     5678     901", "nss [NSS]"),
        ("cel 55/1234/5678", "cel [TEL]"),
        ("curp GOMC/800101/HDFRRR/09", "curp [CURP]"),
        ("curp G O M C 8 0 0 1 0 1 H D F R R R 0 9", "curp [CURP]"),
        ("correo ana @ gmail.com", "correo [EMAIL]"),
        ("correo ana@gmail", "correo [EMAIL]"),
        ("correo ana [at] gmail.com", "correo [EMAIL]"),
        ("correo ana＠gmail.com", "correo [EMAIL]"),
    ],
)
def test_personal_data_in_odd_formats_is_masked(text: str, masked: str) -> None:
    assert redact(text) == masked


@pytest.mark.parametrize(
    "text",
    [
        "la recepción es del 20/11/2026 al 10/12/2026 de 9:00 a 14:00",
        "cuesta 1,500 pesos y son 3 + 4 documentos",
        "salón 204, edificio B, a las 12:30",
        "escríbele a la oficina, está en el 2o piso",
    ],
)
def test_dates_times_and_amounts_are_left_alone(text: str) -> None:
    assert redact(text) == text and not contains_personal_id(text)


def test_a_telegram_username_is_not_an_email() -> None:
    assert redact("starting as @faqbot_test") == "starting as @faqbot_test"
    assert redact("Ana (@ana_lopez)") == "Ana (@ana_lopez)"
