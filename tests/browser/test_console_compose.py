"""The console's composer in the browser: an organiser writes two variants, sees every
language previewed (the fallback named, markup shown as typed), checks the audience's size,
confirms once, and watches the delivery's progress drawn live until it ends; the recipients
have it in the chat."""

from __future__ import annotations

import pytest
from playwright.async_api import expect

from tests.browser.conftest import Web
from tests.e2e.conftest import LANGS, ORGANISER, start_in
from tests.e2e.test_announce import received

KY, RU = 90, 91


@pytest.mark.parametrize("lang", LANGS)
async def test_an_organiser_composes_and_watches_it_go_out(web: Web, lang: str) -> None:
    emu, catalogs = web.emu, web.catalogs
    await start_in(emu, ORGANISER, lang)
    await start_in(emu, KY, "ky")
    await start_in(emu, RU, "ru")
    console = await web.open(ORGANISER, lang, name="Organiser")
    await console.fill("#cmp-text-ky", "Тегерек үстөл <b>11:30</b> башталат.")
    await console.fill("#cmp-text-en", "The round table starts at <b>11:30</b>.")
    ru = console.locator("[data-variant=ru]")
    await expect(ru).to_contain_text("Тегерек үстөл <b>11:30</b> башталат.")  # as typed
    note = catalogs.t(lang, "announce_fallback", missing="Русский", language="Кыргызча")
    await expect(console.locator("[data-fallback]")).to_have_text(note)
    await console.select_option("#cmp-audience", "all")
    await expect(console.locator("#cmp-people")).to_have_text(
        catalogs.t(lang, "web_org_cmp_people", count=3)
    )
    await web.shot(console, f"compose-{lang}", full_page=True)
    marks = {chat: emu.mark(chat) for chat in (KY, RU)}
    await console.click("#cmp-review")
    confirm = console.locator("#cmp-confirm")
    await expect(confirm).to_contain_text(catalogs.t(lang, "when_now_text"))
    assert emu.events(KY, marks[KY]) == []  # asking sent nothing
    await confirm.locator("[data-do=confirm]").click()
    await expect(console.locator("#cmp-status")).to_contain_text("1")
    watch = console.locator("#dl-watch[data-ended='1']")
    await expect(watch).to_be_visible()
    await expect(console.locator("#dl-counts")).to_contain_text(
        catalogs.t(lang, "report_short", sent=3, total=3)
    )
    assert await console.locator("#dl-chart polyline[data-series=sent]").count() == 1
    await web.shot(console, f"deliveries-{lang}", full_page=True)
    assert await received(emu, KY, marks[KY]) == "Тегерек үстөл <b>11:30</b> башталат."
    assert await received(emu, RU, marks[RU]) == "Тегерек үстөл <b>11:30</b> башталат."
