"""Invitation links: whether one still works, and what its expiry choices mean. Pure."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

PREFIX = "i_"  # the /start payload of an invitation: i_<token>
# Telegram's /start payload: at most 64 of A-Za-z0-9_-. 16 random bytes (128 bits, beyond any
# guessing) are 22 such characters: "i_" and the token make 24.
TOKEN_BYTES = 16
TOKEN_PATTERN = r"[A-Za-z0-9_-]{22}"
USE_CHOICES = (1, 10, 50, 100, 0)  # the quick picks: one person … 0: no limit
MAX_USES = 100_000  # a typed limit above this is refused (say "no limit" instead)
EXPIRY_CHOICES = ("1d", "7d", "end")  # a day, a week, until the forum's last session ends
STATES = ("live", "expired", "used_up", "revoked")


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


@dataclass(frozen=True, slots=True)
class Invite:
    """One invitation link: the role it gives (to a speaker's programme entry, perhaps), how
    many may use it (None: no limit) and until when."""

    id: int
    token: str
    role: str
    speaker_id: str | None
    max_uses: int | None
    uses: int
    expires_at: dt.datetime
    created_by: int | None
    created_at: dt.datetime
    revoked_at: dt.datetime | None = None

    @property
    def payload(self) -> str:
        return PREFIX + self.token

    def state(self, now: dt.datetime) -> str:
        """One of STATES: a revoked link says so before an expired or used-up one."""
        if self.revoked_at is not None:
            return "revoked"
        if now >= self.expires_at:
            return "expired"
        if self.max_uses is not None and self.uses >= self.max_uses:
            return "used_up"
        return "live"


def expiry(code: str, now: dt.datetime, forum_end: dt.datetime | None) -> dt.datetime | None:
    """The moment a quick pick means: "1d" and "7d" from now, "end" the forum's last
    session's end (None when the forum is over or has no sessions)."""
    if code == "1d":
        return now + dt.timedelta(days=1)
    if code == "7d":
        return now + dt.timedelta(days=7)
    if code == "end" and forum_end is not None and forum_end > now:
        return forum_end
    return None


def typed_uses(text: str) -> int | None:
    """A typed use limit, 1 to MAX_USES; None if it is not one."""
    text = text.strip()
    if not text.isdigit() or not 1 <= int(text) <= MAX_USES:
        return None
    return int(text)
