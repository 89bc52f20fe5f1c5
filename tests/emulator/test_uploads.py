"""What users upload goes to the file store, as on Telegram: the bot downloads a document,
and a photo it sends on by file_id arrives with the same bytes."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram import Bot

from forumbot.emulator import BotAPIEmulator
from forumbot.emulator.uploads import image_size
from tests.helpers import png

# The smallest baseline JPEG header: SOI, an APP0 segment, then SOF0 with height 2, width 3.
JPEG = b"\xff\xd8" + b"\xff\xe0\x00\x04ab" + b"\xff\xc0\x00\x0b\x08\x00\x02\x00\x03\x01\x01"


@pytest.fixture
async def bot(emu: BotAPIEmulator) -> AsyncIterator[Bot]:
    async with Bot(emu.token, base_url=emu.base_url, base_file_url=emu.base_file_url) as b:
        yield b


async def test_a_photo_is_stored_with_its_size_and_sent_on_by_file_id(
    emu: BotAPIEmulator, bot: Bot
) -> None:
    image = png(40, 30)
    sent = await emu.send_photo(42, "map.png", image, caption="The venue map")
    [size] = sent["photo"]
    assert (size["width"], size["height"], size["file_size"]) == (40, 30, len(image))
    assert sent["caption"] == "The venue map"
    [update] = await bot.get_updates(timeout=0)
    photo = update.message.photo[-1]
    assert bytes(await (await bot.get_file(photo.file_id)).download_as_bytearray()) == image
    await bot.send_photo(42, photo.file_id, caption="Forwarded")
    forwarded = emu.last_message(42)
    assert forwarded is not None
    assert (forwarded.kind, forwarded.document_bytes) == ("photo", image)


async def test_a_document_is_downloaded_as_sent(emu: BotAPIEmulator, bot: Bot) -> None:
    sent = await emu.send_document(42, "schedule.xml", b"<schedule/>")
    assert sent["document"]["file_name"] == "schedule.xml"
    file = await bot.get_file(sent["document"]["file_id"])
    assert bytes(await file.download_as_bytearray()) == b"<schedule/>"


async def test_a_photo_that_is_no_image_is_refused(emu: BotAPIEmulator) -> None:
    before = len(emu.state.updates)
    with pytest.raises(ValueError, match="IMAGE_PROCESS_FAILED"):
        await emu.send_photo(42, "notes.txt", b"just text")
    assert len(emu.state.updates) == before


def test_image_sizes() -> None:
    assert image_size(png(5, 7)) == (5, 7)
    assert image_size(b"GIF89a\x0a\x00\x14\x00rest") == (10, 20)
    assert image_size(JPEG) == (3, 2)
    assert image_size(b"%PDF-1.4") is None
