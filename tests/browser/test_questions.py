"""Questions in the browser: a participant asks on a round table's card (the moderator is
told in the chat), votes once for an approved question (the chat's list counts it); an
organiser reopens and unblocks from the console, with averages written per language."""

from __future__ import annotations

import pytest
from playwright.async_api import expect

from forumbot.rules.search import words
from tests.browser.conftest import Web
from tests.e2e.conftest import LANGS, ORGANISER, start_in
from tests.e2e.test_agenda import wait_for_text
from tests.e2e.test_questions import ask_from_card, public_list, question_ids

ASKER, VOTER = 62, 63
RT = "rt-technology"


@pytest.mark.parametrize("lang", LANGS)
async def test_a_participant_asks_and_votes_on_the_card(web: Web, lang: str) -> None:
    emu, catalogs = web.emu, web.catalogs
    for user in (ASKER, ORGANISER):
        await start_in(emu, user, lang)
    page = await web.open(ASKER, lang)
    await page.click(f".grid [data-session={RT}]")
    section = page.locator(f"#card [data-questions={RT}]")
    await expect(section).to_contain_text(catalogs.t(lang, "web_q_none"))
    await section.locator(".q-open").click()
    await section.locator("#q-text").fill("How are <b>ballots</b> counted?")
    mark = emu.mark(ORGANISER)
    await section.locator("[type=submit]").click()
    await expect(section.locator(".q-status")).to_have_text(catalogs.t(lang, "web_q_sent"))
    [qid] = await question_ids(web.bot)
    # The moderators (here the organisers: the session has none of its own) are told.
    await wait_for_text(emu, ORGANISER, mark, "🛡")
    [queue] = await emu.ask(ORGANISER, "/questions")
    assert "How are <b>ballots</b> counted?" in queue.text
    await emu.tap(ORGANISER, queue.message_id, data=f"qmod:{qid}:approve", count=1)

    # Another participant sees it approved, votes once; the chat's list counts the vote.
    await start_in(emu, VOTER, lang)
    voter = await web.open(VOTER, lang)
    await voter.click(f".grid [data-session={RT}]")
    item = voter.locator(f"#card [data-question='{qid}']")
    await expect(item).to_contain_text("How are <b>ballots</b> counted?")  # as typed
    await item.locator(".q-vote").click()
    await expect(item.locator(".q-vote")).to_have_attribute("aria-pressed", "true")
    await expect(item.locator(".q-vote")).to_have_text(catalogs.t(lang, "web_q_vote", count=1))
    await web.shot(voter, f"card-questions-{lang}")
    assert f"👍 1 · #{qid}" in (await public_list(emu, ASKER)).text


async def test_the_offline_search_folds_as_the_bot_and_finds_by_speaker(web: Web) -> None:
    page = await web.open(VOTER, "ru")
    samples = [
        "Шаршенoва",  # a Latin o among Cyrillic letters
        "ӨКМӨТ Ѳкмѳт үнүн Ёлка ЙОД",
        "Ishenkul Straße ΣΊΣΥΦΟΣ 42_x",
        "«Инфоком», e-voting: КР-дин",
        "ﬁ ① Ｔｅｓｔ",  # NFKC
    ]
    folded = await page.evaluate(
        "async ([base, xs]) => { const m = await import(base + 'static/fold.js');"
        " return xs.map((x) => m.words(x)); }",
        ["/app/", samples],
    )
    assert folded == [words(x) for x in samples]
    # Offline: the search runs on the device, with the same folding, and a speaker's name
    # finds their sessions.
    await page.wait_for_selector("body[data-kept]")
    await web.context.set_offline(True)
    await page.fill("#search", "шаршенoва")
    await expect(page.locator(".speakers")).to_contain_text("Шаршенова")
    await expect(page.locator(f".list [data-session={RT}]")).to_be_visible()


@pytest.mark.parametrize("lang", LANGS)
async def test_an_organiser_reopens_and_unblocks_from_the_console(web: Web, lang: str) -> None:
    emu, store, catalogs = web.emu, web.store, web.catalogs
    for user in (ASKER, ORGANISER):
        await start_in(emu, user, lang)
    await ask_from_card(emu, ASKER, "spam spam")
    [qid] = await question_ids(web.bot)
    now = web.services.clock.now()
    for chat_id, rating in ((1, 5), (2, 5), (3, 2)):
        await store.users.record(chat_id, "en", now)
        await store.feedback.rate(chat_id, RT, rating, now)
    console = await web.open(ORGANISER, lang, name="Organiser")
    average = {"ky": "4,0", "ru": "4,0", "en": "4.0"}[lang]
    summary = catalogs.t(lang, "web_org_fb_summary", count=3, average=average)
    await expect(console.locator(f"[data-feedback={RT}]")).to_contain_text(summary)
    await console.click(f"[data-question='{qid}'] [data-do=block]")
    await console.locator("[data-confirm=block] [data-do=block-yes]").click()
    await expect(console.locator(f"#q-history [data-question='{qid}']")).to_be_visible()
    await expect(console.locator(f"#q-blocked [data-blocked='{ASKER}']")).to_contain_text("Aida")
    await web.shot(console, f"console-history-{lang}", full_page=True)
    await console.click(f"#q-history [data-question='{qid}'] [data-do=reopen]")
    await expect(console.locator("#q-status")).to_have_text(
        catalogs.t(lang, "web_org_q_reopened", id=qid)
    )
    await expect(console.locator(f"#q-pending [data-question='{qid}']")).to_be_visible()
    await console.click(f"#q-blocked [data-blocked='{ASKER}'] [data-do=unblock]")
    await expect(console.locator("#q-status")).to_have_text(
        catalogs.t(lang, "web_org_q_unblocked", person="Aida")
    )
    forum = await store.programme.forum()
    assert await store.questions.blocked(forum.id) == []
    assert await question_ids(web.bot) == [qid]
    actions = [e.action for e in await store.staff.audit_log()]
    assert actions[:2] == ["question_unblock", "question_reopened"]
