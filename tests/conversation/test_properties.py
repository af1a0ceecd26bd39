"""Property-based tests: whatever a student types or taps, in any order, the assistant replies
and never raises; its state stays JSON; every reply is HTML Telegram would accept."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.clock import Clock
from bot.conversation.dialog import Assistant
from bot.knowledge import load_knowledge
from bot.knowledge.telegram_html import html_problems
from bot.normalize import fold
from bot.telegram.rendering import split_message
from bot.understanding.matching import Matcher
from tests.conftest import FAQ_DIR

KNOWLEDGE = load_knowledge(FAQ_DIR)
MATCHER = Matcher.for_knowledge(KNOWLEDGE)
ASSISTANT = Assistant(KNOWLEDGE, MATCHER, Clock(date(2026, 12, 3)))

# Everything Unicode offers, with the awkward parts made likely.
AWKWARD = st.sampled_from(
    [
        "\u200b",
        "\u200d",
        "\u200f",
        "\u202e",
        "\x00",
        "\x07",
        "\ufeff",
        "👍🏽",
        "🇲🇽",
        "ñ",
        "Á",
        "¿",
        "¡",
        "<",
        ">",
        "&",
        "&amp;",
        "\n",
        " ",
    ]
)
TEXT = st.one_of(
    st.text(max_size=200),
    st.lists(st.one_of(AWKWARD, st.text(max_size=5)), max_size=40).map("".join),
    st.sampled_from(
        [
            "",
            " ",
            "😀" * 50,
            "a" * 10_000,
            "q onda " * 600,
            "cuando entrego mi nss",
            "vigente",
            "si",
            "no",
            "atras",
            "cancelar",
        ]
    ),
)
STEP = st.one_of(
    st.tuples(st.just("text"), TEXT),
    st.tuples(st.just("tap"), st.integers(min_value=0, max_value=12)),
    st.tuples(
        st.just("action"),
        st.one_of(
            st.text(max_size=30),
            st.sampled_from(
                [
                    "menu",
                    "flow",
                    "back",
                    "restart",
                    "cancel",
                    "resume",
                    "nomatch",
                    "faq:que_es",
                    "pick:none",
                    "fb:+:que_es",
                    "fb:x:que_es",
                    "opt:estado:0",
                    "opt:institucion:9",
                ]
            ),
        ),
    ),
    st.tuples(
        st.just("command"),
        st.sampled_from(["start", "ayuda", "preguntas", "fechas", "elegibilidad", "cancelar", "xyz", ""]),
    ),
)
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(TEXT)
def test_fold_gives_plain_ascii_words(text: str) -> None:
    folded = fold(text)
    assert set(folded) <= set("abcdefghijklmnopqrstuvwxyz0123456789 ")
    assert folded == folded.strip() and "  " not in folded


@FAST
@given(TEXT)
def test_matcher_always_decides(text: str) -> None:
    result = MATCHER.match(text)
    assert result.outcome in ("answer", "suggest", "none")
    assert 0.0 <= result.score <= 100.0
    assert len(result.candidates) <= 3


@pytest.mark.slow  # ~40 s: the bulk of make check's time
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(STEP, max_size=25))
def test_any_sequence_of_inputs_gets_valid_replies(steps: list[tuple[str, object]]) -> None:
    state: dict = {}
    buttons: tuple = ()
    for kind, value in steps:
        if kind == "text":
            turn = ASSISTANT.on_text(state, value)
        elif kind == "tap":
            if not buttons:
                continue
            turn = ASSISTANT.on_action(state, buttons[value % len(buttons)].action)
        elif kind == "action":
            turn = ASSISTANT.on_action(state, value)
        else:
            turn = ASSISTANT.on_command(state, value)
        assert turn.replies
        for reply in turn.replies:
            assert html_problems(reply.text) == [] or all(
                html_problems(chunk) == [] for chunk in split_message(reply.text)
            )
            assert all(len(f"1|{b.action}".encode()) <= 64 for b in reply.buttons)
        buttons = turn.replies[-1].buttons
        state = json.loads(json.dumps(state))
