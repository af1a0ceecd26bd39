"""The one place where the Telegram application is wired (PTB examples / rules-bot style):
stores, callbacks and jobs are built here and handed what they need; nothing else wires."""

from __future__ import annotations

import logging
import secrets

from telegram import LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest

from bot.clock import MEXICO_CITY
from bot.config import Settings
from bot.conversation.commands import STUDENT_COMMANDS
from bot.conversation.deep_links import payload_pattern
from bot.hot_reload import LiveAssistant
from bot.office import announcement_replies, handoff
from bot.office.announcements import AnnouncementStore
from bot.office.tickets import TicketStore
from bot.privacy_rights.messages import BUTTONS as PRIVACY_BUTTONS
from bot.privacy_rights.notice import NoticeFacts
from bot.privacy_rights.records import StudentRecords
from bot.reception.reminders import ReminderStore
from bot.replies import PERSON, REMIND, REMIND_CANCEL
from bot.staff import curation
from bot.staff.changes import ChangeLog
from bot.staff.draft_store import DraftStore
from bot.staff.journal import Journal
from bot.staff.learning_texts import BUTTONS as LEARNING
from bot.telegram import profile
from bot.telegram.admission import Admission
from bot.telegram.announcements import AnnouncementConsole
from bot.telegram.calendar import BUTTONS as CALENDAR
from bot.telegram.calendar import CalendarConsole
from bot.telegram.changes import UNDO, ChangeConsole
from bot.telegram.chat_state import Stats
from bot.telegram.curation import StaffConsole
from bot.telegram.flood import FloodGuard
from bot.telegram.handoff import HandoffRelay
from bot.telegram.inline import InlineAnswers
from bot.telegram.jobs import ScheduledWork
from bot.telegram.learning import LearningConsole
from bot.telegram.lenient_updates import LenientUpdatesRequest, lenient_webhooks
from bot.telegram.persistence import SqlitePersistence
from bot.telegram.privacy_rights import PrivacyCommands, TelegramSavedState
from bot.telegram.processing import FairUpdateProcessor
from bot.telegram.ratelimit import ChatRateLimiter
from bot.telegram.reminders import ReminderService
from bot.telegram.rendering import action_pattern
from bot.telegram.staff import StaffHandlers
from bot.telegram.students import StudentHandlers

_log = logging.getLogger(__name__)

LIVE = "live"  # bot_data key: the live assistant, for diagnostics and tests
NON_TEXT = (
    filters.Sticker.ALL
    | filters.PHOTO
    | filters.VOICE
    | filters.VIDEO
    | filters.AUDIO
    | filters.VIDEO_NOTE
    | filters.ANIMATION
    | filters.Document.ALL
    | filters.LOCATION
    | filters.VENUE
    | filters.CONTACT
    | filters.POLL
    | filters.Dice.ALL
)


