"""Logging that can never print the bot token, an NSS or a CURP.

httpx logs every request URL (token included) and PTB logs whole updates at DEBUG (message text
included), so redaction happens where every record is born, not in one handler: whatever
handler is attached later (journald, a file, pytest) only ever sees the redacted message.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from bot.privacy import redact

_original_factory: Callable[..., logging.LogRecord] | None = None


def install_redaction(token: str) -> None:
    """Redact the token and personal data from every log record created from now on."""
    global _original_factory
    if _original_factory is None:
        _original_factory = logging.getLogRecordFactory()
    base = _original_factory

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = base(*args, **kwargs)
        message = record.getMessage()
        clean = redact(message.replace(token, "[TOKEN]") if token else message)
        if clean != message:
            record.msg, record.args = clean, None
        return record

    logging.setLogRecordFactory(factory)


def uninstall_redaction() -> None:
    global _original_factory
    if _original_factory is not None:
        logging.setLogRecordFactory(_original_factory)
        _original_factory = None


def configure_logging(token: str, level: int = logging.INFO) -> None:
    install_redaction(token)
    logging.basicConfig(level=level, force=True, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)  # every job run is not news
