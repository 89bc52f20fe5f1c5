"""Settings (topics), /subscribe, /unsubscribe, /privacy and /forget, in ky, ru and en."""

from __future__ import annotations

import pytest

from forumbot.emulator import BotAPIEmulator
from forumbot.infra.i18n import Catalogs
from forumbot.store import Store
from tests.e2e.conftest import LANGS, button_data, labels, start_in


def store_of(bot) -> Store:
    return bot.bot_data["services"].store


@pytest.mark.parametrize("lang", LANGS)
async def test_the_welcome_says_what_is_sent_and_stored(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    emu.add_user(70, language_code=lang)
    welcome, _picker = await emu.ask(70, "/start", count=2)
    assert "/settings" in welcome.text and "/privacy" in welcome.text
    dates = {"en": "22–23 June 2023", "ru": "22–23 июня 2023 г.", "ky": "2023-ж., 22–23-июнь"}
    assert dates[lang] in welcome.text  # the month once, in full
    assert await store_of(bot).users.topics(70) == {
        "announcements": True,
        "summaries": True,
        "digest": False,
        "feedback": False,  # on from the first star only
    }


@pytest.mark.parametrize("lang", LANGS)
async def test_settings_toggle_a_topic(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, 71, lang)
    [screen] = await emu.ask(71, catalogs.t(lang, "menu_settings"))  # the menu button
    assert "✅ " + catalogs.t(lang, "topic_announcements") in labels(screen)
    await emu.tap(71, screen.message_id, data="topic:announcements", count=1)
    assert "⬜ " + catalogs.t(lang, "topic_announcements") in labels(emu.last_message(71))
    assert await store_of(bot).users.topics(71) == {
        "announcements": False,
        "summaries": True,
        "digest": False,
        "feedback": False,  # on from the first star only
    }
    # The language is one tap away from here too.
    await emu.tap(71, screen.message_id, data="langpick", count=1)
    assert "Кыргызча" in str(emu.last_message(71).reply_markup)


async def test_unsubscribe_and_subscribe(emu: BotAPIEmulator, bot, catalogs: Catalogs) -> None:
    await start_in(emu, 72, "ru")
    [off] = await emu.ask(72, "/unsubscribe")
    assert off.text == catalogs.t("ru", "unsubscribed")
    assert await store_of(bot).users.topics(72) == {
        "announcements": False,
        "summaries": False,
        "digest": False,
        "feedback": False,  # on from the first star only
    }
    [on] = await emu.ask(72, "/subscribe")
    assert on.text == catalogs.t("ru", "subscribed")
    assert await store_of(bot).users.topics(72) == {
        "announcements": True,
        "summaries": True,
        "digest": False,
        "feedback": False,  # on from the first star only
    }


@pytest.mark.parametrize("lang", LANGS)
async def test_privacy_says_what_is_stored(emu, bot, catalogs: Catalogs, lang: str) -> None:
    await start_in(emu, 73, lang)
    [text] = await emu.ask(73, "/privacy")
    assert "/forget" in text.text and text.text.startswith("🔒")


@pytest.mark.parametrize("lang", LANGS)
async def test_forget_erases_everything_after_a_confirmation(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, 74, lang)
    users = store_of(bot).users
    [question] = await emu.ask(74, "/forget")
    await emu.tap(74, question.message_id, data="forget:no", count=1)
    assert emu.last_message(74).text == catalogs.t(lang, "forget_kept")
    assert await users.get(74) is not None

    [question] = await emu.ask(74, "/forget")
    await emu.tap(74, question.message_id, data=button_data(question, "🗑"), count=1)
    assert emu.last_message(74).text == catalogs.t(lang, "forgotten")
    assert await users.get(74) is None
    assert await users.topics(74) == {
        "announcements": False,
        "summaries": False,
        "digest": False,
        "feedback": False,
    }

    # Coming back with /start starts afresh: the language choice is offered again.
    _welcome, picker = await emu.ask(74, "/start", count=2)
    assert "lang:ky" in str(picker.reply_markup)
    assert await users.topics(74) == {
        "announcements": True,
        "summaries": True,
        "digest": False,
        "feedback": False,
    }
