"""The programme in the browser: the grid (halls as columns, a now line, cancelled sessions
struck through) in ky, ru and en, the list, the 1,000-session grid, a star that the chat's
/my then shows."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from playwright.async_api import BrowserContext, expect

from bench.synthetic import FULL, make_programme
from forumbot.emulator import BotAPIEmulator
from forumbot.infra.i18n import Catalogs
from tests.browser.conftest import link, open_app
from tests.e2e.conftest import LANGS, start_in

USER = 1001


@pytest.mark.parametrize("lang", LANGS)
async def test_the_day_grid_in_my_language(
    bot,
    emu: BotAPIEmulator,
    context: BrowserContext,
    catalogs: Catalogs,
    tmp_path: Path,
    lang: str,
) -> None:
    store = bot.bot_data["services"].store
    school = await store.programme.session("school-1")
    cancelled = dataclasses.replace(school, cancelled=True)
    await store.programme.update_session(cancelled, bot.bot_data["services"].clock.now())
    page = await open_app(context, link(bot, emu, USER, lang))
    rooms = await store.programme.rooms()
    halls = await page.locator(".grid .hall").all_inner_texts()
    assert halls == [rooms["main-hall"].name[lang], rooms["small-hall"].name[lang]]
    await expect(page.locator("#tabs [data-tab=grid]")).to_have_text(
        catalogs.t(lang, "web_tab_grid")
    )
    opening = page.locator(".grid [data-session=opening]")
    await expect(opening).to_contain_text("10:00–10:30")
    # The forum's clock says 22 June, 10:45: the now line is drawn at that time.
    await expect(page.locator(".now-line")).to_have_attribute("data-now", "10:45")
    struck = page.locator(".grid [data-session=school-1] .title")
    assert "line-through" in await struck.evaluate("el => getComputedStyle(el).textDecoration")
    await expect(page.locator(".grid [data-session=school-1]")).to_contain_text(
        catalogs.t(lang, "web_cancelled")
    )
    await page.screenshot(path=tmp_path / f"grid-{lang}.png", full_page=True)
    # The list, as on a narrow screen.
    await page.click("[data-tab=list]")
    await expect(page.locator(".list [data-session=rt-technology]")).to_be_visible()
    await page.screenshot(path=tmp_path / f"list-{lang}.png", full_page=True)


async def test_the_grid_of_a_thousand_sessions(
    bot, emu: BotAPIEmulator, context: BrowserContext, tmp_path: Path
) -> None:
    services = bot.bot_data["services"]
    programme = make_programme(FULL, seed=1)
    await services.store.programme.replace(
        programme, "synthetic", services.clock.now(), new_edition=True
    )
    page = await open_app(context, link(bot, emu, USER, "en"))
    first_day = programme.days[0].date
    expected = sum(1 for s in programme.sessions if s.day == first_day)
    await expect(page.locator(".grid .slot")).to_have_count(expected)
    assert await page.locator(".grid .hall").count() == len(programme.rooms)
    # A filter by hall leaves that hall's sessions.
    await page.select_option("[data-filter=room]", "r03")
    in_hall = sum(1 for s in programme.sessions if s.day == first_day and s.room_id == "r03")
    await expect(page.locator(".grid .slot")).to_have_count(in_hall)
    await page.screenshot(path=tmp_path / "grid-1000.png")


@pytest.mark.parametrize("lang", LANGS)
async def test_a_star_in_the_app_shows_in_the_chats_my(
    bot,
    emu: BotAPIEmulator,
    context: BrowserContext,
    catalogs: Catalogs,
    tmp_path: Path,
    lang: str,
) -> None:
    await start_in(emu, USER, lang)
    page = await open_app(context, link(bot, emu, USER, lang))
    await page.click(".grid [data-session=school-1]")
    star = page.locator("#card .star")
    await expect(star).to_have_text(catalogs.t(lang, "web_star"))
    await star.click()
    await expect(page.locator("#card .star")).to_have_text(catalogs.t(lang, "web_unstar"))
    await page.wait_for_selector("body[data-queued='0']")  # the server has it
    await page.screenshot(path=tmp_path / f"card-{lang}.png")
    session = await bot.bot_data["services"].store.programme.session("school-1")
    [agenda] = await emu.ask(USER, "/my")
    assert session.title[lang] in agenda.text
    # My agenda in the app lists it too.
    await page.click("#card .close")
    await page.click("[data-tab=agenda]")
    await expect(page.locator(".agenda [data-session=school-1]")).to_contain_text(
        session.title[lang]
    )
    await page.screenshot(path=tmp_path / f"agenda-{lang}.png")


async def test_search_finds_with_the_bots_folding(
    bot, emu: BotAPIEmulator, context: BrowserContext
) -> None:
    page = await open_app(context, link(bot, emu, USER, "ru"))
    await page.fill("#search", "Шаршенoва")  # a Latin "o" among Cyrillic letters
    await expect(page.locator(".speakers")).to_contain_text("Шаршенова")
