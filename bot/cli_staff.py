"""The office's commands: `faqbot report` (what students asked that the bot could not answer),
`faqbot add-phrase`, `faqbot add-item` (registered from bot/cli_items.py) and `faqbot cartel`
(the poster for the office window).

Apart from bot/cli.py, which holds the command table and the commands that try the assistant
out: these are what staff run from a console to read and tend it, each with its arguments beside
its messages."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

from bot.cli_exits import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, complain
from bot.cli_items import add_item_parser
from bot.config import Settings
from bot.knowledge import load_knowledge


def add_staff_parsers(commands: Any) -> None:
    """Register `report`, `add-phrase`, `add-item` and `cartel` on the `faqbot` subcommands."""
    report = commands.add_parser("report", help="what students asked that the bot could not answer")
    report.add_argument(
        "--since", type=float, default=30, metavar="DAYS", help="how many days back (default 30)"
    )
    report.add_argument("--json", action="store_true", help="machine-readable report")
    report.add_argument("--html", type=Path, metavar="FILE", help="write a self-contained page")
    report.set_defaults(handler=_report)

    add = commands.add_parser("add-phrase", help="add a phrasing to an item's frases")
    add.add_argument("item_id", help="an item id, fechas_recepcion, or fuera_de_tema:<group>")
    add.add_argument("text")
    add.set_defaults(handler=_add_phrase)

    add_item_parser(commands)  # faqbot add-item
    poster = commands.add_parser("cartel", help="the printable poster with the bot's QR code")
    poster.add_argument("--salida", type=Path, default=Path("cartel.pdf"), help="the PDF to write")
    poster.add_argument("--png", action="store_true", help="also the page as a PNG beside it")
    poster.add_argument("--inicio", metavar="PAYLOAD", help="the deep link to open, e.g. fechas")
    poster.add_argument("--usuario", help="the bot's @username (else asked with the token)")
    poster.set_defaults(handler=_cartel)


def _report(args: argparse.Namespace, settings: Settings) -> int:
    from bot.office.tickets import TICKETS_FILE, TicketStore
    from bot.staff.journal import Journal
    from bot.staff.report import build_report, report_text
    from bot.staff.report_page import report_html
    from bot.understanding.matching import Matcher

    if args.since <= 0:
        return complain("--since debe ser un número de días mayor que 0", EXIT_USAGE)
    knowledge = load_knowledge(settings.faq_dir)
    matcher = Matcher.for_knowledge(knowledge, settings.matching)
    journal = Journal.open(settings.data_dir, settings.journal_retention_days)
    tickets = (
        TicketStore.open(settings.data_dir, settings.handoff.retention_days)
        if (settings.data_dir / TICKETS_FILE).exists()
        else None
    )
    try:
        report = build_report(journal, knowledge.names, matcher.terms, args.since, tickets=tickets)
    finally:
        journal.close()
        if tickets is not None:
            tickets.close()
    if args.html:
        args.html.write_text(report_html(report), encoding="utf-8")
        print(f"reporte escrito en {args.html}", file=sys.stderr)
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    elif not args.html:
        print(report_text(report))
    return EXIT_OK


def _add_phrase(args: argparse.Namespace, settings: Settings) -> int:
    """One line added under the item's `frases`, the file otherwise untouched."""
    from bot.knowledge.editing import EditError
    from bot.staff.curation import add_checked

    try:
        added = add_checked(settings.faq_dir, args.item_id, args.text, settings.matching)
    except EditError as exc:
        return complain(exc, EXIT_PROBLEMS)
    print(f"{added.file}:{added.line}: {added.text}")
    return EXIT_OK


def _cartel(args: argparse.Namespace, settings: Settings) -> int:
    """The poster for the office window: a PDF (and its PNG) with a QR to the bot's link."""
    from bot.conversation.deep_links import link, names_something
    from bot.identity import IdentityError, bot_username
    from bot.office.poster import Poster, write_pdf, write_png

    if args.inicio and not names_something(load_knowledge(settings.faq_dir), args.inicio):
        return complain(f"--inicio {args.inicio} no abre nada (README, Deep links)", EXIT_USAGE)
    username = (args.usuario or "").lstrip("@")
    token = os.environ.get("TELEGRAM_BOT_TOKEN", "").strip()
    try:
        if not username and token:
            username = bot_username(token, settings.telegram.base_url)
    except IdentityError as exc:
        return complain(exc, EXIT_USAGE)
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{3,31}", username):
        return complain("falta --usuario (o TELEGRAM_BOT_TOKEN) con el nombre del bot", EXIT_USAGE)
    poster = Poster(link(username, args.inicio), username, settings.office, settings.clock().today())
    write_pdf(poster, args.salida)
    print(args.salida)
    if args.png:
        write_png(args.salida, args.salida.with_suffix(".png"))
        print(args.salida.with_suffix(".png"))
    return EXIT_OK
