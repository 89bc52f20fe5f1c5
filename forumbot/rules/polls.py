"""Polls at round tables: what a typed poll must be, and its results (counts, shares, CSV).
Pure: the handlers, the renderers and (later) the Mini App console call these."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

# One rule for text a spreadsheet would take for a formula, the feedback export's.
from forumbot.rules.feedback import _cell

MIN_OPTIONS, MAX_OPTIONS = 2, 10
MAX_QUESTION, MAX_OPTION = 300, 100  # as Telegram's own polls allow


@dataclass(frozen=True, slots=True)
class Poll:
    id: int
    session_id: str
    question: str
    options: tuple[str, ...]
    multiple: bool  # several answers allowed
    open: bool
    created_at: dt.datetime
    created_by: int | None = None


@dataclass(frozen=True, slots=True)
class Results:
    poll: Poll
    counts: tuple[int, ...]  # per option
    voters: int  # people who chose at least one answer

    def share(self, option: int) -> int:
        """Percent of the voters who chose this option (rounded)."""
        return round(100 * self.counts[option] / self.voters) if self.voters else 0


def parse_poll(text: str) -> tuple[str, tuple[str, ...]] | str:
    """A question on the first line and 2-10 answers below, one a line: the question and
    the answers, or the catalog key of what is wrong."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        return "poll_bad_empty"
    question, options = lines[0], tuple(dict.fromkeys(lines[1:]))
    if len(question) > MAX_QUESTION:
        return "poll_bad_question"
    if not MIN_OPTIONS <= len(options) <= MAX_OPTIONS:
        return "poll_bad_count"
    if any(len(option) > MAX_OPTION for option in options):
        return "poll_bad_option"
    return question, options


def tally(poll: Poll, votes: list[tuple[int, int]]) -> Results:
    """(chat id, option) rows -> the counts per option and the number of voters."""
    counts = [0] * len(poll.options)
    for _, option in votes:
        if 0 <= option < len(counts):
            counts[option] += 1
    return Results(poll, tuple(counts), len({chat for chat, _ in votes}))


def results_csv(results: Results, session_title: str) -> bytes:
    """The results as CSV (UTF-8 with a BOM, as spreadsheet apps expect): one line per
    answer with its count and share; no one's identity."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["session", "question", "answer", "votes", "percent", "voters"])
    for i, option in enumerate(results.poll.options):
        writer.writerow(
            [
                _cell(session_title),
                _cell(results.poll.question),
                _cell(option),
                results.counts[i],
                results.share(i),
                results.voters,
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")
