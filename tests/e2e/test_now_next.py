"""/now and /next at the simulated clock's "now", before, during, between and after."""

from __future__ import annotations

import pytest

from forumbot.emulator import BotAPIEmulator
from forumbot.infra.clock import SimulatedClock
from forumbot.infra.i18n import Catalogs
from tests.e2e.conftest import LANGS, bishkek, start_in


@pytest.mark.parametrize("lang", LANGS)
async def test_now_during_a_round_table(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, 20, lang)
    [now] = await emu.ask(20, "/now")
    assert "10:45" in now.text
    assert "10:30–13:00" in now.text and catalogs.t(lang, "on_now") in now.text
    assert "15:00" in now.text  # what comes next: the electoral school
    assert "UTC+6" in now.text


async def test_now_between_sessions_and_refresh_follows_the_clock(
    emu: BotAPIEmulator, bot, clock: SimulatedClock, catalogs: Catalogs
) -> None:
    await start_in(emu, 21, "en")
    clock.set(bishkek(22, 14, 0))
    [now] = await emu.ask(21, "/now")
    assert catalogs.t("en", "nothing_now") in now.text
    assert "today at 15:00" in now.text and "(in 1 h)" in now.text
    clock.set(bishkek(22, 15, 30))
    await emu.tap(21, now.message_id, data="now", count=1)
    refreshed = emu.last_message(21)
    assert refreshed.message_id == now.message_id
    assert "15:00–17:30" in refreshed.text and catalogs.t("en", "on_now") in refreshed.text


@pytest.mark.parametrize(
    ("moment", "key", "phrase"),
    [
        (bishkek(21, 20, 0), "forum_not_started", "tomorrow at 10:00"),
        (bishkek(22, 19, 0), "nothing_now", "tomorrow at 09:30"),
        (bishkek(23, 0, 30), "nothing_now", "today at 09:30"),  # after midnight
        (bishkek(10, 12, 0), "forum_not_started", "on Thursday, 22 June at 10:00"),
        (bishkek(23, 18, 0), "forum_over", ""),
    ],
)
async def test_now_before_between_and_after_the_forum_days(
    emu: BotAPIEmulator, bot, clock: SimulatedClock, catalogs: Catalogs, moment, key, phrase
) -> None:
    await start_in(emu, 22, "en")
    clock.set(moment)
    [now] = await emu.ask(22, "/now")
    assert catalogs.t("en", key) in now.text
    assert phrase in now.text


@pytest.mark.parametrize("lang", LANGS)
async def test_next_and_after_the_end(
    emu: BotAPIEmulator, bot, clock: SimulatedClock, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, 23, lang)
    [upcoming] = await emu.ask(23, "/next")
    assert "15:00–17:30" in upcoming.text
    clock.set(bishkek(24, 9, 0))
    [nothing] = await emu.ask(23, "/next")
    assert catalogs.t(lang, "nothing_next") in nothing.text


@pytest.mark.parametrize(
    ("lang", "up_to_date"),
    [("ky", "Өзгөрүү жок · 10:45"), ("ru", "Без изменений · 10:45"), ("en", "Up to date · 10:45")],
)
async def test_refresh_says_up_to_date_when_nothing_changed(
    emu: BotAPIEmulator, bot, clock: SimulatedClock, lang: str, up_to_date: str
) -> None:
    await start_in(emu, 22, lang)
    [now] = await emu.ask(22, "/now")
    edits = emu.stats["editMessageText"]
    tapped = await emu.tap(22, now.message_id, data="now")
    assert tapped.text == up_to_date
    assert emu.stats["editMessageText"] == edits  # no identical edit for Telegram to refuse
    clock.set(bishkek(22, 15, 30))
    tapped = await emu.tap(22, now.message_id, data="now", count=1)
    assert tapped.text is None  # it changed: the message shows it
    assert "15:00–17:30" in emu.last_message(22).text
