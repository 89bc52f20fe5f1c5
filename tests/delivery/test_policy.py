"""What the sender does with each kind of answer."""

from __future__ import annotations

import datetime as dt

from forumbot.delivery.botapi import SendResult
from forumbot.delivery.policy import RetryPolicy, decide, is_missed

POLICY = RetryPolicy(max_attempts=3, backoff=1.0, backoff_cap=5.0)


def error(code: int | None, text: str = "", retry_after: float | None = None) -> SendResult:
    return SendResult(ok=False, error_code=code, description=text, retry_after=retry_after)


def test_ok_is_sent() -> None:
    assert decide(SendResult(ok=True, message_id=5), 0, POLICY).action == "sent"


def test_429_goes_back_to_pending_and_pauses() -> None:
    d = decide(error(429, "Too Many Requests: retry after 7", 7), 0, POLICY)
    assert (d.action, d.pause) == ("pending", 7)


def test_403_blocks() -> None:
    d = decide(error(403, "Forbidden: bot was blocked by the user"), 0, POLICY)
    assert d.action == "blocked" and d.error == "403 Forbidden: bot was blocked by the user"


def test_400_fails_that_recipient_with_the_error() -> None:
    d = decide(error(400, "Bad Request: chat not found"), 0, POLICY)
    assert (d.action, d.error) == ("failed", "400 Bad Request: chat not found")


def test_an_edit_to_the_same_text_counts_as_sent() -> None:
    assert decide(error(400, "Bad Request: message is not modified: x"), 0, POLICY).action == (
        "sent"
    )


def test_5xx_and_network_are_retried_up_to_the_bound() -> None:
    assert decide(error(502, "Bad Gateway"), 0, POLICY).action == "retry"
    assert decide(error(None, "ServerDisconnectedError"), 1, POLICY).action == "retry"
    last = decide(error(500, "Internal Server Error"), 2, POLICY)
    assert (last.action, last.error) == ("failed", "500 Internal Server Error")


TIMED_OUT = SendResult(ok=False, description="TimeoutError", maybe_done=True)


def test_an_answer_lost_after_sending_is_tried_once_more_then_final() -> None:
    first = decide(TIMED_OUT, 0, POLICY)
    assert (first.action, first.uncertain) == ("retry", True)
    again = decide(TIMED_OUT, 1, POLICY, uncertain=True)
    assert (again.action, again.error, again.uncertain) == (
        "failed",
        "network: TimeoutError",
        True,
    )


def test_the_one_more_try_stays_uncertain_whatever_it_answers() -> None:
    answers = {
        SendResult(ok=True, message_id=5): "sent",
        error(403, "Forbidden: bot was blocked by the user"): "blocked",
        error(400, "Bad Request: chat not found"): "failed",
        error(502, "Bad Gateway"): "failed",  # no third try
        error(None, "ClientConnectorError"): "failed",
        error(429, "Too Many Requests: retry after 2", 2): "pending",  # refused, undone
    }
    for answer, action in answers.items():
        d = decide(answer, 0, POLICY, uncertain=True)
        assert (d.action, d.uncertain) == (action, True), answer


def test_edits_and_deletions_are_safe_to_repeat() -> None:
    d = decide(TIMED_OUT, 0, POLICY, repeatable=True)
    assert (d.action, d.uncertain) == ("retry", False)


def test_backoff_doubles_up_to_the_cap() -> None:
    assert [POLICY.delay(n) for n in (1, 2, 3, 4, 5)] == [1, 2, 4, 5, 5]


def test_missed_only_beyond_the_grace() -> None:
    now = dt.datetime(2023, 6, 22, 5, tzinfo=dt.UTC)
    grace = dt.timedelta(minutes=15)
    assert not is_missed(now - dt.timedelta(minutes=15), now, grace)
    assert is_missed(now - dt.timedelta(minutes=16), now, grace)
    assert not is_missed(None, now, grace)
