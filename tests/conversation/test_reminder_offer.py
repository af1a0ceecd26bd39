"""Where "🔔 Avísame cuando abra" is offered: with the dates answer and with a follow-up on it
(«¿y si se me pasa?»), only while reception is closed. The questionnaire's checklist has its own
test (test_questionnaire.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.assembly import build_assistant
from bot.clock import Clock
from bot.conversation import texts
from bot.knowledge import KnowledgeBase
from tests.conftest import FAQ_DIR, settings_for

OPEN, CLOSED = date(2026, 12, 3), date(2026, 11, 27)


@pytest.mark.parametrize(("day", "offered"), [(OPEN, False), (CLOSED, True)])
def test_a_follow_up_on_the_dates_offers_the_reminder_only_while_closed(
    knowledge: KnowledgeBase, tmp_path: Path, day: date, offered: bool
) -> None:
    assistant = build_assistant(settings_for(FAQ_DIR, tmp_path), knowledge, Clock(day))
    state: dict = {}
    [dates] = assistant.on_text(state, "cuando entrego mi nss").replies
    [follow_up] = assistant.on_text(state, "y si se me pasa?").replies
    assert ("Hoy sí se reciben" in follow_up.text) is not offered
    for reply in (dates, follow_up):
        assert (texts.REMIND_ME in [b.label for b in reply.buttons]) is offered
