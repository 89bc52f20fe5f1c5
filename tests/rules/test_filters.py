"""Tracks, halls and session languages: stored (migration 4), listed, rendered in 64 bytes."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from telegram import InlineKeyboardMarkup

from forumbot.infra.i18n import Catalogs
from forumbot.models import Day, Room, Session
from forumbot.programme import parse_programme
from forumbot.render.callbacks import MAX_BYTES, decode
from forumbot.render.context import RenderCtx, View
from forumbot.render.filters import render_filters, render_value_sessions, render_values
from forumbot.render.programme import render_days
from forumbot.rules.filters import Facet, facet, facet_page, facets
from forumbot.rules.now import DayPage
from forumbot.runtime.services import import_programme
from forumbot.store import Store
from forumbot.store.migrations import MIGRATIONS
from tests.helpers import BOT, IMPORTED_AT, MINI, bishkek, edit, html_problems

Ctx = Callable[[str], RenderCtx]
DEMOCON = Path(__file__).resolve().parents[1] / "fixtures" / "formats" / "pretalx-democon.json"
LONG_TRACK = "Шайлоо процессиндеги маалыматтык технологиялар жана жасалма интеллект"


def data(view: View) -> list[str]:
    assert isinstance(view.keyboard, InlineKeyboardMarkup)
    return [
        b.callback_data for row in view.keyboard.inline_keyboard for b in row if b.callback_data
    ]


def mini_with(tracks: dict[str, str], languages: dict[str, str]) -> str:
    """mini.yaml with the YAML's optional ``track`` and ``language`` keys on some sessions."""
    text = MINI.read_text(encoding="utf-8")
    for sid, track in tracks.items():
        text = edit(text, f"  - id: {sid}\n", f"  - id: {sid}\n    track: {track!r}\n")
    for sid, lang in languages.items():
        text = edit(text, f"  - id: {sid}\n", f"  - id: {sid}\n    language: {lang}\n")
    return text


# --- the store ------------------------------------------------------------------------------


async def test_migrations_from_4_keep_a_version_3_store(tmp_path: Path) -> None:
    path = tmp_path / "v3.sqlite3"
    with sqlite3.connect(path) as conn:
        for script in MIGRATIONS[:3]:
            conn.executescript(script)
        conn.execute("PRAGMA user_version=3")
        conn.execute("INSERT INTO days VALUES ('2023-06-22', NULL)")
        conn.execute("INSERT INTO rooms VALUES ('main', '{\"en\": \"Main\"}', 0)")
        conn.execute(
            'INSERT INTO sessions (id, day, start, "end", room_id, kind, title) '
            "VALUES ('rt1', '2023-06-22', 1687406400, 1687413600, 'main', 'round_table', "
            '\'{"en": "Round table"}\')'
        )
        conn.execute("INSERT INTO users (chat_id, language, first_seen, last_seen) "
                     "VALUES (7, 'ky', 0, 0)")  # fmt: skip
    conn.close()
    store = await Store.open(path)
    try:
        assert await store.db.version() == len(MIGRATIONS) >= 4
        session = await store.programme.session("rt1")
        assert session is not None and session.title == {"en": "Round table"}
        assert (session.track, session.language) == (None, None)
        assert (await store.users.get(7)) is not None
        assert await facets(store.filters) == []  # one hall, no tracks: nothing to offer
    finally:
        await store.close()


async def test_track_and_language_round_trip_from_the_yaml(tmp_path: Path) -> None:
    text = mini_with({"opening": LONG_TRACK, "school": "Schools"}, {"rt1": "ru", "school": "ky"})
    store = await Store.open(tmp_path / "s.sqlite3")
    try:
        await store.programme.replace(parse_programme(text, "mini.yaml"), "mini", IMPORTED_AT)
        opening = await store.programme.session("opening")
        assert opening is not None and opening.track == LONG_TRACK and opening.language is None
        school = (await store.programme.sessions_on(dt.date(2023, 6, 23)))[0]
        assert (school.track, school.language) == ("Schools", "ky")
        assert [f.name for f in await facets(store.filters)] == ["track", "room", "lang"]
        langs = await facet(store.filters, "lang")
        assert langs is not None and langs.values == [("ky", 1), ("ru", 1)]
        loaded = await store.programme.load()  # what a re-import compares against
        assert {s.id: s.track for s in loaded.sessions}["school"] == "Schools"
    finally:
        await store.close()


