"""/ics: the starred sessions, or the whole programme, as a calendar file people import."""

from __future__ import annotations

import datetime as dt

import pytest
from icalendar import Calendar, Event

from forumbot.emulator import BotAPIEmulator, BotMessage
from forumbot.infra.i18n import Catalogs
from forumbot.infra.settings import DEFAULT_DATA
from forumbot.programme import load_programme
from tests.e2e.conftest import LANGS, bishkek, button_data, start_in

FORUM_ID = "issyk-kul-electoral-forum-2023"
LINK = "https://t.me/forumbot_demo_bot?start=s_"
ROUND_TABLE_2 = {
    "ky": "Жаштар жана шайлоо",
    "ru": "Молодёжь и выборы",
    "en": "Youth and elections",
}


async def star(emu: BotAPIEmulator, user: int, session_id: str, first: bool) -> None:
    """Open the session's card by its link and press its star button."""
    [card] = await emu.ask(user, f"/start s_{session_id}")
    # The card shows the new state; after the very first star comes the digest offer too.
    await emu.tap(user, card.message_id, data=f"star:{session_id}:1", count=2 if first else 1)


def events(document: BotMessage) -> dict[str, Event]:
    """The file's events by session id, as a calendar application reads them."""
    assert document.kind == "document" and document.document_bytes is not None
    cal = Calendar.from_ical(document.document_bytes)
    return {str(e["uid"]).removesuffix(f"@{FORUM_ID}.forumbot"): e for e in cal.walk("VEVENT")}


def zone(catalogs: Catalogs, lang: str) -> str:
    return f"{catalogs.t(lang, 'zone_Asia_Bishkek')} (UTC+6)"


@pytest.mark.parametrize("lang", LANGS)
async def test_my_agenda_as_a_calendar_file(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, 40, lang)
    await star(emu, 40, "rt-technology", first=True)
    await star(emu, 40, "rt-youth", first=False)
    [document] = await emu.ask(40, "/ics")
    assert document.document_name == f"{FORUM_ID}-my-agenda.ics"
    assert document.caption == catalogs.t(lang, "ics_mine_caption", zone=zone(catalogs, lang))
    found = events(document)
    assert set(found) == {"rt-technology", "rt-youth"}
    youth = found["rt-youth"]
    assert youth.decoded("dtstart") == bishkek(23, 11)  # 11:00 in Bishkek, 05:00 UTC
    assert youth.decoded("dtstart").astimezone(dt.UTC).hour == 5
    assert youth.decoded("dtend") == bishkek(23, 13)
    assert found["rt-technology"].decoded("dtstart") == bishkek(22, 10, 30)
    assert str(youth["summary"]) == ROUND_TABLE_2[lang]
    assert str(youth["url"]) == LINK + "rt-youth"
    assert LINK + "rt-youth" in str(youth["description"])
    # the whole programme is on offer under the file
    assert button_data(document, catalogs.t(lang, "ics_whole")) == "icsall"


async def test_the_same_file_from_the_button_under_my_agenda(
    emu: BotAPIEmulator, bot, catalogs: Catalogs
) -> None:
    await start_in(emu, 41, "en")
    await star(emu, 41, "rt-youth", first=True)
    [agenda] = await emu.ask(41, "/my")
    await emu.tap(41, agenda.message_id, data="ics", count=1)
    document = emu.last_message(41)
    assert document.document_name == f"{FORUM_ID}-my-agenda.ics"
    assert set(events(document)) == {"rt-youth"}
    [again] = await emu.ask(41, "/calendar")  # the alias, and the same UIDs
    assert set(events(again)) == {"rt-youth"}


@pytest.mark.parametrize("lang", LANGS)
async def test_nothing_starred_offers_the_whole_programme(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, 42, lang)
    [empty] = await emu.ask(42, "/ics")
    assert empty.kind == "text" and empty.text == catalogs.t(lang, "ics_empty")
    await emu.tap(
        42, empty.message_id, data=button_data(empty, catalogs.t(lang, "ics_whole")), count=1
    )
    document = emu.last_message(42)
    assert document.document_name == f"{FORUM_ID}-programme.ics"
    assert document.caption == catalogs.t(lang, "ics_all_caption", zone=zone(catalogs, lang))
    programme = load_programme(DEFAULT_DATA)
    found = events(document)
    assert set(found) == {s.id for s in programme.sessions}
    for s in programme.sessions:
        assert found[s.id].decoded("dtstart") == s.start
        assert str(found[s.id]["status"]) == "CONFIRMED"
    cal = Calendar.from_ical(document.document_bytes or b"")
    assert [str(z["tzid"]) for z in cal.walk("VTIMEZONE")] == ["Asia/Bishkek"]


def alarms(event: Event) -> list[dt.timedelta]:
    """When the event's alarms ring, relative to its start, as a calendar reads them."""
    assert all(str(a["action"]) == "DISPLAY" for a in event.walk("VALARM"))
    return [a.decoded("trigger") for a in event.walk("VALARM")]


async def test_my_calendar_rings_at_my_reminder_lead_time(
    emu: BotAPIEmulator, bot, catalogs: Catalogs
) -> None:
    await start_in(emu, 43, "ru")
    await star(emu, 43, "rt-youth", first=True)
    [document] = await emu.ask(43, "/ics")
    assert alarms(events(document)["rt-youth"]) == [-dt.timedelta(minutes=10)]  # the default
    [screen] = await emu.ask(43, "/settings")
    await emu.tap(43, screen.message_id, data="lead:30", count=1)
    [document] = await emu.ask(43, "/ics")
    assert alarms(events(document)["rt-youth"]) == [-dt.timedelta(minutes=30)]
    assert b"TRIGGER:-PT30M" in (document.document_bytes or b"")
    # reminders off: no alarm either; and the whole programme never rings
    [screen] = await emu.ask(43, "/settings")
    await emu.tap(43, screen.message_id, data="lead:0", count=1)
    [document] = await emu.ask(43, "/ics")
    assert alarms(events(document)["rt-youth"]) == []
    await emu.tap(43, document.message_id, data="icsall", count=1)
    whole = emu.last_message(43)
    assert all(alarms(e) == [] for e in events(whole).values())
