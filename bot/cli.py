"""The `faqbot` command line (contract in docs/): chat, ask, check, eval, converse, run, …

The Telegram stack is imported only by `run`, so `faqbot ask` starts fast.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.cli_items import add_item_parser
from bot.config import ConfigError, Settings, load_settings
from bot.knowledge import KnowledgeError, load_knowledge

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.handler is _check:  # reports config.yaml's problems like the knowledge base's
            return _check(args)
        settings = load_settings()
        return args.handler(args, settings)
    except ConfigError as exc:
        if exc.problems:
            print("faqbot: la configuración tiene problemas:", file=sys.stderr)
        print(str(exc) if exc.problems else f"faqbot: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KnowledgeError as exc:
        print("faqbot: la base de conocimiento tiene problemas (corre `faqbot check`):", file=sys.stderr)
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `faqbot eval … | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="faqbot", description="Seguro Facultativo assistant (IMSS student insurance)."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    chat = commands.add_parser("chat", help="talk to the assistant in this terminal")
    chat.add_argument(
        "--no-journal",
        action="store_true",
        help="do not record questions and votes (staff trying things out)",
    )
    chat.set_defaults(handler=_chat)

    ask = commands.add_parser("ask", help="answer one question")
    ask.add_argument("text")
    ask.add_argument("--json", action="store_true", help="intent, score, alternatives and text")
    ask.set_defaults(handler=_ask)

    check = commands.add_parser("check", help="validate the knowledge base")
    check.add_argument("faq_dir", nargs="?", type=Path)
    check.set_defaults(handler=_check)

    evaluate = commands.add_parser("eval", help="measure matching on a labelled YAML file")
    evaluate.add_argument("file", type=Path)
    evaluate.add_argument("--json", action="store_true", help="one result per question")
    evaluate.set_defaults(handler=_eval)

    converse = commands.add_parser("converse", help="run scripted conversations and check replies")
    converse.add_argument("file", type=Path)
    converse.add_argument("--json", action="store_true", help="one result per conversation")
    converse.set_defaults(handler=_converse)

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

    run = commands.add_parser("run", help="start the Telegram bot")
    run.add_argument("--webhook", action="store_true", help="webhook instead of long polling")
    run.set_defaults(handler=_run)
    return parser


def _chat(args: argparse.Namespace, settings: Settings) -> int:
    from bot.assembly import build_assistant
    from bot.privacy_rights.notice import NoticeFacts
    from bot.staff.journal import Journal
    from bot.terminal import TerminalChat

    assistant = build_assistant(settings)
    prompt = "> " if sys.stdin.isatty() else ""
    journal = None if args.no_journal else Journal.open(settings.data_dir, settings.journal_retention_days)
    try:
        kept = settings.handoff.retention_days if settings.handoff.staff_chat_id is not None else None
        facts = NoticeFacts(settings.journal_retention_days, kept)
        TerminalChat(assistant, sys.stdout, prompt, journal, facts).run(sys.stdin)
    finally:
        if journal is not None:
            journal.close()
    return EXIT_OK


def _ask(args: argparse.Namespace, settings: Settings) -> int:
    from bot.assembly import build_assistant
    from bot.terminal import render

    assistant = build_assistant(settings)
    turn = assistant.on_text({}, args.text)
    if not args.json:
        print("\n\n".join(render(reply) for reply in turn.replies))
        return EXIT_OK
    match = turn.match
    knowledge = assistant.knowledge
    candidates = match.candidates if match and match.outcome != "none" else ()
    print(
        json.dumps(
            {
                "intent": match.intent if match and match.outcome != "none" else "none",
                "outcome": match.outcome if match else "none",
                "score": match.score if match else 0.0,
                "confidence": match.confidence if match else 0.0,
                "alternatives": [
                    {
                        "intent": c.intent,
                        "score": c.score,
                        "confidence": c.confidence,
                        "title": knowledge.title(c.intent),
                    }
                    for c in candidates
                ],
                "redirect": match.redirect if match else None,  # the fuera_de_tema group, if any
                "text": "\n\n".join(reply.text for reply in turn.replies),
            },
            ensure_ascii=False,
            indent=2,
        )
    )
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    """config.yaml and the knowledge base, every problem at once as path:line: message."""
    problems: list[object] = []
    try:
        settings: Settings | None = load_settings()
    except ConfigError as exc:
        settings = None
        problems += exc.problems or [f"faqbot: {exc}"]
    directory = args.faq_dir or (settings.faq_dir if settings else Path("faq"))
    try:
        knowledge = load_knowledge(directory)
    except KnowledgeError as exc:
        problems += exc.problems
    if problems:
        for problem in problems:
            print(problem)
        print(f"{len(problems)} problema(s)", file=sys.stderr)
        return EXIT_PROBLEMS
    examples = sum(map(len, knowledge.examples.values()))
    phrasings = sum(len(item.phrasings) for item in knowledge.items.values()) + len(
        knowledge.reception.phrasings
    )
    print(
        f"{directory}: todo bien ({len(knowledge.topics)} temas, {phrasings} frases, "
        f"{examples} ejemplos, {len(knowledge.questionnaire.nodes)} nodos, "
        f"{len(knowledge.reception.periods)} periodos, {len(knowledge.out_of_scope)} grupos "
        f"fuera de tema, {len(knowledge.own_topics)} temas del asistente; versión "
        f"{knowledge.version})"
    )
    return EXIT_OK


def _eval(args: argparse.Namespace, settings: Settings) -> int:
    from bot.understanding.combined import CombinedMatcher
    from bot.understanding.evaluation import EvalFileError, evaluate, format_report, load_questions

    try:
        questions = load_questions(args.file)
    except EvalFileError as exc:
        print(f"faqbot: {exc}", file=sys.stderr)
        return EXIT_USAGE
    knowledge = load_knowledge(settings.faq_dir)
    matcher = CombinedMatcher.for_knowledge(knowledge, settings.matching)
    rows, summary = evaluate(matcher, questions)
    if args.json:
        print(
            json.dumps(
                {
                    "results": [
                        {
                            "text": r.text,
                            "expected": r.expected,
                            "predicted": r.predicted,
                            "outcome": r.outcome,
                            "candidates": list(r.candidates),
                            "score": r.score,
                            "confidence": r.confidence,
                            "redirect": r.redirect,
                            "after": r.after,
                        }
                        for r in rows
                    ],
                    "summary": summary.as_dict(),
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        print(format_report(rows, summary))
    return EXIT_OK


def _converse(args: argparse.Namespace, settings: Settings) -> int:
    from bot.conversation_suite import SuiteFileError, format_report, load_suite, run_suite, summary

    try:
        conversations = load_suite(args.file)
    except SuiteFileError as exc:
        print(f"faqbot: {exc}", file=sys.stderr)
        return EXIT_USAGE
    results = run_suite(settings, load_knowledge(settings.faq_dir), conversations)
    if args.json:
        print(
            json.dumps(
                {
                    "results": [
                        {
                            "name": r.name,
                            "right": r.right,
                            "turns": [
                                {
                                    "said": t.said,
                                    "reply": t.reply,
                                    "right": t.right,
                                    "missing": t.missing,
                                    "unwanted": t.unwanted,
                                    "repeated": t.repeated,
                                }
                                for t in r.turns
                            ],
                        }
                        for r in results
                    ],
                    "summary": summary(results),
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        print(format_report(results))
    return EXIT_OK


def _report(args: argparse.Namespace, settings: Settings) -> int:
    from bot.office.tickets import TICKETS_FILE, TicketStore
    from bot.staff.journal import Journal
    from bot.staff.report import build_report, report_html, report_text
    from bot.understanding.matching import Matcher

    if args.since <= 0:
        print("faqbot: --since debe ser un número de días mayor que 0", file=sys.stderr)
        return EXIT_USAGE
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
        print(f"faqbot: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"{added.file}:{added.line}: {added.text}")
    return EXIT_OK


def _cartel(args: argparse.Namespace, settings: Settings) -> int:
    """The poster for the office window: a PDF (and its PNG) with a QR to the bot's link."""
    from bot.conversation.deep_links import link, names_something
    from bot.identity import IdentityError, bot_username
    from bot.office.poster import Poster, write_pdf, write_png

    if args.inicio and not names_something(load_knowledge(settings.faq_dir), args.inicio):
        print(f"faqbot: --inicio {args.inicio} no abre nada (README, Deep links)", file=sys.stderr)
        return EXIT_USAGE
    username = (args.usuario or "").lstrip("@")
    token = os.environ.get("TELEGRAM_BOT_TOKEN", "").strip()
    try:
        if not username and token:
            username = bot_username(token, settings.telegram.base_url)
    except IdentityError as exc:
        print(f"faqbot: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{3,31}", username):
        print("faqbot: falta --usuario (o TELEGRAM_BOT_TOKEN) con el nombre del bot", file=sys.stderr)
        return EXIT_USAGE
    poster = Poster(link(username, args.inicio), username, settings.office, settings.clock().today())
    write_pdf(poster, args.salida)
    print(args.salida)
    if args.png:
        write_png(args.salida, args.salida.with_suffix(".png"))
        print(args.salida.with_suffix(".png"))
    return EXIT_OK


def _run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.telegram.main import run_bot

    return run_bot(settings, webhook=args.webhook)
