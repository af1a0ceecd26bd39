"""`faqbot eval` and `faqbot converse`: the assistant measured on a labelled file, one question or
one scripted conversation at a time, as a report or as JSON.

Apart from bot/cli.py because both commands have one shape, kept once in `_measure`: read the
file (a broken one is misuse, exit 2), load the knowledge base, run, print. The measuring itself
is in bot/understanding/evaluation.py and bot/conversation_suite.py; here only the arguments and
the JSON each command prints."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from bot.cli_exits import EXIT_OK, EXIT_USAGE, complain
from bot.config import Settings
from bot.knowledge import load_knowledge

Loaded = TypeVar("Loaded")
Measured = TypeVar("Measured")


def add_evaluation_parsers(commands: Any) -> None:
    """Register `eval` and `converse` on the `faqbot` subcommands."""
    evaluate = commands.add_parser("eval", help="measure matching on a labelled YAML file")
    evaluate.add_argument("file", type=Path)
    evaluate.add_argument("--json", action="store_true", help="one result per question")
    evaluate.set_defaults(handler=_eval)

    converse = commands.add_parser("converse", help="run scripted conversations and check replies")
    converse.add_argument("file", type=Path)
    converse.add_argument("--json", action="store_true", help="one result per conversation")
    converse.set_defaults(handler=_converse)


def _measure(
    args: argparse.Namespace,
    load: Callable[[Path], Loaded],
    bad_file: type[Exception],
    run: Callable[[Loaded], Measured],
    as_json: Callable[[Measured], dict[str, Any]],
    as_text: Callable[[Measured], str],
) -> int:
    """The shape both commands share: the file read first (a broken one is misuse), then run,
    then the report or, with --json, the results."""
    try:
        loaded = load(args.file)
    except bad_file as exc:
        return complain(exc, EXIT_USAGE)
    measured = run(loaded)
    if args.json:
        print(json.dumps(as_json(measured), ensure_ascii=False, indent=2))
    else:
        print(as_text(measured))
    return EXIT_OK


def _eval(args: argparse.Namespace, settings: Settings) -> int:
    from bot.understanding.combined import CombinedMatcher
    from bot.understanding.evaluation import (
        EvalFileError,
        EvalRow,
        EvalSummary,
        Question,
        evaluate,
        format_report,
        load_questions,
    )

    def run(questions: list[Question]) -> tuple[list[EvalRow], EvalSummary]:
        knowledge = load_knowledge(settings.faq_dir)
        return evaluate(CombinedMatcher.for_knowledge(knowledge, settings.matching), questions)

    def as_json(measured: tuple[list[EvalRow], EvalSummary]) -> dict[str, Any]:
        rows, summary = measured
        return {
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
        }

    return _measure(
        args, load_questions, EvalFileError, run, as_json, lambda measured: format_report(*measured)
    )


def _converse(args: argparse.Namespace, settings: Settings) -> int:
    from bot.conversation_suite import (
        ConversationResult,
        ScriptedConversation,
        SuiteFileError,
        format_report,
        load_suite,
        run_suite,
        summary,
    )

    def run(conversations: list[ScriptedConversation]) -> list[ConversationResult]:
        return run_suite(settings, load_knowledge(settings.faq_dir), conversations)

    def as_json(results: list[ConversationResult]) -> dict[str, Any]:
        return {
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
        }

    return _measure(args, load_suite, SuiteFileError, run, as_json, format_report)
