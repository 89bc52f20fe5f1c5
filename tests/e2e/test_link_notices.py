"""New slides or a recording: everyone who starred or rated the session gets one message,
in their language, merged over the change window; a stream, or a link set and removed
within the window, tells nobody."""

from __future__ import annotations

import datetime as dt

import pytest

from forumbot.emulator import BotAPIEmulator
from forumbot.infra.clock import SimulatedClock
from forumbot.infra.i18n import Catalogs
from tests.e2e.conftest import LANGS, ORGANISER, bishkek, start_in
from tests.e2e.test_agenda import open_card, star, wait_for_text
from tests.e2e.test_links import set_link

FAN, RATER, BYSTANDER = 41, 42, 43
VIDEO = "https://video.example.org/rt-technology.mp4"
DECK = "https://files.example.org/rt-technology.pdf"
SCHOOL = "https://files.example.org/school-1.pdf"


@pytest.fixture
def clock() -> SimulatedClock:
    return SimulatedClock(bishkek(22, 14, 30), speed=0)  # round table 1 ended at 13:00


async def apply(emu: BotAPIEmulator, session_id: str, kind: str, url: str) -> None:
    preview = await set_link(emu, session_id, kind, url)
    await emu.tap(ORGANISER, preview.message_id, data=f"lnkok:{session_id}", count=1)


async def rate(emu: BotAPIEmulator, user: int, session_id: str, stars: int) -> None:
    """The rating prompt's button (an ended session can be rated from any message)."""
    card = await open_card(emu, user, session_id)
    mark = emu.mark(user)
    await emu.press_raw(user, card.message_id, f"fb:{session_id}:{stars}")
    await emu.wait_events(user, mark, count=1)


def notices_since(emu: BotAPIEmulator, user: int, since: int) -> list[str]:
    """The link notices (a feedback prompt for the ended session may come meanwhile)."""
    sent = [e.message.text for e in emu.events(user, since) if e.kind == "sent"]
    return [text for text in sent if text.startswith("🎞")]


@pytest.mark.parametrize("lang", LANGS)
async def test_new_slides_and_recordings_are_told_once_merged_over_the_window(
    emu: BotAPIEmulator, bot, clock: SimulatedClock, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, ORGANISER, "en")
    await start_in(emu, FAN, lang)
    await start_in(emu, RATER, "ru")
    await start_in(emu, BYSTANDER, lang)
    await star(emu, FAN, "rt-technology", first=True)
    await star(emu, FAN, "school-1")
    await rate(emu, RATER, "rt-technology", 4)
    marks = {u: emu.mark(u) for u in (FAN, RATER, BYSTANDER)}

    await apply(emu, "rt-technology", "recording", VIDEO)
    await apply(emu, "rt-technology", "stream", "https://live.example.org/rt")  # not news
    clock.set(bishkek(22, 14, 31))
    await apply(emu, "rt-technology", "slides", DECK)
    await apply(emu, "school-1", "slides", SCHOOL)
    await apply(emu, "school-1", "other", "https://example.org/reading")  # not news
    clock.set(bishkek(22, 14, 33))  # two minutes after the last: still within the window
    await bot.bot_data["services"].planner.tick()
    assert all(notices_since(emu, u, m) == [] for u, m in marks.items())

    clock.set(bishkek(22, 14, 34))
    notice = await wait_for_text(emu, FAN, marks[FAN], "🎞")
    assert catalogs.t(lang, "links_news_title") in notice.text
    for url in (VIDEO, DECK, SCHOOL):
        assert f'href="{url}"' in notice.html
    assert "live.example.org" not in notice.html and "reading" not in notice.html
    assert {b["callback_data"] for b in notice.inline_buttons()} == {
        "card:rt-technology",
        "card:school-1",
    }
    told = await wait_for_text(emu, RATER, marks[RATER], "🎞")
    assert catalogs.t("ru", "links_news_title") in told.text
    assert f'href="{VIDEO}"' in told.html and SCHOOL not in told.html
    clock.advance(dt.timedelta(minutes=10))
    await bot.bot_data["services"].planner.tick()
    assert len(notices_since(emu, FAN, marks[FAN])) == 1
    assert notices_since(emu, BYSTANDER, marks[BYSTANDER]) == []


async def test_a_recording_set_and_removed_within_the_window_tells_nobody(
    emu: BotAPIEmulator, bot, clock: SimulatedClock
) -> None:
    await start_in(emu, ORGANISER, "en")
    await start_in(emu, FAN, "ky")
    await star(emu, FAN, "school-1", first=True)
    mark = emu.mark(FAN)
    await apply(emu, "school-1", "recording", VIDEO)
    await apply(emu, "school-1", "recording", "-")
    clock.set(bishkek(22, 14, 40))
    report = await bot.bot_data["services"].planner.tick()
    assert report.link_notices == 0
    assert await bot.bot_data["services"].store.links.untold() == ([], None)
    assert notices_since(emu, FAN, mark) == []
