"""Engine replies as Telegram messages: versioned callback data, keyboards, 4,096-char chunks."""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Collection

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, ReplyParameters, Update
from telegram.error import TelegramError

from bot.conversation import texts
from bot.knowledge.telegram_html import MAX_MESSAGE_CHARS, visible_length
from bot.replies import FEEDBACK_PREFIX, Button, Reply

# Version of the callback-data format: buttons from an older format are refused kindly.
CALLBACK_VERSION = "1"
MAX_CALLBACK_BYTES = 64
_PREFIX = CALLBACK_VERSION + "|"
_TAG = re.compile(r"<[^<>]*>")
_log = logging.getLogger(__name__)


def encode_action(action: str) -> str | None:
    """Callback data for an engine action, or None if Telegram would refuse it (> 64 bytes)."""
    data = _PREFIX + action
    return data if len(data.encode("utf-8")) <= MAX_CALLBACK_BYTES else None


def decode_action(data: object) -> str | None:
    """The engine action in callback data, or None for forged or outdated data."""
    if not isinstance(data, str) or not data.startswith(_PREFIX):
        return None
    action = data.removeprefix(_PREFIX)
    return action if action and len(data.encode("utf-8")) <= MAX_CALLBACK_BYTES else None


def action_pattern(*actions: str, prefix: bool = False) -> str:
    """The CallbackQueryHandler pattern for callback data carrying one of `actions` (with
    `prefix`, any action that starts with one of them)."""
    alternatives = "|".join(map(re.escape, actions))
    return f"^{re.escape(_PREFIX)}(?:{alternatives}){'' if prefix else '$'}"


def number_in(text: str) -> int | None:
    """A ticket or group id from callback data; None unless plain ASCII digits ("¹" is not)."""
    return int(text) if text.isascii() and text.isdecimal() and len(text) < 12 else None


async def admin_action(update: Update, admins: Collection[int]) -> str | None:
    """The action of a button only admins may press; None when it is forged or outdated (nothing
    said) or pressed by anyone else (a toast says it is for admins)."""
    query, user = update.callback_query, update.effective_user
    action = decode_action(query.data) if query else None
    if action is None or user is None:
        return None
    if user.id not in admins:
        await answer_query(update, texts.ADMINS_ONLY)
        return None
    return action


async def answer_query(update: Update, text: str | None = None) -> None:
    """Answer a button press (a toast with `text`, or just stop the spinner); never raises."""
    if update.callback_query is None:
        return
    try:
        await update.callback_query.answer(text)
    except TelegramError:
        _log.info("callback query of update %s could not be answered (too old?)", update.update_id)


def keyboard(reply: Reply, share: bool = False) -> InlineKeyboardMarkup | None:
    """One button per row (titles are long), then 👍 👎 side by side on a rateable answer and,
    with `share` (the bot has inline mode), "Compartir": Telegram asks for a chat and puts
    `@bot <topic>` there, which the inline answers turn into this answer. A button that cannot
    be encoded is left out."""
    rows = [[button] for button in map(_inline, reply.buttons) if button]
    if reply.rate:
        votes = [
            _inline(Button(label, f"{FEEDBACK_PREFIX}{vote}:{reply.rate}"))
            for label, vote in (("👍", "+"), ("👎", "-"))
        ]
        row = [button for button in votes if button]
        if share:
            row.append(InlineKeyboardButton(texts.SHARE, switch_inline_query=reply.rate))
        rows.append(row)
    return InlineKeyboardMarkup(rows) if any(rows) else None


def inline_mode(bot: Bot) -> bool:
    """Whether the bot answers inline queries (BotFather's /setinline), as getMe said."""
    try:
        return bool(bot.supports_inline_queries)
    except RuntimeError:  # not initialised: no getMe yet
        return False


def _inline(button: Button) -> InlineKeyboardButton | None:
    data = encode_action(button.action)
    if data is None:
        _log.warning("button action too long for Telegram, left out: %r", button.action)
        return None
    return InlineKeyboardButton(button.label, callback_data=data)


async def send_replies(
    bot: Bot, chat_id: int, replies: list[Reply], quote: ReplyParameters | None = None
) -> None:
    """Send engine replies to a chat: long ones split, buttons on the last chunk."""
    share = inline_mode(bot)
    for reply in replies:
        chunks = split_message(reply.text)
        for number, chunk in enumerate(chunks, start=1):
            markup = keyboard(reply, share) if number == len(chunks) else None
            await bot.send_message(chat_id, chunk, reply_markup=markup, reply_parameters=quote)


def split_message(text: str, limit: int = MAX_MESSAGE_CHARS) -> list[str]:
    """Chunks of at most `limit` visible characters, cut at paragraph, then line boundaries.

    Answers keep their tags within a paragraph, so cutting there keeps every chunk valid HTML;
    a single line longer than the limit (never in a valid knowledge base) is sent as plain text.
    """
    if visible_length(text) <= limit:
        return [text]
    chunks: list[str] = []
    current = ""
    for piece in _pieces(text, limit):
        candidate = f"{current}\n\n{piece}" if current else piece
        if visible_length(candidate) <= limit:
            current = candidate
        else:
            chunks.append(current)
            current = piece
    if current:
        chunks.append(current)
    return [chunk for chunk in chunks if chunk.strip()]


def _pieces(text: str, limit: int) -> list[str]:
    pieces: list[str] = []
    for paragraph in text.split("\n\n"):
        if visible_length(paragraph) <= limit:
            pieces.append(paragraph)
            continue
        for line in paragraph.split("\n"):
            if visible_length(line) <= limit:
                pieces.append(line)
            else:
                plain = html.unescape(_TAG.sub("", line))
                pieces.extend(
                    html.escape(plain[i : i + limit], quote=False) for i in range(0, len(plain), limit)
                )
    return pieces
