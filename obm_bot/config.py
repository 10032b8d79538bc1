"""Settings from the environment (prefix ``OBM_``) and an optional ``.env`` file."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from pydantic import AnyHttpUrl, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent
WEBHOOK_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")  # what Telegram accepts


class SettingsError(Exception):
    """A setting is missing or malformed; the message is one line that names it."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="OBM_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    telegram_token: SecretStr | None = None
    telegram_base_url: AnyHttpUrl | None = None
    webhook_secret: SecretStr | None = None
    telegram_rate_limit: bool = True
    """Telegram's flood limits kept by the bot; off only to measure the bot itself."""
    db_path: Path = Path("data/obm.sqlite3")
    config: Path = Path("obm.toml")
    catalogue_dir: Path = REPO_ROOT / "catalogue"
    intents_dir: Path = REPO_ROOT / "intents"
    health_port: int | None = Field(default=None, ge=1, le=65535)
    """``/healthz`` and ``/metrics`` at this port (``obm-bot run --health``)."""
    health_host: str = "127.0.0.1"
    """Only in a container, where the scraper is on another host of its network: 0.0.0.0."""
    backup_dir: Path | None = None
    """Where backups go; unset: ``backups/`` next to the database."""
    backup_at: dt.time = dt.time(3, 0)
    """The daily backup's time of day, in the OBM's time zone."""
    backup_keep: int = Field(default=7, ge=1)
    """How many daily backups are kept: also how long a /vergeet'd person stays in one."""

    @property
    def backups(self) -> Path:
        return self.backup_dir or self.db_path.parent / "backups"

    @field_validator(
        "telegram_token",
        "telegram_base_url",
        "webhook_secret",
        "health_port",
        "backup_dir",
        mode="before",
    )
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        # `.env.example` leaves these empty; an empty value means "not configured".
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("webhook_secret")
    @classmethod
    def _telegram_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not WEBHOOK_SECRET.match(value.get_secret_value()):
            raise ValueError("use 1-256 characters: letters, digits, _ and -")
        return value

    @field_validator("catalogue_dir", "intents_dir")
    @classmethod
    def _must_be_directory(cls, value: Path) -> Path:
        if not value.is_dir():
            raise ValueError(f"directory {value} does not exist")
        return value

    @field_validator("db_path")
    @classmethod
    def _not_a_directory(cls, value: Path) -> Path:
        if value.is_dir():
            raise ValueError(f"{value} is a directory, expected a database file path")
        return value


def load_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        error = exc.errors()[0]
        name = "OBM_" + str(error["loc"][0]).upper() if error["loc"] else "settings"
        raise SettingsError(f"setting {name}: {error['msg']}") from None
