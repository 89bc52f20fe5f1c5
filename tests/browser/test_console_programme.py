"""The console's programme table in the browser: an organiser moves a session by typing its
new time, sees the people told before applying, and who starred it gets the change notice in
the chat."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.async_api import expect

from forumbot.infra.clock import SimulatedClock
from tests.browser.conftest import Web
from tests.e2e.conftest import LANGS, ORGANISER, bishkek, start_in
from tests.e2e.test_agenda import star, wait_for_text

FAN = 62


@pytest.mark.parametrize("lang", LANGS)
async def test_an_organiser_moves_a_session_from_the_console(
    web: Web, clock: SimulatedClock, lang: str
) -> None:
    store, emu, catalogs = web.store, web.emu, web.catalogs
    await start_in(emu, FAN, lang)
    await star(emu, FAN, "school-1", first=True)  # 22 June 15:00–17:30
    console = await web.open(ORGANISER, lang, name="Organiser")
    row = console.locator("[data-session='school-1']")
    await row.locator("input").fill("16:00")
    await row.locator("[data-do=time]").click()
    preview = console.locator("[data-preview='school-1']")
    await expect(preview).to_contain_text(catalogs.t(lang, "web_org_pc_people", count=1))
    assert (await store.programme.session("school-1")).start == bishkek(22, 15, 0)
    await preview.locator("[data-do=apply]").click()
    await expect(console.locator("#pc-status")).to_have_text(
        catalogs.t(lang, "web_org_pc_applied")
    )
    await expect(row.locator("input")).to_have_value("16:00-18:30")
    assert (await store.programme.session("school-1")).start == bishkek(22, 16, 0)
    mark = emu.mark(FAN)
    clock.advance(dt.timedelta(minutes=3))
    notice = await wait_for_text(emu, FAN, mark, "📣")
    assert catalogs.t(lang, "changes_title") in notice.text and "16:00–18:30" in notice.text
