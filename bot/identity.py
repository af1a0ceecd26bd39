"""Who the bot is, from its token: one `getMe` over plain HTTP, so that `faqbot cartel` learns
the @username without starting the Telegram stack. The token is part of the URL, so no error
message here ever includes the URL or the exception's text."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

DEFAULT_API = "https://api.telegram.org/bot"


class IdentityError(Exception):
    """Telegram could not say who the bot is (a Spanish, token-free message)."""


def bot_username(token: str, base_url: str | None = None, timeout: float = 10.0) -> str:
    """The bot's @username (without the @) as Telegram's getMe reports it."""
    url = f"{(base_url or DEFAULT_API).rstrip('/')}{token}/getMe"
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            body = json.load(response)
    except urllib.error.HTTPError as exc:
        raise IdentityError(f"Telegram rechazó el token (HTTP {exc.code}).") from None
    except (urllib.error.URLError, OSError, ValueError):
        raise IdentityError("No pude preguntarle a Telegram el nombre del bot (¿hay red?).") from None
    username = (body.get("result") or {}).get("username") if isinstance(body, dict) else None
    if not isinstance(username, str) or not username:
        raise IdentityError("Telegram no dijo el nombre de usuario del bot.")
    return username
