"""One settings object, read once from the environment, frozen, failing fast."""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

PROJECT_ROOT = Path(__file__).resolve().parents[2]
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

        webhook_url, webhook_secret = _parse_webhook(
            get("FORUMBOT_WEBHOOK_URL"), get("FORUMBOT_WEBHOOK_SECRET")
        )
        webhook_port = _parse_port(get("FORUMBOT_WEBHOOK_PORT"), "FORUMBOT_WEBHOOK_PORT", 8443)
        health_port = _parse_port(
            get("FORUMBOT_HEALTH_PORT"), "FORUMBOT_HEALTH_PORT", 8080, off=True
        )
        if webhook_url and health_port == webhook_port:
            raise SettingsError(
                f"FORUMBOT_HEALTH_PORT: {health_port} is FORUMBOT_WEBHOOK_PORT too; "
                "give the health endpoint its own port (or 0 to turn it off)"
            )
        rate, paid = _parse_broadcast(
            get("FORUMBOT_BROADCAST_RATE"), get("FORUMBOT_PAID_BROADCASTS")
        )
        return cls(
            token=get("FORUMBOT_TOKEN"),
            api_base_url=get("FORUMBOT_API_BASE_URL") or TELEGRAM_API,
            api_base_file_url=get("FORUMBOT_API_BASE_FILE_URL"),
            db_path=Path(get("FORUMBOT_DB") or DEFAULT_DB),
            data_path=Path(get("FORUMBOT_DATA") or DEFAULT_DATA),
            organiser_ids=_parse_ids(get("FORUMBOT_ORGANISERS"), "FORUMBOT_ORGANISERS"),
            clock_start=_parse_start(get("FORUMBOT_CLOCK_START")),
            clock_speed=_parse_speed(get("FORUMBOT_CLOCK_SPEED")),
            log_level=_parse_level(get("FORUMBOT_LOG_LEVEL")),
            owner_ids=_parse_ids(get("FORUMBOT_OWNERS"), "FORUMBOT_OWNERS"),
            broadcast_rate=rate,
            paid_broadcasts=paid,
            schedule_grace=_parse_grace(get("FORUMBOT_SCHEDULE_GRACE")),
            change_window=_parse_minutes(
                get("FORUMBOT_CHANGE_WINDOW"), "FORUMBOT_CHANGE_WINDOW", 3
            ),
            webhook_url=webhook_url,
            webhook_secret=webhook_secret,
            webhook_listen=_parse_host(get("FORUMBOT_WEBHOOK_LISTEN"), "FORUMBOT_WEBHOOK_LISTEN")
            or "0.0.0.0",
            webhook_port=webhook_port,
            health_listen=_parse_host(get("FORUMBOT_HEALTH_LISTEN"), "FORUMBOT_HEALTH_LISTEN")
            or "127.0.0.1",
            health_port=health_port,
            log_format=_parse_log_format(get("FORUMBOT_LOG_FORMAT")),
            source_url=_parse_source_url(get("FORUMBOT_SOURCE_URL")),
            source_refresh=_parse_minutes(
                get("FORUMBOT_SOURCE_REFRESH"), "FORUMBOT_SOURCE_REFRESH", 10
            ),
            source_zone=_parse_zone(get("FORUMBOT_SOURCE_ZONE"), "FORUMBOT_SOURCE_ZONE"),
            source_timeout=_parse_count(
                get("FORUMBOT_SOURCE_TIMEOUT"), "FORUMBOT_SOURCE_TIMEOUT", 60, 1, 600
            ),
            source_redirect_hosts=_parse_hosts(get("FORUMBOT_SOURCE_REDIRECT_HOSTS")),
            import_max_mb=_parse_count(
                get("FORUMBOT_IMPORT_MAX_MB"), "FORUMBOT_IMPORT_MAX_MB", 20, 1, 1000
            ),
            import_seconds=_parse_count(
                get("FORUMBOT_IMPORT_SECONDS"), "FORUMBOT_IMPORT_SECONDS", 30, 1, 3600
            ),
            import_memory_mb=_parse_count(
                get("FORUMBOT_IMPORT_MEMORY_MB"), "FORUMBOT_IMPORT_MEMORY_MB", 1024, 128, 65536
            ),
            feedback_comment_max_length=_parse_comment_length(
                get("FORUMBOT_FEEDBACK_COMMENT_MAX_LENGTH")
            ),
            feedback_day_time=_parse_hhmm(
                get("FORUMBOT_FEEDBACK_DAY_TIME"), "FORUMBOT_FEEDBACK_DAY_TIME"
            ),
            question_max_length=_parse_count(
                get("FORUMBOT_QUESTION_MAX_LENGTH"), "FORUMBOT_QUESTION_MAX_LENGTH", 500, 1, 3500
            ),
            questions_per_session=_parse_count(
                get("FORUMBOT_QUESTIONS_PER_SESSION"), "FORUMBOT_QUESTIONS_PER_SESSION", 5, 1, 1000
            ),
            question_interval=dt.timedelta(
                seconds=_parse_count(
                    get("FORUMBOT_QUESTION_INTERVAL"), "FORUMBOT_QUESTION_INTERVAL", 60, 0, 86400
                )
            ),
            privacy_key=_parse_privacy_key(get("FORUMBOT_PRIVACY_KEY")),
        )


