"""/start, the language choice and the command menus."""

from __future__ import annotations

import pytest

from forumbot.emulator import BotAPIEmulator
from forumbot.infra.i18n import Catalogs
from tests.e2e.conftest import LANGS, labels, start_in


@pytest.mark.parametrize(
    ("language_code", "expected"),
    [("ru", "ru"), ("ru-RU", "ru"), ("ky", "ky"), ("en", "en"), ("kk", "ru"), ("de", "en")],
)
async def test_first_start_welcomes_and_preselects_the_language(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, language_code: str, expected: str
) -> None:
    emu.add_user(5, language_code=language_code)
    welcome, picker = await emu.ask(5, "/start", count=2)
    assert "Cholpon-Ata" in welcome.text or "Чолпон-Ата" in welcome.text
    menu = [b["text"] for row in welcome.reply_markup["keyboard"] for b in row]
    assert menu[0] == catalogs.t(expected, "menu_programme")
    # The picker speaks all three languages and marks the preselected one.
    for lang in LANGS:
        assert catalogs.t(lang, "choose_language") in picker.text
    marked = [label for label in labels(picker) if label.startswith("✅")]
    assert marked == ["✅ " + {"ky": "Кыргызча", "ru": "Русский", "en": "English"}[expected]]


@pytest.mark.parametrize("lang", LANGS)
async def test_choosing_a_language_switches_menu_and_chat_commands(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    confirmation = await start_in(emu, 7, lang)
    assert confirmation.text.startswith("✅")
    menu = [b["text"] for row in confirmation.reply_markup["keyboard"] for b in row]
    assert menu[:4] == [
        catalogs.t(lang, k) for k in ("menu_programme", "menu_my", "menu_now", "menu_next")
    ]
    chat_menu = emu.commands(scope={"type": "chat", "chat_id": 7})
    assert chat_menu is not None
    assert {c["command"]: c["description"] for c in chat_menu}["now"] == catalogs.t(
        lang, "cmd_now"
    )


async def test_returning_user_gets_no_picker_and_language_stays_one_tap_away(
    emu: BotAPIEmulator, bot, catalogs: Catalogs
) -> None:
    await start_in(emu, 8, "ky")
    [welcome] = await emu.ask(8, "/start")
    assert catalogs.t("ky", "menu_programme") in str(welcome.reply_markup)
    [picker] = await emu.ask(8, catalogs.t("ky", "menu_language"))  # the menu button
    assert "✅ Кыргызча" in labels(picker)
    [picker2] = await emu.ask(8, "/language")
    assert "✅ Кыргызча" in labels(picker2)


async def test_command_menus_are_set_per_language_at_start_up(
    emu: BotAPIEmulator, bot, catalogs: Catalogs
) -> None:
    for lang in LANGS:
        commands = emu.commands(language_code=lang)
        assert commands is not None, lang
        described = {c["command"]: c["description"] for c in commands}
        assert described["programme"] == catalogs.t(lang, "cmd_programme")
        assert "status" not in described  # organiser commands are not advertised
    default = emu.commands()  # for every other language: English
    assert default is not None
    assert default == emu.commands(language_code="en")


@pytest.mark.parametrize("lang", LANGS)
async def test_help_lists_the_commands(emu: BotAPIEmulator, bot, catalogs, lang: str) -> None:
    await start_in(emu, 9, lang)
    [help_] = await emu.ask(9, "/help")
    for command in ("/programme", "/now", "/next", "/speakers", "/news", "/search", "/language"):
        assert command in help_.text
    assert catalogs.t(lang, "cmd_speakers") in help_.text
    assert "/status" not in help_.text


async def test_tapping_the_ticked_language_sends_no_identical_edit(
    emu: BotAPIEmulator, bot, catalogs: Catalogs
) -> None:
    emu.add_user(12, first_name="Aida", language_code="ru")
    _welcome, picker = await emu.ask(12, "/start", count=2)
    assert "✅ Русский" in labels(picker)
    edits = emu.stats["editMessageText"]
    await emu.tap(12, picker.message_id, data="lang:ru", count=1)  # the confirmation only
    assert emu.stats["editMessageText"] == edits  # Telegram would refuse "not modified"
    assert emu.last_message(12).text.startswith("✅")


@pytest.mark.parametrize(("lang", "other"), [("ky", "en"), ("ru", "ky"), ("en", "ru")])
async def test_the_picker_opened_from_settings_leads_back_to_settings(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str, other: str
) -> None:
    await start_in(emu, 13, lang)
    [settings] = await emu.ask(13, "/settings")
    await emu.tap(13, settings.message_id, data="langpick", count=1)
    [picker] = [m for m in emu.messages(13) if m.message_id == settings.message_id]
    back = "← " + catalogs.t(lang, "back")
    assert back in labels(picker)
    edits = emu.stats["editMessageText"]
    await emu.tap(13, picker.message_id, data=f"lang:{lang}:s", count=1)
    assert emu.stats["editMessageText"] == edits  # the ticked one: nothing to edit
    await emu.tap(13, picker.message_id, data=f"lang:{other}:s", count=2)
    [picker] = [m for m in emu.messages(13) if m.message_id == settings.message_id]
    assert "← " + catalogs.t(other, "back") in labels(picker)
    await emu.tap(13, picker.message_id, data="settings", count=1)
    [shown] = [m for m in emu.messages(13) if m.message_id == settings.message_id]
    assert shown.text.startswith("⚙️ " + catalogs.t(other, "settings_title"))
