"""Staff files made hostile on purpose: what a careless or malicious edit can put in faq/."""

from __future__ import annotations

import os
from pathlib import Path

ALIAS_BOMB = "sinonimos:\n  a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"  {c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)
)


def hostile_file(kind: str, path: Path) -> None:
    path.unlink()
    if kind == "alias bomb":
        path.write_text(ALIAS_BOMB, encoding="utf-8")
    elif kind == "self alias":
        path.write_text("sinonimos: &r [*r]\n", encoding="utf-8")
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        path.symlink_to("/dev/zero")
    elif kind == "30 MB":
        path.write_text("sinonimos:\n  x:\n" + "    - palabra\n" * 2_300_000, encoding="utf-8")
    elif kind == "deep":
        path.write_text("sinonimos: " + "[" * 3000 + "]" * 3000 + "\n", encoding="utf-8")
