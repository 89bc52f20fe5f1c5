"""The Mini App in a real Chromium (Debian's package, driven by Playwright), against the real
bot and its Mini App server, with the Bot API emulator for the chat side."""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.async_api import Browser, BrowserContext, Page, async_playwright

from forumbot.emulator import BotAPIEmulator
from forumbot.infra.clock import SimulatedClock
from forumbot.infra.i18n import Catalogs
from forumbot.infra.settings import Settings
from handlers.app import build_application, running
from handlers.demo import app_link
from tests.e2e import conftest as e2e
from tests.e2e.conftest import ORGANISER

# The end-to-end tests' fixtures: the emulator, the forum's clock, the bundled data, catalogs.
emu, clock, data_path, catalogs = e2e.emu, e2e.clock, e2e.data_path, e2e.catalogs

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None and os.environ.get("CI"):
    raise RuntimeError("chromium is not installed: .ci/run installs Debian's chromium package")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")


@pytest.fixture
async def bot(emu: BotAPIEmulator, clock: SimulatedClock, tmp_path: Path, data_path: Path):
    """The bot with its Mini App served on 127.0.0.1 (as the demo serves it)."""
    settings = Settings(
        token=emu.token,
        api_base_url=emu.base_url,
        api_base_file_url=emu.base_file_url,
        db_path=tmp_path / "bot.sqlite3",
        data_path=data_path,
        organiser_ids=frozenset({ORGANISER}),
        webapp_listen="127.0.0.1",
        webapp_port=0,
    )
    application = build_application(settings, clock)
    application.bot_data["serve_webapp"] = True
    async with running(application, poll_timeout=1) as app:
        yield app


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    assert CHROMIUM is not None
    async with async_playwright() as playwright:
        # --no-sandbox: the tests run as root (CI's container); Chromium refuses otherwise.
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            yield browser
        finally:
            await browser.close()


@pytest.fixture
async def context(browser: Browser) -> AsyncIterator[BrowserContext]:
    context = await browser.new_context(viewport={"width": 1100, "height": 900})
    # Telegram's script is feature-detected: the tests run as a plain browser, offline.
    await context.route("https://telegram.org/**", lambda route: route.abort())
    try:
        yield context
    finally:
        await context.close()


def link(bot, emu: BotAPIEmulator, user_id: int, lang: str = "en", name: str = "Aida") -> str:
    """The demo's link for ``user_id``: the Mini App with initData signed by the bot's token."""
    if user_id not in emu.state.users:
        emu.add_user(user_id, first_name=name, language_code=lang)
    url = app_link(bot, emu, user_id)
    assert url is not None
    return url


async def open_app(context: BrowserContext, url: str) -> Page:
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    await page.goto(url)
    await page.wait_for_selector("body[data-ready]")
    assert errors == []
    return page


@dataclass
class Web:
    """What every browser test works with: the running bot, the emulator (the chat side), a
    browser context, the catalogs, and the test's directory for screenshots."""

    bot: object
    emu: BotAPIEmulator
    context: BrowserContext
    catalogs: Catalogs
    shots: Path

    @property
    def services(self):
        return self.bot.bot_data["services"]  # type: ignore[attr-defined]

    @property
    def store(self):
        return self.services.store

    async def open(
        self, user_id: int, lang: str = "en", name: str = "Aida", page: str = ""
    ) -> Page:
        """The demo's link for ``user_id`` (an organiser's opens the console), or ``page``
        under the app's path instead of its own."""
        url = link(self.bot, self.emu, user_id, lang, name)
        if page:
            url = url.replace("/app/org/#", "/app/#").replace("/app/#", f"/app/{page}#")
        return await open_app(self.context, url)

    async def shot(self, page: Page, name: str, full_page: bool = False) -> None:
        await page.screenshot(path=self.shots / f"{name}.png", full_page=full_page)


@pytest.fixture
def web(
    bot, emu: BotAPIEmulator, context: BrowserContext, catalogs: Catalogs, tmp_path: Path
) -> Web:
    return Web(bot, emu, context, catalogs, tmp_path)
