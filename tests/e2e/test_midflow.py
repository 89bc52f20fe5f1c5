"""A command or a menu button typed while a conversation waits for text leaves it and is
answered as a command (issue 12, item 14): an open "Ask a question" no longer takes an
organiser's /post, nor the post's text, as a question; a post's draft left for /news is kept
and /post continues it."""

from __future__ import annotations

import re

import pytest

from forumbot.emulator import BotAPIEmulator
from forumbot.infra.i18n import Catalogs
from tests.e2e.conftest import LANGS, ORGANISER, labels, start_in
from tests.e2e.test_agenda import open_card
from tests.e2e.test_post import KY, LATER

RT = "rt-technology"  # on now at conftest's clock, takes questions
TITLE = "Залдын өзгөрүшү"


def plain(html: str) -> str:
    """A catalog text as the chat shows it (its tags rendered)."""
    return re.sub(r"<[^>]+>", "", html)


@pytest.mark.parametrize("lang", LANGS)
async def test_a_post_typed_while_a_question_is_awaited_is_a_post(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, ORGANISER, lang)
    card = await open_card(emu, ORGANISER, RT)
    await emu.tap(ORGANISER, card.message_id, data=f"qask:{RT}", count=1)
    left, kind = await emu.ask(ORGANISER, "/post", count=2)
    assert left.text == catalogs.t(lang, "q_ask_left")
    assert catalogs.t(lang, "post_choose_kind") in kind.text
    await emu.tap(ORGANISER, kind.message_id, data="pkind:news", count=1)
    [next_language] = await emu.ask(ORGANISER, KY)
    assert next_language.text.startswith(plain(catalogs.t(lang, "post_write", language="Русский")))
    store = bot.bot_data["services"].store
    assert await store.questions.of_session(RT, ("pending",)) == []
    await emu.tap(ORGANISER, next_language.message_id, data="pdone", count=2)
    await emu.tap(ORGANISER, emu.last_message(ORGANISER).message_id, data="ppub", count=1)
    posts, _ = await store.programme.posts(0, 10, until=LATER)
    assert TITLE in [p.title.get("ky") for p in posts]


@pytest.mark.parametrize("lang", LANGS)
async def test_a_menu_button_while_a_question_is_awaited_opens_its_screen(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, 90, lang)
    card = await open_card(emu, 90, RT)
    await emu.tap(90, card.message_id, data=f"qask:{RT}", count=1)
    left, news = await emu.ask(90, catalogs.t(lang, "menu_news"), count=2)
    assert left.text == catalogs.t(lang, "q_ask_left")
    assert catalogs.t(lang, "news_title") in news.text
    assert await bot.bot_data["services"].store.questions.of_session(RT, ("pending",)) == []


@pytest.mark.parametrize("lang", LANGS)
async def test_a_post_left_for_another_command_is_kept_and_continued(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, ORGANISER, lang)
    [kind] = await emu.ask(ORGANISER, "/post")
    await emu.tap(ORGANISER, kind.message_id, data="pkind:news", count=1)
    await emu.ask(ORGANISER, KY)  # → asks for Russian
    # /news is answered before the composer sees it; the draft simply waits.
    [news] = await emu.ask(ORGANISER, "/news")
    assert catalogs.t(lang, "news_title") in news.text
    # /search comes after it: the composer lets it through and keeps the draft.
    kept, search = await emu.ask(ORGANISER, "/search", count=2)
    assert kept.text == catalogs.t(lang, "post_kept")
    assert search.text == plain(catalogs.t(lang, "search_prompt"))
    [offer] = await emu.ask(ORGANISER, "/post")
    assert offer.text.startswith(
        catalogs.t(lang, "post_resume", kind="X", languages="").split("(")[0]
    )
    assert "Кыргызча" in offer.text
    await emu.tap(ORGANISER, offer.message_id, data="presume:go", count=1)
    prompt = emu.last_message(ORGANISER)
    assert prompt.text.startswith(plain(catalogs.t(lang, "post_write", language="Русский")))
    await emu.tap(ORGANISER, prompt.message_id, data="pdone", count=2)
    await emu.tap(ORGANISER, emu.last_message(ORGANISER).message_id, data="ppub", count=1)
    await start_in(emu, 91, "ky")
    [listing] = await emu.ask(91, "/news")
    assert TITLE in labels(listing)[0]
