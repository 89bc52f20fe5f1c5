"""The programme by track, hall or language: offered only when the programme has two values
or more, listed by day, one tap from a card and back; a tampered button is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from forumbot.emulator import BotAPIEmulator
from forumbot.infra.i18n import Catalogs
from tests.e2e.conftest import LANGS, button_data, labels, start_in

FORMATS = Path(__file__).resolve().parents[1] / "fixtures" / "formats"
SMALL_HALL = {"ky": "Кичи зал", "ru": "Малый зал", "en": "Small hall"}
SCHOOL = {
    "ky": "Ысык-Көл эл аралык электоралдык мектеби",
    "ru": "Иссык-Кульская международная электоральная школа",
    "en": "Issyk-Kul International Electoral School",
}
MAIN_HALL_TALK = {
    "ky": "Жаштар жана шайлоо",
    "ru": "Молодёжь и выборы",
    "en": "Youth and elections",
}


async def open_filters(emu: BotAPIEmulator, user: int, catalogs: Catalogs, lang: str):
    [days] = await emu.ask(user, "/programme")
    await emu.tap(user, days.message_id, data=button_data(days, "🗂"), count=1)
    menu = emu.last_message(user)
    assert menu.message_id == days.message_id  # navigation edits the message
    assert catalogs.t(lang, "filter_title") in menu.text
    return menu


@pytest.mark.parametrize("lang", LANGS)
async def test_the_bundled_forum_offers_its_two_halls_only(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, 50, lang)
    [days] = await emu.ask(50, "/programme")
    # One way to browse (halls: no tracks, no languages): the days lead straight to the
    # halls, no screen offering one choice, and its icon is not Search's 🔎.
    by_hall = "📍 " + catalogs.t(lang, "filter_by_room", count=2)
    assert labels(days)[-1] == by_hall and "🔎" not in "".join(labels(days))
    await emu.tap(50, days.message_id, data=button_data(days, by_hall), count=1)
    halls = emu.last_message(50)
    assert catalogs.t(lang, "filter_head_room") in halls.text
    assert catalogs.t(lang, "filter_title") not in halls.text
    assert button_data(halls, catalogs.t(lang, "back")) == "days"  # back to the days
    assert labels(halls)[1] == f"{SMALL_HALL[lang]} (2)"
    await emu.tap(50, halls.message_id, data=button_data(halls, SMALL_HALL[lang]), count=1)
    listing = emu.last_message(50)
    assert SMALL_HALL[lang] in listing.text and SCHOOL[lang] in listing.text
    assert listing.text.count("📅") == 2  # labelled by day: one session on each
    assert MAIN_HALL_TALK[lang] not in listing.text
    assert len([b for b in labels(listing) if SCHOOL[lang][:10] in b]) == 2
    await emu.tap(50, listing.message_id, data=button_data(listing, SCHOOL[lang][:10]), count=1)
    card = emu.last_message(50)
    assert "📍 " + SMALL_HALL[lang] in card.text
    back = button_data(card, catalogs.t(lang, "back"))
    assert back.startswith("fltat:room:1:")
    await emu.tap(50, card.message_id, data=back, count=1)
    assert emu.last_message(50).text == listing.text  # back in the hall's list


@pytest.mark.parametrize("data_path", [FORMATS / "frab-camp2019.json"])
@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("ky", "Программаны тандап көрүү"),
        ("ru", "Обзор программы"),
        ("en", "Browse the programme"),
    ],
)
async def test_the_filter_screen_is_titled_for_what_it_offers(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str, title: str
) -> None:
    """Tracks, halls and languages: not "by topics" (Программа по темам) over halls."""
    await start_in(emu, 52, lang)
    menu = await open_filters(emu, 52, catalogs, lang)
    assert menu.text.splitlines()[0] == f"🗂 {title}"
    assert len(labels(menu)) == 4  # three ways to browse, and back
    assert button_data(menu, catalogs.t(lang, "back")) == "days"


@pytest.mark.parametrize("data_path", [FORMATS / "frab-camp2019.json"])
async def test_a_frab_file_is_browsed_by_track_and_language(
    emu: BotAPIEmulator, bot, catalogs: Catalogs
) -> None:
    await start_in(emu, 51, "en")
    menu = await open_filters(emu, 51, catalogs, "en")
    assert menu.text.startswith("🗂 Browse the programme")
    assert labels(menu)[:3] == ["🏷 By track (7)", "📍 By hall (2)", "🗣 By language (2)"]
    await emu.tap(51, menu.message_id, data="fltv:lang:0", count=1)
    langs = emu.last_message(51)
    assert labels(langs)[:2] == ["Deutsch (de) (24)", "English (en) (55)"]
    await emu.tap(51, langs.message_id, data="flts:lang:0:0", count=1)
    german = emu.last_message(51)
    assert "Language: Deutsch (de) · 1/3" in german.text
    assert "Knoten 101" in german.text and "21 August" in german.text
    assert "Hacking Containers" not in german.text  # an English talk
    await emu.tap(51, german.message_id, data="flts:lang:0:1", count=1)
    await emu.tap(51, german.message_id, data="flts:lang:0:2", count=1)
    assert "3/3" in emu.last_message(51).text

    await emu.tap(51, german.message_id, data="fltv:lang:0", count=1)  # back
    await emu.tap(51, german.message_id, data="flt", count=1)  # back
    await emu.tap(51, german.message_id, data="fltv:track:0", count=1)
    tracks = emu.last_message(51)
    assert labels(tracks)[-2] == "Security (23)"  # alphabetical: the last one
    await emu.tap(51, tracks.message_id, data=button_data(tracks, "Security"), count=1)
    security = emu.last_message(51)
    assert "Track: Security · 1/3" in security.text and "Hacking Containers" in security.text
    assert "Knoten 101" not in security.text


@pytest.mark.parametrize("data_path", [FORMATS / "pretalx-democon.json"])
async def test_a_pretalx_file_in_one_language_offers_no_language_filter(
    emu: BotAPIEmulator, bot, catalogs: Catalogs
) -> None:
    await start_in(emu, 52, "ru")
    menu = await open_filters(emu, 52, catalogs, "ru")
    assert labels(menu)[:2] == ["🏷 По треку (2)", "📍 По залу (2)"]
    assert len(labels(menu)) == 3
    await emu.tap(52, menu.message_id, data="fltv:track:0", count=1)
    await emu.tap(52, menu.message_id, data="flts:track:1:0", count=1)
    phased = emu.last_message(52)
    assert "Трек: Phased · 1/2" in phased.text and "Focused 5thgeneration hardware" in phased.text


@pytest.mark.parametrize(
    "data", ["flts:track:0:0", "flts:room:7:0", "fltv:lang:0", "fltv:colour:0", "fses:room:0:"]
)
async def test_a_tampered_filter_button_is_out_of_date(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, data: str
) -> None:
    """The bundled forum has no tracks, no session languages and two halls."""
    await start_in(emu, 53, "ky")
    [days] = await emu.ask(53, "/programme")
    since = emu.mark(53)
    await emu.press_raw(53, days.message_id, data)
    events = await emu.wait_events(53, since, count=1)
    assert events[0].data.get("text") == catalogs.t("ky", "stale_button")
    assert emu.last_message(53).text == days.text  # nothing changed
