"""The console's questions queue in the browser: an organiser approves one question (its
asker is told in the chat) and blocks another asker, which asks once, naming the person."""

from __future__ import annotations

import pytest
from playwright.async_api import expect

from tests.browser.conftest import Web
from tests.e2e.conftest import LANGS, ORGANISER, start_in
from tests.e2e.test_agenda import wait_for_text
from tests.e2e.test_questions import ask_from_card, question_ids

ASKER, TROLL = 62, 63
RT = "rt-technology"


@pytest.mark.parametrize("lang", LANGS)
async def test_an_organiser_approves_and_blocks_from_the_console(web: Web, lang: str) -> None:
    bot, emu, store, catalogs = web.bot, web.emu, web.store, web.catalogs
    await start_in(emu, ASKER, lang)
    await ask_from_card(emu, ASKER, "Will <b>seats</b> be fair?")
    await start_in(emu, TROLL, lang)
    emu.add_user(TROLL, first_name="Troll", username="troll", language_code=lang)
    await ask_from_card(emu, TROLL, "spam spam")
    good, bad = await question_ids(bot)

    console = await web.open(ORGANISER, lang, name="Organiser")
    await expect(console.locator("#q-title")).to_have_text(catalogs.t(lang, "web_org_questions"))
    await expect(console.locator("#q-pending li")).to_have_count(2)
    await expect(console.locator(f"[data-question='{good}']")).to_contain_text("<b>seats</b>")
    mark = emu.mark(ASKER)
    await console.click(f"#q-pending [data-question='{good}'] [data-do=approve]")
    await expect(console.locator("#q-status")).to_have_text(
        catalogs.t(lang, "web_org_q_done_approve")
    )
    await expect(console.locator(f"#q-approved [data-question='{good}']")).to_have_count(1)
    await wait_for_text(emu, ASKER, mark, "✅")  # told in the chat, as from /questions
    assert await question_ids(bot, "approved") == [good]

    await console.click(f"[data-question='{bad}'] [data-do=block]")
    confirm = console.locator("[data-confirm=block]")
    await expect(confirm).to_contain_text("Troll (@troll)")
    assert await question_ids(bot) == [bad]  # nothing changed before the confirmation
    await web.shot(console, f"console-questions-{lang}")
    await confirm.locator("[data-do=block-yes]").click()
    await expect(console.locator("#q-status")).to_have_text(
        catalogs.t(lang, "web_org_q_done_block")
    )
    await expect(console.locator("#q-pending li")).to_have_count(0)
    forum = await store.programme.forum()
    assert [b.person.chat_id for b in await store.questions.blocked(forum.id)] == [TROLL]
    [entry, *_] = await store.staff.audit_log()
    assert (entry.action, entry.actor) == ("question_block", ORGANISER)
