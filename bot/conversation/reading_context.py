"""What reading a student's message needs from the assistant, handed to each part that reads
(free text, follow-ups, several questions) so none of them reaches into the engine."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.clock import Clock
from bot.conversation.questionnaire import Questionnaire
from bot.conversation.recent import Recent
from bot.conversation.topics import TopicReplies
from bot.knowledge import KnowledgeBase
from bot.replies import State
from bot.understanding.combined import CombinedMatcher


@dataclass
class Context:
    """What reading a message needs from the assistant."""

    knowledge: KnowledgeBase
    matcher: CombinedMatcher
    clock: Clock
    topics: TopicReplies
    questionnaire: Questionnaire
    recent: Callable[[State], Recent]
