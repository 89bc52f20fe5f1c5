"""Organisers change the programme from the chat: a file sent to the bot is checked, its
changes and the people to be told are shown, and only a confirmation imports it; /export
gives the file back; /reload and the timer read the programme's URL. Participants reach none
of it, whatever they send."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from forumbot.emulator import BotAPIEmulator, BotMessage
from forumbot.infra.clock import SimulatedClock
from forumbot.infra.i18n import Catalogs
from forumbot.infra.settings import DEFAULT_DATA
from forumbot.programme import parse_any
from forumbot.runtime import source
from handlers.app import build_application, running
from handlers.dataimport import refresh_source
from tests.e2e.conftest import ORGANISER, bishkek, settings_for, start_in
from tests.e2e.test_agenda import star, wait_for_text
from tests.http_source import ProgrammeServer
from tests.runtime.test_source import moved

FAN = 51
BUNDLED = DEFAULT_DATA.read_bytes()


async def send_file(emu: BotAPIEmulator, user: int, name: str, data: bytes) -> BotMessage:
    mark = emu.mark(user)
    await emu.send_document(user, name, data)
    [event, *_] = await emu.wait_events(user, mark, count=1)
    assert event.message is not None
    return event.message


def confirm_data(preview: BotMessage) -> str:
    [data] = [
        b["callback_data"] for b in preview.inline_buttons() if "impok:" in b["callback_data"]
    ]
    return data


@pytest.mark.parametrize("lang", ["ky", "en"])
async def test_a_broken_file_gets_a_report_naming_the_place_and_changes_nothing(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, ORGANISER, lang)
    broken = BUNDLED.replace(b'end: "17:30"', b'end: "<b>14:00"', 1)
    report = await send_file(emu, ORGANISER, "forum.yaml", broken)
    assert catalogs.t(lang, "import_refused") in report.text
    line = BUNDLED[: BUNDLED.index(b'end: "17:30"')].count(b"\n") + 1
    where = catalogs.t(lang, "problem_at_line", file="forum.yaml", line=line, problem="")
    assert where.rstrip(": ") in report.text and "sessions[" in report.text
    assert "<pre>" in (report.html or "") and "&lt;b&gt;14:00" in (report.html or "")
    assert not report.inline_buttons()
    store = bot.bot_data["services"].store
    assert (await store.programme.session("school-1")).end == bishkek(22, 17, 30)


async def test_a_good_file_shows_what_changes_and_confirm_imports_and_tells(
    emu: BotAPIEmulator, bot, clock: SimulatedClock, catalogs: Catalogs
) -> None:
    await start_in(emu, ORGANISER, "ru")
    await start_in(emu, FAN, "en")
    await star(emu, FAN, "school-1", first=True)
    preview = await send_file(emu, ORGANISER, "schedule.yaml", moved(BUNDLED))
    assert "15:00–17:30" in preview.text and "16:00–17:30" in preview.text
    assert catalogs.t("ru", "import_counts", added=0, cancelled=0) in preview.text
    assert catalogs.t("ru", "import_people", count=1) in preview.text
    store = bot.bot_data["services"].store
    assert (await store.programme.session("school-1")).start == bishkek(22, 15)  # not yet
    confirm = confirm_data(preview)
    await emu.tap(ORGANISER, preview.message_id, data=confirm, count=1)
    sessions = len(parse_any(BUNDLED).programme.sessions)
    assert emu.last_message(ORGANISER).text == catalogs.t("ru", "import_done", count=sessions)
    assert (await store.programme.session("school-1")).start == bishkek(22, 16)
    [entry] = [e for e in await store.staff.audit_log() if e.actor == ORGANISER]
    assert entry.action == "imported"
    mark = emu.mark(FAN)
    clock.advance(dt.timedelta(minutes=3))  # the change window
    notice = await wait_for_text(emu, FAN, mark, "📣")
    assert "16:00–17:30" in notice.text
    # The confirmation is spent: pressing it again changes nothing.
    mark = emu.mark(ORGANISER)
    await emu.press_raw(ORGANISER, preview.message_id, confirm)
    [again, *_] = await emu.wait_events(ORGANISER, mark, count=1)
    assert again.data["text"] == catalogs.t("ru", "stale_button")


async def test_another_forum_asks_for_a_new_edition_and_drop_keeps_the_forum(
    emu: BotAPIEmulator, bot, catalogs: Catalogs
) -> None:
    await start_in(emu, ORGANISER, "en")
    other = BUNDLED.replace(b"id: issyk-kul-electoral-forum-2023", b"id: another-forum", 1)
    preview = await send_file(emu, ORGANISER, "other.yml", other)
    assert catalogs.t("en", "edition_other_forum", source="other.yml") in preview.text
    assert not [b for b in preview.inline_buttons() if "impok:" in b["callback_data"]]
    drop = [b["callback_data"] for b in preview.inline_buttons() if "impno:" in b["callback_data"]]
    await emu.tap(ORGANISER, preview.message_id, data=drop[0], count=1)
    assert emu.last_message(ORGANISER).text == catalogs.t("en", "import_dropped")
    store = bot.bot_data["services"].store
    assert (await store.programme.forum()).id == "issyk-kul-electoral-forum-2023"


async def test_participants_files_and_forged_confirmations_do_nothing(
    emu: BotAPIEmulator, bot, catalogs: Catalogs
) -> None:
    await start_in(emu, FAN, "ky")
    answer = await send_file(emu, FAN, "schedule.yaml", moved(BUNDLED))
    assert answer.text == catalogs.t("ky", "import_only_organisers")
    for data in ("impok:0badc0de", "impno:0badc0de"):
        mark = emu.mark(FAN)
        await emu.press_raw(FAN, answer.message_id, data)
        [event, *_] = await emu.wait_events(FAN, mark, count=1)
        expected = "unknown_command" if data.startswith("impok") else "stale_button"
        assert event.data["text"] == catalogs.t("ky", expected)
    [refused] = await emu.ask(FAN, "/export")
    assert refused.text == catalogs.t("ky", "unknown_command")
    # An organiser's forged token (not the pending file's) is a stale button.
    await start_in(emu, ORGANISER, "en")
    preview = await send_file(emu, ORGANISER, "schedule.yaml", moved(BUNDLED))
    mark = emu.mark(ORGANISER)
    await emu.press_raw(ORGANISER, preview.message_id, "impok:0badc0de")
    [event, *_] = await emu.wait_events(ORGANISER, mark, count=1)
    assert event.data["text"] == catalogs.t("en", "stale_button")
    store = bot.bot_data["services"].store
    assert (await store.programme.session("school-1")).start == bishkek(22, 15)
    await emu.tap(ORGANISER, preview.message_id, data=confirm_data(preview), count=1)
    assert (await store.programme.session("school-1")).start == bishkek(22, 16)  # the real one


async def test_export_gives_a_file_that_imports_back_unchanged(
    emu: BotAPIEmulator, bot, catalogs: Catalogs
) -> None:
    await start_in(emu, ORGANISER, "en")
    [document] = await emu.ask(ORGANISER, "/export")
    assert document.kind == "document" and document.document_name.endswith(".yaml")
    assert document.document_bytes is not None
    store = bot.bot_data["services"].store
    exported = parse_any(document.document_bytes, document.document_name).programme
    assert exported == await store.programme.load()
    preview = await send_file(emu, ORGANISER, document.document_name, document.document_bytes)
    assert catalogs.t("en", "import_no_changes") in preview.text


@pytest.fixture
async def server() -> AsyncIterator[ProgrammeServer]:
    async with ProgrammeServer(BUNDLED) as s:
        yield s


@pytest.fixture
async def url_bot(emu: BotAPIEmulator, clock, tmp_path: Path, server: ProgrammeServer):
    """The bot with its programme's URL on the local server, refreshed at start only."""
    settings = settings_for(emu, tmp_path, source_url=server.url, source_refresh=dt.timedelta(0))
    async with running(build_application(settings, clock), poll_timeout=1) as app:
        store = app.bot_data["services"].store
        await asyncio.wait_for(app.bot_data["services"].source_refreshed.wait(), 30)
        assert await store.programme.meta(source.DIGEST)  # the refresh at start is over
        assert server.answers == [200]
        yield app


