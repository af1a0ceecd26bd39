"""Settings from config.yaml and the environment (PRODUCT.md lists every variable)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.matching import MatchSettings


class ConfigError(Exception):
    """The configuration cannot be used; the message says what to fix."""


class _MatchingSection(BaseModel):
    model_config = ConfigDict(extra="forbid")
    answer_threshold: float = Field(80.0, ge=0, le=100)
    suggest_threshold: float = Field(60.0, ge=0, le=100)
    ambiguity_margin: float = Field(8.0, ge=0, le=100)
    max_suggestions: int = Field(3, ge=1, le=5)


class _ConfigFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    faq_dir: str = "faq"
    matching: _MatchingSection = Field(default_factory=_MatchingSection)


@dataclass(frozen=True)
class Settings:
    config_path: Path
    faq_dir: Path
    data_dir: Path
    matching: MatchSettings
    today: date | None  # FAQBOT_TODAY: a frozen "today" for demos and tests


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Read FAQBOT_CONFIG (default ./config.yaml) and the environment."""
    env = os.environ if env is None else env
    config_path = Path(env.get("FAQBOT_CONFIG") or "config.yaml")
    raw = _read_config(config_path)
    try:
        parsed = _ConfigFile.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()
        )
        raise ConfigError(f"{config_path}: {problems}") from None
    m = parsed.matching
    if m.suggest_threshold > m.answer_threshold:
        raise ConfigError(f"{config_path}: matching.suggest_threshold must not exceed "
                          "matching.answer_threshold")
    faq_dir = Path(parsed.faq_dir)
    if not faq_dir.is_absolute():
        faq_dir = config_path.parent / faq_dir
    return Settings(
        config_path=config_path,
        faq_dir=faq_dir,
        data_dir=Path(env.get("FAQBOT_DATA_DIR") or "data"),
        matching=MatchSettings(m.answer_threshold, m.suggest_threshold, m.ambiguity_margin,
                               m.max_suggestions),
        today=_parse_today(env.get("FAQBOT_TODAY")),
    )


def _read_config(path: Path) -> dict:
    if not path.exists():
        if path == Path("config.yaml"):
            return {}  # defaults are fine when no config file was asked for
        raise ConfigError(f"{path}: the configuration file does not exist (FAQBOT_CONFIG)")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read the configuration ({exc})") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the configuration must be a mapping of keys")
    return data


def _parse_today(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ConfigError(f"FAQBOT_TODAY must be a date YYYY-MM-DD, not {value!r}") from None
