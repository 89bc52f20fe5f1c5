"""What roles change elsewhere (issue 15, part 4): the broadcast composer offers each role
held, with how many it reaches, and reaches only them; /stats counts people by role;
/forget takes the role away with everything else."""

from __future__ import annotations

import pytest

from forumbot.emulator import BotAPIEmulator
from forumbot.infra.i18n import Catalogs
from tests.e2e.conftest import LANGS, ORGANISER, button_data, labels, start_in
from tests.e2e.test_announce import received, told_finished
from tests.e2e.test_roles import make_link, open_link

SPEAKERS, PRESS, NOBODY = (61, 62, 63, 64), (65, 66), 67


async def give_roles(emu: BotAPIEmulator, lang: str) -> None:
    for who in (ORGANISER, *SPEAKERS, *PRESS, NOBODY):
        await start_in(emu, who, lang)
    speaker_link, _ = await make_link(emu, "speaker", uses="0")
    press_link, _ = await make_link(emu, "press", uses="10")
    for who in SPEAKERS:
        await open_link(emu, who, speaker_link)
    for who in PRESS:
        await open_link(emu, who, press_link)


@pytest.mark.parametrize("lang", LANGS)
async def test_a_role_audience_reaches_only_that_role_with_the_right_count(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    await give_roles(emu, lang)
    await emu.ask(SPEAKERS[3], "/unsubscribe")  # left out, and the screen says so
    [mode] = await emu.ask(ORGANISER, "/announce")
    await emu.tap(ORGANISER, mode.message_id, data="amode:one", count=1)
    await emu.ask(ORGANISER, "Speakers: briefing in Hall B at 9.", count=3)
    picker = emu.last_message(ORGANISER)
    speaker = catalogs.t(lang, "role_speaker")
    press = catalogs.t(lang, "role_press")
    assert catalogs.t(lang, "audience_role_count", role=speaker, count=3) in labels(picker)
    assert catalogs.t(lang, "audience_role_count", role=press, count=2) in labels(picker)
    assert button_data(picker, speaker) == "aud:r_speaker"
    marks = {chat: emu.mark(chat) for chat in (*SPEAKERS, *PRESS, NOBODY)}
    await emu.tap(ORGANISER, picker.message_id, data="aud:r_speaker", count=1)
    when = emu.last_message(ORGANISER)
    assert "<b>3</b>" in when.html
    assert catalogs.t(lang, "announce_opted_out", count=1) in when.text
    await emu.tap(ORGANISER, picker.message_id, data="when:now", count=1)
    confirm = emu.last_message(ORGANISER)
    assert catalogs.t(lang, "audience_role", role=speaker) in confirm.text
    await emu.tap(ORGANISER, picker.message_id, data="aok", count=1)
    for who in SPEAKERS[:3]:
        assert await received(emu, who, marks[who]) == "Speakers: briefing in Hall B at 9."
    await told_finished(emu, 1)
    for who in (SPEAKERS[3], *PRESS, NOBODY):
        assert emu.events(who, marks[who]) == []


@pytest.mark.parametrize("lang", LANGS)
async def test_stats_count_people_by_role_and_forget_takes_the_role_away(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    await give_roles(emu, lang)
    speaker, press = catalogs.t(lang, "role_speaker"), catalogs.t(lang, "role_press")
    [stats] = await emu.ask(ORGANISER, "/stats")
    line = next(x for x in stats.text.splitlines() if catalogs.t(lang, "stats_by_role") in x)
    assert f"{speaker} 4" in line and f"{press} 2" in line
    [question] = await emu.ask(PRESS[0], "/forget")
    await emu.tap(PRESS[0], question.message_id, data=button_data(question, "🗑"), count=1)
    assert await bot.bot_data["services"].store.roles.of(PRESS[0]) is None
    [stats] = await emu.ask(ORGANISER, "/stats")
    line = next(x for x in stats.text.splitlines() if catalogs.t(lang, "stats_by_role") in x)
    assert f"{speaker} 4" in line and f"{press} 1" in line
