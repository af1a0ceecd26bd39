"""What the assistant holds about one student, read from the stores themselves, and its
deletion from every one of them (tickets anonymised into counts, the rest deleted, each SQLite
file overwritten and its write-ahead log emptied).

A student is known differently by each store: tickets by their Telegram user id, reminders by
their private chat, the journal by a salted hash of channel and id, the saved conversation by
the adapter (PTB's user_data on Telegram, nothing across sessions in the terminal), which is why
the saved state comes in through the small `SavedState` port.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from bot.conversation.questionnaire import QUESTIONNAIRE_KEY
from bot.conversation.recent import RECENT_KEY
from bot.office.announcements import AnnouncementStore
from bot.office.handoff import HANDOFF_KEY
from bot.office.tickets import Ticket, TicketStore
from bot.privacy_rights import texts
from bot.reception.reminders import ReminderStore
from bot.replies import State
from bot.staff.journal import Journal

# What a saved state holds, by its key, as /mis_datos names it.
PLACES = {QUESTIONNAIRE_KEY: "questionnaire", RECENT_KEY: "recent", HANDOFF_KEY: "handoff"}


class SavedState(Protocol):
    """The adapter's saved conversation of a student (every chat of theirs)."""

    def states(self, user: int | str) -> list[State]: ...

    def forget(self, user: int | str) -> bool: ...


@dataclass(frozen=True)
class StudentKey:
    """One student as the stores know them: the channel and their id there, and their private
    chat (where reminders go)."""

    channel: str
    user: int | str
    chat: int | None = None


@dataclass(frozen=True)
class HeldTicket:
    ticket: Ticket
    messages: int  # what the student wrote on it, kept


@dataclass(frozen=True)
class Holdings:
    tickets: tuple[HeldTicket, ...] = ()
    reminder_since: date | None = None
    deliveries: int = 0
    questions: int = 0
    votes: int = 0
    places: tuple[str, ...] = ()  # "questionnaire", "recent", "handoff", "other"
    announcements: str | None = None  # "📣 Avisos de la oficina": 'in', 'out', 'offered' or None

    @property
    def empty(self) -> bool:
        return not (
            self.tickets
            or self.reminder_since
            or self.deliveries
            or self.questions
            or self.votes
            or self.places
            or self.announcements is not None
        )


@dataclass(frozen=True)
class ForgottenTicket:
    id: int
    was_open: bool
    posts: tuple[int, ...]  # the bot's messages of it in the staff group, to be edited there


@dataclass(frozen=True)
class Erasure:
    tickets: tuple[ForgottenTicket, ...] = ()
    reminder: bool = False
    journal_rows: int = 0
    place: bool = False
    announcements: bool = False

    @property
    def nothing(self) -> bool:
        return not (self.tickets or self.reminder or self.journal_rows or self.place or self.announcements)


class StudentRecords:
    """Every store that can hold something about a student; a store the channel lacks is None."""

    def __init__(
        self,
        journal: Journal | None = None,
        tickets: TicketStore | None = None,
        reminders: ReminderStore | None = None,
        saved: SavedState | None = None,
        announcements: AnnouncementStore | None = None,
    ) -> None:
        self.announcements = announcements
        self.journal = journal
        self.tickets = tickets
        self.reminders = reminders
        self.saved = saved

    def holdings(self, key: StudentKey) -> Holdings:
        """What the stores hold about the student right now."""
        held: tuple[HeldTicket, ...] = ()
        if self.tickets is not None and isinstance(key.user, int):
            tickets = self.tickets
            held = tuple(HeldTicket(t, len(tickets.questions(t.id))) for t in tickets.of_student(key.user))
        since, deliveries = None, 0
        if self.reminders is not None and key.chat is not None:
            since = self.reminders.since(key.chat)
            deliveries = len(self.reminders.deliveries(key.chat))
        questions, votes = self.journal.of_student(key.channel, key.user) if self.journal else (0, 0)
        places: list[str] = []
        if self.saved is not None:
            for state in self.saved.states(key.user):
                places += [PLACES.get(name, "other") for name in state]
        opted = self.announcements.status(key.chat) if self.announcements and key.chat is not None else None
        return Holdings(held, since, deliveries, questions, votes, tuple(dict.fromkeys(places)), opted)

    def erase(self, key: StudentKey) -> Erasure:
        """Delete (or, for tickets, anonymise) everything tied to the student; a second call
        finds nothing. The staff group's copies are the adapter's to edit (`posts`)."""
        forgotten: list[ForgottenTicket] = []
        if self.tickets is not None and isinstance(key.user, int):
            tickets = self.tickets
            posts = {t.id: tuple(tickets.posted_for_student(t.id)) for t in tickets.of_student(key.user)}
            forgotten = [
                ForgottenTicket(ticket.id, ticket.open, posts.get(ticket.id, ()))
                for ticket, _ in tickets.forget_student(key.user)
            ]
        reminder = (
            self.reminders.forget_chat(key.chat)
            if self.reminders is not None and key.chat is not None
            else False
        )
        rows = (
            self.journal.forget_student(key.channel, key.user, texts.ERASED_QUESTION) if self.journal else 0
        )
        place = self.saved.forget(key.user) if self.saved is not None else False
        announced = (
            self.announcements.forget(key.chat)
            if self.announcements is not None and key.chat is not None
            else False
        )
        return Erasure(tuple(forgotten), reminder, rows, place, announced)
