"""The personal agenda as a participant reads it: /my, a reminder, the daily digest and a
change notice, in ky, ru and en, with every outside string escaped."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import replace

import pytest
from telegram import InlineKeyboardMarkup

from forumbot.infra.i18n import Catalogs
from forumbot.models import Day, Room, Session, Speaker
from forumbot.render.agenda import (
    DIGEST_BUDGET,
    render_changes,
    render_digest,
    render_my,
    render_reminder,
)
from forumbot.render.context import RenderCtx, View
from forumbot.rules.changes import diff, merge
from tests.helpers import bishkek, html_problems

LANGS = ("ky", "ru", "en")
Ctx = Callable[[str], RenderCtx]
DAY1, DAY2 = dt.date(2023, 6, 22), dt.date(2023, 6, 23)
ALLOWED = frozenset({"b", "i", "a", "code", "s"})
EVIL = "<b>Boss</b> & Co"
EVIL_ESCAPED = "&lt;b&gt;Boss&lt;/b&gt; &amp; Co"

ROOMS = {
    "main": Room("main", {"ky": "Чоң зал", "ru": "Большой зал", "en": "Main hall"}),
    "small": Room("small", {"ky": "Кичи зал", "ru": "Малый зал", "en": "Small hall"}),
}
PEOPLE = {
    "aida": Speaker("aida", {"ky": "Аида", "ru": "Аида", "en": "Aida"}),
    "timur": Speaker("timur", {"ky": "Тимур", "ru": "Тимур", "en": "Timur"}),
}


def session(
    sid: str, day: int, start: tuple[int, int], end: tuple[int, int], room: str = "main", **kw
) -> Session:
    title = kw.pop("title", {"ky": f"{sid} ky", "ru": f"{sid} ru", "en": f"{sid} en"})
    return Session(
        sid,
        dt.date(2023, 6, day),
        bishkek(day, *start),
        bishkek(day, *end),
        room,
        kw.pop("kind", "panel"),
        title,
        **kw,
    )


# Day 1: a and b overlap; c comes two hours after b; d is cancelled, across a.
# Day 2: e, then f after an hour and a half.
A = session("a", 22, (10, 0), (11, 0))
B = session("b", 22, (10, 30), (12, 0), "small")
C = session("c", 22, (14, 0), (15, 0))
D = session("d", 22, (10, 15), (10, 45), "small", cancelled=True)
E = session("e", 23, (10, 0), (11, 0))
F = session("f", 23, (12, 30), (13, 0))
MINE = [F, C, A, E, D, B]  # in no particular order: /my sorts them


def buttons(view: View) -> list[tuple[str, str | None]]:
    assert isinstance(view.keyboard, InlineKeyboardMarkup)
    return [
        (b.text, b.callback_data if isinstance(b.callback_data, str) else None)
        for row in view.keyboard.inline_keyboard
        for b in row
    ]


def at(text: str, part: str) -> int:
    """Where ``part`` is in ``text`` other than quoted (a conflict names the other session)."""
    found = re.search(r"(?<![«“])" + re.escape(part), text)
    assert found is not None, part
    return found.start()


def entry(text: str, s: Session, lang: str) -> str:
    """The lines /my shows for ``s``: from its time to the next session's (or the end)."""
    start = text.rindex("<b>", 0, at(text, s.title[lang]) - 1)
    rest = text.find("\n<b>", start + 1)
    return text[start : rest if rest != -1 else len(text)]


# --- /my ------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_my_agenda_groups_by_day_in_time_order(
    render_ctx: Ctx, catalogs: Catalogs, lang: str
) -> None:
    ctx = render_ctx(lang)
    text = render_my(ctx, MINE, ROOMS, 10, bishkek(21, 9)).text
    order = [ctx.date(DAY1), A.title[lang], D.title[lang], B.title[lang], C.title[lang]]
    order += [ctx.date(DAY2), E.title[lang], F.title[lang]]
    assert [at(text, x) for x in order] == sorted(at(text, x) for x in order)
    assert "<b>10:30–12:00</b> · " + ROOMS["small"].name[lang] in text  # Bishkek time, not UTC
    assert catalogs.t(lang, "my_reminders_on", minutes=10) in text
    assert catalogs.t(lang, "times_in_zone", zone=catalogs.t(lang, "zone_Asia_Bishkek"),
                      offset="UTC+6") in text  # fmt: skip
    assert html_problems(text, ALLOWED) == []


