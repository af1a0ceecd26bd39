"""The short privacy notice shown in the chat (/privacidad).

Who is responsible, the link to the full notice, and optionally the purpose and how to exercise
the ARCO rights come from `faq/privacidad.yaml` (staff); what is kept and for how long is written
here from what the stores really hold and the retention settings, so the notice cannot drift
from the code. Where staff have not said who is responsible or where the full notice is, the
notice says to ask at the office: nothing is invented.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from bot.knowledge.schema import PrivacyNoticeFile
from bot.privacy_rights import texts
from bot.reception.reminders import KEEP_DELIVERIES_DAYS


@dataclass(frozen=True)
class NoticeFacts:
    """What the running assistant keeps, and for how long (from config.yaml)."""

    journal_days: float = 180.0  # journal.retention_days
    ticket_days: float | None = None  # handoff.retention_days; None without a staff group
    deliveries_days: float = KEEP_DELIVERIES_DAYS


def notice_html(notice: PrivacyNoticeFile, facts: NoticeFacts) -> str:
    """The notice as one Telegram-HTML message (well under 4,096 characters)."""
    kept = [texts.KEPT_JOURNAL.format(days=_days(facts.journal_days))]
    if facts.ticket_days is not None:
        kept.append(texts.KEPT_TICKETS.format(days=_days(facts.ticket_days)))
    kept.append(texts.KEPT_REMINDERS.format(days=_days(facts.deliveries_days)))
    kept.append(texts.KEPT_PLACE)
    link = (
        f'<a href="{html.escape(notice.full_notice)}">{html.escape(notice.full_notice)}</a>'
        if notice.full_notice
        else texts.NO_FULL_NOTICE
    )
    return "\n\n".join(
        [
            texts.NOTICE_TITLE,
            f"<b>Responsable:</b> {_plain(notice.responsible) or texts.NO_RESPONSIBLE}",
            "<b>Qué guardo y por cuánto tiempo:</b>\n" + "\n".join(f"• {line}" for line in kept),
            f"<b>Para qué:</b> {_plain(notice.purpose) or texts.PURPOSE}",
            f"{texts.RIGHTS} {_plain(notice.rights) or texts.RIGHTS_AT_THE_OFFICE}",
            f"<b>Aviso de privacidad integral:</b> {link}",
        ]
    )


def _plain(text: str | None) -> str:
    """Staff text shown as written (it is plain text, not HTML)."""
    return html.escape(" ".join(text.split())) if text else ""


def _days(days: float) -> str:
    return f"{days:g}"
