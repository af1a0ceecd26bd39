"""The `faqbot` command line (contract in docs/): chat, ask, check, eval, converse, run, …

Here are the command table, how errors become exit codes, and the commands that try the
assistant out (chat, ask), validate it (check) and serve it (run). The measuring commands are in
bot/cli_evaluation.py and the office's in bot/cli_staff.py, each registering its own arguments.
The Telegram stack is imported only by `run`, so `faqbot ask` starts fast.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.cli_evaluation import add_evaluation_parsers
from bot.cli_exits import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from bot.cli_staff import add_staff_parsers
from bot.config import ConfigError, Settings, load_settings
from bot.knowledge import KnowledgeError, load_knowledge


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

    add_evaluation_parsers(commands)  # faqbot eval, faqbot converse
    add_staff_parsers(commands)  # faqbot report, add-phrase, add-item, cartel

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


def _run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.telegram.main import run_bot

    return run_bot(settings, webhook=args.webhook)
