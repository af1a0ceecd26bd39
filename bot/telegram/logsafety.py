"""Logging that can never print the bot token (httpx logs every request URL, token included)."""

from __future__ import annotations

import logging

from bot.privacy import redact


class RedactingFilter(logging.Filter):
    """Replaces the token (and any NSS or CURP) in every record with a placeholder."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self._token = token

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = redact(message.replace(self._token, "[TOKEN]") if self._token else message)
        if clean != message:
            record.msg, record.args = clean, None
        return True


def configure_logging(token: str, level: int = logging.INFO) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter(token))
    logging.basicConfig(level=level, handlers=[handler], force=True)
    logging.getLogger("httpx").setLevel(logging.WARNING)