def _parse_privacy_key(raw: str | None) -> str | None:
    if raw is not None and len(raw) < 32:
        raise SettingsError(
            "FORUMBOT_PRIVACY_KEY: at least 32 characters of random text, e.g. the output of "
            "`openssl rand -hex 32` (or leave it unset: the bot then keeps a key file beside "
            "the store)"
        )
    return raw


def _parse_ids(raw: str | None, name: str) -> frozenset[int]:
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
                f"{name}: {part!r} is not a numeric Telegram user id "
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


def _parse_broadcast(rate: str | None, paid: str | None) -> tuple[float, bool]:
    """The broadcast rate: at most 30/s (Telegram's limit), or 1,000/s with paid broadcasts."""
    paid_on = (paid or "").lower() in {"1", "true", "yes", "on"}
    if paid and not paid_on and paid.lower() not in {"0", "false", "no", "off"}:
        raise SettingsError(f"FORUMBOT_PAID_BROADCASTS: {paid!r} must be 1 or 0")
    ceiling = 1000.0 if paid_on else 30.0
    try:
        value = float(rate) if rate else 25.0
    except ValueError:
        value = -1.0
    if not 0 < value <= ceiling:
        raise SettingsError(
            f"FORUMBOT_BROADCAST_RATE: {rate!r} must be a number above 0 and at most {ceiling:g} "
            + ("(paid broadcasts)" if paid_on else "(1,000 with FORUMBOT_PAID_BROADCASTS=1)")
        )
    return value, paid_on


def _parse_grace(raw: str | None) -> dt.timedelta:
    if not raw:
        return dt.timedelta(minutes=15)
    try:
        minutes = float(raw)
    except ValueError:
        minutes = -1.0
    if not 0 <= minutes <= 7 * 24 * 60:
        raise SettingsError(f"FORUMBOT_SCHEDULE_GRACE: {raw!r} must be minutes, from 0 to 10080")
    return dt.timedelta(minutes=minutes)


def _parse_minutes(raw: str | None, name: str, default: float) -> dt.timedelta:
    if not raw:
        return dt.timedelta(minutes=default)
    try:
        minutes = float(raw)
    except ValueError:
        minutes = -1.0
    if not 0 <= minutes <= 24 * 60:
        raise SettingsError(f"{name}: {raw!r} must be minutes, from 0 to 1440")
    return dt.timedelta(minutes=minutes)


_SECRET_RE = re.compile(r"[A-Za-z0-9_-]{1,256}")
_HOST_RE = re.compile(r"[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?")


