"""The assistant for the newest valid knowledge base, reloaded when staff edit `faq/`.

An invalid edit never replaces what is serving: the last good knowledge base keeps answering,
and the problems are handed back so they can be logged and sent to the admins.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

from bot.assembly import build_assistant
from bot.clock import Clock
from bot.config import Settings
from bot.conversation.dialog import Assistant
from bot.knowledge import KnowledgeError, Problem
from bot.knowledge.loader import KNOWLEDGE_FILES

Fingerprint = tuple[tuple[int, int] | None, ...]
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReloadOutcome:
    changed: bool  # a new knowledge base is now serving
    version: str  # the version serving after this attempt
    problems: list[Problem] = field(default_factory=list)


class LiveAssistant:
    """Holds the current Assistant; `reload_if_changed()` is cheap enough to call every second."""

    def __init__(self, settings: Settings, clock: Clock | None = None, handoff: bool = False) -> None:
        self._settings = settings
        self._clock = clock or settings.clock()
        self._handoff = handoff
        self._fingerprint = self._stat()
        self.assistant: Assistant = build_assistant(settings, clock=self._clock, handoff=handoff)
        self.loaded_at = time.time()

    @property
    def version(self) -> str:
        return self.assistant.knowledge.version

    def reload_if_changed(self) -> ReloadOutcome | None:
        """Reload when a file's size or modification time changed; None when nothing did."""
        if self._stat() == self._fingerprint:
            return None
        return self.reload()

    def reload(self) -> ReloadOutcome:
        """Load the knowledge base now; keep the current one if the new one has problems, or if
        loading failed in any other way (which is reported as a problem too)."""
        self._fingerprint = self._stat()  # a broken edit is reported once, not every poll
        try:
            assistant = build_assistant(self._settings, clock=self._clock, handoff=self._handoff)
        except KnowledgeError as exc:
            return ReloadOutcome(False, self.version, exc.problems)
        except Exception as exc:  # whatever a file can do, the bot keeps serving
            _log.exception("loading the knowledge base failed")
            problem = Problem(
                str(self._settings.faq_dir),
                1,
                f"no se pudo cargar la base de conocimiento ({exc.__class__.__name__})",
            )
            return ReloadOutcome(False, self.version, [problem])
        changed = assistant.knowledge.version != self.version
        self.assistant = assistant
        self.loaded_at = time.time()
        return ReloadOutcome(changed, self.version)

    def _stat(self) -> Fingerprint:
        stats: list[tuple[int, int] | None] = []
        for name in KNOWLEDGE_FILES:
            try:
                info = (self._settings.faq_dir / name).stat()
                stats.append((info.st_mtime_ns, info.st_size))
            except OSError:
                stats.append(None)
        return tuple(stats)
