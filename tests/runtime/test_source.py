"""The programme's URL: a conditional refresh, failures kept quiet after the first word, and
the exporter whose YAML the loader takes back."""

from __future__ import annotations

import datetime as dt

from forumbot.programme import load_any, parse_any
from forumbot.programme.export import export_yaml
from forumbot.programme.fetch import Fetched, FetchFailed, NotModified, fetch
from forumbot.programme.richtext import plain_text
from forumbot.rules.changes import diff
from forumbot.runtime import source
from forumbot.store import Store
from tests.helpers import BUNDLED, REPO
from tests.http_source import ProgrammeServer

NOW = dt.datetime(2023, 6, 21, 12, 0, tzinfo=dt.UTC)
FORMATS = REPO / "tests" / "fixtures" / "formats"


def moved(text: bytes) -> bytes:
    """The bundled forum with school-1 starting an hour later (15:00–17:30 → 16:00–17:30)."""
    old = b'  - id: school-1\n    date: "2023-06-22"\n    start: "15:00"'
    assert old in text
    return text.replace(old, old.replace(b"15:00", b"16:00"))


async def test_fetch_sends_the_validators_and_a_304_costs_no_body() -> None:
    async with ProgrammeServer(b"forum: x") as server:
        first = await fetch(server.url)
        assert isinstance(first, Fetched) and first.data == b"forum: x"
        again = await fetch(server.url, etag=first.etag, last_modified=first.last_modified)
        assert isinstance(again, NotModified)
        assert server.requests[1]["If-None-Match"] == first.etag
        assert server.requests[1]["If-Modified-Since"] == first.last_modified
        too_big = await fetch(server.url, max_bytes=4)
        assert isinstance(too_big, FetchFailed) and "larger" in too_big.reason
        server.fail(503)
        down = await fetch(server.url)
        assert isinstance(down, FetchFailed) and "503" in down.reason
    refused = await fetch(server.url)  # nobody listens any more
    assert isinstance(refused, FetchFailed)


async def test_refresh_imports_skips_unchanged_and_tells_a_failure_once(
    bundled_store: Store,
) -> None:
    store, text = bundled_store, BUNDLED.read_bytes()
    async with ProgrammeServer(text) as server:
        first = await source.refresh(store, server.url, None, NOW)
        assert first.outcome == "imported" and first.tell is None
        assert await store.programme.meta("source") == server.url.split("?")[0]

        assert (await source.refresh(store, server.url, None, NOW)).outcome == "unchanged"
        assert server.answers == [200, 304]

        server.serve(moved(text))
        changed = await source.refresh(store, server.url, None, NOW)
        assert changed.outcome == "imported"
        school = await store.programme.session("school-1")
        assert school is not None and school.start.hour == 10  # 16:00 in Bishkek, in UTC

        server.fail(500)
        told = [(await source.refresh(store, server.url, None, NOW)).tell for _ in range(3)]
        server.serve(b"forum: [broken")
        told.append((await source.refresh(store, server.url, None, NOW)).tell)
        assert told == ["failed", None, None, None]
        assert (await store.programme.session("school-1")) == school  # untouched

        server.serve(moved(text))
        recovered = await source.refresh(store, server.url, None, NOW)
        assert recovered.tell == "recovered" and recovered.outcome == "unchanged"  # same file
        server.fail(500)
        assert (await source.refresh(store, server.url, None, NOW)).tell == "failed"  # again


def test_the_url_shown_and_logged_has_no_query_or_password() -> None:
    assert (
        source.public_url("http://127.0.0.1:8000/s.json?token=1") == "http://127.0.0.1:8000/s.json"
    )
    assert "token" not in source.public_url("https://user:pw@example.org/x.json?token=1")


def test_the_export_of_the_bundled_forum_loads_back_as_the_same_programme() -> None:
    programme = load_any(BUNDLED).programme
    text = export_yaml(programme)
    assert parse_any(text.encode(), "export.yaml").programme == programme
    assert 'start: "10:00"' in text  # times quoted, as the README asks


def test_the_export_of_a_pretalx_import_loads_back_without_session_changes() -> None:
    programme = load_any(FORMATS / "pretalx-democon.json").programme
    again = parse_any(export_yaml(programme).encode(), "export.yaml").programme
    assert diff(programme.sessions, again.sessions) == []
    # The YAML format's texts are plain: imported HTML comes back as its words.
    assert [s.name for s in again.speakers] == [s.name for s in programme.speakers]
    for before, after in zip(programme.speakers, again.speakers, strict=True):
        assert before.bio_html == bool(before.bio) and not after.bio_html
        plain = {k: plain_text(v) for k, v in (before.bio or {}).items()} or None
        assert after.bio == plain


def test_a_session_after_midnight_keeps_its_evening_through_day_change() -> None:
    text = BUNDLED.read_text(encoding="utf-8")
    school = 'start: "15:00"  # illustrative\n    end: "17:30"'
    night = text.replace(school, 'start: "01:00"\n    end: "02:00"', 1)
    langs = "  languages: [ky, ru, en]\n"
    night = night.replace(langs, langs + '  day_change: "04:00"\n', 1)
    programme = parse_any(night.encode(), "night.yaml").programme
    exported = export_yaml(programme)
    assert 'day_change: "01:01"' in exported
    assert parse_any(exported.encode(), "export.yaml").programme == programme


async def test_the_export_keeps_the_question_moderators_the_file_named(tmp_path) -> None:
    text = BUNDLED.read_text(encoding="utf-8")
    anchor = "  - id: rt-technology\n"
    assert text.count(anchor) == 1
    text = text.replace(anchor, anchor + "    moderator_ids: [777, 778]\n")
    store = await Store.open(tmp_path / "m.sqlite3")
    try:
        await store.programme.replace(
            parse_any(text.encode(), "forum.yaml").programme, "forum.yaml", NOW
        )
        exported = export_yaml(await store.programme.load())
    finally:
        await store.close()
    again = parse_any(exported.encode(), "export.yaml").programme
    [rt] = [s for s in again.sessions if s.id == "rt-technology"]
    assert rt.moderator_user_ids == (777, 778)
