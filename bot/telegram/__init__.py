"""The Telegram front end: a thin python-telegram-bot adapter over the dialog engine."""
