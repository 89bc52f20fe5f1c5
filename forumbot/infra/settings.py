"""One settings object, read once from the environment, frozen, failing fast."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from forumbot.infra import readers as r
from forumbot.infra.readers import SettingsError

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATA = PROJECT_ROOT / "data" / "forum.yaml"
DEFAULT_DB = Path("var") / "forumbot.sqlite3"
TELEGRAM_API = "https://api.telegram.org/bot"


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
    owner_ids: frozenset[int] = field(default_factory=frozenset)
    broadcast_rate: float = 25.0  # messages a second, all broadcasts together
    paid_broadcasts: bool = False  # Telegram's allow_paid_broadcast: up to 1,000 a second
    schedule_grace: dt.timedelta = dt.timedelta(minutes=15)
    change_window: dt.timedelta = dt.timedelta(minutes=3)  # quiet time before change notices
    # Operations: webhook mode (polling when webhook_url is None), health endpoint, log format.
    webhook_url: str | None = None
    webhook_secret: str | None = None
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8443
    health_listen: str = "127.0.0.1"  # the Docker image sets 0.0.0.0
    health_port: int = 8080  # 0: no health endpoint
    log_format: str = "text"
    # The programme pulled from a URL (pretalx, frab), refreshed every source_refresh (0: only
    # at start and on /reload); source_zone reads files that name no zone.
    source_url: str | None = None
    source_refresh: dt.timedelta = dt.timedelta(minutes=10)
    source_zone: str | None = None
    # The URL's fetch: one deadline for all of it (connect, redirects, body), in seconds, and
    # the other hosts its redirects may lead to ("*": any; empty: the URL's own host only).
    source_timeout: float = 60.0
    source_redirect_hosts: frozenset[str] = field(default_factory=frozenset)
    # Every programme file (command line, chat, URL) is at most import_max_mb; it is checked
    # in a child process stopped after import_seconds or past import_memory_mb of memory.
    import_max_mb: int = 20
    import_seconds: float = 30.0
    import_memory_mb: int = 1024
    # Session feedback: the longest comment a participant may leave, and when the end-of-day
    # prompt goes (HH:MM in the forum's zone; None: when the day's last session ends).
    feedback_comment_max_length: int = 1000
    feedback_day_time: str | None = None
    # Round-table questions: at most this many characters, this many per person and session,
    # and one per person every question_interval.
    question_max_length: int = 500
    questions_per_session: int = 5
    question_interval: dt.timedelta = dt.timedelta(seconds=60)
    # The key of the hashes that keep forgotten people forgotten (forumbot/runtime/privacy.py);
    # None: a key file beside the store, made once.
    privacy_key: str | None = None
    # The Mini App (webapp/): its public https URL (None: no Mini App, the bot as before), the
    # address its own aiohttp server listens on, and how long a signed initData is trusted.
    webapp_url: str | None = None
    webapp_listen: str = "127.0.0.1"
    webapp_port: int = 8081
    webapp_auth_age: dt.timedelta = dt.timedelta(hours=24)
    # The forum's channel or group (issue 15, part 1): its chat id (-100…) or @username, the
    # bot an admin there; None: no channel, nothing changes. Its posts are in channel_languages
    # (empty: the forum's default language); the pinned programme, the "starting now" posts
    # (the halls' ids, or "*" for every hall) and the public post of programme changes are
    # each optional.
    channel: str | None = None
    channel_languages: tuple[str, ...] = ()
    channel_pin_programme: bool = False
    channel_starting_now: frozenset[str] = field(default_factory=frozenset)
    channel_changes: bool = False

    @property
    def file_base_url(self) -> str:
        if self.api_base_file_url:
            return self.api_base_file_url
        return self.api_base_url.removesuffix("/bot") + "/file/bot"

    def with_(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read every FORUMBOT_* variable in VARIABLES; raise SettingsError naming the bad one.
        An unset or empty variable keeps the field's default."""
        env = os.environ if env is None else env
        raw = {v.name: env.get(v.name, "").strip() or None for v in VARIABLES}
        values = {v.field: v.parse(text, v.name) for v in VARIABLES if (text := raw[v.name])}
        settings = cls(**values)
        _check_together(settings, raw)
        return settings


@dataclass(frozen=True, slots=True)
class Variable:
    """One environment variable: the field it sets and how its text is read (called only
    when it is set; it raises SettingsError naming the variable)."""

    field: str
    name: str
    parse: Callable[[str, str], Any]


