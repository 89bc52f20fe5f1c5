"""The store on a real SQLite file: schema, reopening, and what each query returns."""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from pathlib import Path

import pytest

from forumbot.programme import parse_programme
from forumbot.store import Store
from forumbot.store.migrations import MIGRATIONS
from tests.helpers import IMPORTED_AT, bishkek, edit, open_store

DAY1, DAY2 = dt.date(2023, 6, 22), dt.date(2023, 6, 23)


def ids(sessions) -> list[str]:
    return [s.id for s in sessions]


# --- schema and file ------------------------------------------------------------------------


async def test_migrations_set_user_version_and_wal(store: Store) -> None:
    assert await store.db.version() == len(MIGRATIONS)
    row = await store.db.fetchone("PRAGMA journal_mode")
    assert row is not None and row[0] == "wal"


async def test_reopening_keeps_data_and_does_not_migrate_again(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "s.sqlite3"
    first = await open_store(path)
    await first.users.record(7, "ru", IMPORTED_AT)
    await first.close()
    caplog.set_level(logging.INFO, logger="forumbot.store.db")
    caplog.clear()
    again = await Store.open(path)
    try:
        assert await again.db.version() == len(MIGRATIONS)
        assert ids(await again.programme.sessions_on(DAY1)) == ["opening", "rt1"]
        assert await again.users.count() == 1
        assert not [r for r in caplog.records if "Migrating" in r.getMessage()]
    finally:
        await again.close()


async def test_first_open_logs_the_migration(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="forumbot.store.db")
    store = await Store.open(tmp_path / "new.sqlite3")
    await store.close()
    assert "Migrating the store to schema version 1" in caplog.text


async def test_store_from_a_newer_bot_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite3"
    await (await Store.open(path)).close()
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version={len(MIGRATIONS) + 1}")
    conn.close()
    with pytest.raises(RuntimeError, match=r"newer than this bot knows.*upgrade the bot"):
        await Store.open(path)


# --- the programme --------------------------------------------------------------------------


async def test_days_with_session_counts(store: Store) -> None:
    assert [(d.date, n) for d, n in await store.programme.days()] == [(DAY1, 2), (DAY2, 1)]


async def test_sessions_on_a_day_in_time_order(store: Store) -> None:
    assert ids(await store.programme.sessions_on(DAY1)) == ["opening", "rt1"]
    assert ids(await store.programme.sessions_on(DAY2)) == ["school"]
    assert await store.programme.sessions_on(dt.date(2023, 6, 24)) == []


async def test_session_has_moderators_and_speakers_in_file_order(store: Store) -> None:
    rt1 = await store.programme.session("rt1")
    assert rt1 is not None
    assert rt1.moderator_ids == ("usupbekova",)
    assert rt1.speaker_ids == ("sharshenova", "mon")
    assert rt1.start == bishkek(22, 10, 30) and rt1.end == bishkek(22, 12, 30)
    assert rt1.title["en"] == "Technology of authenticity"


async def test_speaker_order_is_kept_even_against_the_alphabet(
    tmp_path: Path, mini_text: str
) -> None:
    path = tmp_path / "reordered.yaml"
    path.write_text(edit(mini_text, "[sharshenova, mon]", "[mon, sharshenova]"), "utf-8")
    store = await open_store(tmp_path / "s.sqlite3", path)
    try:
        rt1 = await store.programme.session("rt1")
        assert rt1 is not None and rt1.speaker_ids == ("mon", "sharshenova")
    finally:
        await store.close()


async def test_unknown_session_is_none(store: Store) -> None:
    assert await store.programme.session("nope") is None


@pytest.mark.parametrize(
    ("moment", "now", "next_"),
    [
        (bishkek(20, 9), [], ["opening"]),  # before the forum
        (bishkek(22, 10), ["opening"], ["rt1"]),  # the very first minute
        (bishkek(22, 10, 30), ["rt1"], ["school"]),  # opening has just ended
        (bishkek(22, 14), [], ["school"]),  # between the two days
        (bishkek(23, 11), ["school"], []),  # during the last session
        (bishkek(23, 12), [], []),  # the last session has just ended
    ],
)
async def test_sessions_now_and_next(
    store: Store, moment: dt.datetime, now: list[str], next_: list[str]
) -> None:
    assert ids(await store.programme.sessions_now(moment)) == now
    assert ids(await store.programme.sessions_next(moment)) == next_


async def test_span_runs_from_first_start_to_last_end(store: Store) -> None:
    assert await store.programme.span() == (bishkek(22, 10), bishkek(23, 12))


async def test_span_of_an_empty_store_is_none(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "empty.sqlite3")
    try:
        assert await store.programme.span() is None
    finally:
        await store.close()


async def test_sessions_of_a_speaker(store: Store) -> None:
    assert ids(await store.programme.sessions_of("usupbekova")) == ["rt1"]
    assert ids(await store.programme.sessions_of("mon")) == ["rt1"]
    assert await store.programme.sessions_of("nobody") == []


async def test_speakers_page_is_alphabetical_in_the_reader_language(
    tmp_path: Path, mini_text: str
) -> None:
    # In English Mon sorts first (Aibek), in Kyrgyz and Russian last (Тимур).
    path = tmp_path / "names.yaml"
    path.write_text(edit(mini_text, 'en: "Timur Mon"', 'en: "Aibek Mon"'), "utf-8")
    store = await open_store(tmp_path / "s.sqlite3", path)
    try:
        en, total = await store.programme.speakers_page("en", 0, 10)
        assert [s.id for s in en] == ["mon", "usupbekova", "sharshenova"]
        assert total == 3
        ky, _ = await store.programme.speakers_page("ky", 0, 10)
        assert [s.id for s in ky] == ["usupbekova", "sharshenova", "mon"]
    finally:
        await store.close()


async def test_kyrgyz_letters_sort_after_their_base_letter(tmp_path: Path, mini_text: str) -> None:
    # о < ө < п and у < ү < ф, as in the Kyrgyz alphabet.
    text = edit(mini_text, 'ky: "Айнура Усупбекова"', 'ky: "Үмүт"')
    text = edit(text, 'ky: "И. Шаршенова"', 'ky: "Фарида"')
    text = edit(text, 'ky: "Тимур Мон"', 'ky: "Уулан"')
    path = tmp_path / "kyrgyz.yaml"
    path.write_text(text, "utf-8")
    store = await open_store(tmp_path / "s.sqlite3", path)
    try:
        page, _ = await store.programme.speakers_page("ky", 0, 10)
        assert [s.name["ky"] for s in page] == ["Уулан", "Үмүт", "Фарида"]
    finally:
        await store.close()


async def test_speakers_page_pages(store: Store) -> None:
    first, total = await store.programme.speakers_page("en", 0, 2)
    second, total_again = await store.programme.speakers_page("en", 2, 2)
    assert [s.id for s in first] == ["usupbekova", "sharshenova"]
    assert [s.id for s in second] == ["mon"]
    assert total == total_again == 3
    assert await store.programme.speakers_page("en", 4, 2) == ([], 3)


async def test_posts_newest_first(store: Store) -> None:
    early, early_total = await store.programme.posts(0, 10, until=bishkek(23, 17, 59))
    assert [p.id for p in early] == ["welcome"] and early_total == 1  # the summary waits
    posts, total = await store.programme.posts(0, 10, until=bishkek(23, 18))
    assert [p.id for p in posts] == ["summary", "welcome"]
    assert total == 2
    assert posts[0].published == bishkek(23, 18)
    assert await store.programme.post("welcome") is not None
    assert await store.programme.post("gone") is None


# --- users ----------------------------------------------------------------------------------


async def test_record_keeps_first_language_and_first_seen(store: Store) -> None:
    first = dt.datetime(2023, 6, 22, 4, 0, tzinfo=dt.UTC)
    user = await store.users.record(42, "ru", first)
    assert (user.language, user.first_seen, user.language_chosen) == ("ru", first, False)
    again = await store.users.record(42, "en", first + dt.timedelta(hours=3))
    assert (again.language, again.first_seen) == ("ru", first)


async def test_set_language_marks_it_chosen(store: Store) -> None:
    await store.users.record(42, "ru", IMPORTED_AT)
    await store.users.set_language(42, "ky", IMPORTED_AT + dt.timedelta(minutes=1))
    user = await store.users.get(42)
    assert user is not None
    assert (user.language, user.language_chosen, user.first_seen) == ("ky", True, IMPORTED_AT)


async def test_set_language_of_a_new_user_records_them(store: Store) -> None:
    await store.users.set_language(5, "en", IMPORTED_AT)
    user = await store.users.get(5)
    assert user is not None and (user.language, user.language_chosen) == ("en", True)


async def test_user_count(store: Store) -> None:
    assert await store.users.count() == 0
    assert await store.users.get(1) is None
    for chat_id in (1, 2, 1):
        await store.users.record(chat_id, "en", IMPORTED_AT)
    assert await store.users.count() == 2


async def test_did_you_mean_follows_the_programme_version(store: Store, mini_text: str) -> None:
    """The names are read once per version: a re-import's new name is offered at once."""
    [found] = await store.programme.suggest("Усупбекава")
    assert found.id == "usupbekova"
    assert await store.programme.suggest("Шаршинова") != []
    renamed = edit(mini_text, '"I. Sharshenova"', '"I. Sharshenov"')
    renamed = edit(renamed, 'ky: "И. Шаршенова", ru: "И. Шаршенова"', 'ky: "Бакыт", ru: "Бакыт"')
    await store.programme.replace(parse_programme(renamed, "renamed.yaml"), "t", IMPORTED_AT)
    assert await store.programme.suggest("Шаршинова") == []
    assert [p.id for p in await store.programme.suggest("Sharshinov")] == ["sharshenova"]
