"""`faqbot run`: start the bot with long polling or a webhook; clear exits instead of tracebacks."""

from __future__ import annotations

import asyncio
import logging
import os
import sys

from telegram import Bot, Update
from telegram.error import InvalidToken, NetworkError

from bot.config import Settings
from bot.telegram.application import build_application, webhook_secret
from bot.telegram.logsafety import configure_logging

EXIT_OK, EXIT_NO_TOKEN = 0, 2
_log = logging.getLogger(__name__)


def run_bot(settings: Settings, webhook: bool = False) -> int:
    token = os.environ.get("TELEGRAM_BOT_TOKEN", "").strip()
    if not token:
        print(
            "faqbot: falta TELEGRAM_BOT_TOKEN (pídelo a @BotFather). / "
            "TELEGRAM_BOT_TOKEN is not set (get one from @BotFather).",
            file=sys.stderr,
        )
        return EXIT_NO_TOKEN
    configure_logging(token)
    problem = asyncio.run(_token_problem(settings, token))
    if problem:
        print(problem, file=sys.stderr)
        return EXIT_NO_TOKEN
    application = build_application(settings, token)
    try:
        if webhook:
            hook = settings.telegram.webhook
            if not hook.url:
                print(
                    "faqbot: --webhook necesita telegram.webhook.url en config.yaml. / "
                    "--webhook needs telegram.webhook.url in config.yaml.",
                    file=sys.stderr,
                )
                return EXIT_NO_TOKEN
            application.run_webhook(
                listen=hook.listen,
                port=hook.port,
                url_path=hook.path,
                webhook_url=hook.url,
                secret_token=webhook_secret(settings),
                allowed_updates=Update.ALL_TYPES,
            )
        else:
            application.run_polling(allowed_updates=Update.ALL_TYPES)
    except (InvalidToken, NetworkError) as exc:  # the token or the network went away later
        print(f"faqbot: {exc}", file=sys.stderr)
        return EXIT_NO_TOKEN
    return EXIT_OK


async def _token_problem(settings: Settings, token: str) -> str | None:
    """Ask Telegram who we are before starting, so a bad token is one clear line, not a trace."""
    base_url = settings.telegram.base_url or "https://api.telegram.org/bot"
    try:
        async with Bot(token, base_url=base_url) as bot:
            _log.info("starting as @%s", bot.username)
    except InvalidToken:
        return (
            "faqbot: Telegram rechazó el token (TELEGRAM_BOT_TOKEN). / "
            "Telegram rejected the token in TELEGRAM_BOT_TOKEN."
        )
    except NetworkError as exc:
        return (
            f"faqbot: no hay conexión con la API de Telegram en {base_url} "
            f"({exc.__class__.__name__}). / Cannot reach the Telegram Bot API."
        )
    return None
