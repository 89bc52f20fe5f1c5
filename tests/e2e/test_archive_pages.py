"""/archive pages a long day of a past edition: 25 sessions a page, ← and → between pages,
"page 2 of 3" in words, every session reachable."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from forumbot.emulator import BotAPIEmulator, BotMessage
from forumbot.infra.i18n import Catalogs
from forumbot.programme import parse_any
from forumbot.programme.export import export_yaml
from tests.e2e.conftest import LANGS, ORGANISER, button_data, start_in
from tests.e2e.test_dataimport import BUNDLED, confirm_data, send_file
from tests.e2e.test_editions import NEXT

EXTRA = 50  # sessions added to the first day: with its own 3, three pages of 25


def crowded() -> bytes:
    """The bundled forum with ``EXTRA`` more short talks on its first day."""
    programme = parse_any(BUNDLED).programme
    first = min(programme.sessions, key=lambda s: s.start)
    talks = [
        dataclasses.replace(
            first,
            id=f"talk-{i:02d}",
            start=first.start + dt.timedelta(minutes=10 * i),
            end=first.start + dt.timedelta(minutes=10 * i + 5),
            title={lang: f"Talk {i:02d}" for lang in ("ky", "ru", "en")},
            speaker_ids=(),
            moderator_ids=(),
        )
        for i in range(EXTRA)
    ]
    bigger = dataclasses.replace(programme, sessions=(*programme.sessions, *talks))
    return export_yaml(bigger).encode("utf-8")


async def archived_day(emu: BotAPIEmulator, catalogs: Catalogs, lang: str) -> BotMessage:
    """The crowded forum in service, then next year's opened: its first day, from /archive."""
    await start_in(emu, ORGANISER, lang)
    preview = await send_file(emu, ORGANISER, "crowded.yaml", crowded())
    await emu.tap(ORGANISER, preview.message_id, data=confirm_data(preview), count=1)
    screen = await send_file(emu, ORGANISER, "next.yaml", NEXT)
    edok = button_data(screen, catalogs.t(lang, "edition_open"))
    await emu.tap(ORGANISER, screen.message_id, data=edok, count=2)
    [archive] = await emu.ask(ORGANISER, "/archive")
    [edition] = archive.inline_buttons()
    await emu.tap(ORGANISER, archive.message_id, data=edition["callback_data"], count=1)
    card = emu.last_message(ORGANISER)
    await emu.tap(ORGANISER, card.message_id, data=button_data(card, "·"), count=1)
    return emu.last_message(ORGANISER)


def talks(message: BotMessage) -> set[str]:
    return {f"Talk {i:02d}" for i in range(EXTRA) if f"Talk {i:02d}" in message.text}


@pytest.mark.parametrize("lang", LANGS)
async def test_a_long_archived_day_is_paged_with_arrows_and_words(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    day = await archived_day(emu, catalogs, lang)
    first_page = catalogs.t(lang, "page_of", page=1, pages=3)
    assert first_page in day.text
    labels = [b["text"] for b in day.inline_buttons()]
    assert first_page in labels and "→" in labels and "←" not in labels
    seen = talks(day)
    for page in (2, 3):
        forward = button_data(day, "→")
        assert len(forward.encode()) <= 64
        await emu.tap(ORGANISER, day.message_id, data=forward, count=1)
        day = emu.last_message(ORGANISER)
        assert catalogs.t(lang, "page_of", page=page, pages=3) in day.text
        assert not talks(day) & seen  # a new page, not the same one again
        seen |= talks(day)
    assert seen == {f"Talk {i:02d}" for i in range(EXTRA)}  # every session reachable
    assert "→" not in [b["text"] for b in day.inline_buttons()]  # the last page
    await emu.tap(ORGANISER, day.message_id, data=button_data(day, "←"), count=1)
    assert catalogs.t(lang, "page_of", page=2, pages=3) in emu.last_message(ORGANISER).text