@pytest.mark.parametrize("lang", LANGS)
def test_my_agenda_shows_the_free_time_between_sessions(
    render_ctx: Ctx, catalogs: Catalogs, lang: str
) -> None:
    text = render_my(render_ctx(lang), MINE, ROOMS, 10, bishkek(21, 9)).text

    def gap(duration: str) -> str:
        return catalogs.t(lang, "my_gap", duration=duration)

    hour = {"en": "{} h", "ru": "{} ч", "ky": "{} саат"}[lang]
    two_hours = gap(hour.format(2))  # unit by unit, and no "0 min" on whole hours
    hour_and_half = gap(hour.format(1) + " " + catalogs.t(lang, "duration_m", minutes=30))
    assert text.count(two_hours) == 1 and text.count(hour_and_half) == 1
    # 12:00 (end of b) to 14:00 (c); 11:00 (e) to 12:30 (f); none across the night,
    # none between overlapping sessions.
    assert text.index(B.title[lang]) < text.index(two_hours) < text.index(C.title[lang])
    assert text.index(E.title[lang]) < text.index(hour_and_half) < text.index(F.title[lang])
    assert text.count("⏳") == 2


@pytest.mark.parametrize("lang", LANGS)
def test_overlapping_starred_sessions_are_flagged_but_not_a_cancelled_one(
    render_ctx: Ctx, catalogs: Catalogs, lang: str
) -> None:
    text = render_my(render_ctx(lang), MINE, ROOMS, 10, bishkek(21, 9)).text
    assert text.count("⚠️") == 2  # each names the other
    assert catalogs.t(lang, "my_conflict", title=B.title[lang]) in entry(text, A, lang)
    assert catalogs.t(lang, "my_conflict", title=A.title[lang]) in entry(text, B, lang)
    for calm in (C, D, E, F):
        assert "⚠️" not in entry(text, calm, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_a_cancelled_session_is_struck_through(
    render_ctx: Ctx, catalogs: Catalogs, lang: str
) -> None:
    text = render_my(render_ctx(lang), MINE, ROOMS, 10, bishkek(21, 9)).text
    assert f"<s>{D.title[lang]}</s> ❌ {catalogs.t(lang, 'cancelled')}" in text
    assert f"<s>{A.title[lang]}</s>" not in text


def test_my_agenda_shows_what_is_on_now_and_reminders_off(
    render_ctx: Ctx, catalogs: Catalogs
) -> None:
    text = render_my(render_ctx("en"), MINE, ROOMS, 0, bishkek(22, 14, 30)).text
    assert catalogs.t("en", "on_now") in entry(text, C, "en")
    assert text.count(catalogs.t("en", "on_now")) == 1
    assert catalogs.t("en", "my_reminders_off") in text


@pytest.mark.parametrize("lang", LANGS)
def test_my_agenda_marks_the_sessions_that_are_over(
    render_ctx: Ctx, catalogs: Catalogs, lang: str
) -> None:
    text = render_my(render_ctx(lang), MINE, ROOMS, 10, bishkek(22, 14, 30)).text
    over = f"⏹ {catalogs.t(lang, 'session_over')}"
    assert over in entry(text, A, lang) and over in entry(text, B, lang)
    assert over not in entry(text, C, lang) and over not in entry(text, E, lang)
    assert over not in entry(text, D, lang)  # cancelled: it says so instead


def test_my_agenda_buttons_open_and_unstar_each_session(render_ctx: Ctx) -> None:
    view = render_my(render_ctx("en"), MINE, ROOMS, 10, bishkek(21, 9))
    data = [d for _, d in buttons(view)]
    assert [d for d in data if d and d.startswith("mys:")] == [
        f"mys:{s}" for s in ("a", "d", "b", "c", "e", "f")
    ]
    assert "unstarmy:b" in data


@pytest.mark.parametrize("lang", LANGS)
def test_an_empty_agenda_says_how_to_star(render_ctx: Ctx, catalogs: Catalogs, lang: str) -> None:
    view = render_my(render_ctx(lang), [], ROOMS, 10, bishkek(21, 9))
    assert catalogs.t(lang, "my_empty") in view.text
    assert "days" in [d for _, d in buttons(view)]


# --- a reminder -----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_a_reminder_says_when_where_what_and_who(
    render_ctx: Ctx, catalogs: Catalogs, lang: str
) -> None:
    s = replace(B, moderator_ids=("aida",), speaker_ids=("timur",))
    view = render_reminder(render_ctx(lang), s, ROOMS, PEOPLE)
    text = view.text
    assert catalogs.t(lang, "reminder_title") in text
    assert "10:30–12:00" in text
    assert ROOMS["small"].name[lang] in text
    assert B.title[lang] in text
    assert f"{PEOPLE['aida'].name[lang]}, {PEOPLE['timur'].name[lang]}" in text
    assert render_ctx(lang).date(DAY1) in text
    zone = catalogs.t(lang, "zone_Asia_Bishkek")
    assert catalogs.t(lang, "times_in_zone", zone=zone, offset="UTC+6") in text
    assert buttons(view) == [(catalogs.t(lang, "open_session"), "card:b")]
    assert html_problems(text) == []


