"""The one place where the Telegram application is wired (PTB examples / rules-bot style)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from datetime import UTC, datetime

from telegram import BotCommand, BotCommandScopeChat, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest

from bot.config import Settings
from bot.dialog import COMMANDS
from bot.flood import FloodGuard
from bot.journal import Journal
from bot.live import LiveAssistant
from bot.report import seconds_until_weekly
from bot.telegram.handlers import Stats, TelegramFrontend, problems_text
from bot.telegram.persistence import SqlitePersistence
from bot.telegram.processing import PerStudentUpdateProcessor
from bot.telegram.ratelimit import ChatRateLimiter

_log = logging.getLogger(__name__)

PUBLIC_COMMANDS = [
    BotCommand("start", "Empezar"),
    BotCommand("preguntas", "Ver los temas que conozco"),
    BotCommand("fechas", "¿Cuándo entrego mi tarjeta del NSS?"),
    BotCommand("elegibilidad", "¿Qué me toca hacer? (cuestionario)"),
    BotCommand("cancelar", "Salir del cuestionario"),
    BotCommand("ayuda", "Cómo usar el asistente"),
]
ADMIN_COMMANDS = [
    BotCommand("recargar", "Recargar la base de conocimiento"),
    BotCommand("estado", "Versión, tiempo activo y conteos"),
    BotCommand("reporte", "Resumen de la semana: preguntas sin respuesta"),
]
NON_TEXT = (filters.Sticker.ALL | filters.PHOTO | filters.VOICE | filters.VIDEO | filters.AUDIO
            | filters.VIDEO_NOTE | filters.ANIMATION | filters.Document.ALL | filters.LOCATION
            | filters.VENUE | filters.CONTACT | filters.POLL | filters.Dice.ALL)
WATCHER_KEY = "knowledge_watcher"
WEEKLY_KEY = "weekly_report"


def build_application(settings: Settings, token: str, rate_limiter: bool = True,
                      request: BaseRequest | None = None) -> Application:
    """Everything the bot needs, wired once; `request` replaces the HTTP layer (offline tests)."""
    live = LiveAssistant(settings)
    tg = settings.telegram
    journal = Journal.open(settings.data_dir, settings.journal_retention_days)
    frontend = TelegramFrontend(live, FloodGuard(tg.flood_messages, tg.flood_seconds), tg.admins,
                                Stats(), journal)

    builder = (
        Application.builder()
        .token(token)
        .defaults(Defaults(parse_mode=ParseMode.HTML,
                           link_preview_options=LinkPreviewOptions(is_disabled=True)))
        .persistence(SqlitePersistence(settings.data_dir / "state.sqlite3",
                                       update_interval=tg.persistence_seconds))
        .concurrent_updates(PerStudentUpdateProcessor(tg.concurrent_updates))
        .post_init(lambda app: _started(app, frontend, settings))
        .post_stop(_stopping)
        .post_shutdown(lambda _app: _close_journal(journal))
    )
    if tg.base_url:
        builder = builder.base_url(tg.base_url)
    if rate_limiter:
        builder = builder.rate_limiter(ChatRateLimiter())
    if request is not None:
        builder = builder.request(request)
    application = builder.build()

    new = filters.UpdateType.MESSAGE  # edited messages are ignored
    application.add_handler(TypeHandler(Update, frontend.flood_gate), group=-1)
    application.add_handler(CommandHandler(list(COMMANDS), frontend.on_command))
    application.add_handler(CommandHandler("recargar", frontend.on_reload))
    application.add_handler(CommandHandler("estado", frontend.on_status))
    application.add_handler(CommandHandler("reporte", frontend.on_report))
    application.add_handler(MessageHandler(new & filters.COMMAND, frontend.on_command))
    application.add_handler(MessageHandler(new & filters.TEXT & ~filters.COMMAND, frontend.on_text))
    application.add_handler(MessageHandler(new & NON_TEXT, frontend.on_non_text))
    application.add_handler(CallbackQueryHandler(frontend.on_button))
    application.add_error_handler(frontend.on_error)
    return application


async def _started(application: Application, frontend: TelegramFrontend, settings: Settings) -> None:
    """Register the command menus and start watching faq/ for edits."""
    try:
        await application.bot.set_my_commands(PUBLIC_COMMANDS)
    except TelegramError as exc:
        _log.warning("could not register the command menu: %s", exc)
    for admin in settings.telegram.admins:
        try:
            await application.bot.set_my_commands(PUBLIC_COMMANDS + ADMIN_COMMANDS,
                                                  scope=BotCommandScopeChat(admin))
        except TelegramError:
            _log.info("admin %s has not started the bot yet; no admin menu for them", admin)
    application.bot_data[WATCHER_KEY] = asyncio.create_task(
        _watch_knowledge(application, frontend, settings.telegram.reload_seconds))
    if settings.telegram.admins:
        application.bot_data[WEEKLY_KEY] = asyncio.create_task(_weekly_report(application, frontend))


async def _stopping(application: Application) -> None:
    for key in (WATCHER_KEY, WEEKLY_KEY):
        task = application.bot_data.pop(key, None)
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


async def _weekly_report(application: Application, frontend: TelegramFrontend) -> None:
    """Every Monday at 9:00 (Mexico City) the admins get last week's summary."""
    while True:
        await asyncio.sleep(seconds_until_weekly(datetime.now(UTC)))
        try:
            text = frontend.weekly_summary()
        except Exception:  # a broken report must not stop the next one
            _log.exception("weekly report failed")
            continue
        await _tell_admins(application, frontend.admins, text, "the weekly report")


async def _close_journal(journal: Journal) -> None:
    journal.close()


async def _watch_knowledge(application: Application, frontend: TelegramFrontend,
                           interval: float) -> None:
    """Reload faq/ within seconds of an edit; a broken edit keeps the last good version."""
    while True:
        await asyncio.sleep(interval)
        try:
            outcome = await asyncio.to_thread(frontend.live.reload_if_changed)
        except Exception:  # a watcher that dies would silently stop all reloads
            _log.exception("knowledge reload failed unexpectedly")
            continue
        if outcome is None:
            continue
        if not outcome.problems:
            if outcome.changed:
                _log.info("knowledge base reloaded: version %s", outcome.version)
            continue
        frontend.stats.counts["reload_failures"] += 1
        for problem in outcome.problems:
            _log.error("knowledge base edit rejected: %s", problem)
        await _tell_admins(application, frontend.admins,
                           problems_text(outcome.problems, outcome.version), "the rejected edit")


async def _tell_admins(application: Application, admins: frozenset[int], text: str,
                       what: str) -> None:
    """Send `text` to every admin; one who blocked the bot does not stop the others."""
    for admin in admins:
        try:
            await application.bot.send_message(admin, text)
        except TelegramError:
            _log.warning("could not send %s to admin %s", what, admin)


def webhook_secret(settings: Settings) -> str:
    """The configured secret token, or a fresh random one (Telegram gets it with setWebhook)."""
    return settings.telegram.webhook.secret_token or secrets.token_urlsafe(32)
