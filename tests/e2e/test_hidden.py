"""Hiding tracks or kinds (issue 15, part 6), pressed through from /settings: a hidden kind
leaves the day lists, /now and the digest with a "N hidden — show" line; search still finds
it; a starred session of it still shows; showing it again restores it; /forget erases it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from forumbot.emulator import BotAPIEmulator, BotMessage
from forumbot.infra.clock import SimulatedClock
from forumbot.infra.i18n import Catalogs
from tests.e2e.conftest import LANGS, bishkek, button_data, labels, start_in

FORMATS = Path(__file__).resolve().parents[1] / "fixtures" / "formats"
USER, OTHER = 71, 72
TECH = {  # rt-technology, the round table on now (22 June, 10:30–13:00)
    "ky": "Аныктыктын жана айкындыктын",
    "ru": "Технологии подлинности",
    "en": "Technology of authenticity",
}
SEARCH = {"ky": "айкындыктын", "ru": "прозрачности", "en": "transparency"}
YOUTH = {"ky": "Жаштар жана шайлоо", "ru": "Молодёжь и выборы", "en": "Youth and elections"}
OPENING = {"ky": "Форумдун ачылышы", "ru": "Открытие форума", "en": "Opening of the forum"}


async def hide_screen(emu: BotAPIEmulator, user: int, catalogs: Catalogs, lang: str) -> BotMessage:
    """/settings, then its "hide tracks or kinds" button: the screen, in place."""
    [settings] = await emu.ask(user, "/settings")
    assert catalogs.t(lang, "hide_none") in settings.text
    await emu.tap(user, settings.message_id, data="hide", count=1)
    screen = emu.last_message(user)
    assert screen.message_id == settings.message_id
    return screen


async def toggle(
    emu: BotAPIEmulator, user: int, screen: BotMessage, catalogs: Catalogs, lang: str
) -> str:
    """Press the round tables' toggle; the toast."""
    name = catalogs.t(lang, "kind_round_table")
    pressed = await emu.tap(user, screen.message_id, data=button_data(screen, name), count=1)
    return pressed.text or ""


async def day_one(emu: BotAPIEmulator, user: int) -> BotMessage:
    [days] = await emu.ask(user, "/programme")
    await emu.tap(user, days.message_id, data="day:20230622:0", count=1)
    return emu.last_message(user)


@pytest.mark.parametrize("lang", LANGS)
async def test_a_hidden_kind_leaves_lists_and_now_but_not_search_nor_stars(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, USER, lang)
    await start_in(emu, OTHER, lang)
    [theirs] = await emu.ask(OTHER, "/now")  # the shared /now of this minute, kept
    assert TECH[lang] in theirs.text
    screen = await hide_screen(emu, USER, catalogs, lang)
    round_table = catalogs.t(lang, "kind_round_table")
    assert f"✅ {round_table}" in screen.text and catalogs.t(lang, "hide_about") in screen.text
    toast = await toggle(emu, USER, screen, catalogs, lang)
    assert toast == catalogs.t(lang, "hide_on", name=round_table)
    screen = emu.last_message(USER)
    assert f"🚫 {round_table}" in screen.text and f"🚫 {round_table}" in labels(screen)
    assert catalogs.t(lang, "hide_count", count=1) in screen.text
    hidden_one = catalogs.t(lang, "hidden_line", count=1)

    [now] = await emu.ask(USER, "/now")
    assert TECH[lang] not in now.text and hidden_one in now.text
    assert catalogs.t(lang, "hidden_show") in labels(now)
    [theirs] = await emu.ask(OTHER, "/now")  # the shared view is still everyone's
    assert TECH[lang] in theirs.text and hidden_one not in theirs.text
    day = await day_one(emu, USER)
    assert TECH[lang] not in day.text and OPENING[lang] in day.text and hidden_one in day.text
    assert TECH[lang] in (await day_one(emu, OTHER)).text

    [found] = await emu.ask(USER, f"/search {SEARCH[lang]}")  # search still finds it
    assert TECH[lang] in found.text
    [card] = await emu.ask(USER, "/start s_rt-youth")  # a round table, starred: it stays
    await emu.tap(USER, card.message_id, data="star:rt-youth:1", count=2)
    [days] = await emu.ask(USER, "/programme")
    await emu.tap(USER, days.message_id, data="day:20230623:0", count=1)
    day_two = emu.last_message(USER)
    assert YOUTH[lang] in day_two.text and catalogs.t(lang, "hidden_show") not in labels(day_two)

    await emu.tap(USER, now.message_id, data=button_data(now, "👁"), count=1)  # show
    screen = emu.last_message(USER)
    assert screen.message_id != now.message_id  # a new message: /now stays as it was
    toast = await toggle(emu, USER, screen, catalogs, lang)
    assert toast == catalogs.t(lang, "hide_off", name=round_table)
    assert catalogs.t(lang, "hide_none") in emu.last_message(USER).text
    [now] = await emu.ask(USER, "/now")
    assert TECH[lang] in now.text and "🙈" not in now.text
    assert TECH[lang] in (await day_one(emu, USER)).text


