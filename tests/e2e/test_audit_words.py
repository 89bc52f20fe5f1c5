"""/audit names a new edition's forums by their titles in the reader's language, not by ids."""

from __future__ import annotations

import html

import pytest

from forumbot.emulator import BotAPIEmulator
from forumbot.infra.i18n import Catalogs
from tests.e2e.conftest import LANGS, ORGANISER, button_data, start_in
from tests.e2e.test_dataimport import BUNDLED, send_file
from tests.e2e.test_editions import NEW_ID, NEXT, OLD_ID, title


@pytest.mark.parametrize("lang", LANGS)
async def test_the_audit_names_the_new_edition_by_the_forums_titles(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, ORGANISER, lang)
    screen = await send_file(emu, ORGANISER, "next.yaml", NEXT)
    edok = button_data(screen, catalogs.t(lang, "edition_open"))
    await emu.tap(ORGANISER, screen.message_id, data=edok, count=2)
    [audit] = await emu.ask(ORGANISER, "/audit")
    text = html.unescape(audit.text)
    assert catalogs.t(lang, "audit_edition_opened") in text
    assert f"{title(BUNDLED, lang)} → {title(NEXT, lang)}" in text
    assert OLD_ID not in text and NEW_ID not in text
