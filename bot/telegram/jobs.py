"""Scheduled work, apart from the wiring: watching faq/ for edits, tidying students' memory,
purging the journal and old tickets, and the admins' Monday summary. Each job gets what it works
on when it is constructed; nothing is looked up in the application's shared dicts."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, time

from telegram.ext import CallbackContext, JobQueue

from bot.clock import MEXICO_CITY
from bot.hot_reload import LiveAssistant
from bot.reception.reminders import ReminderStore
from bot.staff.journal import Journal
from bot.telegram.announcement_delivery import AnnouncementDelivery
from bot.telegram.chat_state import Stats
from bot.telegram.processing import FairUpdateProcessor
from bot.telegram.reminders import ReminderService
from bot.telegram.staff import StaffHandlers, problems_text, tell_admins

_log = logging.getLogger(__name__)

MONDAY = 1  # PTB's run_daily counts days from Sunday = 0
WEEKLY_AT = time(9, 0, tzinfo=MEXICO_CITY)
PURGE_AT = time(3, 30, tzinfo=MEXICO_CITY)
WEEKLY_RUN = "weekly report"
CATCH_UP_SECONDS = 1  # what was due while the bot was down goes out right after start-up
HOUSEKEEPING_SECONDS = 600
# Scheduled work never piles up: a run still going when the next is due makes that one wait.
JOB_OPTIONS = {"max_instances": 1, "coalesce": True, "misfire_grace_time": 3600}


class ScheduledWork:
    def __init__(
        self,
        live: LiveAssistant,
        staff: StaffHandlers,
        stats: Stats,
        journal: Journal | None,
        reminders: ReminderService,
        announcements: AnnouncementDelivery | None = None,
    ) -> None:
        self.live = live
        self.staff = staff
        self.stats = stats
        self.journal = journal
        self.reminders = reminders
        self.announcements = announcements  # resumed at start-up if a stop left one halfway
        self.runs: ReminderStore = reminders.store  # which weekly summaries went out

    def schedule(self, jobs: JobQueue, reload_seconds: float, reminder_at: time) -> None:
        """Every recurring job, plus a catch-up of what was due while the bot was down (the
        reminders of an opening day, this week's summary)."""
        jobs.run_repeating(
            self.watch_knowledge,
            reload_seconds,
            first=reload_seconds,
            name="knowledge",
            job_kwargs=JOB_OPTIONS,
        )
        jobs.run_repeating(
            self.housekeeping,
            HOUSEKEEPING_SECONDS,
            first=HOUSEKEEPING_SECONDS,
            name="housekeeping",
            job_kwargs=JOB_OPTIONS,
        )
        if self.journal is not None or self.staff.tickets is not None:
            jobs.run_daily(self.purge_journal, PURGE_AT, name="journal purge", job_kwargs=JOB_OPTIONS)
        jobs.run_daily(
            self.reminders.job,
            reminder_at.replace(tzinfo=MEXICO_CITY),
            name="reminders",
            job_kwargs=JOB_OPTIONS,
        )
        jobs.run_once(self.reminders.job, CATCH_UP_SECONDS, name="reminders catch-up")
        if self.announcements is not None:
            jobs.run_once(self.announcements.job, CATCH_UP_SECONDS, name="announcements catch-up")
        if self.staff.admins:
            jobs.run_daily(
                self.weekly_report, WEEKLY_AT, days=(MONDAY,), name="weekly report", job_kwargs=JOB_OPTIONS
            )
            if self._this_weeks_summary_missed():
                jobs.run_once(self.weekly_report, CATCH_UP_SECONDS, name="weekly report catch-up")

    async def weekly_report(self, context: CallbackContext) -> None:
        """Every Monday at 9:00 (Mexico City) the admins get last week's summary, once a week."""
        week = _iso_week(self.live.assistant.clock.now())
        if self.runs.ran(WEEKLY_RUN, week):
            return
        await tell_admins(
            context.application, self.staff.admins, await self.staff.weekly_summary(), "the weekly report"
        )
        self.runs.record_run(WEEKLY_RUN, week)

    def _this_weeks_summary_missed(self) -> bool:
        """True on a Monday after 9:00 whose summary was not sent (the bot was down at 9:00)."""
        now = self.live.assistant.clock.now()
        return (
            now.weekday() == 0
            and now.time().replace(tzinfo=None) >= WEEKLY_AT.replace(tzinfo=None)
            and not self.runs.ran(WEEKLY_RUN, _iso_week(now))
        )

    async def purge_journal(self, context: CallbackContext) -> None:
        """Every night, journal rows and tickets older than their retention go."""
        if self.journal is not None:
            removed = await asyncio.to_thread(self.journal.purge)
            _log.info("journal purge: %d old rows removed", removed)
        if self.staff.tickets is not None:
            # On the bot's own connection (SQLite objects stay in their thread): a few deletes.
            _log.info("ticket purge: %d old tickets removed", self.staff.tickets.purge())

    async def housekeeping(self, context: CallbackContext) -> None:
        """Forget what is no longer recent and students who have nothing to remember and nothing
        in flight: PTB keeps a dict for everyone who ever wrote, which would grow with every
        student."""
        application = context.application
        processor = application.update_processor
        busy = processor.busy if isinstance(processor, FairUpdateProcessor) else (lambda key: True)
        for user_id, data in list(application.user_data.items()):
            if busy(user_id):
                continue
            for chat, state in list(data.items()):
                if isinstance(state, dict):
                    self.live.assistant.tidy(state)
                if not state:
                    del data[chat]
            if not data:
                application.drop_user_data(user_id)
        for chat_id, data in list(application.chat_data.items()):
            if not data:
                application.drop_chat_data(chat_id)

    async def watch_knowledge(self, context: CallbackContext) -> None:
        """Reload faq/ within seconds of an edit; a broken edit keeps the last good version, and
        the admins hear of every failed reload, whatever its cause."""
        try:
            outcome = await asyncio.to_thread(self.live.reload_if_changed)
        except Exception as exc:  # the watcher must survive anything a file can do
            _log.exception("knowledge reload failed unexpectedly")
            self.stats.counts["reload_failures"] += 1
            await tell_admins(
                context.application,
                self.staff.admins,
                f"⚠️ No pude recargar la base de conocimiento "
                f"({exc.__class__.__name__}); sigo usando la versión "
                f"<code>{self.live.version}</code>.",
                "the failed reload",
            )
            return
        if outcome is None:
            return
        if not outcome.problems:
            if outcome.changed:
                _log.info("knowledge base reloaded: version %s", outcome.version)
            return
        self.stats.counts["reload_failures"] += 1
        for problem in outcome.problems:
            _log.error("knowledge base edit rejected: %s", problem)
        await tell_admins(
            context.application,
            self.staff.admins,
            problems_text(outcome.problems, outcome.version),
            "the rejected edit",
        )


def _iso_week(moment: datetime) -> str:
    year, week, _ = moment.isocalendar()
    return f"{year}-W{week:02d}"
