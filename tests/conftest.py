"""Shared fixtures: the real shipped knowledge base, and copies of it that tests may break."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import pytest

from bot.assembly import build_assistant
from bot.clock import Clock
from bot.config import Settings
from bot.conversation.dialog import Assistant
from bot.knowledge import KnowledgeBase, load_knowledge
from bot.understanding.matching import Matcher, MatchSettings

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


@pytest.fixture
async def server() -> AsyncIterator:
    """The local Bot API server; afterwards, nothing Telegram would have refused (but for rate
    limits, which the bot must absorb) and every button press answered."""
    from tests.support.fake_telegram import FakeTelegram

    fake = await FakeTelegram().start()
    yield fake
    await fake.stop()
    refused = [e for e in fake.errors if not e[1].startswith("Too Many Requests")]
    assert refused == [], "Telegram would have refused these requests"
    assert all(fake.callback_queries.values()), "a callback query was left unanswered"


@pytest.fixture
def settings(server, faq_copy: Path, tmp_path: Path) -> Settings:
    """The bot's settings for a test: the local server, a copy of faq/, a fresh data folder."""
    from tests.support.harness import bot_settings

    return bot_settings(server, faq_copy, tmp_path / "data")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that run the bot against the local Bot API server are `slow`: `make check` leaves
    them to `make test`."""
    for item in items:
        if "server" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)
