"""An organiser's quick change from the chat: the difference, the people told, confirm, and
the same notices as a re-import. Participants cannot reach it, whatever they send."""

from __future__ import annotations

import datetime as dt

import pytest

from forumbot.emulator import BotAPIEmulator
from forumbot.infra.clock import SimulatedClock
from forumbot.infra.i18n import Catalogs
from tests.e2e.conftest import LANGS, ORGANISER, bishkek, labels, start_in
from tests.e2e.test_agenda import open_card, star, wait_for_text

FAN = 41  # a participant who starred the session


@pytest.fixture
def clock() -> SimulatedClock:
    return SimulatedClock(bishkek(22, 9, 0), speed=0)


async def quick_menu(emu: BotAPIEmulator, session_id: str):
    card = await open_card(emu, ORGANISER, session_id)
    await emu.tap(ORGANISER, card.message_id, data=f"qc:{session_id}", count=1)
    return emu.messages(ORGANISER)[-1]


@pytest.mark.parametrize("lang", LANGS)
async def test_move_a_session_by_typing_a_time_tells_who_starred_it(
    emu: BotAPIEmulator, bot, clock: SimulatedClock, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, ORGANISER, lang)
    await start_in(emu, FAN, "ru")
    await star(emu, FAN, "school-1", first=True)  # 22 June 15:00–17:30, small hall
    menu = await quick_menu(emu, "school-1")
    assert catalogs.t(lang, "qc_menu") in menu.text
    await emu.tap(ORGANISER, menu.message_id, data="qctime:school-1", count=1)
    [again] = await emu.ask(ORGANISER, "25:00")
    assert again.text.endswith(catalogs.t(lang, "qc_bad_time"))  # and why first
    [preview] = await emu.ask(ORGANISER, "16:00")  # same length: 16:00–18:30
    assert "15:00–17:30" in preview.text and "16:00–18:30" in preview.text
    assert catalogs.t(lang, "qc_people", count=1) in preview.text
    # Nothing has changed before the confirmation.
    store = bot.bot_data["services"].store
    assert (await store.programme.session("school-1")).start == bishkek(22, 15, 0)
    await emu.tap(ORGANISER, preview.message_id, data="qcok:school-1", count=1)
    assert emu.messages(ORGANISER)[-1].text == catalogs.t(lang, "qc_applied")
    assert (await store.programme.session("school-1")).start == bishkek(22, 16, 0)
    mark = emu.mark(FAN)
    clock.advance(dt.timedelta(minutes=3))
    notice = await wait_for_text(emu, FAN, mark, "📣")
    assert catalogs.t("ru", "changes_title") in notice.text and "16:00–18:30" in notice.text


async def test_change_the_hall_and_cancel_then_restore(
    emu: BotAPIEmulator, bot, clock: SimulatedClock, catalogs: Catalogs
) -> None:
    await start_in(emu, ORGANISER, "en")
    store = bot.bot_data["services"].store
    menu = await quick_menu(emu, "school-1")
    [hall] = [b["callback_data"] for b in menu.inline_buttons() if "qcroom:" in b["callback_data"]]
    await emu.tap(ORGANISER, menu.message_id, data=hall, count=1)
    preview = emu.messages(ORGANISER)[-1]
    assert catalogs.t("en", "qc_people", count=0) in preview.text
    await emu.tap(ORGANISER, preview.message_id, data="qcok:school-1", count=1)
    assert (await store.programme.session("school-1")).room_id == "main-hall"

    menu = await quick_menu(emu, "school-1")
    await emu.tap(ORGANISER, menu.message_id, data="qccancel:school-1", count=1)
    await emu.tap(ORGANISER, menu.message_id, data="qcok:school-1", count=1)
    assert (await store.programme.session("school-1")).cancelled
    card = await open_card(emu, ORGANISER, "school-1")
    assert catalogs.t("en", "session_cancelled") in card.text
    menu = await quick_menu(emu, "school-1")
    assert any(catalogs.t("en", "qc_restore") in label for label in labels(menu))
    await emu.tap(ORGANISER, menu.message_id, data="qcrestore:school-1", count=1)
    await emu.tap(ORGANISER, menu.message_id, data="qcok:school-1", count=1)
    assert not (await store.programme.session("school-1")).cancelled
    changed = [e for e in await store.staff.audit_log() if e.action == "changed"]
    assert [e.actor for e in changed] == [ORGANISER] * 3


async def test_participants_cannot_change_sessions_even_with_forged_buttons(
    emu: BotAPIEmulator, bot, catalogs: Catalogs
) -> None:
    await start_in(emu, FAN, "ky")
    card = await open_card(emu, FAN, "school-1")
    assert not [b for b in card.inline_buttons() if b.get("callback_data", "").startswith("qc")]
    store = bot.bot_data["services"].store
    for data in ("qc:school-1", "qccancel:school-1", "qcroom:school-1:0", "qcok:school-1"):
        mark = emu.mark(FAN)
        await emu.press_raw(FAN, card.message_id, data)
        [answer, *_] = await emu.wait_events(FAN, mark, count=1)
        assert answer.data["text"] == catalogs.t("ky", "unknown_command")
    session = await store.programme.session("school-1")
    assert not session.cancelled and session.room_id == "small-hall"
