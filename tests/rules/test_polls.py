"""What a typed poll must be, and how results are counted and exported."""

from __future__ import annotations

import datetime as dt

from forumbot.rules.polls import Poll, parse_poll, results_csv, tally

POLL = Poll(1, "rt1", "Q?", ("A", "B", "=C"), True, True, dt.datetime(2023, 6, 22, tzinfo=dt.UTC))


def test_a_question_and_two_to_ten_distinct_answers() -> None:
    assert parse_poll("  Which?  \n A \n\n B \nA") == ("Which?", ("A", "B"))
    assert parse_poll("") == "poll_bad_empty"
    assert parse_poll("Only?\nA\nA") == "poll_bad_count"
    assert parse_poll("Q\n" + "\n".join(str(i) for i in range(11))) == "poll_bad_count"
    assert parse_poll("x" * 301 + "\nA\nB") == "poll_bad_question"
    assert parse_poll("Q\nA\n" + "b" * 101) == "poll_bad_option"


def test_tally_counts_answers_and_voters_and_shares_of_voters() -> None:
    results = tally(POLL, [(1, 0), (1, 1), (2, 1), (3, 9)])
    assert results.counts == (1, 2, 0) and results.voters == 3
    assert [results.share(i) for i in range(3)] == [33, 67, 0]
    assert tally(POLL, []).share(0) == 0


def test_csv_has_counts_only_and_no_formulas() -> None:
    body = results_csv(tally(POLL, [(7, 2)]), "+Panel")
    text = body.decode("utf-8")
    assert text.startswith("\ufeffsession,question,answer,votes,percent,voters")
    assert "'+Panel,Q?,'=C,1,100,1" in text
