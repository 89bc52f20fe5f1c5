"""Times an organiser types in a forum with daylight saving time (Europe/Berlin): one the
clocks skip is refused, naming it, and the bot keeps waiting for another; one they pass
twice is taken as the earlier instant, and the bot says so."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from forumbot.emulator import BotAPIEmulator
from forumbot.infra.clock import SimulatedClock
from forumbot.infra.i18n import Catalogs
from tests.e2e.conftest import LANGS, ORGANISER, start_in
from tests.e2e.test_announce import announce
from tests.e2e.test_quickchange import quick_menu
from tests.programme.test_hostile_files import BERLIN_YAML

BERLIN = ZoneInfo("Europe/Berlin")
ZONE = "Europe/Berlin"


@pytest.fixture
def data_path(tmp_path: Path) -> Path:
    """A forum in Berlin on the two days the clocks change; its session at 10:00."""
    path = tmp_path / "berlin.yaml"
    text = BERLIN_YAML.replace("DAY", "2023-03-26").replace('"02:30"', '"10:00"')
    path.write_text(text.replace('"03:30"', '"11:00"'), encoding="utf-8")
    return path


@pytest.fixture
def clock() -> SimulatedClock:
    return SimulatedClock(dt.datetime(2023, 3, 25, 20, 0, tzinfo=BERLIN), speed=0)


@pytest.mark.parametrize("lang", LANGS)
async def test_a_quick_change_to_a_skipped_time_waits_and_a_doubled_one_is_the_earlier(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, ORGANISER, lang)
    menu = await quick_menu(emu, "night-owls")
    await emu.tap(ORGANISER, menu.message_id, data="qctime:night-owls", count=1)
    [refused] = await emu.ask(ORGANISER, "02:30-03:30")
    assert refused.text == catalogs.t(lang, "time_gap", time="2023-03-26 02:30", zone=ZONE)
    # Still waiting for a time: the next one typed is taken.
    note, preview = await emu.ask(ORGANISER, "2023-10-29 02:30-03:30", count=2)
    fold = catalogs.t(lang, "time_fold", time="2023-10-29 02:30", zone=ZONE, offset="+02:00")
    assert note.text == fold
    await emu.tap(ORGANISER, preview.message_id, data="qcok:night-owls", count=1)
    assert emu.messages(ORGANISER)[-1].text == catalogs.t(lang, "qc_applied")
    session = await bot.bot_data["services"].store.programme.session("night-owls")
    assert session.start == dt.datetime(2023, 10, 29, 0, 30, tzinfo=dt.UTC)  # 02:30+02:00


async def test_a_scheduled_announcement_follows_the_same_rule(
    emu: BotAPIEmulator, bot, catalogs: Catalogs
) -> None:
    await start_in(emu, ORGANISER, "en")
    picker = await announce(emu, "Mind the clocks")
    await emu.tap(ORGANISER, picker, data="when:type", count=1)
    [refused] = await emu.ask(ORGANISER, "2023-03-26 02:30")
    assert refused.text == catalogs.t("en", "time_gap", time="2023-03-26 02:30", zone=ZONE)
    note, confirm = await emu.ask(ORGANISER, "2023-10-29 02:30", count=2)
    fold = catalogs.t("en", "time_fold", time="2023-10-29 02:30", zone=ZONE, offset="+02:00")
    assert note.text == fold
    assert "02:30" in confirm.text