# --- the table: every setting the bot reads, in order ------------------------------------------
VARIABLES: tuple[Variable, ...] = tuple(
    Variable(field_name, name, parse)
    for field_name, name, parse in (
        ("token", "FORUMBOT_TOKEN", r.text),
        ("api_base_url", "FORUMBOT_API_BASE_URL", r.text),
        ("api_base_file_url", "FORUMBOT_API_BASE_FILE_URL", r.text),
        ("db_path", "FORUMBOT_DB", r.path),
        ("data_path", "FORUMBOT_DATA", r.path),
        ("organiser_ids", "FORUMBOT_ORGANISERS", r.ids),
        ("clock_start", "FORUMBOT_CLOCK_START", r.start),
        ("clock_speed", "FORUMBOT_CLOCK_SPEED", r.speed),
        ("log_level", "FORUMBOT_LOG_LEVEL", r.level),
        ("owner_ids", "FORUMBOT_OWNERS", r.ids),
        ("broadcast_rate", "FORUMBOT_BROADCAST_RATE", r.rate),
        ("paid_broadcasts", "FORUMBOT_PAID_BROADCASTS", r.flag),
        ("schedule_grace", "FORUMBOT_SCHEDULE_GRACE", r.minutes(7 * 24 * 60)),
        ("change_window", "FORUMBOT_CHANGE_WINDOW", r.minutes(24 * 60)),
        ("webhook_url", "FORUMBOT_WEBHOOK_URL", r.webhook_url),
        ("webhook_secret", "FORUMBOT_WEBHOOK_SECRET", r.secret),
        ("webhook_listen", "FORUMBOT_WEBHOOK_LISTEN", r.host),
        ("webhook_port", "FORUMBOT_WEBHOOK_PORT", r.port(1)),
        ("health_listen", "FORUMBOT_HEALTH_LISTEN", r.host),
        ("health_port", "FORUMBOT_HEALTH_PORT", r.port(0)),
        ("log_format", "FORUMBOT_LOG_FORMAT", r.log_format),
        ("source_url", "FORUMBOT_SOURCE_URL", r.source_url),
        ("source_refresh", "FORUMBOT_SOURCE_REFRESH", r.minutes(24 * 60)),
        ("source_zone", "FORUMBOT_SOURCE_ZONE", r.zone),
        ("source_timeout", "FORUMBOT_SOURCE_TIMEOUT", r.count(1, 600)),
        ("source_redirect_hosts", "FORUMBOT_SOURCE_REDIRECT_HOSTS", r.hosts),
        ("import_max_mb", "FORUMBOT_IMPORT_MAX_MB", r.count(1, 1000)),
        ("import_seconds", "FORUMBOT_IMPORT_SECONDS", r.count(1, 3600)),
        ("import_memory_mb", "FORUMBOT_IMPORT_MEMORY_MB", r.count(128, 65536)),
        ("feedback_comment_max_length", "FORUMBOT_FEEDBACK_COMMENT_MAX_LENGTH", r.comment_length),
        ("feedback_day_time", "FORUMBOT_FEEDBACK_DAY_TIME", r.hhmm),
        ("question_max_length", "FORUMBOT_QUESTION_MAX_LENGTH", r.count(1, 3500)),
        ("questions_per_session", "FORUMBOT_QUESTIONS_PER_SESSION", r.count(1, 1000)),
        ("question_interval", "FORUMBOT_QUESTION_INTERVAL", r.seconds(0, 86400)),
        ("privacy_key", "FORUMBOT_PRIVACY_KEY", r.privacy_key),
        ("webapp_url", "FORUMBOT_WEBAPP_URL", r.webapp_url),
        ("webapp_listen", "FORUMBOT_WEBAPP_LISTEN", r.host),
        ("webapp_port", "FORUMBOT_WEBAPP_PORT", r.port(1)),
        ("webapp_auth_age", "FORUMBOT_WEBAPP_AUTH_MINUTES", r.minutes(7 * 24 * 60)),
        ("channel", "FORUMBOT_CHANNEL", r.channel),
        ("channel_languages", "FORUMBOT_CHANNEL_LANGUAGES", r.languages),
        ("channel_pin_programme", "FORUMBOT_CHANNEL_PIN_PROGRAMME", r.flag),
        ("channel_starting_now", "FORUMBOT_CHANNEL_STARTING_NOW", r.halls),
        ("channel_changes", "FORUMBOT_CHANNEL_CHANGES", r.flag),
    )
)


def _check_together(settings: Settings, raw: Mapping[str, str | None]) -> None:
    """What one variable alone cannot say: the webhook's secret comes with its URL, the
    health endpoint keeps its own port, the broadcast rate stays under its ceiling (30/s,
    or 1,000/s with paid broadcasts)."""
    if settings.webhook_url and not settings.webhook_secret:
        raise SettingsError(
            "FORUMBOT_WEBHOOK_SECRET must be set with FORUMBOT_WEBHOOK_URL: Telegram sends "
            "it with every update, and the bot refuses updates without it"
        )
    if settings.webhook_url and settings.health_port == settings.webhook_port:
        raise SettingsError(
            f"FORUMBOT_HEALTH_PORT: {settings.health_port} is FORUMBOT_WEBHOOK_PORT too; "
            "give the health endpoint its own port (or 0 to turn it off)"
        )
    if settings.webapp_url and settings.webapp_port in (
        settings.health_port,
        settings.webhook_port if settings.webhook_url else None,
    ):
        raise SettingsError(
            f"FORUMBOT_WEBAPP_PORT: {settings.webapp_port} is taken by the health endpoint or "
            "the webhook; give the Mini App its own port"
        )
    paid = settings.paid_broadcasts
    ceiling = 1000.0 if paid else 30.0
    if not 0 < settings.broadcast_rate <= ceiling:
        raise SettingsError(
            f"FORUMBOT_BROADCAST_RATE: {raw['FORUMBOT_BROADCAST_RATE']!r} must be a number "
            f"above 0 and at most {ceiling:g} "
            + ("(paid broadcasts)" if paid else "(1,000 with FORUMBOT_PAID_BROADCASTS=1)")
        )
