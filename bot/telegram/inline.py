"""Inline answers: typing `@<bot> nss` in any chat (a class group, a friend's chat) lists the
answers that match, best first, read by the same FAQ matcher as a question in the bot's chat;
choosing one posts that answer there, with a button that opens the assistant on it (a deep
link). An empty query lists every topic, and a topic's id lists that one answer (what the
"Compartir" button under an answer types). Nothing about who asked, or what, is logged."""

from __future__ import annotations

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    LinkPreviewOptions,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.conversation import texts
from bot.conversation.deep_links import link
from bot.conversation.dialog import Assistant
from bot.hot_reload import LiveAssistant
from bot.knowledge.telegram_html import to_plain_text
from bot.telegram.chat_state import Stats
from bot.telegram.rendering import split_message

MAX_RESULTS = 5
PREVIEW_CHARS = 90
CACHE_SECONDS = 300  # the dates answer says "today": not longer than a few minutes
START_PARAMETER = "inline"  # the results' "Preguntarle al asistente": an unknown payload, greeting


def topics_for(assistant: Assistant, query: str) -> list[str]:
    """The topics to list for a query: the one a topic id names, every topic for an empty
    query, else the matcher's candidates, best first, at most MAX_RESULTS."""
    text = query.strip()
    if not text:
        return [topic.id for topic in assistant.knowledge.topics]
    if assistant.topics.is_topic(text):
        return [text]
    result = assistant.matcher.match(text)
    if result.small_talk or result.empty:
        return []
    ranked = [c.intent for c in result.candidates if assistant.topics.is_topic(c.intent)]
    return list(dict.fromkeys(ranked))[:MAX_RESULTS]


def preview(text: str) -> str:
    """One line of an answer's body: the description under its title in the list."""
    title, _, body = text.partition("\n\n")
    line = " ".join(to_plain_text(body or title).split())
    return line if len(line) <= PREVIEW_CHARS else line[: PREVIEW_CHARS - 1].rstrip() + "…"


class InlineAnswers:
    """The `@<bot> …` answers, from the live assistant."""

    def __init__(self, live: LiveAssistant, stats: Stats) -> None:
        self.live = live
        self.stats = stats

    async def on_query(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """An inline query: the matching answers, best first (never logged)."""
        query = update.inline_query
        if query is None:
            return
        assistant = self.live.assistant
        username = context.bot.username
        results = [self._article(assistant, topic, username) for topic in topics_for(assistant, query.query)]
        self.stats.counts["inline_queries"] += 1
        try:
            await query.answer(
                results,
                cache_time=CACHE_SECONDS,
                is_personal=False,
                button=InlineQueryResultsButton(texts.ASK_THE_ASSISTANT, start_parameter=START_PARAMETER),
            )
        except TelegramError:  # too old: the student typed on; the next query is answered
            self.stats.counts["inline_failed"] += 1

    @staticmethod
    def _article(assistant: Assistant, topic: str, username: str) -> InlineQueryResultArticle:
        reply = assistant.topic_reply(topic)
        text = split_message(reply.text)[0]  # answers are short; one message at most
        ask = InlineKeyboardButton(texts.ASK_THE_ASSISTANT, url=link(username, topic))
        return InlineQueryResultArticle(
            id=topic,
            title=assistant.knowledge.title(topic),
            description=preview(reply.text),
            input_message_content=InputTextMessageContent(
                text, parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)
            ),
            reply_markup=InlineKeyboardMarkup([[ask]]),
        )
