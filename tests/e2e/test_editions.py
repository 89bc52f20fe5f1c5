"""Next year's edition: another forum's file opens it only from its own confirmation, which
shows the old and the new forum; the old edition stays readable in /archive; subscribers who
kept announcements on get a welcome-back message in their language once the organiser
confirms its count; the URL's refresh and `bot.py import` never switch by themselves."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import pytest

from forumbot.delivery.models import Report
from forumbot.emulator import BotAPIEmulator
from forumbot.infra.i18n import Catalogs
from forumbot.infra.settings import Settings
from forumbot.models import pick
from forumbot.programme import parse_any
from forumbot.render.context import RenderCtx
from forumbot.runtime import cli, source
from forumbot.store import Store
from handlers.dataimport import refresh_source
from tests.e2e.conftest import LANGS, ORGANISER, bishkek, button_data, start_in
from tests.e2e.test_agenda import star, wait_for_text
from tests.e2e.test_dataimport import (  # noqa: F401 (fixtures)
    BUNDLED,
    confirm_data,
    send_file,
    server,
    url_bot,
)
from tests.http_source import ProgrammeServer
from tests.runtime.test_source import moved

NEXT = BUNDLED.replace(b"2023", b"2024")  # next year's forum: another id, title and dates
OLD_ID, NEW_ID = "issyk-kul-electoral-forum-2023", "issyk-kul-electoral-forum-2024"
FANS = {61: "ky", 62: "ru", 63: "en"}  # announcements on
QUIET = 64  # turned announcements off


def title(data: bytes, lang: str) -> str:
    return pick(parse_any(data).programme.forum.title, lang, "ky")


def store_of(app) -> Store:
    return app.bot_data["services"].store


async def finished(app, kind: str) -> Report:
    """The delivery report of the latest broadcast of ``kind``, once it is done."""
    outbox = app.bot_data["services"].delivery.outbox
    for _ in range(500):
        [latest, *_] = [b for b in await outbox.list_recent() if b.kind == kind]
        if latest.status == "done":
            report = await outbox.report(latest.id)
            assert report is not None
            return report
        await asyncio.sleep(0.02)
    raise AssertionError(f"the {kind} broadcast did not finish")


async def everyone(emu: BotAPIEmulator, lang: str) -> None:
    """The organiser in ``lang``, three subscribers, and one who turned announcements off."""
    await start_in(emu, ORGANISER, lang)
    for user, fan_lang in FANS.items():
        await start_in(emu, user, fan_lang)
    await start_in(emu, QUIET, "en")
    [screen] = await emu.ask(QUIET, "/settings")
    await emu.tap(QUIET, screen.message_id, data="topic:announcements", count=1)


@pytest.mark.parametrize("lang", LANGS)
async def test_another_forums_file_opens_a_new_edition_only_when_confirmed(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    await everyone(emu, lang)
    await star(emu, 61, "school-1", first=True)
    screen = await send_file(emu, ORGANISER, "next.yaml", NEXT)
    # The old and the new forum, side by side: name, dates, place.
    assert title(BUNDLED, lang) in screen.text and title(NEXT, lang) in screen.text
    for data, year in ((BUNDLED, 2023), (NEXT, 2024)):
        ctx = RenderCtx(lang, catalogs, parse_any(data).programme.forum)
        assert ctx.date_range(dt.date(year, 6, 22), dt.date(year, 6, 23)) in screen.text
    assert catalogs.t(lang, "edition_carry", count=5) in screen.text
    assert catalogs.t(lang, "edition_stars_end", count=1) in screen.text
    assert not [b for b in screen.inline_buttons() if b["callback_data"].startswith("impok")]
    store = store_of(bot)
    assert (await store.programme.forum()).id == OLD_ID  # nothing yet
    # Confirmed: the new edition opens and the welcome-back message is offered, counted.
    edok = button_data(screen, catalogs.t(lang, "edition_open"))
    await emu.tap(ORGANISER, screen.message_id, data=edok, count=2)
    assert (await store.programme.forum()).id == NEW_ID
    assert await store.programme.starred_sessions(61) == []
    ask = emu.last_message(ORGANISER)
    assert catalogs.t(lang, "edition_welcome_ask", count=4) in ask.text  # with the organiser
    marks = {user: emu.mark(user) for user in [*FANS, QUIET]}
    send = button_data(ask, catalogs.t(lang, "edition_welcome_send", count=4))
    await emu.tap(ORGANISER, ask.message_id, data=send, count=1)
    assert emu.last_message(ORGANISER).text == catalogs.t(lang, "edition_welcome_sent", count=4)
    for user, fan_lang in FANS.items():
        welcome = await wait_for_text(emu, user, marks[user], "👋")
        assert title(NEXT, fan_lang) in welcome.text
        assert catalogs.t(fan_lang, "edition_welcome_body") in welcome.text
    await wait_for_text(emu, ORGANISER, marks[61], "👋")
    report = await finished(bot, "welcome_back")
    assert (report.total, report.sent) == (4, 4)
    # The organiser is told it finished (after the report is stored): not the next answer.
    await wait_for_text(emu, ORGANISER, marks[61], "📬")
    assert not [e for e in emu.events(QUIET, marks[QUIET]) if e.kind == "sent"]
    # Once per edition; the audit log has both steps.
    [again] = await emu.ask(ORGANISER, "/welcomeback")
    assert again.text == catalogs.t(lang, "edition_welcome_already")
    actions = {e.action for e in await store.staff.audit_log() if e.actor == ORGANISER}
    assert {"welcome_back", "edition_opened", "imported"} <= actions
    [opened] = [e for e in await store.staff.audit_log() if e.action == "edition_opened"]
    assert (opened.detail["old"], opened.detail["new"], opened.detail["stars_ended"]) == (
        OLD_ID,
        NEW_ID,
        1,
    )


@pytest.mark.parametrize("lang", LANGS)
async def test_the_archive_shows_the_old_programme_and_news_read_only(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, ORGANISER, "en")
    [empty] = await emu.ask(ORGANISER, "/archive")
    assert catalogs.t("en", "archive_empty") in empty.text
    screen = await send_file(emu, ORGANISER, "next.yaml", NEXT)
    edok = button_data(screen, catalogs.t("en", "edition_open"))
    await emu.tap(ORGANISER, screen.message_id, data=edok, count=2)
    await start_in(emu, 62, lang)
    [archive] = await emu.ask(62, "/archive")
    assert title(BUNDLED, lang) in archive.text
    [edition] = archive.inline_buttons()
    await emu.tap(62, archive.message_id, data=edition["callback_data"], count=1)
    card = emu.last_message(62)
    assert catalogs.t(lang, "archive_read_only") in card.text
    day = button_data(card, "·")  # the first day's button: "<date> · sessions: n"
    await emu.tap(62, card.message_id, data=day, count=1)
    programme = parse_any(BUNDLED).programme
    school = next(s for s in programme.sessions if s.id == "school-1")
    assert pick(school.title, lang, "ky") in emu.last_message(62).text
    assert "15:00–17:30" in emu.last_message(62).text  # in the old forum's zone
    back = button_data(emu.last_message(62), catalogs.t(lang, "back"))
    await emu.tap(62, card.message_id, data=back, count=1)
    news = button_data(emu.last_message(62), catalogs.t(lang, "news_title"))
    await emu.tap(62, card.message_id, data=news, count=1)
    post = next(p for p in programme.posts if p.kind == "news")
    assert pick(post.title, lang, "ky") in emu.last_message(62).text
    [open_post, *_] = emu.last_message(62).inline_buttons()
    await emu.tap(62, card.message_id, data=open_post["callback_data"], count=1)
    assert pick(post.body, lang, "ky")[:40] in emu.last_message(62).text
    # The news in service is the new edition's (its posts are dated next year: not out yet).
    [current] = await emu.ask(62, "/news")
    assert catalogs.t(lang, "news_empty") in current.text


async def test_an_ordinary_reimport_of_the_same_forum_is_unchanged(
    emu: BotAPIEmulator, bot, catalogs: Catalogs
) -> None:
    await start_in(emu, ORGANISER, "ru")
    await start_in(emu, 61, "ky")
    await star(emu, 61, "school-1", first=True)
    preview = await send_file(emu, ORGANISER, "schedule.yaml", moved(BUNDLED))
    assert catalogs.t("ru", "import_people", count=1) in preview.text
    assert not [b for b in preview.inline_buttons() if b["callback_data"].startswith("edok")]
    await emu.tap(ORGANISER, preview.message_id, data=confirm_data(preview), count=1)
    store = store_of(bot)
    assert await store.editions.past() == []
    assert [s.id for s in await store.programme.starred_sessions(61)] == ["school-1"]
    assert (await store.programme.session("school-1")).start == bishkek(22, 16)
    [none] = await emu.ask(ORGANISER, "/welcomeback")
    assert none.text == catalogs.t("ru", "edition_welcome_no_edition")


async def test_a_forged_edition_button_of_a_participant_does_nothing(
    emu: BotAPIEmulator, bot, catalogs: Catalogs
) -> None:
    await start_in(emu, 61, "ky")
    [archive] = await emu.ask(61, "/archive")
    for data in ("edok:0badc0de", "welc:send"):
        mark = emu.mark(61)
        await emu.press_raw(61, archive.message_id, data)
        [event, *_] = await emu.wait_events(61, mark, count=1)
        assert event.data["text"] == catalogs.t("ky", "unknown_command")
    assert (await store_of(bot).programme.forum()).id == OLD_ID


@pytest.mark.parametrize("lang", LANGS)
async def test_the_url_refresh_tells_the_organisers_and_does_not_switch(
    emu: BotAPIEmulator,
    url_bot,  # noqa: F811 (the fixture imported above)
    server: ProgrammeServer,  # noqa: F811
    catalogs: Catalogs,
    lang: str,
) -> None:
    await start_in(emu, ORGANISER, lang)
    mark = emu.mark(ORGANISER)
    server.serve(NEXT)
    for _ in range(2):
        assert (await refresh_source(url_bot)).outcome == "other_forum"
    told = [e.message for e in emu.events(ORGANISER, mark) if e.kind == "sent"]
    assert len(told) == 1  # once per file
    shown = source.public_url(server.url)
    assert catalogs.t(lang, "source_other_forum", url=shown) in told[0].text
    assert title(BUNDLED, lang) in told[0].text and title(NEXT, lang) in told[0].text
    assert (await store_of(url_bot).programme.forum()).id == OLD_ID
    # /reload shows the confirmation; confirmed, the URL's file is the new edition.
    [screen] = await emu.ask(ORGANISER, "/reload")
    edok = button_data(screen, catalogs.t(lang, "edition_open"))
    await emu.tap(ORGANISER, screen.message_id, data=edok, count=2)
    assert (await store_of(url_bot).programme.forum()).id == NEW_ID
    assert (await refresh_source(url_bot)).outcome == "unchanged"


async def test_bot_py_import_of_another_forum_refuses_without_yes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = Settings(db_path=tmp_path / "bot.sqlite3")
    old, new = tmp_path / "forum.yaml", tmp_path / "next.yaml"
    old.write_bytes(BUNDLED)
    new.write_bytes(NEXT)
    assert await cli.run_import(settings, old) == 0
    capsys.readouterr()
    assert await cli.run_import(settings, new) == 1  # stdin is no terminal here
    out, err = capsys.readouterr()
    assert "another forum" in out and OLD_ID in out and NEW_ID in out
    assert "Refused: a new edition opens only when confirmed" in err and "--yes" in err
    store = await Store.open(settings.db_path)
    try:
        assert (await store.programme.forum()).id == OLD_ID
    finally:
        await store.close()
    assert await cli.run_import(settings, new, yes=True) == 0
    assert "/welcomeback" in capsys.readouterr().out
    store = await Store.open(settings.db_path)
    try:
        assert (await store.programme.forum()).id == NEW_ID
        [edition] = await store.editions.past()
        assert edition.forum.id == OLD_ID
    finally:
        await store.close()
