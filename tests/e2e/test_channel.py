"""The forum's channel (FORUMBOT_CHANNEL): an announcement to the channel alone, a post to
everyone and the channel corrected and withdrawn there too, the pinned programme kept
current, "starting now" with the card's link and the stream, the debounced public post of
changes with a cancelled session struck through, and a restart that posts nothing twice."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from forumbot.emulator import BotAPIEmulator, BotMessage
from forumbot.infra.clock import SimulatedClock
from forumbot.infra.i18n import Catalogs
from forumbot.infra.settings import Settings
from handlers.app import build_application, running
from tests.e2e.conftest import LANGS, ORGANISER, OWNER, bishkek, start_in
from tests.e2e.test_announce import announce, told_finished
from tests.e2e.test_quickchange import quick_menu

CHANNEL = -1001234567890
TITLE = "Issyk-Kul Forum"
FAN = 61
BOT = "forumbot_demo_bot"


def settings_for(emu: BotAPIEmulator, tmp_path: Path, data_path: Path, **channel) -> Settings:
    return Settings(
        token=emu.token,
        api_base_url=emu.base_url,
        api_base_file_url=emu.base_file_url,
        db_path=tmp_path / "bot.sqlite3",
        data_path=data_path,
        organiser_ids=frozenset({ORGANISER}),
        owner_ids=frozenset({OWNER}),
        channel="@issykkulforum",
        **channel,
    )


@pytest.fixture
def channel_options() -> dict:
    return {}


@pytest.fixture
async def bot(
    emu: BotAPIEmulator, clock: SimulatedClock, tmp_path: Path, data_path: Path, channel_options
) -> AsyncIterator:
    emu.add_channel(CHANNEL, TITLE, "issykkulforum")
    settings = settings_for(emu, tmp_path, data_path, **channel_options)
    async with running(build_application(settings, clock), poll_timeout=1) as app:
        yield app


async def channel_event(emu: BotAPIEmulator, since: int, kind: str = "sent"):
    """The next event of ``kind`` in the channel after ``since``."""
    events = await emu._wait(CHANNEL, since, lambda evs: any(e.kind == kind for e in evs), 10.0,
                             f"a {kind} event in the channel")  # fmt: skip
    return next(e for e in events if e.kind == kind)


async def with_button(emu: BotAPIEmulator, chat: int, since: int, data: str) -> BotMessage:
    """The first message sent to ``chat`` after ``since`` with a button of ``data``."""

    def has(e) -> bool:
        return e.kind == "sent" and any(b.get("callback_data") == data
                                        for b in e.message.inline_buttons())  # fmt: skip

    events = await emu._wait(chat, since, lambda evs: any(has(e) for e in evs), 10.0, data)
    return next(e.message for e in events if has(e))


def post(emu: BotAPIEmulator, message_id: int) -> BotMessage:
    return emu.state.bot_messages[CHANNEL][message_id]


@pytest.mark.parametrize("lang", LANGS)
async def test_an_announcement_to_the_channel_alone(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, ORGANISER, lang)
    await start_in(emu, FAN, "ru")
    fan, channel = emu.mark(FAN), emu.mark(CHANNEL)
    picker = await announce(emu, "The forum's photos are online.", audience="chn")
    when = emu.last_message(ORGANISER)
    assert catalogs.t(lang, "announce_channel_only", channel=TITLE) in when.text
    await emu.tap(ORGANISER, picker, data="when:now", count=1)
    confirm = emu.last_message(ORGANISER)
    assert confirm.text == catalogs.t(
        lang, "announce_confirm_channel", channel=TITLE, when=catalogs.t(lang, "when_now_text")
    )
    await emu.tap(ORGANISER, picker, data="aok", count=1)
    sent = await channel_event(emu, channel)
    assert sent.message.text == "The forum's photos are online."
    await told_finished(emu, 1)
    assert emu.events(FAN, fan) == []  # nobody gets it in the chat
    [log] = await emu.ask(ORGANISER, "/audit")
    assert catalogs.t(lang, "audit_channel", channel=TITLE) in log.text


@pytest.mark.parametrize("channel_options", [{"channel_languages": ("ky", "ru")}])
async def test_everyone_and_the_channel_corrected_then_withdrawn(
    emu: BotAPIEmulator, bot, catalogs: Catalogs
) -> None:
    await start_in(emu, ORGANISER, "en")
    await start_in(emu, FAN, "ky")
    channel = emu.mark(CHANNEL)
    picker = await announce(emu, "Ky: saat 11de", "Ru: в 11:00", "En: at 11:00", audience="allc")
    when = emu.last_message(ORGANISER)
    assert catalogs.t("en", "announce_and_channel", channel=TITLE) in when.text
    assert "<b>2</b>" in when.html  # the organiser and the fan; the channel is said apart
    await emu.tap(ORGANISER, picker, data="when:now", count=1)
    await emu.tap(ORGANISER, picker, data="aok", count=1)
    sent = await channel_event(emu, channel)
    # The channel's languages, stacked in one post (ky, then ru); no English there.
    assert sent.message.text == "Ky: saat 11de\n\n· · ·\n\nRu: в 11:00"
    await told_finished(emu, 1)

    [listing] = await emu.ask(ORGANISER, "/deliveries")
    await emu.tap(ORGANISER, listing.message_id, data="bview:1", count=1)
    await emu.tap(ORGANISER, listing.message_id, data="bfix:1", count=1)
    await emu.tap(ORGANISER, emu.last_message(ORGANISER).message_id, data="bfixl:1:ru", count=1)
    since = emu.mark(ORGANISER)
    await emu.send_text(ORGANISER, "Ru: в 11:30")
    confirm = await with_button(emu, ORGANISER, since, "bfixok:1:0")
    mark = emu.mark(CHANNEL)
    await emu.tap(ORGANISER, confirm.message_id, data="bfixok:1:0", count=1)
    edited = await channel_event(emu, mark, "edited")
    assert edited.message_id == sent.message_id
    assert post(emu, sent.message_id).text == "Ky: saat 11de\n\n· · ·\n\nRu: в 11:30"
    await told_finished(emu, 2)

    [listing] = await emu.ask(ORGANISER, "/deliveries")
    await emu.tap(ORGANISER, listing.message_id, data="bview:1", count=1)
    await emu.tap(ORGANISER, listing.message_id, data="bdel:1", count=1)
    mark = emu.mark(CHANNEL)
    await emu.tap(ORGANISER, emu.last_message(ORGANISER).message_id, data="bdelok:1", count=1)
    deleted = await channel_event(emu, mark, "deleted")
    assert deleted.message_id == sent.message_id
    assert emu.channel_posts(CHANNEL) == []
