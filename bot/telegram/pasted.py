"""A pasted NSS, CURP or phone number deleted from the student's private chat (Telegram lets a
bot delete incoming messages there), so it does not stay in a chat history anyone holding the
phone can read; the student is told why in one line. Configurable with
`privacidad.borrar_datos_pegados` (on by default); when the deletion fails, the student gets
the engine's usual warning instead."""

from __future__ import annotations

import logging
from dataclasses import replace

from telegram import Message
from telegram.constants import ChatType
from telegram.error import TelegramError

from bot.conversation import texts
from bot.privacy import holds_pasted_data
from bot.replies import Reply

_log = logging.getLogger(__name__)


async def deleted_if_pasted(message: Message, enabled: bool) -> bool:
    """Delete a private message that holds personal data; True when it is gone."""
    if (
        not enabled
        or message.chat.type != ChatType.PRIVATE
        or not message.text
        or not holds_pasted_data(message.text)
    ):
        return False
    try:
        return await message.delete()
    except TelegramError as exc:
        _log.info("could not delete a message with personal data (%s)", type(exc).__name__)
        return False


def told_why(replies: list[Reply]) -> list[Reply]:
    """The replies with the usual warning replaced by the line saying the message was deleted
    (added at the end when there was no warning: a phone number)."""
    if any(reply.text == texts.PRIVACY_NOTE for reply in replies):
        return [
            replace(reply, text=texts.PASTED_DELETED) if reply.text == texts.PRIVACY_NOTE else reply
            for reply in replies
        ]
    return [*replies, Reply(texts.PASTED_DELETED)]
