"""A speaker linked to their programme entry by a speaker invitation is told personally,
with the new time in words and a calendar file, when their own session moves (a quick change
here; a re-import takes the same path)."""

from __future__ import annotations

import datetime as dt

import pytest
from icalendar import Calendar

from forumbot.emulator import BotAPIEmulator
from forumbot.infra.clock import SimulatedClock
from forumbot.infra.i18n import Catalogs
from forumbot.models import pick
from tests.e2e.conftest import LANGS, ORGANISER, bishkek, start_in
from tests.e2e.test_agenda import star, wait_for_text
from tests.e2e.test_quickchange import quick_menu
from tests.e2e.test_roles import make_link, open_link

RAMIN, FAN = 71, 72  # Ramin Rzaev speaks at the round table on youth; a fan starred it


@pytest.fixture
def clock() -> SimulatedClock:
    return SimulatedClock(bishkek(22, 9, 0), speed=0)


@pytest.mark.parametrize("lang", LANGS)
async def test_a_linked_speaker_is_told_with_an_ics_when_their_session_moves(
    emu: BotAPIEmulator, bot, clock: SimulatedClock, catalogs: Catalogs, lang: str
) -> None:
    for who in (ORGANISER, RAMIN, FAN):
        await start_in(emu, who, lang)
    await star(emu, FAN, "rt-youth", first=True)
    await star(emu, RAMIN, "school-2", first=True)  # unchanged: not in his message
    store = bot.bot_data["services"].store
    rzaev = await store.programme.speaker("rzaev")
    name = pick(rzaev.name, lang, "ky")
    payload, made = await make_link(emu, "speaker", until="end", speaker="rzaev")
    assert catalogs.t(lang, "invite_speaker_is", speaker=name) in made.text
    assert catalogs.t(lang, "invite_terms_one") in made.text  # a programme entry: one person
    joined, _ = await open_link(emu, RAMIN, payload)
    assert catalogs.t(lang, "invite_joined_speaker", speaker=name) in joined.text
    assert (await store.roles.of(RAMIN)).speaker_id == "rzaev"

    menu = await quick_menu(emu, "rt-youth")  # 23 June 11:00–13:00
    await emu.tap(ORGANISER, menu.message_id, data="qctime:rt-youth", count=1)
    [preview] = await emu.ask(ORGANISER, "12:30")
    assert catalogs.t(lang, "qc_people", count=2) in preview.text  # the fan and the speaker
    await emu.tap(ORGANISER, preview.message_id, data="qcok:rt-youth", count=1)
    marks = {who: emu.mark(who) for who in (RAMIN, FAN)}
    clock.advance(dt.timedelta(minutes=3))
    told = await wait_for_text(emu, RAMIN, marks[RAMIN], "🎤")
    assert told.kind == "document" and told.document_name.endswith(".ics")
    assert catalogs.t(lang, "speaker_moved_title") in told.text
    assert catalogs.t(lang, "changes_title") not in told.text
    assert "12:30–14:30" in told.text and catalogs.t(lang, "speaker_moved_ics") in told.text
    [event] = Calendar.from_ical(told.document_bytes).walk("VEVENT")
    assert event.decoded("dtstart") == bishkek(23, 12, 30)
    fan = await wait_for_text(emu, FAN, marks[FAN], "📣")  # the others, as before
    assert "12:30–14:30" in fan.text
    sent = [e.message.message_id for e in emu.events(RAMIN, marks[RAMIN]) if e.kind == "sent"]
    assert sent == [told.message_id]  # one message: the personal one
