"""What the sender does with each answer: pure decisions, tested without a network."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from forumbot.delivery.botapi import SendResult

# An edit whose text is already there changed nothing, but the recipient sees the right text.
_NOT_MODIFIED = "message is not modified"


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """5xx and network errors are tried ``max_attempts`` times, waiting longer each time."""

    max_attempts: int = 5
    backoff: float = 1.0
    backoff_cap: float = 60.0

    def delay(self, errors: int) -> float:
        """Seconds to wait after the ``errors``-th consecutive error."""
        return min(self.backoff_cap, self.backoff * 2 ** max(0, errors - 1))


@dataclass(frozen=True, slots=True)
class Decision:
    """sent, failed, blocked, pending (429: back to the queue) or retry (after a backoff)."""

    action: str
    error: str | None = None
    pause: float = 0.0


def decide(result: SendResult, errors: int, policy: RetryPolicy) -> Decision:
    """The decision for one answer; ``errors`` counts this row's 5xx/network errors so far."""
    if result.ok:
        return Decision("sent")
    error = _describe(result)
    code = result.error_code
    if code == 429:
        return Decision("pending", error, pause=result.retry_after or 1.0)
    if code == 403:
        return Decision("blocked", error)
    if code == 400 and _NOT_MODIFIED in (result.description or ""):
        return Decision("sent")
    if code is None or code >= 500:
        if errors + 1 >= policy.max_attempts:
            return Decision("failed", error)
        return Decision("retry", error)
    return Decision("failed", error)


def is_missed(scheduled_at: dt.datetime | None, now: dt.datetime, grace: dt.timedelta) -> bool:
    """A scheduled time that passed more than ``grace`` ago is missed, not sent late."""
    return scheduled_at is not None and now - scheduled_at > grace


def _describe(result: SendResult) -> str:
    if result.error_code is None:
        return f"network: {result.description or 'no answer'}"
    return f"{result.error_code} {result.description or ''}".strip()
