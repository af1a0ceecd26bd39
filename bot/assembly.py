"""Wiring of the transport-independent core: settings -> knowledge -> matcher -> assistant."""

from __future__ import annotations

from dataclasses import replace

from bot.clock import Clock
from bot.config import Settings
from bot.conversation.dialog import Assistant
from bot.knowledge import KnowledgeBase, load_knowledge
from bot.reception.windows import closure_on
from bot.understanding.matching import Matcher


def build_assistant(
    settings: Settings,
    knowledge: KnowledgeBase | None = None,
    clock: Clock | None = None,
    handoff: bool = False,
) -> Assistant:
    """Load (or take) a knowledge base and build everything that answers from it; `handoff`
    when the channel can hand a question to the office's staff."""
    knowledge = knowledge or load_knowledge(settings.faq_dir)
    matcher = Matcher.for_knowledge(knowledge, settings.matching)
    reception = knowledge.reception
    office = replace(
        settings.office,  # the office is closed when staff declared it (cierres)
        closed_on=lambda day: getattr(closure_on(reception, day), "name", None),
    )
    return Assistant(knowledge, matcher, clock or settings.clock(), office, handoff)
