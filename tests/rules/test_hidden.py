"""Which sessions one person's lists leave out: hidden tracks or kinds, starring wins."""

from __future__ import annotations

import datetime as dt

from forumbot.models import Session
from forumbot.rules.hidden import Hidden, Sieve, sift_agenda
from forumbot.rules.now import DAY_PAGE, Agenda

T0 = dt.datetime(2023, 6, 22, 4, 0, tzinfo=dt.UTC)


def session(n: int, kind: str = "talk", track: str | None = None) -> Session:
    start = T0 + dt.timedelta(minutes=10 * n)
    return Session(
        f"s{n}", T0.date(), start, start + dt.timedelta(minutes=10), "main", kind,
        {"en": f"Talk {n}"}, track=track,
    )  # fmt: skip


def test_a_hidden_track_or_kind_is_left_out_unless_starred() -> None:
    sessions = [session(1, track="Security"), session(2, kind="break"), session(3), session(4)]
    sieve = Sieve(Hidden(frozenset({"Security"}), frozenset({"break"})), frozenset({"s2"}))
    kept, left_out = sieve.split(sessions)
    assert [s.id for s in kept] == ["s2", "s3", "s4"] and left_out == 1
    assert not Hidden() and len(sieve.hidden) == 2


def test_pages_count_only_the_kept_sessions_and_find_the_one_asked_for() -> None:
    sessions = [session(n, kind="break" if n % 2 else "talk") for n in range(3 * DAY_PAGE)]
    sieve = Sieve(Hidden(kinds=frozenset({"break"})), frozenset())
    listing, left_out = sieve.page(sessions, page=1)
    assert (listing.page, listing.pages, left_out) == (1, 2, 3 * DAY_PAGE // 2)
    assert all(s.kind == "talk" for s in listing.sessions) and len(listing.sessions) == 5
    at, _ = sieve.page(sessions, at_session="s28")
    assert at.page == 1 and "s28" in [s.id for s in at.sessions]
    hidden_one, _ = sieve.page(sessions, page=1, at_session="s1")  # hidden: the first page
    assert hidden_one.page == 0
    nothing, left_out = Sieve(Hidden(kinds=frozenset({"talk"})), frozenset()).page(
        [session(1)], page=3
    )
    assert (nothing.sessions, nothing.page, nothing.pages, left_out) == ([], 0, 1, 1)


class Programme:
    """The one question /next asks of the store: the sessions of the next start after a time."""

    def __init__(self, sessions: list[Session]) -> None:
        self.sessions = sessions

    async def sessions_next(self, now: dt.datetime) -> list[Session]:
        later = [s for s in self.sessions if s.start > now]
        return [s for s in later if s.start == later[0].start] if later else []


async def test_now_and_next_leave_out_what_is_hidden_and_next_looks_further() -> None:
    table, talk, later = session(1, "round_table"), session(2), session(3, "round_table")
    last = session(4)
    programme = Programme([table, talk, later, last])
    sieve = Sieve(Hidden(kinds=frozenset({"round_table"})), frozenset())
    agenda = Agenda(T0, "during", [table, talk], [later])
    shown, left_out = await sift_agenda(programme, agenda, sieve)  # type: ignore[arg-type]
    assert [s.id for s in shown.current] == ["s2"] and [s.id for s in shown.upcoming] == ["s4"]
    assert (left_out, shown.phase, shown.now) == (2, "during", T0)
    starred = Sieve(sieve.hidden, frozenset({"s3"}))
    shown, left_out = await sift_agenda(programme, agenda, starred)  # type: ignore[arg-type]
    assert [s.id for s in shown.upcoming] == ["s3"] and left_out == 1
    nothing_after = Agenda(T0, "during", [], [later])
    shown, left_out = await sift_agenda(Programme([later]), nothing_after, sieve)  # type: ignore[arg-type]
    assert shown.upcoming == [] and left_out == 1
