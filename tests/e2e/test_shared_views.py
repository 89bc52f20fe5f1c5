"""Views everyone shares are rendered once and reused, yet every programme write is seen at
once (not a minute later); the per-update bookkeeping still records what it did."""

from __future__ import annotations

import dataclasses
import datetime as dt

from forumbot.emulator import BotAPIEmulator
from forumbot.infra.clock import SimulatedClock
from forumbot.infra.settings import DEFAULT_DATA
from forumbot.models import Post
from forumbot.programme import load_any
from forumbot.runtime.services import put_in_service
from forumbot.store import Store
from handlers.context import services_of
from tests.e2e.conftest import ORGANISER, bishkek, button_data, start_in

RT = "rt-technology"  # on at the clock's start (10:30–13:00)


async def test_now_is_shared_and_a_quick_change_is_seen_in_the_same_minute(
    emu: BotAPIEmulator, bot
) -> None:
    await start_in(emu, 30, "en")
    await start_in(emu, 31, "en")
    [first] = await emu.ask(30, "/now")
    [second] = await emu.ask(31, "/now")
    assert "10:30–13:00" in first.text and second.text == first.text
    svc = services_of(bot)
    session = await svc.store.programme.session(RT)
    assert session is not None
    moved = dataclasses.replace(
        session, start=bishkek(22, 10, 40).astimezone(dt.UTC), end=bishkek(22, 13, 30)
    )
    await svc.store.programme.update_session(moved, svc.clock.now())
    [after] = await emu.ask(30, "/now")  # the clock has not moved: the same minute
    assert "10:40–13:30" in after.text and "10:30–13:00" not in after.text


async def test_a_reimport_shows_in_the_card_and_the_day_at_once(emu: BotAPIEmulator, bot) -> None:
    await start_in(emu, 32, "en")
    [card] = await emu.ask(32, f"/start s_{RT}")
    assert "Technology of authenticity" in card.text
    result = load_any(DEFAULT_DATA)
    programme = result.programme
    sessions = tuple(
        dataclasses.replace(s, title={**s.title, "en": "Renamed round table"}) if s.id == RT else s
        for s in programme.sessions
    )
    renamed = dataclasses.replace(
        result, programme=dataclasses.replace(programme, sessions=sessions)
    )
    svc = services_of(bot)
    await put_in_service(svc.store, renamed, "renamed.yaml", svc.clock.now())
    await emu.tap(32, card.message_id, data=button_data(card, "←"), count=1)  # to its day
    day = emu.last_message(32)
    assert "Renamed round table" in day.text
    await emu.tap(32, day.message_id, data=f"ses:{RT}", count=1)
    assert "Renamed round table" in emu.last_message(32).text


async def test_the_star_on_a_shared_card_is_each_readers_own(emu: BotAPIEmulator, bot) -> None:
    await start_in(emu, 33, "en")
    await start_in(emu, 34, "en")
    [mine] = await emu.ask(33, f"/start s_{RT}")
    await emu.tap(33, mine.message_id, data=f"star:{RT}:1", count=2)  # the card, an offer
    card = next(m for m in emu.messages(33) if m.message_id == mine.message_id)
    assert card.inline_buttons()[0]["callback_data"] == f"star:{RT}:0"
    [theirs] = await emu.ask(34, f"/start s_{RT}")
    assert theirs.inline_buttons()[0]["callback_data"] == f"star:{RT}:1"
    assert theirs.text == card.text


async def test_a_published_post_is_found_at_once(emu: BotAPIEmulator, bot) -> None:
    await start_in(emu, 35, "en")
    [before] = await emu.ask(35, "/search zanzibar")
    svc = services_of(bot)
    post = Post("p-z", "news", svc.clock.now(), {"en": "Zanzibar delegation"}, {"en": "Hello"})
    await svc.store.programme.publish_post(post)
    [after] = await emu.ask(35, "/search zanzibar")
    assert "Zanzibar delegation" not in before.text and "Zanzibar delegation" in after.text


async def test_another_process_writing_the_store_is_seen(emu: BotAPIEmulator, bot) -> None:
    await start_in(emu, 36, "en")
    svc = services_of(bot)
    svc.store.programme.version.look_every = 0  # look at every update (normally: every 5 s)
    [before] = await emu.ask(36, "/now")
    other = await Store.open(svc.settings.db_path)  # as ``bot.py import`` would
    try:
        session = await other.programme.session(RT)
        assert session is not None
        await other.programme.update_session(
            dataclasses.replace(session, cancelled=True), svc.clock.now()
        )
    finally:
        await other.close()
    [after] = await emu.ask(36, "/now")
    assert "10:30–13:00" in before.text and "10:30–13:00" not in after.text


async def test_an_organiser_added_in_the_chat_gets_the_organisers_card_at_once(
    emu: BotAPIEmulator, bot
) -> None:
    await start_in(emu, 37, "en")
    [card] = await emu.ask(37, f"/start s_{RT}")
    assert not any(b.get("callback_data", "").startswith("qc:") for b in card.inline_buttons())
    svc = services_of(bot)
    await svc.store.staff.add_organiser(37, ORGANISER, svc.clock.now())
    [again] = await emu.ask(37, f"/start s_{RT}")
    assert any(b.get("callback_data", "").startswith("qc:") for b in again.inline_buttons())


async def test_last_seen_moves_in_batches_and_never_brings_back_the_forgotten(
    emu: BotAPIEmulator, bot, clock: SimulatedClock
) -> None:
    await start_in(emu, 38, "en")
    await start_in(emu, 39, "en")
    users = services_of(bot).store.users
    db = services_of(bot).store.db
    clock.advance(dt.timedelta(minutes=10))
    await emu.ask(38, "/now")
    await emu.ask(38, "/next")  # within five minutes of the last: nothing more to write
    await emu.ask(39, "/now")
    await services_of(bot).forgotten.forget(39)  # as /forget does
    assert await users.flush_seen() == 1
    rows = await db.fetchall("SELECT chat_id, last_seen FROM users WHERE chat_id IN (38, 39)")
    assert [(r[0], r[1]) for r in rows] == [(38, int(clock.now().timestamp()))]


async def test_the_same_language_again_does_not_set_the_menu_again(
    emu: BotAPIEmulator, bot
) -> None:
    await start_in(emu, 40, "en")
    calls = emu.stats["setMyCommands"]
    [picker] = await emu.ask(40, "/language")
    await emu.tap(40, picker.message_id, data="lang:en", count=1)
    await emu.tap(40, picker.message_id, data="lang:ky", count=2)
    assert emu.stats["setMyCommands"] == calls + 1
