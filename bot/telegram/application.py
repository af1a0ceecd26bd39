"""The one place where the Telegram application is wired (PTB examples / rules-bot style)."""

from __future__ import annotations

import asyncio
import logging
import secrets
from datetime import datetime, time

from telegram import BotCommand, BotCommandScopeChat, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    CallbackContext,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest

from bot.clock import MEXICO_CITY
from bot.config import Settings
from bot.conversation.dialog import COMMANDS
from bot.hot_reload import LiveAssistant
from bot.office import handoff
from bot.office.tickets import TicketStore
from bot.reception.reminders import ReminderStore
from bot.replies import PERSON, REMIND, REMIND_CANCEL, Reply
from bot.staff import curation
from bot.staff.journal import Journal
from bot.telegram.curation import StaffConsole
from bot.telegram.flood import FloodGuard
from bot.telegram.handlers import Stats, TelegramFrontend, problems_text
from bot.telegram.handoff import HandoffRelay
from bot.telegram.persistence import SqlitePersistence
from bot.telegram.processing import FairUpdateProcessor
from bot.telegram.ratelimit import ChatRateLimiter
from bot.telegram.reminders import ReminderService
from bot.telegram.rendering import action_pattern, send_replies

_log = logging.getLogger(__name__)

PUBLIC_COMMANDS = [
    BotCommand("start", "Empezar"),
    BotCommand("preguntas", "Ver los temas que conozco"),
    BotCommand("fechas", "¿Cuándo entrego mi tarjeta del NSS?"),
    BotCommand("elegibilidad", "¿Qué me toca hacer? (cuestionario)"),
    BotCommand("cancelar", "Salir del cuestionario"),
    BotCommand("contacto", "Dónde está la oficina y su horario"),
    BotCommand("persona", "Hacerle tu pregunta a una persona de la oficina"),
    BotCommand("avisos", "Tu aviso de cuándo abre la recepción de tarjetas"),
    BotCommand("ayuda", "Cómo usar el asistente"),
]
STAFF_COMMANDS = [
    BotCommand("pendientes", "Preguntas de estudiantes sin resolver"),
    BotCommand("resuelto", "(respondiendo a una pregunta) Marcarla como resuelta"),
]
ADMIN_COMMANDS = [
    BotCommand("recargar", "Recargar la base de conocimiento"),
    BotCommand("estado", "Versión, tiempo activo, lo pendiente y conteos"),
    BotCommand("reporte", "Preguntas sin respuesta: agregarlas como frases o redirigirlas"),
]
NON_TEXT = (filters.Sticker.ALL | filters.PHOTO | filters.VOICE | filters.VIDEO | filters.AUDIO
            | filters.VIDEO_NOTE | filters.ANIMATION | filters.Document.ALL | filters.LOCATION
            | filters.VENUE | filters.CONTACT | filters.POLL | filters.Dice.ALL)
MONDAY = 1  # PTB's run_daily counts days from Sunday = 0
WEEKLY_AT = time(9, 0, tzinfo=MEXICO_CITY)
PURGE_AT = time(3, 30, tzinfo=MEXICO_CITY)
WEEKLY_RUN = "weekly report"
CATCH_UP_SECONDS = 1  # what was due while the bot was down goes out right after start-up
HOUSEKEEPING_SECONDS = 600
# Scheduled work never piles up: a run still going when the next is due makes that one wait.
JOB_OPTIONS = {"max_instances": 1, "coalesce": True, "misfire_grace_time": 3600}


