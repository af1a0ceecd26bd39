"""`faqbot add-item`: a new question with its answer from the command line, for an office that
has a server console but not the patience to hand-edit YAML. Kept apart from bot/cli.py so the
command's arguments and messages sit next to each other (and bot/cli.py stays one screenful
per command)."""

from __future__ import annotations

import argparse
from typing import Any

from bot.cli_exits import EXIT_OK, EXIT_PROBLEMS, complain
from bot.config import Settings


def add_item_parser(commands: Any) -> None:
    """Register `add-item` on the `faqbot` subcommands."""
    item = commands.add_parser("add-item", help="add a new question with its answer")
    item.add_argument("--titulo", required=True, help="the question as students see it")
    item.add_argument("--respuesta", required=True, help="the answer (Telegram HTML)")
    item.add_argument(
        "--frase", action="append", required=True, help="a way students ask it (repeat it, at least 5)"
    )
    item.add_argument("--id", dest="item_id", help="the item's id (default: made from the title)")
    item.set_defaults(handler=_add_item)


def _add_item(args: argparse.Namespace, settings: Settings) -> int:
    """A new item appended to preguntas.yaml, the file otherwise untouched."""
    from bot.knowledge.editing import EditError
    from bot.staff.curation import add_item_checked

    try:
        added = add_item_checked(
            settings.faq_dir, args.titulo, args.respuesta, args.frase, args.item_id, settings.matching
        )
    except EditError as exc:
        return complain(exc, EXIT_PROBLEMS)
    print(f"{added.file}:{added.line}: {added.text}")
    return EXIT_OK
