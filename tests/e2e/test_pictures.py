"""Pictures where the programme file gives them (issue 13, part 6): a speaker's photo on
their card, a venue map under /venue, a hall plan on its info page; the bundled forum has
none and shows none."""

from __future__ import annotations

from pathlib import Path

import pytest

from forumbot.emulator import BotAPIEmulator
from forumbot.infra.i18n import Catalogs
from forumbot.infra.settings import DEFAULT_DATA
from forumbot.runtime.services import import_programme
from tests.e2e.conftest import LANGS, button_data, labels, start_in

PHOTO = "https://example.org/people/sharshenova.jpg"
MAP = "AgACAgIAAxkBAAIBY2VenueMapFileId0123"  # a Telegram file id
PLAN = "https://example.org/plan/halls.png"
NAME = {"ky": "И. Шаршенова", "ru": "И. Шаршенова", "en": "I. Sharshenova"}
LONG_BIO = "Санариптештирүү. " * 80  # past a caption's 1024 characters


def with_pictures(tmp_path: Path, bio: str | None = None) -> Path:
    text = DEFAULT_DATA.read_text(encoding="utf-8")
    text = text.replace("  - id: sharshenova\n", f'  - id: sharshenova\n    photo: "{PHOTO}"\n', 1)
    text = text.replace("    longitude: 77.08", f'    longitude: 77.08\n    image: "{MAP}"', 1)
    text = text.replace("    - id: halls", f'    - id: halls\n      image: "{PLAN}"', 1)
    if bio:
        at = text.index("  - id: sharshenova\n")
        bio_at = text.index("    bio:\n", at)
        text = (
            text[:bio_at]
            + f'    bio:\n      ky: "{bio}"\n      ru: "{bio}"\n      en: "{bio}"\n'
            + (text[text.index("\n\n", bio_at) :])
        )
    path = tmp_path / "pictures.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def data_path(tmp_path: Path) -> Path:
    return with_pictures(tmp_path)


@pytest.mark.parametrize("lang", LANGS)
async def test_a_speakers_card_comes_with_their_photo(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, 90, lang)
    [card] = await emu.ask(90, "/start p_sharshenova")
    assert card.kind == "photo" and card.file_id == PHOTO
    assert card.caption.startswith(f"👤 {NAME[lang]}") and labels(card)  # buttons kept
    # A button under the photo: the session's card comes as a new message (a photo's
    # caption cannot become a text).
    await emu.tap(90, card.message_id, data=button_data(card, "10:30"), count=1)
    session = emu.last_message(90)
    assert session.kind == "text" and session.message_id != card.message_id

    # Opened from the speakers list (an edit): the photo as a large preview above the text.
    [listing] = await emu.ask(90, "/speakers")
    await emu.tap(90, listing.message_id, data=button_data(listing, NAME[lang]), count=1)
    edited = emu.last_message(90)
    assert edited.message_id == listing.message_id and edited.text.startswith("👤")
    preview = edited.options["link_preview_options"]
    assert preview["url"] == PHOTO and preview["show_above_text"] is True


@pytest.mark.parametrize("lang", LANGS)
async def test_a_speakers_card_stars_my_sessions_and_keeps_the_photo(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, 93, lang)
    [session] = await emu.ask(93, "/start s_rt-technology")
    await emu.tap(93, session.message_id, data="star:rt-technology:1", count=2)
    [card] = await emu.ask(93, "/start p_sharshenova")
    assert card.kind == "photo" and card.file_id == PHOTO
    [mine] = [label for label in labels(card) if "10:30" in label]
    assert mine.startswith("⭐ ")
    # From the session card ("back" leads to it): the same star.
    [session] = await emu.ask(93, "/start s_rt-technology")
    await emu.tap(93, session.message_id, data=button_data(session, NAME[lang]), count=1)
    assert any(label.startswith("⭐ ") for label in labels(emu.last_message(93)))


@pytest.mark.parametrize("lang", LANGS)
async def test_venue_map_and_hall_plan(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, 91, lang)
    pin, card = await emu.ask(91, "/venue", count=2)
    assert pin.kind == "venue"
    assert card.kind == "photo" and card.file_id == MAP and card.caption.startswith("📍")
    [info] = await emu.ask(91, "/info")
    await emu.tap(91, info.message_id, data="infop:halls", count=1)
    page = emu.last_message(91)
    assert page.options["link_preview_options"]["url"] == PLAN


async def test_a_caption_too_long_goes_after_the_photo(
    emu: BotAPIEmulator, bot, tmp_path: Path, clock
) -> None:
    store = bot.bot_data["services"].store
    await import_programme(store, with_pictures(tmp_path, LONG_BIO), clock.now())
    await start_in(emu, 92, "en")
    photo, text = await emu.ask(92, "/start p_sharshenova", count=2)
    assert photo.kind == "photo" and photo.caption == "" and labels(photo) == []
    assert text.kind == "text" and LONG_BIO.strip()[:40] in text.text and labels(text)


@pytest.mark.parametrize("data_path", [DEFAULT_DATA])
@pytest.mark.parametrize("lang", LANGS)
async def test_the_bundled_forum_shows_no_pictures(emu: BotAPIEmulator, bot, lang: str) -> None:
    await start_in(emu, 93, lang)
    [card] = await emu.ask(93, "/start p_sharshenova")
    _pin, venue = await emu.ask(93, "/venue", count=2)
    assert card.kind == "text" and venue.kind == "text"
