"""Messages longer than Telegram's 4,096 characters: split at paragraphs into chunks Telegram
accepts, for students and for the admins."""

from __future__ import annotations

from bot.knowledge.telegram_html import visible_length
from bot.telegram.rendering import split_message
from bot.telegram.staff import tell_admins
from tests.support.fake_telegram import parse_html
from tests.support.harness import ADMIN_ID, bot_running


def test_long_replies_are_split_into_valid_chunks() -> None:
    paragraph = "<b>Título</b> " + "palabra " * 300
    text = "\n\n".join([paragraph] * 5)
    chunks = split_message(text)
    assert len(chunks) > 1
    for chunk in chunks:
        assert visible_length(chunk) <= 4096
        parse_html(chunk)  # Telegram would accept it
    giant_line = "a &amp; b " * 1000
    for chunk in split_message(giant_line):
        assert visible_length(chunk) <= 4096
        parse_html(chunk)


async def test_a_summary_longer_than_4096_still_reaches_the_admins(server, settings) -> None:
    text = "\n\n".join(
        f"{n} × «como saco mi kardex {n}» — más cercana: Sin respuesta (10)" for n in range(200)
    )
    async with bot_running(settings, server) as application:
        await tell_admins(application, frozenset({ADMIN_ID}), text, "a test")
        received = await server.replies(ADMIN_ID, at_least=2)
    assert len(received) >= 2 and all(len(m.plain) <= 4096 for m in received)
    assert "199 × «como saco mi kardex 199»" in received[-1].plain
