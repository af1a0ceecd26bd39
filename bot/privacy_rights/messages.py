"""What a student reads for /mis_datos and after /borrar_mis_datos, and what the staff group
reads when a student deletes their data (Telegram HTML)."""

from __future__ import annotations

import html
from datetime import datetime

from bot.clock import MEXICO_CITY, spanish_date
from bot.privacy_rights import texts
from bot.privacy_rights.records import Erasure, Holdings
from bot.replies import Button, Reply

ERASE_CONFIRM = "pd:erase"  # button actions (inside versioned callback data)
ERASE_CANCEL = "pd:keep"
BUTTONS = (ERASE_CONFIRM, ERASE_CANCEL)


def holdings_html(held: Holdings) -> str:
    """/mis_datos: everything the stores hold about the student, or that there is nothing."""
    if held.empty:
        return texts.NOTHING_KEPT
    lines = [texts.HOLDINGS_TITLE, ""]
    if held.tickets:
        lines.append(texts.TICKETS_TITLE)
        for kept in held.tickets:
            ticket = kept.ticket
            closed = texts.TICKET_CLOSED_ON.format(day=_day(ticket.closed)) if ticket.closed else ""
            lines.append(
                texts.TICKET_LINE.format(
                    id=ticket.id,
                    status=texts.TICKET_OPEN if ticket.open else texts.TICKET_CLOSED,
                    opened=_day(ticket.opened),
                    closed=closed,
                )
            )
            lines.append(texts.TICKET_NAME.format(name=html.escape(ticket.name), questions=kept.messages))
        lines.append("")
    if held.reminder_since is not None:
        lines.append(texts.REMINDER.format(day=spanish_date(held.reminder_since)))
    if held.deliveries:
        lines.append(texts.DELIVERIES.format(count=held.deliveries))
    if held.announcements is not None:
        lines.append(texts.ANNOUNCEMENTS_IN if held.announcements == "in" else texts.ANNOUNCEMENTS_ASKED)
    if held.questions or held.votes:
        lines.append(texts.JOURNAL.format(questions=held.questions, votes=held.votes))
    if held.places:
        names = [_PLACE_NAMES[place] for place in held.places]
        lines.append(texts.PLACE.format(places=", ".join(dict.fromkeys(names))))
    lines += ["", texts.HOLDINGS_END]
    return "\n".join(lines).replace("\n\n\n", "\n\n")


def ask_to_erase(held: Holdings) -> Reply:
    """/borrar_mis_datos: nothing left, or what will go and the confirmation buttons."""
    if held.empty:
        return Reply(texts.NOTHING_LEFT)
    ask = f"{texts.ERASE_ASK} {texts.ERASE_ASK_TICKETS}" if held.tickets else texts.ERASE_ASK
    return Reply(
        f"{holdings_html(held).removesuffix(texts.HOLDINGS_END).rstrip()}\n\n{ask}",
        (Button(texts.ERASE_YES, ERASE_CONFIRM), Button(texts.ERASE_NO, ERASE_CANCEL)),
    )


def erased_html(erasure: Erasure) -> str:
    """What the student is told once their data is gone (or that nothing was left)."""
    if erasure.nothing:
        return texts.NOTHING_LEFT
    what = []
    if erasure.tickets:
        what.append(texts.ERASED_TICKETS.format(ids=_ids(erasure)))
    if erasure.reminder:
        what.append(texts.ERASED_REMINDER)
    if erasure.announcements:
        what.append(texts.ERASED_ANNOUNCEMENTS)
    if erasure.journal_rows:
        what.append(texts.ERASED_JOURNAL)
    if erasure.place:
        what.append(texts.ERASED_PLACE)
    return texts.ERASED.format(what=", ".join(what))


def staff_told(erasure: Erasure) -> str | None:
    """The staff group's note that a student deleted their tickets (None without tickets)."""
    if not erasure.tickets:
        return None
    closed = "".join(texts.STAFF_CLOSED.format(id=t.id) for t in erasure.tickets if t.was_open)
    return texts.STAFF_TOLD.format(ids=_ids(erasure), closed=closed)


def removed(ticket_id: int) -> str:
    """What each of a deleted ticket's messages in the staff group now says."""
    return texts.REMOVED.format(id=ticket_id)


def _ids(erasure: Erasure) -> str:
    return ", ".join(f"#{t.id}" for t in erasure.tickets)


def _day(moment: float) -> str:
    return spanish_date(datetime.fromtimestamp(moment, MEXICO_CITY).date())


_PLACE_NAMES = {
    "questionnaire": texts.PLACE_QUESTIONNAIRE,
    "recent": texts.PLACE_RECENT,
    "handoff": texts.PLACE_HANDOFF,
    "other": texts.PLACE_OTHER,
}
