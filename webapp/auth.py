"""Telegram's ``initData``, checked as Telegram documents it (core.telegram.org/bots/webapps,
"Validating data received via the Mini App"): the secret key is HMAC-SHA256 of the bot token
with the key "WebAppData"; the hash is the hex HMAC-SHA256, under that secret, of the
data-check-string: every received field but ``hash`` (``signature`` included), as
``key=value``, sorted by key, joined by newlines. Then ``auth_date`` must be recent and a
``user`` present. No cookies, no passwords: every request carries it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

MAX_LENGTH = 8192  # initData is a few hundred bytes; far longer is not Telegram's


class AuthError(ValueError):
    """initData that must not be trusted; the reason is for the log, never for the page."""


@dataclass(frozen=True, slots=True)
class WebUser:
    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = None

    @property
    def name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p)


def _secret(token: str) -> bytes:
    return hmac.new(b"WebAppData", token.encode(), hashlib.sha256).digest()


def _check_string(fields: dict[str, str]) -> str:
    return "\n".join(f"{k}={fields[k]}" for k in sorted(fields) if k != "hash")


def verify(init_data: str, token: str, now: dt.datetime, max_age: dt.timedelta) -> WebUser:
    """The person ``init_data`` vouches for, or AuthError."""
    if not init_data or len(init_data) > MAX_LENGTH:
        raise AuthError("no initData")
    try:
        pairs = parse_qsl(init_data, keep_blank_values=True, strict_parsing=True)
    except ValueError:
        raise AuthError("initData is not a query string") from None
    fields = dict(pairs)
    if len(fields) != len(pairs):
        raise AuthError("a field given twice")
    given = fields.get("hash", "")
    expected = hmac.new(_secret(token), _check_string(fields).encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(given.encode(), expected.encode()):
        raise AuthError("hash does not match")
    try:
        signed_at = dt.datetime.fromtimestamp(int(fields["auth_date"]), dt.UTC)
    except (KeyError, ValueError, OverflowError, OSError):
        raise AuthError("no auth_date") from None
    if not dt.timedelta(minutes=-5) <= now - signed_at <= max_age:
        raise AuthError("auth_date too old")
    return _user(fields.get("user"))


def _user(raw: str | None) -> WebUser:
    try:
        data = json.loads(raw or "")
        return WebUser(
            id=int(data["id"]),
            first_name=str(data.get("first_name") or ""),
            last_name=data.get("last_name"),
            username=data.get("username"),
            language_code=data.get("language_code"),
        )
    except (ValueError, TypeError, KeyError):
        raise AuthError("no user") from None


def sign(fields: dict[str, str], token: str) -> str:
    """initData for ``fields`` as Telegram would sign it with ``token`` (the demo's link and
    the tests)."""
    digest = hmac.new(_secret(token), _check_string(fields).encode(), hashlib.sha256).hexdigest()
    return urlencode({**fields, "hash": digest})


def demo_init_data(user: WebUser, token: str, now: dt.datetime) -> str:
    """Signed initData for ``user``, made at ``now``."""
    person = {"id": user.id, "first_name": user.first_name, "language_code": user.language_code}
    if user.username:
        person["username"] = user.username
    return sign(
        {
            "user": json.dumps(person, ensure_ascii=False, separators=(",", ":")),
            "auth_date": str(int(now.timestamp())),
            "query_id": "demo",
            "signature": "demo-signature",
        },
        token,
    )
