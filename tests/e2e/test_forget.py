"""After /forget the person stays forgotten, across restarts: one line for anything but
/start, nothing stored; /start starts afresh."""

from __future__ import annotations

from pathlib import Path

import pytest

from forumbot.delivery.models import Audience
from forumbot.emulator import BotAPIEmulator
from forumbot.infra.clock import SimulatedClock
from forumbot.infra.i18n import Catalogs
from handlers.app import build_application, running
from tests.e2e.conftest import button_data, settings_for


def store_of(app):
    return app.bot_data["services"].store


async def forget_me(emu: BotAPIEmulator, user_id: int) -> None:
    """/start, then /forget and its confirmation."""
    await emu.ask(user_id, "/start", count=2)
    [question] = await emu.ask(user_id, "/forget")
    await emu.tap(user_id, question.message_id, data=button_data(question, "🗑"), count=1)


async def rows_about(app, user_id: int) -> int:
    db = store_of(app).db
    users = await db.fetchone("SELECT COUNT(*) FROM users WHERE chat_id = ?", (user_id,))
    topics = await db.fetchone("SELECT COUNT(*) FROM user_topics WHERE chat_id = ?", (user_id,))
    return users[0] + topics[0]


@pytest.mark.parametrize(("code", "lang"), [("ky", "ky"), ("en-US", "en"), ("uk", "ru")])
async def test_after_forget_nothing_brings_the_person_back_but_start(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, code: str, lang: str
) -> None:
    emu.add_user(81, language_code=code)
    await forget_me(emu, 81)
    line = catalogs.t(lang, "forgotten_stays")
    for text in ["/my", "/now", "/settings", "hello", "/subscribe"]:
        [reply] = await emu.ask(81, text)
        assert reply.text == line, text
    picker = emu.messages(81)[1]  # the language picker from the first /start
    pressed = await emu.tap(81, picker.message_id, data="lang:en")
    assert (pressed.text, pressed.show_alert) == (line, True)
    assert await rows_about(bot, 81) == 0
    outbox = bot.bot_data["services"].delivery.outbox
    assert await outbox.audience_size(Audience.everyone()) == 0  # no broadcast reaches them


async def test_forgotten_across_a_restart_then_start_is_fresh(
    emu: BotAPIEmulator, clock: SimulatedClock, tmp_path: Path, data_path: Path,
    catalogs: Catalogs,
) -> None:  # fmt: skip
    settings = settings_for(emu, tmp_path, data_path=data_path)
    emu.add_user(82, language_code="ru")
    async with running(build_application(settings, clock), poll_timeout=1):
        await forget_me(emu, 82)
    async with running(build_application(settings, clock), poll_timeout=1) as app:
        [reply] = await emu.ask(82, "/now")
        assert reply.text == catalogs.t("ru", "forgotten_stays")
        assert await rows_about(app, 82) == 0
        _welcome, picker = await emu.ask(82, "/start", count=2)
        assert "lang:ky" in str(picker.reply_markup)  # a newcomer: the language choice
        assert await rows_about(app, 82) == 3  # the user and their two default topics
        assert await store_of(app).privacy.hashes() == set()
        [now] = await emu.ask(82, "/now")
        assert now.text != catalogs.t("ru", "forgotten_stays")