async def test_reload_reads_the_url_and_previews_before_importing(
    emu: BotAPIEmulator, url_bot, server: ProgrammeServer, catalogs: Catalogs
) -> None:
    await start_in(emu, ORGANISER, "en")
    server.serve(moved(BUNDLED))
    [preview] = await emu.ask(ORGANISER, "/reload")
    assert "16:00–17:30" in preview.text and "token" not in preview.text
    await emu.tap(ORGANISER, preview.message_id, data=confirm_data(preview), count=1)
    store = url_bot.bot_data["services"].store
    assert (await store.programme.session("school-1")).start == bishkek(22, 16)
    assert await store.programme.meta(source.ETAG) == server.etag
    assert (await refresh_source(url_bot)).outcome == "unchanged"  # a 304 now
    assert server.answers[-1] == 304


async def test_a_failing_url_is_told_to_the_organisers_once_then_its_recovery(
    emu: BotAPIEmulator, url_bot, server: ProgrammeServer, catalogs: Catalogs
) -> None:
    await start_in(emu, ORGANISER, "ky")
    mark = emu.mark(ORGANISER)
    server.fail(500)
    for _ in range(3):
        await refresh_source(url_bot)
    server.serve(b"forum: [broken")
    await refresh_source(url_bot)
    told = [e.message for e in emu.events(ORGANISER, mark) if e.kind == "sent"]
    assert len(told) == 1 and "HTTP 500" in told[0].text
    shown = source.public_url(server.url)
    assert told[0].text.startswith("⚠️ " + catalogs.t("ky", "source_failed", url=shown))
    store = url_bot.bot_data["services"].store
    assert (await store.programme.session("school-1")).start == bishkek(22, 15)
    server.serve(moved(BUNDLED))
    assert (await refresh_source(url_bot)).outcome == "imported"
    recovered = await wait_for_text(emu, ORGANISER, mark, "✅")
    assert catalogs.t("ky", "source_recovered", url=shown) in recovered.text
    assert (await store.programme.session("school-1")).start == bishkek(22, 16)
