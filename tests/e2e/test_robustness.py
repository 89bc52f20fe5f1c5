"""Bad input never crashes the bot: tampered buttons, unknown commands, hostile data."""

from __future__ import annotations

import pytest

from forumbot.emulator import BotAPIEmulator
from forumbot.infra.i18n import Catalogs
from tests.e2e.conftest import LANGS, ORGANISER, start_in


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    "data",
    [
        "ses:../../etc/passwd",  # characters an id never has
        "day:20991231:0",  # a day that is not in the programme
        "spk:sharshenova",  # wrong number of fields
        "lang:de",  # a language the bot does not speak
        "drop table users",  # nothing the bot ever made
        "ses:" + "x" * 40 + "\n",  # a trailing newline
    ],
)
async def test_tampered_buttons_get_a_polite_answer(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str, data: str
) -> None:
    confirmation = await start_in(emu, 40, lang)
    mark = emu.mark(40)
    await emu.press_raw(40, confirmation.message_id, data)
    [event] = await emu.wait_events(40, mark, count=1)
    assert event.kind == "answered"
    assert event.data["text"] == catalogs.t(lang, "stale_button")
    assert event.data["show_alert"] is True
    # Nothing else happened, and the bot goes on answering.
    [now] = await emu.ask(40, "/now")
    assert [e.kind for e in emu.events(40, mark)] == ["answered", "sent"]
    assert "10:45" in now.text


@pytest.mark.parametrize("lang", LANGS)
async def test_stale_buttons_after_the_programme_changed(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    confirmation = await start_in(emu, 41, lang)
    for data, key in [
        ("ses:no-such-session", "session_gone"),
        ("spk:no-such-person:0", "speaker_gone"),
        ("post:no-such-post:0", "post_gone"),
    ]:
        mark = emu.mark(41)
        await emu.press_raw(41, confirmation.message_id, data)
        [event] = await emu.wait_events(41, mark, count=1)
        assert event.kind == "answered"
        assert event.data["text"] == catalogs.t(lang, key)
        assert event.data["show_alert"] is True


@pytest.mark.parametrize("lang", LANGS)
async def test_unknown_commands_and_organiser_commands_for_others(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, 42, lang)
    [unknown] = await emu.ask(42, "/frobnicate")
    assert unknown.text == catalogs.t(lang, "unknown_command")
    [status] = await emu.ask(42, "/status")
    assert status.text == unknown.text  # nothing tells a participant the command exists


async def test_the_organiser_sees_the_status(emu: BotAPIEmulator, bot) -> None:
    emu.add_user(ORGANISER, language_code="en")
    await emu.ask(ORGANISER, "/start", count=2)
    [status] = await emu.ask(ORGANISER, "/status")
    assert "Sessions: 7" in status.text and "Speakers: 15" in status.text
    assert "Bot clock: Thursday, 22 June, 10:45, Bishkek time (UTC+6)" in status.text
    [help_] = await emu.ask(ORGANISER, "/help")
    assert "/status" in help_.text


async def test_a_reply_answered_429_is_sent_again_after_retry_after(
    emu: BotAPIEmulator, bot
) -> None:
    await start_in(emu, 43, "en")
    emu.fail_next(
        "sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1, chat_id=43
    )
    [now] = await emu.ask(43, "/now")  # the first try was refused; the reply still arrives
    assert "10:45" in now.text
    assert [e.kind for e in emu.events(43)].count("sent") == 4  # welcome, picker, set, /now
