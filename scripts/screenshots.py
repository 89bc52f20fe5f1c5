"""The README's screenshots of the Mini App, one of each view, from the offline demo (the real
bot and its Mini App against the local Bot API, the bundled forum, the demo's people) in
Debian's chromium through Playwright. Participant views on a 390-pixel phone screen.

    python scripts/screenshots.py [--out docs/screenshots] [--check]

The demo's forum is dressed first, as people would: stars (two of Aida's overlap after an
organiser moves a session), questions asked, approved and voted, feedback, a cancelled
session. --check only looks that every file is there and small (at most 150 KB).
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import datetime as dt
import io
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.async_api import Browser, Page, async_playwright

from forumbot.infra.clock import SimulatedClock
from forumbot.infra.settings import Settings
from forumbot.rules.questions import Person
from forumbot.runtime import asking, moderation
from forumbot.runtime.services import Services
from handlers.demo import CAST, ORGANISER_ID, PARTICIPANT_ID, Demo, default_start, demo_session

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
LIMIT = 150 * 1024
PHONE = {"width": 390, "height": 844}
SHOTS = (
    "grid-light", "grid-dark", "list-narrow", "session-card", "agenda-conflict", "offline",
    "console-questions", "console-programme", "console-feedback", "presenter",
)  # fmt: skip
AIDA, BAKYT, ELENA = PARTICIPANT_ID, PARTICIPANT_ID + 1, PARTICIPANT_ID + 2
RT = "rt-technology"
FOLD_BETWEEN = (
    "for (const id of ['links-title', 'q-section', 'pc-section']) {"
    " const el = document.getElementById(id); (el.closest('section') || el).hidden = true; }"
)


async def dress(svc: Services) -> None:
    """Stars, an overlap, questions with votes, feedback and a cancelled session."""
    store, now = svc.store, svc.clock.now()
    for user_id, _, _, _, lang in CAST:
        await store.users.record(user_id, lang or "en", now)
    school = await store.programme.session("school-1")
    assert school is not None  # moved to overlap the round table, as an organiser might
    moved = dataclasses.replace(school, start=school.start - dt.timedelta(hours=3),
                                end=school.end - dt.timedelta(hours=3))  # fmt: skip
    await store.programme.update_session(moved, now)
    closing = await store.programme.session("closing")
    assert closing is not None
    await store.programme.update_session(dataclasses.replace(closing, cancelled=True), now)
    for user_id, sessions in ((AIDA, (RT, "school-1", "rt-youth")), (BAKYT, (RT,)),
                              (ELENA, (RT, "school-2"))):  # fmt: skip
        for session_id in sessions:
            await store.personal.star(user_id, session_id, now)
    session = await store.programme.session(RT)
    assert session is not None
    asked = [
        (BAKYT, "Шайлоодо электрондук добуш берүү канчалык коопсуз?"),
        (ELENA, "Кто проверяет программное обеспечение для подсчёта голосов?"),
        (AIDA, "How are ballots from remote districts counted?"),
    ]
    ids = []
    for user_id, text in asked:
        name = next(f"{first} {last}" for uid, first, last, _, _ in CAST if uid == user_id)
        svc.clock.set(svc.clock.now() + dt.timedelta(minutes=2))  # past the interval limit
        ids.append((await asking.ask(svc, session, Person(user_id, name), text)).question_id)
    for qid in ids[:2]:
        question = await store.questions.get(qid)
        assert question is not None
        await moderation.moderate(svc, question, session, "approve", ORGANISER_ID)
    for voter in (AIDA, ELENA):
        await store.questions.set_vote(ids[1], voter, True, now)
    await store.questions.set_vote(ids[0], AIDA, True, now)
    for user_id, rating in ((AIDA, 5), (BAKYT, 4), (ELENA, 3), (ORGANISER_ID, 5)):
        await store.feedback.rate(user_id, "opening", rating, now)


async def page_for(
    browser: Browser, url: str, dark: bool = False, size: dict | None = None, ready: str = "ready"
) -> Page:
    """A new browser context (a phone unless ``size``), the page opened and drawn."""
    context = await browser.new_context(
        viewport=size or PHONE, color_scheme="dark" if dark else "light"
    )
    await context.route("https://telegram.org/**", lambda route: route.abort())
    page = await context.new_page()
    await page.goto(url)
    await page.wait_for_selector(f"body[data-{ready}]")
    return page


async def participant_views(browser: Browser, link: Callable[[int], str], out: Path) -> None:
    page = await page_for(browser, link(AIDA))  # Aida's Telegram speaks English
    await page.click("[data-tab=grid]")
    await page.screenshot(path=out / "grid-light.png")
    await page.click(f".grid [data-session={RT}]")
    await page.wait_for_selector(f"#card [data-questions={RT}][data-loaded]")
    await page.click("#card .q-open")
    await page.fill("#q-text", "Will the results be published per polling station?")
    await page.screenshot(path=out / "session-card.png")
    await page.click("#card .close")
    await page.click("[data-tab=agenda]")
    await page.wait_for_selector(".agenda .warn")
    await page.screenshot(path=out / "agenda-conflict.png")

    dark = await page_for(browser, link(ELENA), dark=True)  # Elena reads Russian
    await dark.click("[data-tab=grid]")
    await dark.screenshot(path=out / "grid-dark.png")

    narrow = await page_for(browser, link(BAKYT))  # Bakyt reads Kyrgyz; a phone opens the list
    await narrow.screenshot(path=out / "list-narrow.png")
    await narrow.wait_for_selector("body[data-kept]")
    await narrow.context.set_offline(True)
    await narrow.reload()
    await narrow.wait_for_selector("body[data-ready]")
    await narrow.click(".list [data-session=opening]")
    await narrow.click("#card .star")
    await narrow.click("#card .close")
    await narrow.screenshot(path=out / "offline.png")


async def organiser_views(browser: Browser, demo: Demo, out: Path) -> None:
    store, link = demo.services.store, demo.control.app_link
    wide = {"width": 820, "height": 900}
    for lang, name, section in (("en", "console-questions", "#q-section"),
                                ("ru", "console-programme", "#pc-section"),
                                ("ky", "console-feedback", "#fb-section")):  # fmt: skip
        await store.users.set_language(ORGANISER_ID, lang, demo.services.clock.now())
        page = await page_for(browser, link(ORGANISER_ID) or "", size=wide)
        if name == "console-feedback":  # the figures and the feedback: the rest folded away
            await page.evaluate(FOLD_BETWEEN)
            section = "#org"
        await page.locator(section).screenshot(path=out / f"{name}.png")
    page = await page_for(browser, link(ORGANISER_ID) or "", size=wide)
    await page.select_option("#link-session", RT)
    await page.click("#link-create")
    url = await page.locator("#links a").first.get_attribute("href")
    hall = {"width": 1024, "height": 576}
    screen = await page_for(browser, f"{url}?lang=ru", size=hall, ready="shown")
    await screen.screenshot(path=out / "presenter.png")


async def take(out: Path, chromium: str) -> None:
    settings = Settings.from_env().with_(clock_start=dt.datetime(2023, 6, 22, 10, 45))
    start, zone = default_start(settings)
    clock = SimulatedClock(start, 0)  # the clock stands still: 22 June, 10:45
    async with demo_session(settings, clock, zone, "en", io.StringIO()) as demo:
        await dress(demo.services)
        clock.set(start)

        def link(user_id: int) -> str:
            return (demo.control.app_link(user_id) or "").replace("/app/org/#", "/app/#")

        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=chromium, args=["--no-sandbox"]
            )
            try:
                await participant_views(browser, link, out)
                await organiser_views(browser, demo, out)
            finally:
                await browser.close()


def check(out: Path) -> list[str]:
    """What is missing or too large."""
    problems = []
    for name in SHOTS:
        path = out / f"{name}.png"
        if not path.exists():
            problems.append(f"{path} is missing")
        elif path.stat().st_size > LIMIT:
            problems.append(f"{path} is {path.stat().st_size // 1024} KB (at most 150)")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--check", action="store_true", help="only check the files")
    args = parser.parse_args()
    if not args.check:
        chromium = shutil.which("chromium") or shutil.which("chromium-browser")
        if chromium is None:
            print("Needs Debian's chromium: apt-get install --no-install-recommends chromium")
            return 1
        args.out.mkdir(parents=True, exist_ok=True)
        asyncio.run(take(args.out, chromium))
    problems = check(args.out)
    for line in problems or [f"{len(SHOTS)} screenshots in {args.out}, each at most 150 KB"]:
        print(line)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
