"""Button data: versioned and within Telegram's 64 bytes; forged or outdated data is refused kindly."""

from __future__ import annotations

from bot.conversation import texts
from bot.telegram.rendering import decode_action, encode_action
from tests.support.harness import Student, bot_running
from tests.test_cli import faqbot


def test_callback_data_is_versioned_and_bounded() -> None:
    assert decode_action(encode_action("opt:institucion:0")) == "opt:institucion:0"
    assert encode_action("x" * 63) is None
    for forged in (None, 5, "", "1|", "2|menu", "menu", "1|" + "x" * 63):
        assert decode_action(forged) is None


async def test_forged_superscript_digits_are_refused_kindly(server, settings) -> None:
    student = Student(server, 41)
    async with bot_running(settings, server):
        [question] = await student.say("/elegibilidad")
        replies = await student.press(question, "1|opt:institucion:²", expect=2)
    assert replies[0].plain == texts.STALE_OPTION
    assert replies[1].plain.startswith("Vamos a ver")  # the question again, with its buttons
    assert texts.TRY_AGAIN not in [m.plain for m in replies]
    chat = faqbot("chat", "--no-journal", stdin="/elegibilidad\n²\n")
    assert chat.returncode == 0 and "Traceback" not in chat.stderr
