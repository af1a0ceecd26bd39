"""Polling that survives an update the library cannot read.

python-telegram-bot parses a whole getUpdates batch at once; one update it cannot parse (a
self-hosted Bot API server newer than the library, a malformed field) fails the batch, the
offset never moves, and the same batch is fetched again forever while nobody is answered.
This request object, used for getUpdates only, replaces such an update with an empty one of the
same id: the offset moves past it, the rest of the batch is handled, and the skip is logged
(by id only: an update holds what a student wrote).
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import Update
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
