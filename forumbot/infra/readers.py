"""The readers of the settings' environment variables: (text, variable name) -> value, each
raising SettingsError with a message that names the variable and says what it must be."""

from __future__ import annotations

import datetime as dt
import ipaddress
import re
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


class SettingsError(ValueError):
    """A setting is missing or malformed; the message names the variable."""


def text(raw: str, name: str) -> str:
    return raw


def path(raw: str, name: str) -> Path:
    return Path(raw)


def privacy_key(raw: str, name: str) -> str:
    if len(raw) < 32:
        raise SettingsError(
            f"{name}: at least 32 characters of random text, e.g. the output of "
            "`openssl rand -hex 32` (or leave it unset: the bot then keeps a key file beside "
            "the store)"
        )
    return raw


def ids(raw: str, name: str) -> frozenset[int]:
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


def start(raw: str, name: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(raw)
    except ValueError:
        raise SettingsError(
            f"{name}: {raw!r} is not a date and time such as 2023-06-22T09:30"
        ) from None


def speed(raw: str, name: str) -> float:
    try:
        speed = float(raw)
    except ValueError:
        speed = -1.0
    if not 0 <= speed <= 100_000:
        raise SettingsError(f"{name}: {raw!r} must be a number from 0 to 100000")
    return speed


def level(raw: str, name: str) -> str:
    level = raw.upper()
    if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
        raise SettingsError(f"{name}: {raw!r} must be DEBUG, INFO, WARNING, ERROR or CRITICAL")
    return level


def flag(raw: str, name: str) -> bool:
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() not in {"0", "false", "no", "off"}:
        raise SettingsError(f"{name}: {raw!r} must be 1 or 0")
    return False


def rate(raw: str, name: str) -> float:
    """A number; its ceiling depends on paid broadcasts (checked in _check_together)."""
    try:
        return float(raw)
    except ValueError:
        return -1.0


def minutes(high: int) -> Callable[[str, str], dt.timedelta]:
    def parse(raw: str, name: str) -> dt.timedelta:
        try:
            minutes = float(raw)
        except ValueError:
            minutes = -1.0
        if not 0 <= minutes <= high:
            raise SettingsError(f"{name}: {raw!r} must be minutes, from 0 to {high}")
        return dt.timedelta(minutes=minutes)

    return parse


_SECRET_RE = re.compile(r"[A-Za-z0-9_-]{1,256}")
_HOST_RE = re.compile(r"[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?")


def webhook_url(raw: str, name: str) -> str:
    """http or https, with a host (Telegram needs https; a proxy may pass http on)."""
    scheme, _, rest = raw.partition("://")
    host = rest.split("/", 1)[0]
    if scheme.lower() not in ("https", "http") or not host or any(c.isspace() for c in raw):
        raise SettingsError(
            f"{name}: {raw!r} must be a URL such as "
            "https://bot.example.org/telegram (Telegram needs https)"
        )
    return raw


def webapp_url(raw: str, name: str) -> str:
    """The Mini App's public URL: Telegram opens only https ones. Ends with a slash."""
    scheme, _, rest = raw.partition("://")
    if scheme.lower() != "https" or not rest.split("/", 1)[0] or any(c.isspace() for c in raw):
        raise SettingsError(
            f"{name}: {raw!r} must be an https URL such as https://bot.example.org/app/ "
            "(Telegram opens Mini Apps only over https)"
        )
    return raw if raw.endswith("/") else raw + "/"


def secret(raw: str, name: str) -> str:
    if not _SECRET_RE.fullmatch(raw):
        raise SettingsError(f"{name} must be 1 to 256 characters, each A-Z, a-z, 0-9, _ or -")
    return raw


def port(low: int) -> Callable[[str, str], int]:
    """A TCP port; with ``low`` 0, 0 is allowed too and means "serve nothing"."""

    def parse(raw: str, name: str) -> int:
        try:
            port = int(raw)
        except ValueError:
            port = -1
        if not low <= port <= 65535:
            raise SettingsError(f"{name}: {raw!r} must be a port number from {low} to 65535")
        return port

    return parse


def host(raw: str, name: str) -> str:
    """An address to listen on: an IP address (0.0.0.0, ::, 127.0.0.1) or a host name."""
    try:
        ipaddress.ip_address(raw)
    except ValueError:
        if not _HOST_RE.fullmatch(raw):
            raise SettingsError(
                f"{name}: {raw!r} must be an address to listen on, such as 0.0.0.0 or 127.0.0.1"
            ) from None
    return raw


def log_format(raw: str, name: str) -> str:
    value = raw.lower()
    if value not in ("text", "json"):
        raise SettingsError(f"{name}: {raw!r} must be text or json")
    return value


def source_url(raw: str, name: str) -> str:
    """The programme's URL: http or https, with a host."""
    scheme, _, rest = raw.partition("://")
    if scheme.lower() not in ("http", "https") or not rest.split("/", 1)[0] or " " in raw:
        raise SettingsError(
            f"{name}: {raw!r} must be a URL such as "
            "https://pretalx.example.org/forum/schedule/export/schedule.json"
        )
    return raw


def hosts(raw: str, name: str) -> frozenset[str]:
    """Host names separated by commas, or "*" for any host."""
    hosts = frozenset(h.strip().lower() for h in raw.split(",") if h.strip())
    for host in hosts - {"*"}:
        if not _HOST_RE.fullmatch(host):
            raise SettingsError(
                f"{name}: {host!r} is not a host name such as "
                "cdn.example.org (write names separated by commas, or * for any host)"
            )
    return hosts


def zone(raw: str, name: str) -> str:
    """An IANA time zone name such as Asia/Bishkek."""
    try:
        ZoneInfo(raw)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError(f"{name}: {raw!r} is not a time zone such as Asia/Bishkek") from None
    return raw


def comment_length(raw: str, name: str) -> int:
    """Characters; at most 3000, so that a comment shown back fits one Telegram message."""
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if not 1 <= value <= 3000:
        raise SettingsError(f"{name}: {raw!r} must be a number from 1 to 3000")
    return value


def hhmm(raw: str, name: str) -> str:
    """A local time of day, HH:MM."""
    if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", raw):
        raise SettingsError(f"{name}: {raw!r} must be a time of day such as 18:30")
    return raw


def count(low: int, high: int) -> Callable[[str, str], int]:
    """A whole number from ``low`` to ``high``."""

    def parse(raw: str, name: str) -> int:
        try:
            value = int(raw)
        except ValueError:
            value = low - 1
        if not low <= value <= high:
            raise SettingsError(f"{name}: {raw!r} must be a whole number from {low} to {high}")
        return value

    return parse


def seconds(low: int, high: int) -> Callable[[str, str], dt.timedelta]:
    whole = count(low, high)
    return lambda raw, name: dt.timedelta(seconds=whole(raw, name))


_CHANNEL = re.compile(r"-\d{5,20}|@[A-Za-z][A-Za-z0-9_]{3,31}")
_LANGUAGES = ("ky", "ru", "en")


def channel(raw: str, name: str) -> str:
    if not _CHANNEL.fullmatch(raw):
        raise SettingsError(
            f"{name}: {raw!r} is not a channel or group: write its chat id (e.g. "
            "-1001234567890) or its public @username"
        )
    return raw


def languages(raw: str, name: str) -> tuple[str, ...]:
    codes = tuple(dict.fromkeys(p.strip().lower() for p in raw.split(",") if p.strip()))
    wrong = [code for code in codes if code not in _LANGUAGES]
    if wrong or not codes:
        raise SettingsError(
            f"{name}: {raw!r} must name languages among ky, ru, en, comma-separated, e.g. ky,ru"
        )
    return codes


def halls(raw: str, name: str) -> frozenset[str]:
    """Hall ids, comma-separated, or ``*`` (or 1) for every hall."""
    if raw.strip() in ("*", "1", "all"):
        return frozenset({"*"})
    ids = frozenset(p.strip() for p in raw.split(",") if p.strip())
    if not ids:
        raise SettingsError(f"{name}: write the halls' ids, comma-separated, or * for all")
    return ids