@pytest.mark.parametrize("lang", LANGS)
async def test_the_digest_leaves_a_hidden_kind_out(
    emu: BotAPIEmulator, bot, clock: SimulatedClock, catalogs: Catalogs, lang: str
) -> None:
    clock.set(bishkek(22, 7, 0))  # the first forum morning, before the digest
    await start_in(emu, USER, lang)
    [settings] = await emu.ask(USER, "/settings")
    await emu.tap(USER, settings.message_id, data="topic:digest", count=1)
    screen = await hide_screen(emu, USER, catalogs, lang)
    await toggle(emu, USER, screen, catalogs, lang)
    mark = emu.mark(USER)
    clock.set(bishkek(22, 8, 0))
    await emu.ask(USER, "/next")  # a tick passes meanwhile
    events = await emu._wait(
        USER, mark, lambda evs: any("☀️" in e.message.text for e in evs if e.message), 10.0, "x"
    )
    [digest] = [e.message for e in events if e.message and "☀️" in e.message.text]
    assert OPENING[lang] in digest.text and TECH[lang] not in digest.text
    assert catalogs.t(lang, "hidden_line", count=1) in digest.text


async def test_forget_erases_what_one_hides(emu: BotAPIEmulator, bot, catalogs: Catalogs) -> None:
    await start_in(emu, USER, "en")
    await toggle(emu, USER, await hide_screen(emu, USER, catalogs, "en"), catalogs, "en")
    store = bot.bot_data["services"].store
    assert await store.hidden.of(USER)
    [question] = await emu.ask(USER, "/forget")
    await emu.tap(USER, question.message_id, data=button_data(question, "🗑"), count=1)
    assert not await store.hidden.of(USER)
    row = await store.db.fetchone("SELECT COUNT(*) FROM hidden WHERE chat_id = ?", (USER,))
    assert row[0] == 0


@pytest.mark.parametrize("data_path", [FORMATS / "frab-camp2019.json"])
async def test_a_hidden_track_leaves_the_filtered_lists_but_search_finds_it(
    emu: BotAPIEmulator, bot, catalogs: Catalogs
) -> None:
    await start_in(emu, USER, "en")
    screen = await hide_screen(emu, USER, catalogs, "en")
    assert catalogs.t("en", "hide_tracks") in screen.text and "✅ Security" in screen.text
    toast = await emu.tap(USER, screen.message_id, data=button_data(screen, "Security"), count=1)
    assert toast.text == "Hidden: Security"
    assert "🚫 Security" in emu.last_message(USER).text
    [days] = await emu.ask(USER, "/programme")
    await emu.tap(USER, days.message_id, data="flt", count=1)
    await emu.tap(USER, days.message_id, data="fltv:lang:0", count=1)
    await emu.tap(USER, days.message_id, data="flts:lang:1:0", count=1)  # the English talks
    english = emu.last_message(USER)
    assert "Hacking Containers" not in english.text
    assert re.search(r"🙈 \d+ sessions hidden by your settings", english.text)
    [found] = await emu.ask(USER, "/search Hacking Containers")
    assert "Hacking Containers" in found.text
