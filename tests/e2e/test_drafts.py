"""Organisers' drafts are kept in the store (issue 11, part 7): an announcement, a post or
a quick change being composed survives a restart of the Application on the same store and
goes on from its step; another organiser can see it there; cancelling drops it."""

from __future__ import annotations

from pathlib import Path

from forumbot.emulator import BotAPIEmulator
from forumbot.infra.clock import SimulatedClock
from forumbot.infra.i18n import Catalogs
from forumbot.store import Store
from forumbot.store.drafts import AnnounceDraft, PostDraft
from handlers.app import build_application, running
from tests.e2e.conftest import ORGANISER, bishkek, settings_for, start_in

TEXT = "The closing ceremony moves to the main hall."


async def test_an_announcement_draft_survives_a_restart(
    emu: BotAPIEmulator, tmp_path: Path, catalogs: Catalogs
) -> None:
    clock = SimulatedClock(bishkek(22, 9, 0), speed=0)
    settings = settings_for(emu, tmp_path)
    async with running(build_application(settings, clock), poll_timeout=1):
        await start_in(emu, ORGANISER, "en")
        [mode] = await emu.ask(ORGANISER, "/announce")
        await emu.tap(ORGANISER, mode.message_id, data="amode:one", count=1)
        await emu.ask(ORGANISER, TEXT, count=3)  # the heading, the preview, the audience
        picker = emu.last_message(ORGANISER)
        assert catalogs.t("en", "announce_preview_all") in emu.messages(ORGANISER)[-3].text

    store = await Store.open(settings.db_path)  # what another organiser's view would read
    try:
        [(chat, _when, draft)] = await store.drafts.waiting(AnnounceDraft)
    finally:
        await store.close()
    assert chat == ORGANISER and draft.mode == "one" and list(draft.texts.values()) == [TEXT]

    async with running(build_application(settings, clock), poll_timeout=1) as app:
        await emu.tap(ORGANISER, picker.message_id, data="aud:all", count=1)
        when = emu.last_message(ORGANISER)
        assert when.message_id == picker.message_id  # the step after the audience
        await emu.tap(ORGANISER, when.message_id, data="when:10m", count=1)
        await emu.tap(ORGANISER, when.message_id, data="aok", count=1)
        assert emu.last_message(ORGANISER).text == catalogs.t("en", "announce_scheduled", id=1)
        scheduled = await app.bot_data["services"].delivery.outbox.get(1)
        assert list(scheduled.content.texts.values()) == [TEXT]
        assert await app.bot_data["services"].store.drafts.waiting(AnnounceDraft) == []


async def test_cancel_drops_the_stored_draft(emu: BotAPIEmulator, bot, catalogs: Catalogs) -> None:
    await start_in(emu, ORGANISER, "en")
    [mode] = await emu.ask(ORGANISER, "/announce")
    drafts = bot.bot_data["services"].store.drafts
    assert await drafts.get(AnnounceDraft, ORGANISER) == AnnounceDraft()
    await emu.tap(ORGANISER, mode.message_id, data="acancel", count=1)
    assert emu.last_message(ORGANISER).text == catalogs.t("en", "compose_cancelled")
    assert await drafts.get(AnnounceDraft, ORGANISER) is None


async def test_a_post_and_a_quick_change_survive_a_restart(
    emu: BotAPIEmulator, tmp_path: Path, catalogs: Catalogs
) -> None:
    clock = SimulatedClock(bishkek(22, 9, 0), speed=0)
    settings = settings_for(emu, tmp_path)
    async with running(build_application(settings, clock), poll_timeout=1):
        await start_in(emu, ORGANISER, "en")
        [kind] = await emu.ask(ORGANISER, "/post")
        await emu.tap(ORGANISER, kind.message_id, data="pkind:news", count=1)
        [card] = await emu.ask(ORGANISER, "/start s_school-1")
        await emu.tap(ORGANISER, card.message_id, data="qc:school-1", count=1)
        menu = emu.last_message(ORGANISER)
        [hall] = [
            b["callback_data"] for b in menu.inline_buttons() if "qcroom:" in b["callback_data"]
        ]
        await emu.tap(ORGANISER, menu.message_id, data=hall, count=1)
        preview = emu.last_message(ORGANISER)

    async with running(build_application(settings, clock), poll_timeout=1) as app:
        store = app.bot_data["services"].store
        await emu.tap(ORGANISER, preview.message_id, data="qcok:school-1", count=1)
        assert emu.last_message(ORGANISER).text == catalogs.t("en", "qc_applied")
        assert (await store.programme.session("school-1")).room_id == "main-hall"
        # The post goes on where it was: its text is asked for in the forum's first language.
        await emu.ask(ORGANISER, "Hall change\nThe school moves to the main hall.")
        await emu.tap(ORGANISER, emu.last_message(ORGANISER).message_id, data="pdone", count=2)
        confirm = emu.last_message(ORGANISER)
        assert confirm.text == catalogs.t("en", "post_confirm_news")
        await emu.tap(ORGANISER, confirm.message_id, data="ppub", count=1)
        assert emu.last_message(ORGANISER).text == catalogs.t("en", "post_published")
        assert await store.drafts.waiting(PostDraft) == []
