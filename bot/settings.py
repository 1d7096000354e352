"""Settings: read from the environment and from `.env`, checked once at start-up.

Only the command line calls `load_settings`; everything else takes a `Settings` value, so
tests build one directly.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from dotenv import dotenv_values

DEFAULT_ARCHIVE_DIR = "seeds/"
DEFAULT_ARCHIVE_DB = "data/archive.db"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
# What @BotFather hands out: the bot's numeric id, a colon, then letters, digits, _ and -.
_TOKEN_SHAPE = re.compile(r"\d+:[A-Za-z0-9_-]+")


class SettingsError(ValueError):
    """A setting that cannot be used. The message is one line and never holds the token."""


@dataclass(frozen=True)
class Settings:
    """What the bot needs to run. `token` is None for the terminal chat."""

    token: str | None
    admin_ids: frozenset[int]
    archive_dir: Path
    archive_db: Path
    api_base_url: str | None = None
    log_level: str = "INFO"

    def __repr__(self) -> str:
        # The token must never reach a log line or a traceback.
        shown = "set" if self.token else "None"
        return (
            f"Settings(token={shown}, admin_ids={sorted(self.admin_ids)}, "
            f"archive_dir={str(self.archive_dir)!r}, archive_db={str(self.archive_db)!r}, "
            f"api_base_url={self.api_base_url!r}, log_level={self.log_level!r})"
        )


def parse_admin_ids(value: str) -> frozenset[int]:
    """ "123, 456" -> {123, 456}. Raises SettingsError on anything but positive numbers."""
    ids = set()
    for part in value.split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit() or int(part) == 0:
            raise SettingsError(
                f"ADMIN_IDS: {part!r} is not a numeric Telegram user id "
                "(expected comma-separated numbers, like ADMIN_IDS=12345,67890)."
            )
        ids.add(int(part))
    return frozenset(ids)


def parse_api_base_url(value: str) -> str:
    """A Bot API server address, as PTB's `base_url` wants it: ending in `/bot`, to
    which the token is appended."""
    address = value.strip().rstrip("/")
    parsed = urlparse(address)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise SettingsError(
            f"TELEGRAM_API_BASE_URL: {value!r} is not an http(s) address "
            "(like http://localhost:8081/bot)."
        )
    return address if address.endswith("/bot") else address + "/bot"


def file_base_url(api_base_url: str) -> str:
    """Where a Bot API server serves files: its `/file/bot` beside its `/bot`."""
    return api_base_url.removesuffix("/bot") + "/file/bot"


def parse_token(value: str) -> str:
    token = value.strip()
    if not _TOKEN_SHAPE.fullmatch(token):
        raise SettingsError(
            "TELEGRAM_BOT_TOKEN does not look like a bot token (digits, a colon, then "
            "letters): copy it again from @BotFather."
        )
    return token


def settings_from(environment: Mapping[str, str | None]) -> Settings:
    """Settings from a mapping of variables. Raises SettingsError with one clear line."""

    def value(key: str) -> str:
        return (environment.get(key) or "").strip()

    level = value("LOG_LEVEL").upper() or "INFO"
    if level not in LOG_LEVELS:
        raise SettingsError(f"LOG_LEVEL: {level!r} is not one of {', '.join(LOG_LEVELS)}.")
    return Settings(
        token=parse_token(value("TELEGRAM_BOT_TOKEN")) if value("TELEGRAM_BOT_TOKEN") else None,
        admin_ids=parse_admin_ids(value("ADMIN_IDS")),
        archive_dir=Path(value("ARCHIVE_DIR") or DEFAULT_ARCHIVE_DIR),
        archive_db=Path(value("ARCHIVE_DB") or DEFAULT_ARCHIVE_DB),
        api_base_url=(
            parse_api_base_url(value("TELEGRAM_API_BASE_URL"))
            if value("TELEGRAM_API_BASE_URL")
            else None
        ),
        log_level=level,
    )


def load_settings(env_file: str | Path = ".env") -> Settings:
    """Settings from the process environment, then from `env_file` for what it lacks."""
    from_file = dotenv_values(env_file) if Path(env_file).is_file() else {}
    return settings_from({**from_file, **os.environ})
