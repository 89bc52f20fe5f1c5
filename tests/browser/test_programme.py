"""The programme in the browser: the grid (halls as columns, a now line, cancelled sessions
struck through) in ky, ru and en, the list, the 1,000-session grid, a star that the chat's
/my then shows."""

from __future__ import annotations

import dataclasses

import pytest
from playwright.async_api import expect

from bench.synthetic import FULL, make_programme
from tests.browser.conftest import Web
from tests.e2e.conftest import LANGS, start_in

USER = 1001


@pytest.mark.parametrize("lang", LANGS)
async def test_the_day_grid_in_my_language(web: Web, lang: str) -> None:
    store, catalogs = web.store, web.catalogs
    school = await store.programme.session("school-1")
    cancelled = dataclasses.replace(school, cancelled=True)
    await store.programme.update_session(cancelled, web.services.clock.now())
    page = await web.open(USER, lang)
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
    await web.shot(page, f"grid-{lang}", full_page=True)
    # The list, as on a narrow screen.
    await page.click("[data-tab=list]")
    await expect(page.locator(".list [data-session=rt-technology]")).to_be_visible()
    await web.shot(page, f"list-{lang}", full_page=True)


async def test_the_grid_of_a_thousand_sessions(web: Web) -> None:
    services = web.services
    programme = make_programme(FULL, seed=1)
    await services.store.programme.replace(
        programme, "synthetic", services.clock.now(), new_edition=True
    )
    page = await web.open(USER, "en")
    first_day = programme.days[0].date
    expected = sum(1 for s in programme.sessions if s.day == first_day)
    await expect(page.locator(".grid .slot")).to_have_count(expected)
    assert await page.locator(".grid .hall").count() == len(programme.rooms)
    # A filter by hall leaves that hall's sessions.
    await page.select_option("[data-filter=room]", "r03")
    in_hall = sum(1 for s in programme.sessions if s.day == first_day and s.room_id == "r03")
    await expect(page.locator(".grid .slot")).to_have_count(in_hall)
    await web.shot(page, "grid-1000")


@pytest.mark.parametrize("lang", LANGS)
async def test_a_star_in_the_app_shows_in_the_chats_my(web: Web, lang: str) -> None:
    emu, catalogs = web.emu, web.catalogs
    await start_in(emu, USER, lang)
    page = await web.open(USER, lang)
    await page.click(".grid [data-session=school-1]")
    star = page.locator("#card .star")
    await expect(star).to_have_text(catalogs.t(lang, "web_star"))
    await star.click()
    await expect(page.locator("#card .star")).to_have_text(catalogs.t(lang, "web_unstar"))
    await page.wait_for_selector("body[data-queued='0']")  # the server has it
    await web.shot(page, f"card-{lang}")
    session = await web.store.programme.session("school-1")
    [agenda] = await emu.ask(USER, "/my")
    assert session.title[lang] in agenda.text
    # My agenda in the app lists it too.
    await page.click("#card .close")
    await page.click("[data-tab=agenda]")
    await expect(page.locator(".agenda [data-session=school-1]")).to_contain_text(
        session.title[lang]
    )
    await web.shot(page, f"agenda-{lang}")


async def test_search_finds_with_the_bots_folding(web: Web) -> None:
    page = await web.open(USER, "ru")
    await page.fill("#search", "Шаршенoва")  # a Latin "o" among Cyrillic letters
    await expect(page.locator(".speakers")).to_contain_text("Шаршенова")
