"""Updates from different chats are answered concurrently, one chat's in order: a participant
never waits behind an organiser's slow work. Proven by order, not by the clock."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from forumbot.emulator import BotAPIEmulator
from forumbot.infra.settings import DEFAULT_DATA, Settings
from handlers.app import build_application, running
from tests.e2e.conftest import ORGANISER, start_in
from tests.e2e.test_dataimport import server, url_bot  # noqa: F401 (fixtures)
from tests.hostile import slow_programme
from tests.http_source import ProgrammeServer
from tests.programme.test_worker import workers

PARTICIPANT = 61


async def test_now_is_answered_while_a_reload_waits_on_a_slow_server(
    emu: BotAPIEmulator,
    url_bot,  # noqa: F811
    server: ProgrammeServer,  # noqa: F811
) -> None:
    await start_in(emu, ORGANISER, "en")
    await start_in(emu, PARTICIPANT, "ru")
    server.hold()
    organiser_mark = emu.mark(ORGANISER)
    await emu.send_text(ORGANISER, "/reload")
    await asyncio.wait_for(server.arrived.wait(), 10)  # the reload is waiting on the server
    [reply] = await emu.ask(PARTICIPANT, "/now")
    assert "10:45" in reply.text  # answered while the organiser's reload still waits…
    assert emu.messages(ORGANISER)[organiser_mark:] == []
    server.release()
    [answer] = await emu.wait_events(ORGANISER, organiser_mark, count=1)  # …which then ends
    assert answer.message is not None and answer.message.text


async def test_one_chats_updates_are_answered_in_the_order_sent(emu: BotAPIEmulator, bot) -> None:
    await start_in(emu, PARTICIPANT, "en")
    commands = ["/help", "/now", "/next", "/speakers", "/news", "/programme", "/settings"]
    one_by_one = [(await emu.ask(PARTICIPANT, command))[0].text for command in commands]
    mark = emu.mark(PARTICIPANT)
    for command in commands:  # now sent at once, without waiting for the answers
        await emu.send_text(PARTICIPANT, command)
    events = await emu.wait_events(PARTICIPANT, mark, count=len(commands))
    assert [e.message.text for e in events if e.message is not None] == one_by_one


@pytest.fixture
async def patient_bot(emu: BotAPIEmulator, clock, tmp_path: Path):
    """The bot with room for a large programme file: two minutes to check it."""
    settings = Settings(
        token=emu.token, api_base_url=emu.base_url, api_base_file_url=emu.base_file_url,
        db_path=tmp_path / "bot.sqlite3", data_path=DEFAULT_DATA,
        organiser_ids=frozenset({ORGANISER}), import_seconds=120.0,
    )  # fmt: skip
    async with running(build_application(settings, clock), poll_timeout=1) as app:
        yield app


async def test_now_is_answered_while_a_large_upload_is_checked_in_the_worker(
    emu: BotAPIEmulator, patient_bot
) -> None:
    await start_in(emu, ORGANISER, "en")
    await start_in(emu, PARTICIPANT, "ky")
    organiser_mark = emu.mark(ORGANISER)
    await emu.send_document(ORGANISER, "large.yaml", slow_programme())
    for _ in range(1000):  # until the checker process runs (by order: it exists)
        if workers():
            break
        await asyncio.sleep(0.01)
    assert workers(), "the upload never reached the worker"
    [reply] = await emu.ask(PARTICIPANT, "/now")
    assert "10:45" in reply.text
    assert workers()  # answered while the organiser's file is still being checked…
    assert not [e for e in emu.events(ORGANISER, organiser_mark) if e.kind == "sent"]
    verdicts = await emu.wait_events(ORGANISER, organiser_mark, count=1, timeout=120)
    assert verdicts[0].message is not None  # …which then gets its answer
