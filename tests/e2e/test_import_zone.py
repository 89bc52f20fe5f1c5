"""A FOSDEM/frab schedule.xml whose times carry no zone, sent in the chat: the bot asks for
the zone (the forum's first, a few common ones, or typed as Area/City), keeps waiting until
it gets one, then shows the usual preview; confirmed, the programme is FOSDEM's."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from forumbot.emulator import BotAPIEmulator
from forumbot.infra.i18n import Catalogs
from tests.e2e.conftest import LANGS, ORGANISER, button_data, labels, start_in
from tests.e2e.test_dataimport import send_file

FOSDEM = Path(__file__).resolve().parents[1] / "fixtures" / "formats" / "fosdem-2010.xml"


@pytest.mark.parametrize("lang", LANGS)
async def test_a_zone_typed_as_area_city_after_a_wrong_one_imports_the_file(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, ORGANISER, lang)
    picker = await send_file(emu, ORGANISER, "fosdem-2010.xml", FOSDEM.read_bytes())
    assert catalogs.t(lang, "import_zone_ask") in picker.text
    offered = labels(picker)
    assert offered[0] == catalogs.t(lang, "import_zone_forum", zone="Asia/Bishkek")
    assert "Europe/Brussels" in offered
    [again] = await emu.ask(ORGANISER, "Mars/Olympus")
    assert again.text == catalogs.t(lang, "import_zone_unknown", zone="Mars/Olympus")
    chosen, preview = await emu.ask(ORGANISER, "Europe/Brussels", count=2, timeout=30)
    assert chosen.text == catalogs.t(
        lang, "import_zone_chosen", source="fosdem-2010.xml", zone="Europe/Brussels"
    )
    # Another forum: it opens a new edition (the bundled one goes to the archive).
    opening = button_data(preview, catalogs.t(lang, "edition_open"))
    await emu.tap(ORGANISER, preview.message_id, data=opening, count=2)
    store = bot.bot_data["services"].store
    forum = await store.programme.forum()
    assert forum.timezone == "Europe/Brussels" and "FOSDEM" in forum.title["en"]
    welcome = await store.programme.session("284")  # "Welcome", 10:00 in Brussels
    assert welcome.start == dt.datetime(2010, 2, 6, 9, 0, tzinfo=dt.UTC)


async def test_the_forum_zone_picked_with_a_button_and_a_command_mid_way(
    emu: BotAPIEmulator, bot, catalogs: Catalogs
) -> None:
    await start_in(emu, ORGANISER, "ru")
    picker = await send_file(emu, ORGANISER, "fosdem-2010.xml", FOSDEM.read_bytes())
    [status] = await emu.ask(ORGANISER, "/status")  # a command mid-way is answered
    assert status.text.startswith("🛠")
    result = await emu.tap(
        ORGANISER, picker.message_id, data=picker.inline_buttons()[0]["callback_data"], count=2,
        timeout=30,
    )  # fmt: skip
    [preview] = [e.message for e in result.events if e.kind == "sent"]
    opening = button_data(preview, catalogs.t("ru", "edition_open"))
    await emu.tap(ORGANISER, preview.message_id, data=opening, count=2)
    forum = await bot.bot_data["services"].store.programme.forum()
    assert forum.timezone == "Asia/Bishkek" and "FOSDEM" in forum.title["en"]


async def test_dropping_the_file_at_the_zone_changes_nothing(
    emu: BotAPIEmulator, bot, catalogs: Catalogs
) -> None:
    await start_in(emu, ORGANISER, "ky")
    picker = await send_file(emu, ORGANISER, "fosdem-2010.xml", FOSDEM.read_bytes())
    drop = [
        b["callback_data"]
        for b in picker.inline_buttons()
        if b["callback_data"].startswith("impno:")
    ]
    await emu.tap(ORGANISER, picker.message_id, data=drop[0], count=1)
    assert emu.last_message(ORGANISER).text == catalogs.t("ky", "compose_cancelled")
    [found] = await emu.ask(ORGANISER, "Europe/Brussels")  # no longer waiting: a search
    assert (
        catalogs.t("ky", "import_zone_chosen", source="fosdem-2010.xml", zone="Europe/Brussels")
        != found.text
    )
    assert "Issyk" in (await bot.bot_data["services"].store.programme.forum()).title["en"]
