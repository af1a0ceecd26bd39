"""Shared fixtures: the real shipped knowledge base, and copies of it that tests may break."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from bot.config import Settings
from bot.core import build_assistant
from bot.dialog import Assistant
from bot.knowledge import KnowledgeBase, load_knowledge
from bot.matching import Matcher, MatchSettings
from bot.reception import Clock

ROOT = Path(__file__).resolve().parent.parent
FAQ_DIR = ROOT / "faq"


@pytest.fixture(scope="session")
def knowledge() -> KnowledgeBase:
    return load_knowledge(FAQ_DIR)


@pytest.fixture(scope="session")
def matcher(knowledge: KnowledgeBase) -> Matcher:
    return Matcher.for_knowledge(knowledge)


def settings_for(faq_dir: Path, data_dir: Path, today: date | None = None) -> Settings:
    return Settings(ROOT / "config.yaml", faq_dir, data_dir, MatchSettings(), today)


@pytest.fixture
def assistant(knowledge: KnowledgeBase, tmp_path: Path) -> Assistant:
    """The real assistant on the shipped knowledge base, on 3 December 2026 (a window day)."""
    return build_assistant(settings_for(FAQ_DIR, tmp_path), knowledge, Clock(date(2026, 12, 3)))


@pytest.fixture
def faq_copy(tmp_path: Path) -> Path:
    """A writable copy of faq/ for tests that edit the YAML like a staff member would."""
    target = tmp_path / "faq"
    shutil.copytree(FAQ_DIR, target)
    return target