def build_application(
    settings: Settings, token: str, rate_limiter: bool = True, request: BaseRequest | None = None
) -> Application:
    """Everything the bot needs, wired once; `request` replaces the HTTP layer (offline tests)."""
    staff_chat = settings.handoff.staff_chat_id
    live = LiveAssistant(settings, handoff=staff_chat is not None)
    tg = settings.telegram
    stats = Stats()
    journal = Journal.open(settings.data_dir, settings.journal_retention_days)
    tickets = (
        TicketStore.open(settings.data_dir, settings.handoff.retention_days)
        if staff_chat is not None
        else None
    )
    reminder_store = ReminderStore.open(settings.data_dir)
    changes = ChangeLog(settings.data_dir, settings.faq_dir)  # /cambios and ↩️ Deshacer
    drafts = DraftStore(settings.data_dir) if tickets is not None else None  # 📚 Guardar como respuesta
    staff_chats = {staff_chat} if staff_chat is not None else set()  # grows if the group moves
    admission = Admission(
        FloodGuard(tg.flood_messages, tg.flood_seconds),
        stats,
        lambda text: live.assistant.is_emergency(text),
        staff_chats,
    )
    staff = StaffHandlers(live, tg.admins, stats, journal, tickets, reminder_store)
    announcement_store = AnnouncementStore.open(settings.data_dir)
    announcements = AnnouncementConsole(live, announcement_store, tg.admins, staff_chats, changes, stats)
    reminders = ReminderService(
        live,
        reminder_store,
        settings.reminder_time,
        stats,
        offer=announcements.reminder_offer,
        section=announcements.section,
    )
    work = ScheduledWork(live, staff, stats, journal, reminders, announcements.delivery)
    persistence = SqlitePersistence(
        settings.data_dir / "state.sqlite3", update_interval=tg.persistence_seconds
    )
    processor = FairUpdateProcessor(
        tg.concurrent_updates, admission.admit, admission.refuse, uncapped=admission.from_staff
    )

    builder = (
        Application.builder()
        .token(token)
        .get_updates_request(LenientUpdatesRequest(connection_pool_size=1))  # never stalls
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                tzinfo=MEXICO_CITY,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        .persistence(persistence)
        .concurrent_updates(processor)
        .post_init(lambda app: _started(app, work, settings))
        .post_shutdown(
            lambda _app: _close_stores(journal, tickets, reminder_store, changes, announcement_store, drafts)
        )
    )
    if tg.base_url:
        builder = builder.base_url(tg.base_url)
    if rate_limiter:
        # PTB types the builder by its limiter's argument type; this variable keeps the first.
        builder = builder.rate_limiter(ChatRateLimiter())  # type: ignore[arg-type]
    if request is not None:
        builder = builder.request(request)
    application = builder.build()
    lenient_webhooks()  # an unreadable update skipped in webhook mode too, never redelivered
    processor.follow(lambda: application.running)

    new = filters.UpdateType.MESSAGE  # edited messages are ignored, commands included
    relay = None
    if tickets is not None and staff_chat is not None:
        # First: these updates belong to the handoff, not the assistant.
        relay = HandoffRelay(live, tickets, settings.handoff, stats, application.user_data, staff_chats)
        text = new & ~filters.COMMAND
        application.add_handler(CommandHandler("resuelto", relay.on_resolved, new))
        application.add_handler(CommandHandler("pendientes", relay.on_pending, new))
        application.add_handler(CommandHandler("persona", relay.on_person, new))
        application.add_handler(
            CommandHandler(  # the deep link t.me/<bot>?start=persona
                "start", relay.on_person, new & filters.Regex(payload_pattern("persona"))
            )
        )
        application.add_handler(MessageHandler(text & relay.staff_replies, relay.on_staff_reply))
        application.add_handler(  # one forum topic per ticket: anything written in it
            MessageHandler(text & ~filters.StatusUpdate.ALL & relay.topics.messages, relay.on_topic_message)
        )
        application.add_handler(MessageHandler(text & relay.office_replies, relay.on_student_reply))
        application.add_handler(
            MessageHandler(text & filters.TEXT & relay.writing_to_office, relay.take_written)
        )
        application.add_handler(CallbackQueryHandler(relay.on_person, action_pattern(PERSON)))
        application.add_handler(
            CallbackQueryHandler(relay.on_button, action_pattern(*handoff.BUTTONS, prefix=True))
        )
        assert drafts is not None
        learning = LearningConsole(
            live, tickets, drafts, changes, tg.admins, staff_chats, settings.faq_dir, settings.matching
        )
        application.add_handler(CommandHandler("guardar", learning.on_save, new))
        application.add_handler(MessageHandler(text & filters.TEXT & learning.replies, learning.on_reply))
        application.add_handler(
            CallbackQueryHandler(learning.on_button, action_pattern(LEARNING, prefix=True))
        )
    students = StudentHandlers(
        live,
        stats,
        journal,
        staff_chat,
        relay.person_reply if relay is not None else None,
        delete_pasted=settings.delete_pasted,
        offer=announcements.with_offer,
    )
    privacy = PrivacyCommands(  # /privacidad, /mis_datos, /borrar_mis_datos
        live,
        StudentRecords(
            journal,
            tickets,
            reminder_store,
            TelegramSavedState(application, persistence),
            announcement_store,
        ),
        NoticeFacts(settings.journal_retention_days, settings.handoff.retention_days if relay else None),
        stats,
        relay,
    )
    for name, callback in privacy.commands.items():
        application.add_handler(CommandHandler(name, callback, new))
    application.add_handler(CallbackQueryHandler(privacy.on_button, action_pattern(*PRIVACY_BUTTONS)))
    application.add_handler(CallbackQueryHandler(reminders.on_remind, action_pattern(REMIND)))
    application.add_handler(CallbackQueryHandler(reminders.on_cancel, action_pattern(REMIND_CANCEL)))
    application.add_handler(CommandHandler("avisos", reminders.on_list, new))
    application.add_handler(
        CallbackQueryHandler(announcements.on_student, action_pattern(*announcement_replies.STUDENT_ACTIONS))
    )
    application.add_handler(
        CommandHandler(  # the deep link t.me/<bot>?start=avisos
            "start", reminders.on_list, new & filters.Regex(payload_pattern("avisos"))
        )
    )
    application.add_handler(CommandHandler(sorted(STUDENT_COMMANDS), students.on_command, new))
    application.add_handler(CommandHandler("recargar", staff.on_reload, new))
    application.add_handler(CommandHandler("estado", staff.on_status, new))
    console = StaffConsole(staff, journal, settings.faq_dir, settings.matching, changes)
    application.add_handler(CommandHandler("reporte", console.on_report, new))
    application.add_handler(
        CallbackQueryHandler(console.on_button, action_pattern(curation.BUTTONS, prefix=True))
    )
    undo = ChangeConsole(changes, tg.admins, live)
    application.add_handler(CommandHandler("cambios", undo.on_changes, new))
    application.add_handler(CallbackQueryHandler(undo.on_undo, action_pattern(UNDO, prefix=True)))
    calendar = CalendarConsole(live, tg.admins, changes, settings.faq_dir)
    application.add_handler(CommandHandler("calendario", calendar.on_calendar, new))
    application.add_handler(CommandHandler("periodo", calendar.on_period, new))
    application.add_handler(CommandHandler("cierre", calendar.on_closure, new))
    application.add_handler(CallbackQueryHandler(calendar.on_button, action_pattern(CALENDAR, prefix=True)))
    application.add_handler(CommandHandler("aviso", announcements.on_announce, new))
    application.add_handler(
        CallbackQueryHandler(
            announcements.on_decision,
            action_pattern(announcement_replies.SEND, announcement_replies.DROP, prefix=True),
        )
    )
    application.add_handler(MessageHandler(new & filters.COMMAND, students.on_command))
    application.add_handler(MessageHandler(new & filters.TEXT & ~filters.COMMAND, students.on_text))
    application.add_handler(MessageHandler(new & NON_TEXT, students.on_non_text))
    application.add_handler(CallbackQueryHandler(students.on_button))
    application.add_handler(InlineQueryHandler(InlineAnswers(live, stats).on_query))
    application.add_error_handler(students.on_error)
    application.bot_data[LIVE] = live
    return application


async def _started(application: Application, work: ScheduledWork, settings: Settings) -> None:
    """Set the bot's profile and menus (what changed) and schedule the recurring work."""
    await profile.publish(application.bot, settings)
    jobs = application.job_queue
    assert jobs is not None, "python-telegram-bot[job-queue] is a dependency"
    work.schedule(jobs, settings.telegram.reload_seconds, settings.reminder_time)


async def _close_stores(
    journal: Journal,
    tickets: TicketStore | None,
    reminders: ReminderStore,
    changes: ChangeLog,
    announcements: AnnouncementStore,
    drafts: DraftStore | None = None,
) -> None:
    announcements.close()
    journal.close()
    if drafts is not None:
        drafts.close()
    changes.close()
    reminders.close()
    if tickets is not None:
        tickets.close()


def webhook_secret(settings: Settings) -> str:
    """The configured secret token, or a fresh random one (Telegram gets it with setWebhook)."""
    return settings.telegram.webhook.secret_token or secrets.token_urlsafe(32)
