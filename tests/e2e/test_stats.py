"""/stats for organisers: participants by language and topic, active and blocked, and the
sessions starred most with their time and hall (which hall will be crowded)."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import Counter

import pytest

from forumbot.emulator import BotAPIEmulator
from forumbot.infra.clock import SimulatedClock
from forumbot.infra.i18n import Catalogs
from tests.e2e.conftest import LANGS, ORGANISER, bishkek, start_in
from tests.e2e.test_agenda import star, wait_for_text
from tests.e2e.test_quickchange import quick_menu

AIDA, BAKYT, CHOLPON = 61, 62, 63
MAIN_HALL = {"ky": "Чоң зал", "ru": "Большой зал", "en": "Main hall"}


@pytest.fixture
def clock() -> SimulatedClock:
    return SimulatedClock(bishkek(22, 9, 0), speed=0)


@pytest.mark.parametrize("lang", LANGS)
async def test_stats_count_people_and_name_the_crowded_hall(
    emu: BotAPIEmulator, bot, clock: SimulatedClock, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, ORGANISER, lang)
    for person, their_lang in ((AIDA, "ru"), (BAKYT, "en"), (CHOLPON, "ky")):
        await start_in(emu, person, their_lang)
    await star(emu, AIDA, "rt-youth", first=True)
    await star(emu, BAKYT, "rt-youth", first=True)
    await star(emu, CHOLPON, "school-1", first=True)
    # Bakyt blocks the bot; the change notice to him then fails, and he counts as blocked.
    emu.block(BAKYT)
    menu = await quick_menu(emu, "rt-youth")
    await emu.tap(ORGANISER, menu.message_id, data="qccancel:rt-youth", count=1)
    await emu.tap(ORGANISER, menu.message_id, data="qcok:rt-youth", count=1)
    mark = emu.mark(AIDA)
    clock.advance(dt.timedelta(minutes=3))
    await wait_for_text(emu, AIDA, mark, "📣")
    store = bot.bot_data["services"].store
    for _ in range(200):  # the refused notice's outcome is written in the sender's batch
        if await store.users.status(BAKYT) == "blocked":
            break
        await asyncio.sleep(0.05)
    clock.advance(dt.timedelta(days=2))
    await emu.ask(AIDA, "/help")  # seen again; Cholpon is not

    [stats] = await emu.ask(ORGANISER, "/stats")
    text = stats.text
    assert catalogs.t(lang, "stats_total", count=4) in text
    assert catalogs.t(lang, "stats_active", count=2) in text  # Aida and the organiser
    assert catalogs.t(lang, "stats_blocked", count=1) in text
    counts = Counter(["ru", "en", "ky", lang])  # the three participants and the organiser
    for code, name in (("ky", "Кыргызча"), ("ru", "Русский"), ("en", "English")):
        assert f"{name} {counts[code]}" in text
    youth = (await store.programme.session("rt-youth")).title[lang]
    [first] = [line for line in text.split("\n") if line.startswith("1. ")]
    assert youth in first and MAIN_HALL[lang] in first and "11:00–13:00" in first
    assert first.endswith(catalogs.t(lang, "stats_starred_by", count=2))
    assert catalogs.t(lang, "stats_starred_by", count=1) in text  # the school, second


async def test_participants_cannot_see_stats(emu: BotAPIEmulator, bot, catalogs: Catalogs) -> None:
    await start_in(emu, AIDA, "ky")
    [refused] = await emu.ask(AIDA, "/stats")
    assert refused.text == catalogs.t("ky", "unknown_command")
