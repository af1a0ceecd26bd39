"""How every `faqbot` command ends: an exit code from the contract in docs/product.md (0 success,
1 problems found, 2 misuse) and, when it stops short, one line `faqbot: …` on standard error.

Apart from bot/cli.py so the modules that hold the subcommands share these without importing the
command table, which imports them."""

from __future__ import annotations

import sys

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def complain(message: object, code: int) -> int:
    """`faqbot: message` on standard error; returns `code`, the command's exit code."""
    print(f"faqbot: {message}", file=sys.stderr)
    return code
