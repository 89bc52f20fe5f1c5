"""Streams, slides and recordings: an organiser sets a session's link from its card (HTTPS
only, previewed, audited); the hall's stream from the programme file; both shown on the
card, in /now, in reminders and in the personal calendar file. Participants cannot set one,
whatever they send."""

from __future__ import annotations

from pathlib import Path

import pytest
from icalendar import Calendar

from forumbot.emulator import BotAPIEmulator
from forumbot.infra.clock import SimulatedClock
from forumbot.infra.i18n import Catalogs
from forumbot.infra.settings import DEFAULT_DATA
from tests.e2e.conftest import LANGS, ORGANISER, bishkek, start_in
from tests.e2e.test_agenda import open_card, reminders_in, star
from tests.helpers import edit

FAN = 41
STREAM = "https://live.example.org/school-1"
HALL = "https://live.example.org/main-hall"


@pytest.fixture
def clock() -> SimulatedClock:
    return SimulatedClock(bishkek(22, 14, 30), speed=0)  # school-1: 15:00–17:30, small hall


@pytest.fixture
def data_path(tmp_path: Path) -> Path:
    """The bundled forum, its main hall streamed."""
    text = edit(
        DEFAULT_DATA.read_text(encoding="utf-8"),
        '      en: "Main hall"\n',
        f'      en: "Main hall"\n    stream: {HALL}\n',
    )
    path = tmp_path / "forum.yaml"
    path.write_text(text, encoding="utf-8")
    return path


async def set_link(emu: BotAPIEmulator, session_id: str, kind: str, url: str):
    """The organiser's way: card → Links → a kind → the address → the preview."""
    card = await open_card(emu, ORGANISER, session_id)
    await emu.tap(ORGANISER, card.message_id, data=f"lnk:{session_id}", count=1)
    menu = emu.messages(ORGANISER)[-1]
    await emu.tap(ORGANISER, menu.message_id, data=f"lnkk:{session_id}:{kind}", count=1)
    [preview] = await emu.ask(ORGANISER, url)
    return preview


@pytest.mark.parametrize("lang", LANGS)
async def test_an_organiser_sets_a_stream_and_participants_see_it_everywhere(
    emu: BotAPIEmulator, bot, clock: SimulatedClock, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, ORGANISER, lang)
    await start_in(emu, FAN, lang)
    await star(emu, FAN, "school-1", first=True)
    card = await open_card(emu, ORGANISER, "school-1")
    await emu.tap(ORGANISER, card.message_id, data="lnk:school-1", count=1)
    menu = emu.messages(ORGANISER)[-1]
    assert catalogs.t(lang, "links_menu_hint") in menu.text
    await emu.tap(ORGANISER, menu.message_id, data="lnkk:school-1:stream", count=1)
    kind = catalogs.t(lang, "link_stream")
    assert emu.messages(ORGANISER)[-1].text == catalogs.t(lang, "links_type_url", kind=kind)
    [again] = await emu.ask(ORGANISER, "http://live.example.org/school-1")
    assert again.text == catalogs.t(lang, "links_bad_url")
    [preview] = await emu.ask(ORGANISER, STREAM)
    assert STREAM in preview.text
    store = bot.bot_data["services"].store
    assert await store.links.of("school-1") == ()  # nothing before the confirmation
    await emu.tap(ORGANISER, preview.message_id, data="lnkok:school-1", count=1)
    assert emu.messages(ORGANISER)[-1].text == catalogs.t(lang, "links_applied")
    [entry, *_] = await store.staff.audit_log()
    assert (entry.actor, entry.action, entry.detail["url"]) == (ORGANISER, "link", STREAM)

    shown = f'<a href="{STREAM}">{kind}</a>'
    assert shown in (await open_card(emu, FAN, "school-1")).html
    mark = emu.mark(FAN)
    clock.set(bishkek(22, 14, 50))  # the default lead: 10 minutes before
    await emu.wait_events(FAN, mark, count=1)
    [reminder] = await reminders_in(emu, FAN, mark)
    assert shown in reminder.html
    clock.set(bishkek(22, 15, 10))
    [now] = await emu.ask(FAN, "/now")
    assert shown in now.html
    [document] = await emu.ask(FAN, "/ics")
    [event] = Calendar.from_ical(document.document_bytes).walk("VEVENT")
    assert f"{kind}: {STREAM}" in str(event["description"])


@pytest.mark.parametrize("lang", LANGS)
async def test_the_halls_stream_from_the_file_shows_in_now(
    emu: BotAPIEmulator, bot, clock: SimulatedClock, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, FAN, lang)
    clock.set(bishkek(22, 10, 45))  # round table 1 in the main hall
    [now] = await emu.ask(FAN, "/now")
    assert f'<a href="{HALL}">{catalogs.t(lang, "link_stream")}</a>' in now.html


async def test_recordings_and_removals_and_a_repeat_change_nothing_twice(
    emu: BotAPIEmulator, bot, catalogs: Catalogs
) -> None:
    await start_in(emu, ORGANISER, "en")
    url = "https://video.example.org/school-1.mp4"
    preview = await set_link(emu, "school-1", "recording", url)
    assert catalogs.t("en", "links_preview_people", count=0) in preview.text
    await emu.tap(ORGANISER, preview.message_id, data="lnkok:school-1", count=1)
    preview = await set_link(emu, "school-1", "recording", url)
    await emu.tap(ORGANISER, preview.message_id, data="lnkok:school-1", count=1)
    assert emu.messages(ORGANISER)[-1].text == catalogs.t("en", "links_same")
    preview = await set_link(emu, "school-1", "recording", "-")
    await emu.tap(ORGANISER, preview.message_id, data="lnkok:school-1", count=1)
    assert await bot.bot_data["services"].store.links.of("school-1") == ()


async def test_participants_cannot_set_links_even_with_forged_buttons(
    emu: BotAPIEmulator, bot, catalogs: Catalogs
) -> None:
    await start_in(emu, FAN, "ru")
    card = await open_card(emu, FAN, "school-1")
    assert not [b for b in card.inline_buttons() if b.get("callback_data", "").startswith("lnk")]
    for data in ("lnk:school-1", "lnkk:school-1:stream", "lnkok:school-1"):
        mark = emu.mark(FAN)
        await emu.press_raw(FAN, card.message_id, data)
        [answer, *_] = await emu.wait_events(FAN, mark, count=1)
        assert answer.data["text"] == catalogs.t("ru", "unknown_command")
    [reply] = await emu.ask(FAN, STREAM)  # not waiting for an address: a search
    assert await bot.bot_data["services"].store.links.of("school-1") == ()
    assert reply.text
