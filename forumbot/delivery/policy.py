"""What the sender does with each answer: pure decisions, tested without a network.

Telegram has no idempotency key, so a send that may have been done without our hearing it
(a time-out, a connection lost after the request could have been written, a crash while it
was in flight) makes its row *uncertain*. An uncertain row is tried once more, and that try
is its last, whatever it answers (only a 429, which Telegram refused undone, puts it back in
the queue): the report counts it as unknown, never as sent, failed or blocked (a 403 still
marks the person as having blocked the bot). So each person gets a message at most twice,
and the report's unknown count is at least the number who got it twice. Edits and
deletions are safe to repeat, and a failure to connect is certain not to have reached
Telegram: both keep the retries with backoff.
"""

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
    """sent, failed, blocked, pending (429: back to the queue) or retry (after a backoff);
    ``uncertain``: the row may have been delivered unseen (see the module's docstring)."""

    action: str
    error: str | None = None
    pause: float = 0.0
    uncertain: bool = False


def decide(
    result: SendResult,
    errors: int,
    policy: RetryPolicy,
    *,
    uncertain: bool = False,
    repeatable: bool = False,
) -> Decision:
    """The decision for one answer; ``errors`` counts this row's 5xx/network errors so far,
    ``uncertain`` says the row may already have been delivered, ``repeatable`` that the call
    may be done twice without harm (an edit or a deletion)."""
    once = uncertain and not repeatable  # this answer is the uncertain row's one retry
    if result.ok:
        return Decision("sent", uncertain=uncertain)
    error = _describe(result)
    code = result.error_code
    if code == 429:
        return Decision("pending", error, pause=result.retry_after or 1.0, uncertain=uncertain)
    if code == 403:
        return Decision("blocked", error, uncertain=uncertain)
    if code == 400 and _NOT_MODIFIED in (result.description or ""):
        return Decision("sent", uncertain=uncertain)
    if result.maybe_done and not repeatable:
        return Decision("failed" if once else "retry", error, uncertain=True)
    if code is None or code >= 500:
        if once or errors + 1 >= policy.max_attempts:
            return Decision("failed", error, uncertain=uncertain)
        return Decision("retry", error, uncertain=uncertain)
    return Decision("failed", error, uncertain=uncertain)


def is_missed(scheduled_at: dt.datetime | None, now: dt.datetime, grace: dt.timedelta) -> bool:
    """A scheduled time that passed more than ``grace`` ago is missed, not sent late."""
    return scheduled_at is not None and now - scheduled_at > grace


def _describe(result: SendResult) -> str:
    if result.error_code is None:
        return f"network: {result.description or 'no answer'}"
    return f"{result.error_code} {result.description or ''}".strip()
