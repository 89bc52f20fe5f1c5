"""Session feedback, the pure rules: which prompts go or are dropped, when a forum day's
prompt is due and what it lists, comment limits, the organisers' figures and their CSV.

Nothing here reads the clock or the store: the feedback planner passes "now" and the rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from forumbot.infra.timeutil import combine, local_to_utc
from forumbot.models import Session
from forumbot.rules.spreadsheet import cell
from forumbot.store.feedback import ExportRow, PromptCandidate

FEEDBACK_LATE = dt.timedelta(hours=12)  # a prompt the bot was down for still goes this late
RATINGS = (1, 2, 3, 4, 5)
# Direction overrides would turn the rest of a line around wherever a comment is shown.
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
CSV_COLUMNS = ("session_id", "title", "rating", "comment", "submitted_at", "respondent")


# --- prompts after a session ---------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class PromptPlan:
    send: dict[str, list[PromptCandidate]] = field(default_factory=dict)  # session -> people
    drop: list[PromptCandidate] = field(default_factory=list)


def decide_prompts(
    candidates: Iterable[PromptCandidate], now: dt.datetime, late: dt.timedelta = FEEDBACK_LATE
) -> PromptPlan:
    """Sessions that ended are asked about; those that ended more than ``late`` ago (the bot
    was down, or the person starred an old session) are dropped, never asked late."""
    plan = PromptPlan()
    for c in candidates:
        if c.end > now:
            continue
        if now - c.end <= late:
            plan.send.setdefault(c.session_id, []).append(c)
        else:
            plan.drop.append(c)
    return plan


# --- the end-of-day prompt -----------------------------------------------------------------
def day_moment(
    day: dt.date, sessions: Sequence[Session], hhmm: str | None, zone: dt.tzinfo
) -> dt.datetime | None:
    """When the day's prompt goes: at ``hhmm`` in the forum's zone if set, otherwise when
    the day's last session ends; None for a day with nothing held."""
    held = [s for s in sessions if not s.cancelled]
    if not held:
        return None
    if hhmm:
        return local_to_utc(combine(day, hhmm), zone)
    return max(s.end for s in held)


def decide_day(
    moments: Mapping[dt.date, dt.datetime | None],
    now: dt.datetime,
    decided: set[dt.date],
    late: dt.timedelta = FEEDBACK_LATE,
) -> tuple[dt.date | None, list[dt.date]]:
    """The day whose prompt is due now (if any), and the days whose moment passed more than
    ``late`` ago (missed: never sent late)."""
    due, missed = None, []
    for day, moment in sorted(moments.items()):
        if day in decided or moment is None or moment > now:
            continue
        if now - moment > late:
            missed.append(day)
        else:
            due = day
    return due, missed


def day_items(
    sessions: Sequence[Session],
    now: dt.datetime,
    prompted: set[str],
    ratings: Mapping[str, int],
    involved: set[str],
) -> list[tuple[Session, int | None]]:
    """What one person's day prompt lists: the day's sessions held and ended that they took
    part in (``involved``: starred, asked or voted on a question there; or rated), except
    those they were already asked about after they ended; each with their rating, if any.
    Nobody is asked to rate a session they show no sign of having attended."""
    mine = involved | set(ratings)
    return [
        (s, ratings.get(s.id))
        for s in sessions
        if not s.cancelled and s.end <= now and s.id not in prompted and s.id in mine
    ]


# --- answers -------------------------------------------------------------------------------
def clean_comment(text: str | None, limit: int) -> str | None:
    """A participant's comment without control characters, direction overrides and
    surrounding blanks (emoji joiners stay); None if nothing is left or it is longer than
    ``limit`` characters."""
    kept = "".join(
        ch
        for ch in (text or "")
        if ch in "\n\t" or (unicodedata.category(ch) != "Cc" and ch not in _BIDI)
    ).strip()
    return kept if 0 < len(kept) <= limit else None


@dataclass(frozen=True, slots=True)
class Stats:
    session_id: str
    counts: tuple[int, ...]  # how many gave 1, 2, 3, 4, 5

    @property
    def count(self) -> int:
        return sum(self.counts)

    @property
    def average(self) -> float:
        return sum(r * n for r, n in zip(RATINGS, self.counts, strict=True)) / (self.count or 1)


def summarise(distribution: Mapping[str, Sequence[int]], order: Sequence[str]) -> list[Stats]:
    """Per session with answers, in ``order`` (the programme's), then any others by id."""
    rank = {sid: i for i, sid in enumerate(order)}
    ids = sorted(distribution, key=lambda sid: (rank.get(sid, len(rank)), sid))
    return [Stats(sid, tuple(distribution[sid])) for sid in ids if sum(distribution[sid])]


def respondent(row: ExportRow) -> str:
    """The respondent column: a stable pseudonym, or the first name and id if they agreed."""
    if row.name is not None:
        return f"{row.name} ({row.chat_id})"
    return f"P{row.pseudonym}"


_cell = cell  # participants' text in a spreadsheet (shared with the audit's export)


def feedback_csv(rows: Iterable[ExportRow], titles: Mapping[str, str], zone: dt.tzinfo) -> bytes:
    """The answers as CSV, UTF-8 with a BOM (spreadsheet apps then read it as UTF-8); times
    in the forum's zone."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for r in rows:
        writer.writerow(
            [
                r.session_id,
                _cell(titles.get(r.session_id, r.session_id)),
                r.rating,
                _cell(r.comment or ""),
                r.submitted_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
                _cell(respondent(r)),
            ]
        )
    return out.getvalue().encode("utf-8-sig")