def build_application(settings: Settings, token: str, rate_limiter: bool = True,
                      request: BaseRequest | None = None) -> Application:
    """Everything the bot needs, wired once; `request` replaces the HTTP layer (offline tests)."""
    staff_chat = settings.handoff.staff_chat_id
    live = LiveAssistant(settings, handoff=staff_chat is not None)
    tg = settings.telegram
    journal = Journal.open(settings.data_dir, settings.journal_retention_days)
    stats = Stats()
    frontend = TelegramFrontend(live, FloodGuard(tg.flood_messages, tg.flood_seconds), tg.admins,
                                stats, journal)
    tickets = TicketStore.open(settings.data_dir) if staff_chat is not None else None
    reminder_store = ReminderStore.open(settings.data_dir)
    reminders = ReminderService(live, reminder_store, settings.reminder_time, stats)
    frontend.reminders = reminder_store
    if tickets is not None and staff_chat is not None:
        frontend.handoff = HandoffRelay(live, tickets, staff_chat,
                                        settings.handoff.max_new_per_day, stats)
    processor = FairUpdateProcessor(tg.concurrent_updates, frontend.admit, frontend.refuse)

    builder = (
        Application.builder()
        .token(token)
        .defaults(Defaults(parse_mode=ParseMode.HTML, tzinfo=MEXICO_CITY,
                           link_preview_options=LinkPreviewOptions(is_disabled=True)))
        .persistence(SqlitePersistence(settings.data_dir / "state.sqlite3",
                                       update_interval=tg.persistence_seconds))
        .concurrent_updates(processor)
        .post_init(lambda app: _started(app, frontend, reminders, settings))
        .post_shutdown(lambda _app: _close_stores(journal, tickets, reminder_store))
    )
    if tg.base_url:
        builder = builder.base_url(tg.base_url)
    if rate_limiter:
        builder = builder.rate_limiter(ChatRateLimiter())
    if request is not None:
        builder = builder.request(request)
    application = builder.build()
    processor.follow(lambda: application.running)

    new = filters.UpdateType.MESSAGE  # edited messages are ignored, commands included
    relay = frontend.handoff
    if relay is not None:  # first: these updates belong to the handoff, not the assistant
        application.add_handler(CommandHandler("resuelto", relay.on_resolved, new))
        application.add_handler(CommandHandler("pendientes", relay.on_pending, new))
        application.add_handler(CommandHandler("persona", relay.on_person, new))
        application.add_handler(MessageHandler(new & relay.staff_replies & ~filters.COMMAND,
                                               relay.on_staff_reply))
        application.add_handler(MessageHandler(new & relay.office_replies & ~filters.COMMAND,
                                               relay.on_student_reply))
        application.add_handler(CallbackQueryHandler(relay.on_person, action_pattern(PERSON)))
        application.add_handler(CallbackQueryHandler(
            relay.on_button, action_pattern(*handoff.BUTTONS, prefix=True)))
    application.add_handler(CallbackQueryHandler(reminders.on_remind, action_pattern(REMIND)))
    application.add_handler(CallbackQueryHandler(reminders.on_cancel,
                                                 action_pattern(REMIND_CANCEL)))
    application.add_handler(CommandHandler("avisos", reminders.on_list, new))
    application.add_handler(CommandHandler(list(COMMANDS), frontend.on_command, new))
    application.add_handler(CommandHandler("recargar", frontend.on_reload, new))
    application.add_handler(CommandHandler("estado", frontend.on_status, new))
    staff = StaffConsole(frontend, journal, settings.faq_dir, settings.matching)
    application.add_handler(CommandHandler("reporte", staff.on_report, new))
    application.add_handler(CallbackQueryHandler(staff.on_button,
                                                 action_pattern(curation.BUTTONS, prefix=True)))
    application.add_handler(MessageHandler(new & filters.COMMAND, frontend.on_command))
    application.add_handler(MessageHandler(new & filters.TEXT & ~filters.COMMAND, frontend.on_text))
    application.add_handler(MessageHandler(new & NON_TEXT, frontend.on_non_text))
    application.add_handler(CallbackQueryHandler(frontend.on_button))
    application.add_error_handler(frontend.on_error)
    application.bot_data["frontend"] = frontend
    return application


async def _started(application: Application, frontend: TelegramFrontend,
                   reminders: ReminderService, settings: Settings) -> None:
    """Register the command menus, schedule the recurring work, and catch up with what was due
    while the bot was down (the reminders of an opening day, this week's summary)."""
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
    if frontend.handoff is not None:
        try:
            await application.bot.set_my_commands(
                STAFF_COMMANDS, scope=BotCommandScopeChat(frontend.handoff.staff_chat))
        except TelegramError as exc:
            _log.warning("could not register the staff group's commands (is the bot in the "
                         "group?): %s", exc)
    jobs = application.job_queue
    assert jobs is not None, "python-telegram-bot[job-queue] is a dependency"
    interval = settings.telegram.reload_seconds
    jobs.run_repeating(_watch_knowledge, interval, first=interval, name="knowledge",
                       data=frontend, job_kwargs=JOB_OPTIONS)
    jobs.run_repeating(_housekeeping, HOUSEKEEPING_SECONDS, first=HOUSEKEEPING_SECONDS,
                       name="housekeeping", job_kwargs=JOB_OPTIONS)
    if frontend.journal is not None:
        jobs.run_daily(_purge_journal, PURGE_AT, name="journal purge", data=frontend.journal,
                       job_kwargs=JOB_OPTIONS)
    reminder_at = settings.reminder_time.replace(tzinfo=MEXICO_CITY)
    jobs.run_daily(reminders.job, reminder_at, name="reminders", job_kwargs=JOB_OPTIONS)
    jobs.run_once(reminders.job, CATCH_UP_SECONDS, name="reminders catch-up")
    if frontend.admins:
        weekly = (frontend, reminders.store)
        jobs.run_daily(_weekly_report, WEEKLY_AT, days=(MONDAY,), name="weekly report",
                       data=weekly, job_kwargs=JOB_OPTIONS)
        if _this_weeks_summary_missed(frontend, reminders.store):
            jobs.run_once(_weekly_report, CATCH_UP_SECONDS, name="weekly report catch-up",
                          data=weekly)


