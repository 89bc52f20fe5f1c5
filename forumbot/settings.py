"""One settings object, read once from the environment, frozen, failing fast."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = PROJECT_ROOT / "data" / "forum.yaml"
DEFAULT_DB = Path("var") / "forumbot.sqlite3"
TELEGRAM_API = "https://api.telegram.org/bot"


class SettingsError(ValueError):
    """A setting is missing or malformed; the message names the variable."""


@dataclass(frozen=True, slots=True)
class Settings:
    token: str | None = None
    api_base_url: str = TELEGRAM_API
    api_base_file_url: str | None = None
    db_path: Path = DEFAULT_DB
    data_path: Path = DEFAULT_DATA
    organiser_ids: frozenset[int] = field(default_factory=frozenset)
    clock_start: dt.datetime | None = None  # naive means "in the forum's zone"
    clock_speed: float = 1.0
    log_level: str = "INFO"

    @property
    def file_base_url(self) -> str:
        if self.api_base_file_url:
            return self.api_base_file_url
        return self.api_base_url.removesuffix("/bot") + "/file/bot"

    def with_(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read every FORUMBOT_* variable; raise SettingsError naming the bad one."""
        env = os.environ if env is None else env

        def get(name: str) -> str | None:
            value = env.get(name, "").strip()
            return value or None

        return cls(
            token=get("FORUMBOT_TOKEN"),
            api_base_url=get("FORUMBOT_API_BASE_URL") or TELEGRAM_API,
            api_base_file_url=get("FORUMBOT_API_BASE_FILE_URL"),
            db_path=Path(get("FORUMBOT_DB") or DEFAULT_DB),
            data_path=Path(get("FORUMBOT_DATA") or DEFAULT_DATA),
            organiser_ids=_parse_ids(get("FORUMBOT_ORGANISERS")),
            clock_start=_parse_start(get("FORUMBOT_CLOCK_START")),
            clock_speed=_parse_speed(get("FORUMBOT_CLOCK_SPEED")),
            log_level=_parse_level(get("FORUMBOT_LOG_LEVEL")),
        )


def _parse_ids(raw: str | None) -> frozenset[int]:
    if not raw:
        return frozenset()
    ids = set()
    for part in raw.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        try:
            ids.add(int(part))
        except ValueError:
            raise SettingsError(
                f"FORUMBOT_ORGANISERS: {part!r} is not a numeric Telegram user id "
                "(write ids separated by commas, e.g. 12345,67890)"
            ) from None
    return frozenset(ids)


def _parse_start(raw: str | None) -> dt.datetime | None:
    if not raw:
        return None
    try:
        return dt.datetime.fromisoformat(raw)
    except ValueError:
        raise SettingsError(
            f"FORUMBOT_CLOCK_START: {raw!r} is not a date and time such as 2023-06-22T09:30"
        ) from None


def _parse_speed(raw: str | None) -> float:
    if not raw:
        return 1.0
    try:
        speed = float(raw)
    except ValueError:
        speed = -1.0
    if not 0 <= speed <= 100_000:
        raise SettingsError(f"FORUMBOT_CLOCK_SPEED: {raw!r} must be a number from 0 to 100000")
    return speed


def _parse_level(raw: str | None) -> str:
    level = (raw or "INFO").upper()
    if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
        raise SettingsError(
            f"FORUMBOT_LOG_LEVEL: {raw!r} must be DEBUG, INFO, WARNING, ERROR or CRITICAL"
        )
    return level