def _parse_webhook(url: str | None, secret: str | None) -> tuple[str | None, str | None]:
    """The webhook URL (http or https, with a host) and its secret token, required with it."""
    if url:
        scheme, _, rest = url.partition("://")
        host = rest.split("/", 1)[0]
        if scheme.lower() not in ("https", "http") or not host or any(c.isspace() for c in url):
            raise SettingsError(
                f"FORUMBOT_WEBHOOK_URL: {url!r} must be a URL such as "
                "https://bot.example.org/telegram (Telegram needs https)"
            )
        if not secret:
            raise SettingsError(
                "FORUMBOT_WEBHOOK_SECRET must be set with FORUMBOT_WEBHOOK_URL: Telegram sends "
                "it with every update, and the bot refuses updates without it"
            )
    if secret and not _SECRET_RE.fullmatch(secret):
        raise SettingsError(
            "FORUMBOT_WEBHOOK_SECRET must be 1 to 256 characters, each A-Z, a-z, 0-9, _ or -"
        )
    return url, secret


def _parse_port(raw: str | None, name: str, default: int, *, off: bool = False) -> int:
    """A TCP port; with ``off``, 0 is allowed too and means "serve nothing"."""
    if not raw:
        return default
    low = 0 if off else 1
    try:
        port = int(raw)
    except ValueError:
        port = -1
    if not low <= port <= 65535:
        raise SettingsError(f"{name}: {raw!r} must be a port number from {low} to 65535")
    return port


def _parse_host(raw: str | None, name: str) -> str | None:
    """An address to listen on: an IP address (0.0.0.0, ::, 127.0.0.1) or a host name."""
    if not raw:
        return None
    try:
        ipaddress.ip_address(raw)
    except ValueError:
        if not _HOST_RE.fullmatch(raw):
            raise SettingsError(
                f"{name}: {raw!r} must be an address to listen on, such as 0.0.0.0 or 127.0.0.1"
            ) from None
    return raw


def _parse_log_format(raw: str | None) -> str:
    value = (raw or "text").lower()
    if value not in ("text", "json"):
        raise SettingsError(f"FORUMBOT_LOG_FORMAT: {raw!r} must be text or json")
    return value


def _parse_source_url(raw: str | None) -> str | None:
    """The programme's URL: http or https, with a host."""
    if not raw:
        return None
    scheme, _, rest = raw.partition("://")
    if scheme.lower() not in ("http", "https") or not rest.split("/", 1)[0] or " " in raw:
        raise SettingsError(
            f"FORUMBOT_SOURCE_URL: {raw!r} must be a URL such as "
            "https://pretalx.example.org/forum/schedule/export/schedule.json"
        )
    return raw


def _parse_hosts(raw: str | None) -> frozenset[str]:
    """Host names separated by commas, or "*" for any host."""
    hosts = frozenset(h.strip().lower() for h in (raw or "").split(",") if h.strip())
    for host in hosts - {"*"}:
        if not _HOST_RE.fullmatch(host):
            raise SettingsError(
                f"FORUMBOT_SOURCE_REDIRECT_HOSTS: {host!r} is not a host name such as "
                "cdn.example.org (write names separated by commas, or * for any host)"
            )
    return hosts


def _parse_zone(raw: str | None, name: str) -> str | None:
    """An IANA time zone name such as Asia/Bishkek."""
    if not raw:
        return None
    try:
        ZoneInfo(raw)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError(f"{name}: {raw!r} is not a time zone such as Asia/Bishkek") from None
    return raw


def _parse_comment_length(raw: str | None) -> int:
    """Characters; at most 3000, so that a comment shown back fits one Telegram message."""
    if not raw:
        return 1000
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if not 1 <= value <= 3000:
        raise SettingsError(
            f"FORUMBOT_FEEDBACK_COMMENT_MAX_LENGTH: {raw!r} must be a number from 1 to 3000"
        )
    return value


def _parse_hhmm(raw: str | None, name: str) -> str | None:
    """A local time of day, HH:MM."""
    if not raw:
        return None
    if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", raw):
        raise SettingsError(f"{name}: {raw!r} must be a time of day such as 18:30")
    return raw


def _parse_count(raw: str | None, name: str, default: int, low: int, high: int) -> int:
    """A whole number from ``low`` to ``high``."""
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = low - 1
    if not low <= value <= high:
        raise SettingsError(f"{name}: {raw!r} must be a whole number from {low} to {high}")
    return value