async def test_an_imported_pretalx_file_lists_tracks_and_pages_their_sessions(
    tmp_path: Path,
) -> None:
    store = await Store.open(tmp_path / "s.sqlite3")
    try:
        await import_programme(store, DEMOCON, IMPORTED_AT)
        offered = {f.name: f for f in await facets(store.filters)}
        assert set(offered) == {"track", "room"}  # every session is in English: no language
        assert offered["track"].values == [("Horizontal", 21), ("Phased", 15)]
        first = await facet_page(store.filters, "track", "Horizontal")
        assert (first.page, first.pages, len(first.sessions)) == (0, 3, 10)
        assert all(s.track == "Horizontal" for s in first.sessions)
        starts = [s.start for s in first.sessions]
        assert starts == sorted(starts)
        last = first.sessions[-1]
        again = await facet_page(store.filters, "track", "Horizontal", at_session=last.id)
        assert again.page == 0 and last in again.sessions
        assert await store.filters.position("track", "Phased", last.id) is None
    finally:
        await store.close()


# --- rendering ------------------------------------------------------------------------------


def session(sid: str, day: int, hour: int, room: str = "main") -> Session:
    start = bishkek(day, hour)
    return Session(
        sid, start.date(), start, start + dt.timedelta(hours=1), room, "round_table",
        {"ky": "Тегерек стол " + sid, "ru": "Круглый стол " + sid, "en": "Round table " + sid},
        track=LONG_TRACK,
    )  # fmt: skip


ROOMS = {"main": Room("main", {"ky": "Чоң зал", "ru": "Большой зал", "en": "Main hall"})}


def test_days_offer_the_filter_row_only_when_asked(render_ctx: Ctx) -> None:
    days: list = []
    two = [Facet("room", [("a", 1), ("b", 1)]), Facet("lang", [("ky", 1), ("de", 2)])]
    assert "flt" in data(render_days(render_ctx("en"), days, two))
    assert "fltv:room:0" in data(render_days(render_ctx("en"), days, two[:1]))  # no menu of one
    assert render_days(render_ctx("en"), days).keyboard is None


def test_facets_and_values_fit_64_bytes_with_long_cyrillic_names(render_ctx: Ctx) -> None:
    tracks = Facet("track", [(f"{LONG_TRACK} {i}", i + 1) for i in range(23)])
    for lang in ("ky", "ru", "en"):
        ctx = render_ctx(lang)
        menu = render_filters(ctx, [tracks, Facet("lang", [("ky", 1), ("de", 2)])])
        assert data(menu) == ["fltv:track:0", "fltv:lang:0", "days"]
        page3 = render_values(ctx, tracks, {}, 2)
        assert [d for d in data(page3) if d.startswith("flts")] == [
            "flts:track:20:0", "flts:track:21:0", "flts:track:22:0"
        ]  # fmt: skip
        assert "fltv:track:1" in data(page3) and "3/3" in page3.text
        assert not html_problems(page3.text)
        assert all(len(d.encode()) <= MAX_BYTES for d in data(page3))


def test_a_value_lists_its_sessions_by_day_with_cards_and_a_way_back(render_ctx: Ctx) -> None:
    long_id = "x" * 40
    shown = [session("a", 22, 10), session(long_id, 22, 12), session("c", 23, 9)]
    tracks = Facet("track", [(f"t{i}", 1) for i in range(12)] + [(LONG_TRACK, 3)])
    view = render_value_sessions(
        render_ctx("ky"), tracks, 12, DayPage(shown, 1, 2), ROOMS, bishkek(22, 10, 30)
    )
    assert LONG_TRACK in view.text and "22-июнь" in view.text and "23-июнь" in view.text
    assert view.text.index("22-июнь") < view.text.index("Тегерек стол a")
    assert not html_problems(view.text)
    cards = [d for d in data(view) if d.startswith("fses")]
    assert cards[1] == f"fses:track:12:{long_id}" and len(cards[1].encode()) <= MAX_BYTES
    assert decode(f"fltat:track:12:{long_id}").args == ("track", "12", long_id)
    assert "flts:track:12:0" in data(view)  # the page before
    assert "fltv:track:1" in data(view)  # back to the page of values holding this one
    assert "2/2" in view.text
    assert "\n\n\n" not in view.text  # one blank line between days, as between sessions
    assert "\n\n📅" in view.text and "\n\n🕒" in view.text


def test_the_programme_note_stands_apart_by_one_blank_line(
    render_ctx: Ctx, catalogs: Catalogs
) -> None:
    for lang in ("ky", "ru", "en"):
        ctx = render_ctx(lang)
        ctx = RenderCtx(
            lang, catalogs, replace(ctx.forum, note={lang: "Times are examples."}), BOT
        )
        days = [(Day(dt.date(2023, 6, 22), None), 3)]
        text = render_days(ctx, days).text
        assert "\n\n\n" not in text
        assert "\n\n<i>Times are examples.</i>\n\n•" in text


def test_language_names_itself(render_ctx: Ctx) -> None:
    langs = Facet("lang", [("de", 24), ("en", 55)])
    view = render_values(render_ctx("ru"), langs, {}, 0)
    assert "Deutsch (de)" in view.text and "English (en)" in view.text
