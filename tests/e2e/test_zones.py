"""A time zone of one's own (issue 15, part 5), pressed through from /settings on the
simulated clock: Berlin chosen, a card, /now and a reminder keep the forum's time and add
theirs; back to the forum's zone, unchanged; a typed bad zone asked again; a command typed
mid-flow answered; /forget erases it. The shared views stay everyone's meanwhile."""

from __future__ import annotations

import pytest

from forumbot.emulator import BotAPIEmulator, BotMessage
from forumbot.infra.clock import SimulatedClock
from forumbot.infra.i18n import Catalogs
from tests.e2e.conftest import LANGS, bishkek, button_data, start_in
from tests.e2e.test_agenda import open_card, set_lead, star, wait_for_text

USER, OTHER = 81, 82
# rt-technology runs 10:30–13:00 in Bishkek (UTC+6) on 22 June: 06:30–09:00 in Berlin (UTC+2).
BERLIN_SPAN = "06:30–09:00"


async def zone_screen(emu: BotAPIEmulator, user: int) -> BotMessage:
    """/settings, then its "my time zone" button: the screen, in place."""
    [settings] = await emu.ask(user, "/settings")
    await emu.tap(user, settings.message_id, data="tz", count=1)
    screen = emu.last_message(user)
    assert screen.message_id == settings.message_id
    return screen


async def choose(emu: BotAPIEmulator, user: int, catalogs: Catalogs, lang: str, zone: str) -> str:
    """Press a zone's button (by its catalog name); the toast."""
    screen = await zone_screen(emu, user)
    name = catalogs.t(lang, f"zone_{zone}")
    pressed = await emu.tap(user, screen.message_id, data=button_data(screen, name), count=1)
    return pressed.text or ""


@pytest.mark.parametrize("lang", LANGS)
async def test_berlin_adds_my_time_to_cards_now_and_reminders(
    emu: BotAPIEmulator, bot, clock: SimulatedClock, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, USER, lang)
    await start_in(emu, OTHER, lang)
    mine = catalogs.t(lang, "your_time", time=BERLIN_SPAN)
    assert mine not in (await open_card(emu, OTHER, "rt-technology")).text  # cached, shared
    screen = await zone_screen(emu, USER)
    bishkek_time = catalogs.t(lang, "zone_Asia_Bishkek")
    assert catalogs.t(lang, "tz_now_forum", zone=bishkek_time) in screen.text
    assert f"✅ {catalogs.t(lang, 'tz_forum_choice', zone=bishkek_time + ' (UTC+6)')}" in [
        b["text"] for b in screen.inline_buttons()
    ]
    berlin = catalogs.t(lang, "zone_Europe_Berlin")
    toast = await choose(emu, USER, catalogs, lang, "Europe_Berlin")
    assert toast == catalogs.t(lang, "tz_set", zone=berlin)
    assert f"✅ {berlin} (UTC+2)" in [b["text"] for b in emu.last_message(USER).inline_buttons()]

    card = await open_card(emu, USER, "rt-technology")
    assert f"10:30–13:00 {mine}" in card.text
    assert catalogs.t(lang, "times_yours", zone=berlin, offset="UTC+2") in card.text
    assert mine not in (await open_card(emu, OTHER, "rt-technology")).text  # still everyone's
    [now] = await emu.ask(USER, "/now")
    assert f"10:45 {catalogs.t(lang, 'your_time', time='06:45')}" in now.text
    [theirs] = await emu.ask(OTHER, "/now")
    assert catalogs.t(lang, "your_time", time="06:45") not in theirs.text

    await star(emu, USER, "rt-youth", first=True)  # 23 June 11:00 in Bishkek: 07:00 in Berlin
    await set_lead(emu, USER, 15)
    mark = emu.mark(USER)
    clock.set(bishkek(23, 10, 45))
    bot.bot_data["services"].wake()
    reminder = await wait_for_text(emu, USER, mark, "⏰")
    assert "11:00–" in reminder.text
    assert catalogs.t(lang, "your_time", time="07:00–")[:-1] in reminder.text

    toast = await choose(emu, USER, catalogs, lang, "Asia_Bishkek")  # the forum's: unchanged
    assert toast == catalogs.t(lang, "tz_set_forum", zone=bishkek_time)
    card = await open_card(emu, USER, "rt-technology")
    assert mine not in card.text and "10:30–13:00" in card.text
    assert catalogs.t(lang, "times_yours", zone=berlin, offset="UTC+2") not in card.text


