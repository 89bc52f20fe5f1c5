"""Real schedule.json/xml exports imported, then browsed in the bot as a participant would;
a broken file refused with the place named, and the programme in service left as it was."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from pathlib import Path

import pytest

import bot as cli
from forumbot.emulator import BotAPIEmulator
from forumbot.infra.clock import SimulatedClock
from forumbot.infra.settings import DEFAULT_DATA, Settings
from forumbot.programme import ProgrammeError
from forumbot.runtime.services import import_file
from forumbot.store import Store
from handlers.app import build_application, running
from tests.e2e.conftest import button_data, start_in

FORMATS = Path(__file__).resolve().parents[1] / "fixtures" / "formats"
CAMP = FORMATS / "frab-camp2019.json"
DEMOCON = FORMATS / "pretalx-democon.json"
FOSDEM = FORMATS / "fosdem-2010.xml"
OPENING = "a0a0fcfe-b7fb-46e3-84b6-97a5406016b4"
NOW = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


async def put_in_service(db: Path, path: Path, zone: str | None = None) -> None:
    """The bundled forum first, then ``path`` in its place, as an organiser would (another
    forum: a new edition, confirmed)."""
    store = await Store.open(db)
    try:
        await import_file(store, DEFAULT_DATA, NOW)
        await import_file(store, path, NOW, zone=zone, new_edition=True)
    finally:
        await store.close()


@pytest.fixture
def settings(emu: BotAPIEmulator, tmp_path: Path) -> Settings:
    return Settings(
        token=emu.token,
        api_base_url=emu.base_url,
        api_base_file_url=emu.base_file_url,
        db_path=tmp_path / "bot.sqlite3",
        data_path=DEFAULT_DATA,
    )


@pytest.fixture
async def serve(settings: Settings) -> AsyncIterator[None]:
    """Starts the bot on whatever the test put in the store (call it after importing)."""
    app = build_application(settings, SimulatedClock(NOW, speed=0))
    async with AsyncExitStack() as stack:

        async def start() -> None:
            await stack.enter_async_context(running(app, poll_timeout=1))

        yield start  # type: ignore[misc]


async def open_day(emu: BotAPIEmulator, user: int, code: str):
    """The list of days (its text) and then the day, which replaces it in the same message."""
    [days] = await emu.ask(user, "/programme")
    days_text = days.text
    await emu.tap(user, days.message_id, data=f"day:{code}:0", count=1)
    return days_text, emu.last_message(user)


async def test_frab_camp_browsed_in_english(emu: BotAPIEmulator, settings, serve) -> None:
    await put_in_service(settings.db_path, CAMP)
    await serve()
    await start_in(emu, 20, "en")
    days, day1 = await open_day(emu, 20, "20190821")
    assert "Chaos Communication Camp 2019" in days
    assert "21 August" in days and "25 August" in days
    assert "11:00–11:30 · Curie" in day1.text and "Opening Ceremony" in day1.text  # Berlin time
    await emu.tap(20, day1.message_id, data=f"ses:{OPENING}", count=1)
    card = emu.last_message(20)
    assert "A hearty welcome me lasses and lads!" in card.text
    assert "jinxx" in card.text and "smtw" in card.text
    await emu.tap(20, card.message_id, data=button_data(card, "jinxx"), count=1)
    speaker = emu.last_message(20)
    assert "jinxx" in speaker.text and "Opening Ceremony" in speaker.text


async def test_a_german_talk_shows_as_written_to_an_english_reader(
    emu: BotAPIEmulator, settings, serve
) -> None:
    await put_in_service(settings.db_path, CAMP)
    await serve()
    await start_in(emu, 21, "en")
    [card] = await emu.ask(21, "/start s_074a5ea0-fd00-4529-912c-c986a8856f6b")
    assert "Aufstand oder Aussterben?" in card.text and "20:00–20:45" in card.text


async def test_pretalx_speaker_bio_and_times(emu: BotAPIEmulator, settings, serve) -> None:
    await put_in_service(settings.db_path, DEMOCON)
    await serve()
    await start_in(emu, 22, "ru")
    _days, day1 = await open_day(emu, 22, "20201214")
    assert "08:00–08:30 · Gray Room" in day1.text  # 09:00+01:00, shown in the file's UTC
    [speaker] = await emu.ask(22, "/start p_NQTF8Y")
    assert "Brian Robinson" in speaker.text
    assert "Break through direction. Power cultural most should." in speaker.text
    assert "Focused 5thgeneration hardware" in speaker.text


async def test_fosdem_2010_with_a_zone(emu: BotAPIEmulator, settings, serve) -> None:
    await put_in_service(settings.db_path, FOSDEM, zone="Europe/Brussels")
    await serve()
    await start_in(emu, 23, "ky")
    days, day1 = await open_day(emu, 23, "20100206")
    assert "10:00–10:45 · Janson" in day1.text and "Welcome" in day1.text  # Brussels time
    assert "FOSDEM 2010" in days and "6-февраль" in days and "7-февраль" in days
    [card] = await emu.ask(23, "/start s_284")
    assert "Welcome" in card.text and "10:00–10:45" in card.text and "Janson" in card.text
    assert "FOSDEM Opening Talk" in card.text and "&lt;p&gt;" not in card.text


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("bad.json", b'{"schedule": {"conference": ', "bad.json:1: is not valid JSON"),
        ("bomb.xml", b'<!DOCTYPE s [<!ENTITY a "x">]><schedule/>', "declares a DTD"),
        ("dup.json", None, f"guid {OPENING}"),
        ("nozone.xml", FOSDEM.read_bytes(), "names no time zone"),
    ],
)
async def test_a_refused_file_leaves_the_programme_in_service(
    emu: BotAPIEmulator, settings, serve, tmp_path: Path, name, content, expected
) -> None:
    if content is None:  # the camp with a guid given twice
        data = json.loads(CAMP.read_text(encoding="utf-8"))
        rooms = data["schedule"]["conference"]["days"][0]["rooms"]
        rooms["Curie"][1]["guid"] = OPENING
        content = json.dumps(data).encode()
    broken = tmp_path / name
    broken.write_bytes(content)
    await put_in_service(settings.db_path, CAMP)
    store = await Store.open(settings.db_path)
    try:
        with pytest.raises(ProgrammeError) as info:
            await import_file(store, broken, NOW)
    finally:
        await store.close()
    assert expected in info.value.report()
    await serve()
    await start_in(emu, 24, "en")
    [days] = await emu.ask(24, "/programme")
    assert "Chaos Communication Camp 2019" in days.text  # still the camp


def test_cli_check_and_import_print_warnings(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORUMBOT_DB", str(tmp_path / "cli.sqlite3"))
    assert cli.main(["check", str(FOSDEM)]) == 1
    assert "--zone Area/City" in capsys.readouterr().err
    assert cli.main(["import", str(FOSDEM), "--zone", "Europe/Brussels"]) == 0
    out = capsys.readouterr().out
    assert "Imported 301 sessions" in out and "3 warning(s), imported anyway:" in out
    assert "links: 24 links left out: only HTTPS addresses are shown" in out  # FOSDEM's http
    assert 'fosdem-2010.xml:2017: event id 281 "TYPO3 exam session", start: overlaps' in out
    assert cli.main(["check", str(FOSDEM), "--zone", "Europe/Brussels"]) == 0
    out = capsys.readouterr().out  # check imports nothing, so it never says it did
    assert "3 warning(s), the file can be imported all the same:" in out
    assert "imported anyway" not in out
    assert cli.main(["check", str(CAMP)]) == 0
    assert "OK, 79 sessions, 90 speakers" in capsys.readouterr().out
