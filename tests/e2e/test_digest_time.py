"""/digesttime: "7:30" is a time; "25:00" is refused saying why; the answer reads as a
sentence ("at 07:30, Bishkek time (UTC+6), on each forum day"). Organisers only."""

from __future__ import annotations

import pytest

from forumbot.emulator import BotAPIEmulator
from forumbot.infra.i18n import Catalogs
from tests.e2e.conftest import LANGS, ORGANISER, start_in

FAN = 41
ZONE = {
    "ky": "Бишкек убактысы (UTC+6)",
    "ru": "время Бишкека (UTC+6)",
    "en": "Bishkek time (UTC+6)",
}


@pytest.mark.parametrize("lang", LANGS)
async def test_an_organiser_sets_the_digest_time(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, ORGANISER, lang)
    [bad] = await emu.ask(ORGANISER, "/digesttime 7")
    assert bad.text == catalogs.t(lang, "digest_time_bad", time="08:00")
    [why] = await emu.ask(ORGANISER, "/digesttime 25:00")
    assert why.text.split("\n") == [
        catalogs.t(lang, "no_such_clock_time", time="25:00"),
        catalogs.t(lang, "digest_time_bad", time="08:00"),
    ]
    [ok] = await emu.ask(ORGANISER, "/digesttime 7:30")
    assert ok.text == catalogs.t(lang, "digest_time_set", time="07:30", zone=ZONE[lang])
    assert "Times:" not in ok.text and "(Время" not in ok.text and "(Убакыт" not in ok.text
    assert (await bot.bot_data["services"].store.programme.forum()).digest_time == "07:30"
    await start_in(emu, FAN, lang)
    [refused] = await emu.ask(FAN, "/digesttime 06:00")
    assert refused.text == catalogs.t(lang, "unknown_command")
