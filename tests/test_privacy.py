"""Personal data (NSS, CURP, phone, e-mail, other long numbers) masked before anything is logged
or stored, however the student formatted it, and the warning about pasting it."""

from __future__ import annotations

import pytest

from bot.privacy import contains_personal_id, redact


@pytest.mark.parametrize(
    ("text", "masked", "warns"),
    [
        ("mi nss 12.34.56.7890.1", "mi nss [NSS]", True),
        ("nss 1234  5678  901", "nss [NSS]", True),
        ("nss 1234\u200b5678\u200b901", "nss [NSS]", True),
        ("curp GOMC-800101-HDFRRR-09", "curp [CURP]", True),
        ("CURPGOMC800101HDFRRR09", "CURP[CURP]", True),
        ("cel 55 12 34 56 78", "cel [TEL]", False),
        ("cel 55.1234.5678", "cel [TEL]", False),
        ("cel +52 1 55 1234 5678", "cel [TEL]", False),
        ("del 1 al 5 de diciembre de 2026, salon 204", "del 1 al 5 de diciembre de 2026, salon 204", False),
    ],
)
def test_formatted_personal_data_is_redacted(text: str, masked: str, warns: bool) -> None:
    assert redact(text) == masked
    assert contains_personal_id(text) is warns


def test_redaction_masks_personal_data() -> None:
    text = (
        "mi nss 1234 5678 901, curp GODE561231HDFRRN09, cel 55 1234 5678, "
        "correo ana.lopez@alumno.mx, del 1 al 5 de diciembre"
    )
    assert redact(text) == ("mi nss [NSS], curp [CURP], cel [TEL], correo [EMAIL], del 1 al 5 de diciembre")


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("mi folio es 123456789012", "mi folio es [NUM]"),  # 12 digits: not an NSS (11), no phone
        ("cuenta 1234 5678 9012 3456", "cuenta [NUM]"),
        ("registro 98765432109876543", "registro [NUM]"),
    ],
)
def test_a_long_number_of_unknown_kind_is_masked_and_warned_about(text: str, masked: str) -> None:
    """It may be an NSS with a digit too many or an account number: masked as [NUM], and the
    student is told not to paste such numbers, as for an NSS."""
    assert redact(text) == masked
    assert contains_personal_id(text)


def test_phones_and_short_numbers_are_no_reason_to_warn() -> None:
    for text in ("mi cel es 5512345678", "+52 55 1234 5678", "salon 204, del 1 al 5"):
        assert not contains_personal_id(text), text


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("mi cel 52 55 1234 5678", "mi cel [TEL]"),  # 12 digits with Mexico's code, no +
        ("mi cel 521 55 1234 5678", "mi cel [TEL]"),  # 13 digits: the old mobile 1
        ("llama al +1 555 123 4567", "llama al [TEL]"),  # 11 digits, but a + says phone
        ("folio 52123456789012", "folio [NUM]"),  # starts like a phone, too long for one
    ],
)
def test_what_makes_a_long_number_a_phone(text: str, masked: str) -> None:
    assert redact(text) == masked
    assert not contains_personal_id(text) if masked.endswith("[TEL]") else contains_personal_id(text)