# --- the daily digest -----------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_digest_marks_my_sessions(render_ctx: Ctx, catalogs: Catalogs, lang: str) -> None:
    ctx = render_ctx(lang)
    text = render_digest(ctx, Day(DAY1), [A, D, B, C], ROOMS, {"b"}).text
    assert catalogs.t(lang, "digest_title", date=ctx.date(DAY1)) in text
    assert f"⭐ <b>10:30–12:00</b> · {ROOMS['small'].name[lang]}\n{B.title[lang]}" in text
    assert text.count("⭐") == 1
    for other in (A, C):
        assert other.title[lang] in text
    assert catalogs.t(lang, "digest_star_hint") not in text
    assert html_problems(text, ALLOWED) == []


@pytest.mark.parametrize("lang", LANGS)
def test_a_digest_without_stars_suggests_starring(
    render_ctx: Ctx, catalogs: Catalogs, lang: str
) -> None:
    text = render_digest(render_ctx(lang), Day(DAY1), [A, C], ROOMS, set()).text
    assert "⭐" not in text.replace(catalogs.t(lang, "digest_star_hint"), "")
    assert catalogs.t(lang, "digest_star_hint") in text


def crowded_day() -> list[Session]:
    """Forty sessions in eight rooms: far more than a digest message can hold."""
    long = "A round table with a long title about the future of elections " * 2
    return [
        session(
            f"s{i:02d}", 22, (9 + i // 8, 0), (9 + i // 8, 50), "main",
            title={"ky": f"{long}{i} ky", "ru": f"{long}{i} ru", "en": f"{long}{i} en"},
        )
        for i in range(40)
    ]  # fmt: skip


@pytest.mark.parametrize("lang", LANGS)
def test_a_crowded_digest_lists_only_my_sessions_and_how_many_more(
    render_ctx: Ctx, catalogs: Catalogs, lang: str
) -> None:
    sessions = crowded_day()
    full = sum(len(s.title[lang]) for s in sessions)
    assert full > DIGEST_BUDGET  # the day is crowded indeed
    text = render_digest(render_ctx(lang), Day(DAY1), sessions, ROOMS, {"s03", "s17"}).text
    shown = [s.id for s in sessions if s.title[lang] in text]
    assert shown == ["s03", "s17"]
    assert catalogs.t(lang, "digest_more", count=38) in text
    assert len(text) < DIGEST_BUDGET


@pytest.mark.parametrize("lang", LANGS)
def test_a_crowded_digest_for_someone_with_no_session_that_day(
    render_ctx: Ctx, catalogs: Catalogs, lang: str
) -> None:
    sessions = crowded_day()
    text = render_digest(render_ctx(lang), Day(DAY1), sessions, ROOMS, {"elsewhere"}).text
    assert catalogs.t(lang, "digest_none_starred") in text
    assert catalogs.t(lang, "digest_more", count=40) in text
    assert not [s for s in sessions if s.title[lang] in text]


def test_the_digest_opens_the_day_and_my_agenda(render_ctx: Ctx) -> None:
    view = render_digest(render_ctx("en"), Day(DAY1), [A], ROOMS, {"a"})
    assert [d for _, d in buttons(view)] == ["day:20230622:0", "my"]


# --- change notices -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_a_change_notice_says_what_it_was_and_what_it_is(
    render_ctx: Ctx, catalogs: Catalogs, lang: str
) -> None:
    ctx = render_ctx(lang)
    hour = dt.timedelta(hours=1)
    later = replace(A, start=A.start + hour, end=A.end + hour, room_id="small")
    changes = diff([A, C], [later, replace(C, cancelled=True)])
    view = render_changes(ctx, changes, ROOMS)
    text = view.text
    assert catalogs.t(lang, "changes_title") in text
    short = ctx.short_date(DAY1)
    moved = catalogs.t(
        lang, "change_time", before=f"{short} 10:00–11:00", after=f"{short} 11:00–12:00"
    )
    assert moved in text
    assert catalogs.t(lang, "change_room", before=ROOMS["main"].name[lang],
                      after=ROOMS["small"].name[lang]) in text  # fmt: skip
    assert catalogs.t(lang, "change_cancelled") in text
    assert [d for _, d in buttons(view)] == ["card:a", "card:c", "my"]
    assert html_problems(text) == []


