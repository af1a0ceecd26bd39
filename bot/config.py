"""Settings from config.yaml and the environment (docs/product.md and the README list every variable)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from bot.clock import MEXICO_CITY, Clock
from bot.knowledge.validation import validate_document
from bot.knowledge.yaml_source import Problem, read_yaml
from bot.office.hours import DEFAULT_NAME, Office, Opening, parse_days, parse_time
from bot.understanding.matching import MatchSettings


class ConfigError(Exception):
    """The configuration cannot be used; the message says what to fix, `path:line` first."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


class _MatchingSection(BaseModel):
    model_config = ConfigDict(extra="forbid")
    answer_confidence: float | None = Field(None, ge=0, le=1)  # None: the calibrated default
    suggest_confidence: float | None = Field(None, ge=0, le=1)
    alone_confidence: float | None = Field(None, ge=0, le=1)
    max_suggestions: int = Field(3, ge=1, le=5)


class _WebhookSection(BaseModel):
    model_config = ConfigDict(extra="forbid")
    listen: str = "127.0.0.1"
    port: int = Field(8443, ge=1, le=65535)
    url: str | None = None  # public HTTPS URL Telegram posts to, e.g. https://bot.example.mx/tg
    path: str = "telegram"
    secret_token: str | None = None  # random per start when empty


class _FloodSection(BaseModel):
    model_config = ConfigDict(extra="forbid")
    messages: int = Field(8, ge=1)
    seconds: float = Field(10.0, gt=0)


class _TelegramSection(BaseModel):
    model_config = ConfigDict(extra="forbid")
    base_url: str | None = None
    admins: list[int] = Field(default_factory=list)
    concurrent_updates: int = Field(64, ge=1, le=4096)
    reload_seconds: float = Field(3.0, gt=0)
    persistence_seconds: float = Field(1.0, gt=0)
    flood: _FloodSection = Field(default_factory=_FloodSection)
    webhook: _WebhookSection = Field(default_factory=_WebhookSection)


class _OpeningSection(BaseModel):
    model_config = ConfigDict(extra="forbid")
    dias: frozenset[int]
    de: object
    a: object

    @field_validator("dias", mode="before")
    @classmethod
    def _days(cls, value: object) -> frozenset[int]:
        if not isinstance(value, str | list):
            raise ValueError("escribe los días, por ejemplo «lunes a viernes»")
        return parse_days(value)

    @field_validator("de", "a", mode="before")
    @classmethod
    def _time(cls, value: object) -> object:
        return _parse_clock(value)


class _OfficeSection(BaseModel):
    model_config = ConfigDict(extra="forbid")
    nombre: str = DEFAULT_NAME
    lugar: str | None = None
    horario: list[_OpeningSection] = Field(default_factory=list)
    correo: str | None = None
    telefono: str | None = None
    url: str | None = None


class _HandoffSection(BaseModel):
    model_config = ConfigDict(extra="forbid")
    staff_chat_id: int | None = None
    max_new_per_day: int = Field(3, ge=1, le=50)
    max_messages_per_hour: int = Field(10, ge=1, le=100)
    retention_days: int = Field(180, ge=1, le=3650)


class _RemindersSection(BaseModel):
    model_config = ConfigDict(extra="forbid")
    hora: object = Field("9:00", validate_default=True)

    @field_validator("hora", mode="before")
    @classmethod
    def _time(cls, value: object) -> object:
        return _parse_clock(value)


def _parse_clock(value: object) -> time:
    if not isinstance(value, str | int):
        raise ValueError('escribe la hora entre comillas, por ejemplo "9:00"')
    return parse_time(value)


class _JournalSection(BaseModel):
    model_config = ConfigDict(extra="forbid")
    retention_days: float = Field(180, gt=0)


class _PrivacySection(BaseModel):
    model_config = ConfigDict(extra="forbid")
    borrar_datos_pegados: bool = True  # delete a pasted NSS, CURP or phone from a private chat


class _ConfigFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    faq_dir: str = "faq"
    matching: _MatchingSection = Field(default_factory=_MatchingSection)
    telegram: _TelegramSection = Field(default_factory=_TelegramSection)
    journal: _JournalSection = Field(default_factory=_JournalSection)
    oficina: _OfficeSection = Field(default_factory=_OfficeSection)
    handoff: _HandoffSection = Field(default_factory=_HandoffSection)
    recordatorios: _RemindersSection = Field(default_factory=_RemindersSection)
    privacidad: _PrivacySection = Field(default_factory=_PrivacySection)


@dataclass(frozen=True)
class WebhookSettings:
    listen: str
    port: int
    url: str | None
    path: str
    secret_token: str | None


@dataclass(frozen=True)
class TelegramSettings:
    """Everything `faqbot run` needs besides the token (which only comes from the environment)."""

    base_url: str | None
    admins: frozenset[int]
    concurrent_updates: int
    reload_seconds: float
    persistence_seconds: float
    flood_messages: int
    flood_seconds: float
    webhook: WebhookSettings


@dataclass(frozen=True)
class HandoffSettings:
    """Where the office staff answer students (a Telegram group), and how often a student may
    open a new ticket."""

    staff_chat_id: int | None = None
    max_new_per_day: int = 3
    max_messages_per_hour: int = 10  # a student's messages on one ticket (questions, replies)
    retention_days: float = 180  # a ticket is purged this long after its last activity


