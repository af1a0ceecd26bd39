"""Personal data students sometimes paste (NSS, CURP, phone, e-mail), masked before anything is
logged or stored. The assistant never needs these data to answer.

Students write numbers the way they read them off a card or a phone: "12.34.56.7890.1",
"55 12 34 56 78", "GOMC-800101-HDFRRR-09", "1234/5678/901", "12,345,678,901", a CURP spaced
letter by letter, "ana @ gmail.com", "ana [at] gmail.com", a full-width "＠", sometimes with an
invisible character pasted in. So invisible characters are dropped first, and a number is read
as one run of digits with any separators between them; how many digits it has (and a leading
+52) says what it is, so a phone number is never mistaken for an NSS or the other way round.
"""

from __future__ import annotations

import re

# Format characters (zero-width spaces and joiners, soft hyphen, direction marks, BOM).
_INVISIBLE = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")
# "ana@x.mx" and "ana＠x" (a domain without its dot); spaced or spelled out ("ana @ x.mx",
# "ana [at] x.mx") only with a dotted domain, so "escríbele a @usuario" stays as written.
_EMAIL = re.compile(
    r"[\w.+-]+[@＠][\w-]+(?:\.[\w-]+)*"
    r"|[\w.+-]+\s?(?:[@＠]|[\[(]\s?(?:at|arroba)\s?[\])])\s?[\w-]+(?:\s?\.\s?[\w-]+)+",
    re.IGNORECASE,
)
_CURP_SEP = r"[\s./_-]{0,2}"  # any character may be set apart, "G O M C 8 0 …" included


def _curp_pattern() -> re.Pattern[str]:
    parts = ["[A-Z]"] * 4 + [r"\d"] * 6 + ["[HMX]"] + ["[A-Z]"] * 5 + ["[A-Z0-9]", r"\d"]
    return re.compile(_CURP_SEP.join(parts) + r"(?![0-9])", re.IGNORECASE)


_CURP = _curp_pattern()
# A run of digits, allowing up to six separators between any two of them (spaces, dots,
# dashes, slashes, commas, colons, plus signs).
_NUMBER = re.compile(r"(?<!\d)(?P<plus>\+[\s(]*)?\d(?:[\s.()‐-―_·/,:+-]{0,6}\d)*")
NSS_DIGITS = 11
PHONE_DIGITS = 10
MIN_MASKED_DIGITS = 10  # shorter numbers are dates, amounts, room numbers


def _number_kind(match: re.Match[str]) -> str | None:
    """What a run of digits is: '[NSS]', '[TEL]', '[NUM]', or None for a short number."""
    digits = re.sub(r"\D", "", match.group())
    if len(digits) < MIN_MASKED_DIGITS:
        return None
    country = digits.startswith("52") and len(digits) in (PHONE_DIGITS + 2, PHONE_DIGITS + 3)
    if match.group("plus") or country or len(digits) == PHONE_DIGITS:
        return "[TEL]"
    return "[NSS]" if len(digits) == NSS_DIGITS else "[NUM]"


def _masked(text: str) -> tuple[str, set[str]]:
    text = _INVISIBLE.sub("", text)
    found: set[str] = set()

    def number(match: re.Match[str]) -> str:
        kind = _number_kind(match)
        if kind is None:
            return match.group()
        found.add(kind)
        return kind

    for placeholder, pattern in (("[EMAIL]", _EMAIL), ("[CURP]", _CURP)):
        text, count = pattern.subn(placeholder, text)
        if count:
            found.add(placeholder)
    return _NUMBER.sub(number, text), found


def redact(text: str) -> str:
    """`text` with NSS, CURP, phone numbers, e-mail addresses and other long numbers masked."""
    return _masked(text)[0]


def contains_personal_id(text: str) -> bool:
    """True when the text holds an NSS or a CURP (or a long number that may hide one), which
    the assistant should warn about."""
    return bool(_masked(text)[1] & {"[NSS]", "[CURP]", "[NUM]"})


def holds_pasted_data(text: str) -> bool:
    """True when the text holds an NSS, a CURP, a phone number or a long number that may hide
    one: what the Telegram adapter deletes from a private chat."""
    return bool(_masked(text)[1] & {"[NSS]", "[CURP]", "[TEL]", "[NUM]"})
