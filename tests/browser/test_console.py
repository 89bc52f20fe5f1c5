"""The organisers' console's first page: the figures and the presenter links, created and
revoked from it; a participant who opens it sees only that it is for the organisers."""

from __future__ import annotations

import pytest
from playwright.async_api import expect

from tests.browser.conftest import Web
from tests.e2e.conftest import LANGS, ORGANISER

PARTICIPANT = 1001


@pytest.mark.parametrize("lang", LANGS)
async def test_an_organiser_makes_and_revokes_a_presenter_link(web: Web, lang: str) -> None:
    store, catalogs = web.store, web.catalogs
    console = await web.open(ORGANISER, lang, name="Organiser")
    await expect(console.locator("#org-title")).to_have_text(catalogs.t(lang, "web_org_console"))
    figure = console.locator("[data-figure=web_org_presenter_links]")
    await expect(figure).to_have_text("0")
    await console.select_option("#link-session", "rt-technology")
    await console.click("#link-create")
    await expect(figure).to_have_text("1")
    [made] = await store.presenter.active()
    item = console.locator(f"[data-token='{made.token}']")
    session = await store.programme.session("rt-technology")
    await expect(item).to_contain_text(session.title[lang])
    await web.shot(console, f"console-{lang}")
    await item.locator("button").click()
    await expect(figure).to_have_text("0")
    assert await store.presenter.active() == []


async def test_a_participant_sees_no_console(web: Web) -> None:
    page = await web.open(PARTICIPANT, "en", page="org/")
    await expect(page.locator("#org-error")).to_have_text(
        web.catalogs.t("en", "web_org_not_organiser")
    )
    await expect(page.locator("#org-stats dd")).to_have_count(0)
