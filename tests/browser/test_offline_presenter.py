"""Offline: the last programme shown without network, "offline, updated at HH:MM", a star
kept on the device and sent when the network returns. The presenter view follows the chat:
a question approved there appears on the hall's screen, a revoked link shows nothing."""

from __future__ import annotations

import datetime as dt
import re

import aiohttp
import pytest
from playwright.async_api import expect

from forumbot.emulator import BotAPIEmulator
from tests.browser.conftest import Web
from tests.e2e.conftest import LANGS, ORGANISER, start_in
from tests.e2e.test_agenda import wait_for_text
from tests.e2e.test_questions import RT, ask_from_card, question_ids
from webapp.auth import WebUser, demo_init_data

USER, ASKER, VOTER = 1001, 62, 63


@pytest.mark.parametrize("lang", LANGS)
async def test_offline_the_last_programme_shows_and_stars_wait_for_the_network(
    web: Web, lang: str
) -> None:
    store, context, catalogs = web.store, web.context, web.catalogs
    page = await web.open(USER, lang)
    # The service worker takes the page and keeps the programme.
    await page.wait_for_selector("body[data-kept]")
    await context.set_offline(True)
    await page.reload()
    await page.wait_for_selector("body[data-ready]")
    offline = catalogs.t(lang, "web_offline", time="HH:MM").replace("HH:MM", r"\d\d:\d\d")
    await expect(page.locator("#status")).to_have_text(re.compile(offline))
    await expect(page.locator(".grid [data-session=opening]")).to_be_visible()
    # The forum's clock (10:45, standing still) as last known, plus the seconds since.
    await expect(page.locator(".now-line")).to_have_attribute("data-now", re.compile(r"10:4\d"))
    await page.click(".grid [data-session=school-1]")
    await page.click("#card .star")
    queued = catalogs.t(lang, "web_queued", count=1)
    await expect(page.locator("#status")).to_contain_text(queued)
    await page.click("#card .close")
    await page.evaluate("window.scrollTo(0, 0)")
    await web.shot(page, f"offline-{lang}")
    assert await store.personal.starred(USER) == set()
    await context.set_offline(False)
    await page.wait_for_selector("body[data-queued='0']")
    assert await store.personal.starred(USER) == {"school-1"}


async def _create_link(bot, emu: BotAPIEmulator) -> str:
    """The organiser creates a presenter link for the round table (as the console will)."""
    port = bot.bot_data["webapp"].port
    signed = demo_init_data(WebUser(ORGANISER, "Organiser"), emu.token, dt.datetime.now(dt.UTC))
    async with aiohttp.ClientSession(headers={"Authorization": "tma " + signed}) as http:
        url = f"http://127.0.0.1:{port}/app/api/org/presenter"
        async with http.post(url, json={"session": RT}) as response:
            assert response.status == 201
            return f"http://127.0.0.1:{port}" + (await response.json())["url"]


@pytest.mark.parametrize("lang", LANGS)
async def test_the_presenter_view_follows_the_chat(web: Web, lang: str) -> None:
    bot, emu, catalogs = web.bot, web.emu, web.catalogs
    for user in (ASKER, VOTER, ORGANISER):
        await start_in(emu, user, lang)
    url = await _create_link(bot, emu)
    screen = await web.context.new_page()
    await screen.goto(f"{url}?lang={lang}")
    session = await bot.bot_data["services"].store.programme.session(RT)
    await expect(screen.locator("#p-title")).to_have_text(session.title[lang])
    await expect(screen.locator("#p-empty")).to_have_text(catalogs.t(lang, "web_presenter_empty"))

    await ask_from_card(emu, ASKER, "How are <b>ballots</b> counted?")
    await ask_from_card(emu, VOTER, "Who audits the software?")
    await wait_for_text(emu, ORGANISER, 0, "🛡")  # told once that questions wait
    [queue] = await emu.ask(ORGANISER, "/questions")
    first, second = await question_ids(bot)
    await emu.tap(ORGANISER, queue.message_id, data=f"qmod:{first}:approve", count=1)
    item = screen.locator(f"[data-question='{first}']")
    await expect(item).to_contain_text("How are <b>ballots</b> counted?")  # as typed, not markup
    await expect(item).to_contain_text(catalogs.t(lang, "web_presenter_votes", count=0))
    await emu.tap(ORGANISER, queue.message_id, data=f"qmod:{second}:approve", count=1)
    await store_vote(bot, second, VOTER)
    # Most votes first.
    await expect(screen.locator(".p-questions li").first).to_contain_text("Who audits")
    await web.shot(screen, f"presenter-{lang}")

    token = url.rsplit("/", 1)[1]
    services = bot.bot_data["services"]
    await services.store.presenter.revoke(token, ORGANISER, services.clock.now())
    await expect(screen.locator("#p-empty")).to_have_text(catalogs.t(lang, "web_presenter_gone"))
    await expect(screen.locator(".p-questions li")).to_have_count(0)


async def store_vote(bot, question: int, voter: int) -> None:
    services = bot.bot_data["services"]
    assert await services.store.questions.toggle_vote(question, voter, services.clock.now())
