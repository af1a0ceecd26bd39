"""Polling and webhooks that survive an update the library cannot read.

python-telegram-bot parses a whole getUpdates batch at once; one update it cannot parse (a
self-hosted Bot API server newer than the library, a malformed field) fails the batch, the
offset never moves, and the same batch is fetched again forever while nobody is answered.
This request object, used for getUpdates only, replaces such an update with an empty one of the
same id: the offset moves past it, the rest of the batch is handled, and the skip is logged
(by id only: an update holds what a student wrote).

Webhooks: python-telegram-bot 22's handler answers such an update 400, which Telegram takes as
a failed delivery and posts again (and again, until it gives up), and it logs the whole update,
what the student wrote included. `lenient_webhooks()` makes the updater build its webhook app
with a handler that answers 200, puts the same empty update in the queue and logs the id only.
The library builds that app from a module-level name (`telegram.ext._updater.WebhookAppClass`),
so that name is what is replaced; `tests/telegram/test_unreadable_update.py` fails if a new
version of the library stops reading it.
"""

from __future__ import annotations

import asyncio
import json
import logging
from http import HTTPStatus
from typing import Any

import tornado.web
from telegram import Bot, Update
from telegram.ext import ExtBot
from telegram.ext import _updater as updater_module
from telegram.ext._utils.webhookhandler import TelegramHandler, WebhookAppClass
from telegram.request import HTTPXRequest

JSONDict = dict[str, Any]

_log = logging.getLogger(__name__)


class LenientUpdatesRequest(HTTPXRequest):
    """HTTPXRequest for getUpdates: unreadable updates become empty ones, never a stall."""

    @staticmethod
    def parse_json_payload(payload: bytes) -> JSONDict:
        data = HTTPXRequest.parse_json_payload(payload)
        result = data.get("result")
        if isinstance(result, list):
            data["result"] = [kept for kept in map(readable, result) if kept is not None]
        return data


def readable(update: Any) -> JSONDict | None:
    """The update as is when the library can parse it; else an empty update with its id (None
    when even the id is unusable)."""
    try:
        Update.de_json(update, None)
        return update
    except Exception as exc:  # anything the library's parsing raises
        update_id = update.get("update_id") if isinstance(update, dict) else None
        _log.warning("skipped update %s: the library could not read it (%s)", update_id, type(exc).__name__)
        return {"update_id": update_id} if isinstance(update_id, int) else None


class LenientTelegramHandler(TelegramHandler):
    """The library's webhook handler, but an unreadable update is answered 200 and skipped."""

    async def post(self) -> None:
        self._validate_post()  # content type and secret token, as the library checks them
        self.set_status(HTTPStatus.OK)
        try:
            data = json.loads(self.request.body.decode())
        except ValueError:
            _log.warning("skipped a webhook request that is not JSON")
            return
        kept = readable(data)
        if kept is None:
            return
        update = Update.de_json(kept, self.bot)
        if isinstance(self.bot, ExtBot):
            self.bot.insert_callback_data(update)
        await self.update_queue.put(update)


class LenientWebhookApp(WebhookAppClass):
    """The library's webhook app, with the lenient handler."""

    def __init__(
        self, webhook_path: str, bot: Bot, update_queue: asyncio.Queue, secret_token: str | None = None
    ) -> None:
        self.shared_objects = {"bot": bot, "update_queue": update_queue, "secret_token": secret_token}
        handlers = [(rf"{webhook_path}/?", LenientTelegramHandler, self.shared_objects)]
        tornado.web.Application.__init__(self, handlers)


def lenient_webhooks() -> None:
    """From now on, `run_webhook`/`start_webhook` serve with `LenientWebhookApp`."""
    updater_module.WebhookAppClass = LenientWebhookApp  # type: ignore[misc]
