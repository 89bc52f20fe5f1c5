"""'📍 I'm here' on a running session's card: recorded once per person, counted on the
organisers' card, refused (server-side) for a session that is not on; "attended" in the
store for the feedback prompts."""

from __future__ import annotations

import pytest

from forumbot.emulator import BotAPIEmulator
from forumbot.infra.clock import SimulatedClock
from forumbot.infra.i18n import Catalogs
from tests.e2e.conftest import LANGS, ORGANISER, bishkek, labels, start_in
from tests.e2e.test_agenda import open_card

GUEST, OTHER = 41, 42


@pytest.fixture
def clock() -> SimulatedClock:
    return SimulatedClock(bishkek(22, 10, 45), speed=0)  # round table 1 is on (10:30–13:00)


@pytest.mark.parametrize("lang", LANGS)
async def test_i_am_here_is_recorded_once_and_counted_for_organisers(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, GUEST, lang)
    await start_in(emu, OTHER, "ru")
    await start_in(emu, ORGANISER, lang)
    card = await open_card(emu, GUEST, "rt-technology")
    assert "📍 " + catalogs.t(lang, "here_button") in labels(card)
    store = bot.bot_data["services"].store
    title = (await store.programme.session("rt-technology")).title[lang]
    toast = await emu.tap(GUEST, card.message_id, data="here:rt-technology")
    assert toast.text == catalogs.t(lang, "here_noted", title=title)
    again = await emu.tap(GUEST, card.message_id, data="here:rt-technology")
    assert again.text == catalogs.t(lang, "here_already", title=title)
    other_card = await open_card(emu, OTHER, "rt-technology")
    await emu.tap(OTHER, other_card.message_id, data="here:rt-technology")

    organiser_card = await open_card(emu, ORGANISER, "rt-technology")
    assert catalogs.t(lang, "here_count", count=2) in organiser_card.text
    assert (
        catalogs.t(lang, "here_count", count=2)
        not in (await open_card(emu, GUEST, "rt-technology")).text
    )
    assert await store.presence.attended(GUEST) == {"rt-technology"}


async def test_a_session_that_is_not_on_refuses_i_am_here(
    emu: BotAPIEmulator, bot, catalogs: Catalogs
) -> None:
    await start_in(emu, GUEST, "ky")
    card = await open_card(emu, GUEST, "school-1")  # 15:00 today
    assert not [label for label in labels(card) if label.startswith("📍")]
    mark = emu.mark(GUEST)
    await emu.press_raw(GUEST, card.message_id, "here:school-1")  # a forged button
    [answer, *_] = await emu.wait_events(GUEST, mark, count=1)
    assert answer.data["text"] == catalogs.t("ky", "here_not_on")
    assert await bot.bot_data["services"].store.presence.attended(GUEST) == set()