# --- escaping -------------------------------------------------------------------------------


def test_every_outside_string_is_escaped(render_ctx: Ctx) -> None:
    ctx = render_ctx("en")
    evil = replace(
        B,
        title={"ky": EVIL, "ru": EVIL, "en": EVIL},
        room_id="evil",
        moderator_ids=("boss",),
    )
    rooms = {**ROOMS, "evil": Room("evil", {"en": "<i>Hall</i> & 2"})}
    people = {"boss": Speaker("boss", {"en": "Boss <script>"})}
    retitled = diff([B], [evil])
    views = [
        render_my(ctx, [evil, A], rooms, 10, bishkek(21, 9)),
        render_reminder(ctx, evil, rooms, people),
        render_digest(ctx, Day(DAY1, {"en": "Day <1> & all"}), [evil], rooms, {"b"}),
        render_changes(ctx, retitled, rooms),
    ]
    for view in views:
        assert EVIL_ESCAPED in view.text
        assert EVIL not in view.text
        assert html_problems(view.text, ALLOWED) == []
    assert "&lt;i&gt;Hall&lt;/i&gt; &amp; 2" in views[0].text
    assert "Boss &lt;script&gt;" in views[1].text
    assert "Day &lt;1&gt; &amp; all" in views[2].text
    # A button label is plain text: Telegram shows it as it is.
    assert any(EVIL in label for label, _ in buttons(views[0]))


@pytest.mark.parametrize("lang", LANGS)
def test_a_session_added_and_dropped_within_one_notice_is_told_cancelled(
    render_ctx: Ctx, catalogs: Catalogs, lang: str
) -> None:
    changes = diff([], [A]) + diff([A], [replace(A, cancelled=True)])
    text = render_changes(render_ctx(lang), merge(changes), ROOMS).text
    assert catalogs.t(lang, "change_cancelled") in text