@dataclass(frozen=True)
class Settings:
    config_path: Path
    faq_dir: Path
    data_dir: Path
    matching: MatchSettings
    today: date | None  # FAQBOT_TODAY: a frozen "today" for demos and tests
    telegram: TelegramSettings = field(default_factory=lambda: _telegram(_TelegramSection(), None))
    journal_retention_days: float = 180.0
    now: datetime | None = None  # FAQBOT_NOW: a frozen moment (Mexico City)
    office: Office = field(default_factory=Office)
    handoff: HandoffSettings = field(default_factory=HandoffSettings)
    reminder_time: time = time(9, 0)  # when the opening day's reminders go out (Mexico City)
    delete_pasted: bool = True  # privacidad.borrar_datos_pegados

    def clock(self) -> Clock:
        """The clock every command uses: frozen by FAQBOT_NOW or FAQBOT_TODAY, else real."""
        return Clock(self.today, fixed_now=self.now)


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Read FAQBOT_CONFIG (default ./config.yaml) and the environment."""
    env = os.environ if env is None else env
    config_path = Path(env.get("FAQBOT_CONFIG") or "config.yaml")
    parsed = read_config(config_path)
    m = parsed.matching
    faq_dir = Path(parsed.faq_dir)
    if not faq_dir.is_absolute():
        faq_dir = config_path.parent / faq_dir
    return Settings(
        config_path=config_path,
        faq_dir=faq_dir,
        data_dir=Path(env.get("FAQBOT_DATA_DIR") or "data"),
        matching=MatchSettings(
            answer_confidence=m.answer_confidence,
            suggest_confidence=m.suggest_confidence,
            alone_confidence=m.alone_confidence,
            max_suggestions=m.max_suggestions,
        ),
        today=_parse_today(env.get("FAQBOT_TODAY")),
        now=_parse_now(env.get("FAQBOT_NOW")),
        telegram=_telegram(parsed.telegram, env.get("TELEGRAM_API_BASE_URL")),
        journal_retention_days=parsed.journal.retention_days,
        office=_office(parsed.oficina),
        handoff=HandoffSettings(
            parsed.handoff.staff_chat_id,
            parsed.handoff.max_new_per_day,
            parsed.handoff.max_messages_per_hour,
            parsed.handoff.retention_days,
        ),
        reminder_time=parsed.recordatorios.hora,  # type: ignore[arg-type]
        delete_pasted=parsed.privacidad.borrar_datos_pegados,
    )


def _office(section: _OfficeSection) -> Office:
    hours = tuple(Opening(o.dias, o.de, o.a) for o in section.horario)  # type: ignore[arg-type]
    return Office(section.nombre, section.lugar, hours, section.correo, section.telefono, section.url)


def _telegram(section: _TelegramSection, base_url_env: str | None) -> TelegramSettings:
    hook = section.webhook
    return TelegramSettings(
        base_url=base_url_env or section.base_url,
        admins=frozenset(section.admins),
        concurrent_updates=section.concurrent_updates,
        reload_seconds=section.reload_seconds,
        persistence_seconds=section.persistence_seconds,
        flood_messages=section.flood.messages,
        flood_seconds=section.flood.seconds,
        webhook=WebhookSettings(hook.listen, hook.port, hook.url, hook.path.strip("/"), hook.secret_token),
    )


def read_config(path: Path) -> _ConfigFile:
    """config.yaml read as safely as the knowledge base, every problem at its `path:line`."""
    if not path.exists():
        if path == Path("config.yaml"):
            return _ConfigFile()  # defaults are fine when no config file was asked for
        raise ConfigError(f"{path}: no existe el archivo de configuración (FAQBOT_CONFIG)")
    doc = read_yaml(path, allow_empty=True)
    problems = list(doc.problems)
    parsed = (
        validate_document(doc, _ConfigFile, problems)
        if doc.data is not None
        else None
        if problems
        else _ConfigFile()
    )
    if parsed is not None:
        for index, opening in enumerate(parsed.oficina.horario):
            if opening.de >= opening.a:  # type: ignore[operator]
                problems.append(
                    doc.problem(
                        ("oficina", "horario", index, "a"),
                        "la hora de cierre debe ser después de la de apertura",
                    )
                )
        m = parsed.matching
        if (
            m.suggest_confidence is not None
            and m.answer_confidence is not None
            and m.suggest_confidence > m.answer_confidence
        ):
            problems.append(
                doc.problem(
                    ("matching", "suggest_confidence"),
                    "suggest_confidence no puede ser mayor que answer_confidence",
                )
            )
    if problems or parsed is None:
        problems.sort()
        raise ConfigError("\n".join(map(str, problems)), problems)
    return parsed


def _parse_now(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.strptime(value.strip(), "%Y-%m-%dT%H:%M")
    except ValueError:
        raise ConfigError(f"FAQBOT_NOW must be YYYY-MM-DDTHH:MM (Mexico City), not {value!r}") from None
    return moment.replace(tzinfo=MEXICO_CITY)


def _parse_today(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ConfigError(f"FAQBOT_TODAY must be a date YYYY-MM-DD, not {value!r}") from None