async def _weekly_report(context: CallbackContext) -> None:
    """Every Monday at 9:00 (Mexico City) the admins get last week's summary, once a week."""
    frontend, runs = context.job.data
    week = _iso_week(frontend.live.assistant.clock.now())
    if runs.ran(WEEKLY_RUN, week):
        return
    await tell_admins(context.application, frontend.admins, await frontend.weekly_summary(),
                      "the weekly report")
    runs.record_run(WEEKLY_RUN, week)


def _this_weeks_summary_missed(frontend: TelegramFrontend, runs: ReminderStore) -> bool:
    """True on a Monday after 9:00 whose summary was not sent (the bot was down at 9:00)."""
    now = frontend.live.assistant.clock.now()
    return (now.weekday() == 0 and now.time().replace(tzinfo=None) >= WEEKLY_AT.replace(tzinfo=None)
            and not runs.ran(WEEKLY_RUN, _iso_week(now)))


def _iso_week(moment: datetime) -> str:
    year, week, _ = moment.isocalendar()
    return f"{year}-W{week:02d}"


async def _purge_journal(context: CallbackContext) -> None:
    """Every night, journal rows older than the retention go."""
    journal: Journal = context.job.data
    removed = await asyncio.to_thread(journal.purge)
    _log.info("journal purge: %d old rows removed", removed)


async def _housekeeping(context: CallbackContext) -> None:
    """Forget what is no longer recent and students who have nothing to remember and nothing in
    flight: PTB keeps a dict for everyone who ever wrote, which would grow with every student."""
    application = context.application
    frontend: TelegramFrontend = application.bot_data["frontend"]
    processor = application.update_processor
    busy = processor.busy if isinstance(processor, FairUpdateProcessor) else (lambda key: True)
    for user_id, data in list(application.user_data.items()):
        if busy(user_id):
            continue
        for chat, state in list(data.items()):
            if isinstance(state, dict):
                frontend.live.assistant.tidy(state)
            if not state:
                del data[chat]
        if not data:
            application.drop_user_data(user_id)
    for chat_id, data in list(application.chat_data.items()):
        if not data:
            application.drop_chat_data(chat_id)


async def _close_stores(journal: Journal, tickets: TicketStore | None,
                        reminders: ReminderStore) -> None:
    journal.close()
    reminders.close()
    if tickets is not None:
        tickets.close()


async def _watch_knowledge(context: CallbackContext) -> None:
    """Reload faq/ within seconds of an edit; a broken edit keeps the last good version, and the
    admins hear of every failed reload, whatever its cause."""
    frontend: TelegramFrontend = context.job.data
    try:
        outcome = await asyncio.to_thread(frontend.live.reload_if_changed)
    except Exception as exc:  # the watcher must survive anything a file can do
        _log.exception("knowledge reload failed unexpectedly")
        frontend.stats.counts["reload_failures"] += 1
        await tell_admins(context.application, frontend.admins,
                          f"⚠️ No pude recargar la base de conocimiento ({exc.__class__.__name__});"
                          f" sigo usando la versión <code>{frontend.live.version}</code>.",
                          "the failed reload")
        return
    if outcome is None:
        return
    if not outcome.problems:
        if outcome.changed:
            _log.info("knowledge base reloaded: version %s", outcome.version)
        return
    frontend.stats.counts["reload_failures"] += 1
    for problem in outcome.problems:
        _log.error("knowledge base edit rejected: %s", problem)
    await tell_admins(context.application, frontend.admins,
                      problems_text(outcome.problems, outcome.version), "the rejected edit")


async def tell_admins(application: Application, admins: frozenset[int], text: str,
                      what: str) -> None:
    """Send `text` to every admin (split if long); one who blocked the bot does not stop the
    others."""
    for admin in admins:
        try:
            await send_replies(application.bot, admin, [Reply(text)])
        except TelegramError:
            _log.warning("could not send %s to admin %s", what, admin)


def webhook_secret(settings: Settings) -> str:
    """The configured secret token, or a fresh random one (Telegram gets it with setWebhook)."""
    return settings.telegram.webhook.secret_token or secrets.token_urlsafe(32)
