"""Logging set-up: text or JSON lines, with the bot token (and webhook secret) redacted.

Redaction sits in the formatter, on the finished line, so it covers the message, its
arguments, tracebacks and every logger (httpx logs request URLs, which hold ``bot<token>``).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Iterable
from pathlib import Path

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
REDACTED = "<redacted>"
NOISY = ("httpx", "httpcore", "apscheduler", "tornado.access", "aiohttp.access")
# Any bot token in a Bot API URL, also one that is not ours: /bot123456:ABC-def/getMe
_URL_TOKEN = re.compile(r"(?<=/bot)\d+:[A-Za-z0-9_-]+")


class RedactingFormatter(logging.Formatter):
    """A text formatter that replaces every secret in the finished line."""

    def __init__(self, secrets: Iterable[str | None] = (), fmt: str | None = TEXT_FORMAT) -> None:
        super().__init__(fmt)
        # Longest first, so a secret that contains another is replaced whole.
        self._secrets = sorted({s for s in secrets if s}, key=len, reverse=True)

    def format(self, record: logging.LogRecord) -> str:
        return self.redact(super().format(record))

    def redact(self, line: str) -> str:
        for secret in self._secrets:
            line = line.replace(secret, REDACTED)
        return _URL_TOKEN.sub(REDACTED, line)


class JsonFormatter(RedactingFormatter):
    """One JSON object a line: time (UTC, ISO 8601), level, logger, message, exception."""

    def __init__(self, secrets: Iterable[str | None] = ()) -> None:
        super().__init__(secrets, fmt=None)

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        # Redact the values, not the JSON text: a secret could contain nothing JSON escapes,
        # but redacting before encoding needs no such argument.
        return json.dumps({k: self.redact(v) for k, v in entry.items()}, ensure_ascii=False)


def configure_logging(level: str, fmt: str, secrets: Iterable[str | None]) -> None:
    """The root logger: one stderr handler, text or JSON, secrets redacted; noisy libraries
    turned down to warnings."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter(secrets) if fmt == "json" else RedactingFormatter(secrets))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    logging.captureWarnings(True)  # Python warnings become log lines too (JSON ones in json)
    for noisy in NOISY:
        logging.getLogger(noisy).setLevel(logging.WARNING)


def log_to_file(path: Path) -> None:
    """Send the root logger's lines to a file instead (the offline demo's terminal is its
    chat), formatted and redacted as configure_logging set them."""
    root = logging.getLogger()
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(RedactingFormatter())
    for old in list(root.handlers):
        if isinstance(old.formatter, RedactingFormatter):
            handler.setFormatter(old.formatter)
        root.removeHandler(old)
    root.addHandler(handler)
