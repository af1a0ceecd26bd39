"""Personal data students sometimes paste (NSS, CURP, phone, e-mail), masked before anything is
logged or stored. The assistant never needs these data to answer."""

from __future__ import annotations

import re

_PATTERNS = [
    ("[CURP]", re.compile(r"\b[A-Z]{4}\d{6}[HMX][A-Z]{5}[A-Z0-9]\d\b", re.IGNORECASE)),
    ("[EMAIL]", re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")),
    ("[NSS]", re.compile(r"(?<![\d-])\d(?:[ -]?\d){10}(?![\d-])")),
    ("[TEL]", re.compile(r"(?<![\d-])(?:\+?52[ -]?)?\(?\d{2,3}\)?[ -]?\d{3,4}[ -]?\d{4}(?![\d-])")),
]


def redact(text: str) -> str:
    """`text` with NSS, CURP, phone numbers and e-mail addresses replaced by placeholders."""
    for placeholder, pattern in _PATTERNS:
        text = pattern.sub(placeholder, text)
    return text



def contains_personal_id(text: str) -> bool:
    """True when the text holds an NSS or a CURP, which the assistant should warn about."""
    return any(pattern.search(text) for placeholder, pattern in _PATTERNS
               if placeholder in ("[NSS]", "[CURP]"))