@pytest.mark.parametrize("lang", LANGS)
async def test_a_typed_zone_is_asked_again_until_it_is_one(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, USER, lang)
    screen = await zone_screen(emu, USER)
    await emu.tap(USER, screen.message_id, data="tzask", count=1)  # the prompt
    assert "Europe/Paris" in emu.last_message(USER).text
    [again] = await emu.ask(USER, "Mars/Olympus")
    assert again.text == catalogs.t(lang, "tz_unknown", text="Mars/Olympus").replace(
        "<code>", ""
    ).replace("</code>", "")
    [done] = await emu.ask(USER, "asia/tokyo")  # spelled loosely: the database's name kept
    assert done.text == catalogs.t(
        lang, "tz_set", zone=catalogs.t(lang, "zone_generic", zone="Asia/Tokyo")
    )
    store = bot.bot_data["services"].store
    assert await store.zones.of(USER) == "Asia/Tokyo"
    # 10:45 in Bishkek is 13:45 in Tokyo (UTC+9)
    [now] = await emu.ask(USER, "/now")
    assert catalogs.t(lang, "your_time", time="13:45") in now.text


async def test_a_command_mid_flow_is_answered_and_forget_erases_the_zone(
    emu: BotAPIEmulator, bot, catalogs: Catalogs
) -> None:
    await start_in(emu, USER, "en")
    await choose(emu, USER, catalogs, "en", "Europe_London")
    screen = await zone_screen(emu, USER)
    assert "London time" in screen.text
    await emu.tap(USER, screen.message_id, data="tzask", count=1)
    [now] = await emu.ask(USER, "/now")  # answered as /now, the zone left as it was
    assert "10:45 (your time 05:45)" in now.text
    [found] = await emu.ask(USER, "Europe/Paris")  # no longer a zone: a search
    assert "Europe/Paris" in found.text and "✅" not in found.text
    store = bot.bot_data["services"].store
    assert await store.zones.of(USER) == "Europe/London"
    [question] = await emu.ask(USER, "/forget")
    await emu.tap(USER, question.message_id, data=button_data(question, "🗑"), count=1)
    assert await store.zones.of(USER) is None
    row = await store.db.fetchone("SELECT COUNT(*) FROM user_zones WHERE chat_id = ?", (USER,))
    assert row[0] == 0


@pytest.mark.parametrize("lang", LANGS)
async def test_the_digest_names_both_zones(
    emu: BotAPIEmulator, bot, clock: SimulatedClock, catalogs: Catalogs, lang: str
) -> None:
    clock.set(bishkek(22, 7, 0))  # the first forum morning, before the digest
    await start_in(emu, USER, lang)
    await start_in(emu, OTHER, lang)
    for user in (USER, OTHER):
        [settings] = await emu.ask(user, "/settings")
        await emu.tap(user, settings.message_id, data="topic:digest", count=1)
    await choose(emu, USER, catalogs, lang, "America_New_York")
    marks = {user: emu.mark(user) for user in (USER, OTHER)}
    clock.set(bishkek(22, 8, 0))
    bot.bot_data["services"].wake()
    yours = catalogs.t(
        lang, "times_yours", zone=catalogs.t(lang, "zone_America_New_York"), offset="UTC-4"
    )
    mine = await wait_for_text(emu, USER, marks[USER], "☀️")
    theirs = await wait_for_text(emu, OTHER, marks[OTHER], "☀️")
    assert yours in mine.text and yours not in theirs.text
    assert "10:00–10:30" in mine.text  # the rows keep the forum's times
