"""/post: organisers publish news in one or more languages; it joins /news at once."""

from __future__ import annotations

import datetime as dt

from forumbot.emulator import BotAPIEmulator
from forumbot.infra.i18n import Catalogs
from forumbot.infra.settings import DEFAULT_DATA
from forumbot.runtime.services import import_programme
from tests.e2e.conftest import ORGANISER, labels, start_in

LATER = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)  # every post is out by then
KY = "Залдын өзгөрүшү\nЭкинчи тегерек стол Кичи залда өтөт."
EN = "Hall change\nThe second round table moves to the small hall & starts at <11:30>."


async def compose_news(emu: BotAPIEmulator) -> None:
    """The organiser writes a news post in Kyrgyz and English, skipping Russian."""
    [kind] = await emu.ask(ORGANISER, "/post")
    await emu.tap(ORGANISER, kind.message_id, data="pkind:news", count=1)
    await emu.ask(ORGANISER, KY)  # → asks for Russian
    await emu.tap(ORGANISER, emu.last_message(ORGANISER).message_id, data="pskip", count=1)
    await emu.ask(ORGANISER, EN, count=3)  # → previews (ky, en) and the confirm question


async def test_an_organiser_publishes_news_in_two_languages(
    emu: BotAPIEmulator, bot, catalogs: Catalogs
) -> None:
    await start_in(emu, ORGANISER, "en")
    await compose_news(emu)
    ky_preview, en_preview, confirm = emu.messages(ORGANISER)[-3:]
    assert "Залдын өзгөрүшү" in ky_preview.text
    assert "& starts at <11:30>" in en_preview.text  # escaped, shown as typed
    assert confirm.text == catalogs.t("en", "post_confirm_news")
    await emu.tap(ORGANISER, confirm.message_id, data="ppub", count=1)
    assert emu.last_message(ORGANISER).text == catalogs.t("en", "post_published")

    await start_in(emu, 80, "ky")
    [news] = await emu.ask(80, "/news")
    # Dated by the bot's clock (22 June, 10:45): newest, above the news of the 22nd morning;
    # the summary, dated 23 June 18:00, is not out yet.
    assert "Залдын өзгөрүшү" in labels(news)[0] and len(labels(news)) == 2
    await start_in(emu, 81, "ru")  # no Russian text: the forum's default language (ky)
    [news_ru] = await emu.ask(81, "/news")
    assert "Залдын өзгөрүшү" in news_ru.text
    [found] = await emu.ask(81, "Кичи залда")
    assert "Залдын өзгөрүшү" in found.text


async def test_chat_posts_survive_a_re_import(emu: BotAPIEmulator, bot) -> None:
    await start_in(emu, ORGANISER, "en")
    await compose_news(emu)
    await emu.tap(ORGANISER, emu.last_message(ORGANISER).message_id, data="ppub", count=1)
    store = bot.bot_data["services"].store
    await import_programme(store, DEFAULT_DATA, bot.bot_data["services"].clock.now())
    posts, total = await store.programme.posts(0, 10, until=LATER)
    assert total == 3 and "Hall change" in [p.title.get("en") for p in posts]  # 2 bundled


async def test_participants_cannot_post_and_drafts_can_be_cancelled(
    emu: BotAPIEmulator, bot, catalogs: Catalogs
) -> None:
    await start_in(emu, 82, "ru")
    [refused] = await emu.ask(82, "/post")
    assert refused.text == catalogs.t("ru", "unknown_command")

    await start_in(emu, ORGANISER, "ru")
    [kind] = await emu.ask(ORGANISER, "/post")
    await emu.tap(ORGANISER, kind.message_id, data="pkind:summary", count=1)
    [again] = await emu.ask(ORGANISER, "only a title")
    assert again.text == catalogs.t("ru", "post_need_text", count=200)
    [cancelled] = await emu.ask(ORGANISER, "/cancel")
    assert cancelled.text == catalogs.t("ru", "compose_cancelled")
    [search] = await emu.ask(ORGANISER, "Молодёжь")  # plain text is a search again
    assert "Молодёжь и выборы" in search.text
    _posts, total = await bot.bot_data["services"].store.programme.posts(0, 10, until=LATER)
    assert total == 2  # the bundled news item and summary: nothing was published
