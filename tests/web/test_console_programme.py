"""The console's programme quick changes against the running bot and the emulator: the
preview changes nothing and counts the people told; applying takes the chat's path, so who
starred the session gets the change notice; a clash asks for "anyway"; participants change
nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient, TestServer

from forumbot.emulator import BotAPIEmulator
from forumbot.infra.clock import SimulatedClock
from forumbot.infra.i18n import Catalogs
from tests.e2e import conftest as e2e
from tests.e2e.conftest import LANGS, ORGANISER, bishkek, start_in
from tests.e2e.test_agenda import star, wait_for_text
from tests.web.conftest import init_data
from webapp.server import build_app

emu, catalogs, bot, data_path = e2e.emu, e2e.catalogs, e2e.bot, e2e.data_path
FAN, PARTICIPANT = 62, 1001
URL = "/app/api/org/sessions/school-1"  # 22 June 15:00–17:30, small hall


@pytest.fixture
def clock() -> SimulatedClock:
    return SimulatedClock(bishkek(22, 9, 0), speed=0)


@pytest.fixture
async def client(bot, emu: BotAPIEmulator) -> AsyncIterator[TestClient]:
    services = bot.bot_data["services"]
    app = build_app(services, emu.token, "/app/", services.clock.now)
    async with TestClient(TestServer(app)) as client:
        yield client


def auth(bot, user_id: int = ORGANISER) -> dict[str, str]:
    when = bot.bot_data["services"].clock.now()
    return {"Authorization": "tma " + init_data(user_id, when=when, token=bot.bot.token)}


def store_of(bot):
    return bot.bot_data["services"].store


@pytest.mark.parametrize("lang", LANGS)
async def test_a_move_from_the_console_tells_who_starred_it(
    bot, emu: BotAPIEmulator, client: TestClient, clock: SimulatedClock, catalogs: Catalogs,
    lang: str,
) -> None:  # fmt: skip
    await start_in(emu, FAN, lang)
    await star(emu, FAN, "school-1", first=True)
    preview = await (await client.post(URL, json={"time": "16:00"}, headers=auth(bot))).json()
    assert (preview["kinds"], preview["people"], preview["applied"]) == (["time"], 1, False)
    assert (await store_of(bot).programme.session("school-1")).start == bishkek(22, 15, 0)
    done = await (await client.post(URL, json={"time": "16:00", "apply": True},
                                    headers=auth(bot))).json()  # fmt: skip
    assert done["applied"] is True
    assert (await store_of(bot).programme.session("school-1")).start == bishkek(22, 16, 0)
    [entry, *_] = await store_of(bot).staff.audit_log()
    assert (entry.action, entry.actor) == ("changed", ORGANISER)
    mark = emu.mark(FAN)
    clock.advance(dt.timedelta(minutes=3))
    notice = await wait_for_text(emu, FAN, mark, "📣")
    assert catalogs.t(lang, "changes_title") in notice.text and "16:00–18:30" in notice.text


async def test_a_clash_asks_for_anyway_and_cancel_restore(bot, client: TestClient) -> None:
    for cancelled in (True, False):
        body = {"cancelled": cancelled, "apply": True}
        assert (await (await client.post(URL, json=body, headers=auth(bot))).json())["applied"]
        assert (await store_of(bot).programme.session("school-1")).cancelled is cancelled
    clash = {"time": "10:30", "room": "main-hall", "apply": True}
    refused = await client.post(URL, json=clash, headers=auth(bot))
    assert refused.status == 409
    assert (await refused.json())["clashes"]["hall"]  # named, to decide on
    assert (await store_of(bot).programme.session("school-1")).room_id == "small-hall"
    anyway = await client.post(URL, json={**clash, "anyway": True}, headers=auth(bot))
    assert (await anyway.json())["applied"] is True
    [entry, *_] = await store_of(bot).staff.audit_log()
    assert entry.action == "changed" and entry.detail["anyway"]


async def test_participants_and_bad_changes_change_nothing(bot, client: TestClient) -> None:
    who = auth(bot, PARTICIPANT)
    for body in ({"time": "16:00", "apply": True}, {"cancelled": True, "apply": True}):
        assert (await client.post(URL, json=body, headers=who)).status == 403
    for body, code in (({"time": "25:00", "apply": True}, "bad_time"),
                       ({"room": "attic", "apply": True}, "no_such_room")):  # fmt: skip
        bad = await client.post(URL, json=body, headers=auth(bot))
        assert (bad.status, (await bad.json())["error"]) == (400, code)
    session = await store_of(bot).programme.session("school-1")
    assert (session.start, session.room_id, session.cancelled) == (
        bishkek(22, 15, 0), "small-hall", False,
    )  # fmt: skip
    assert [e for e in await store_of(bot).staff.audit_log() if e.action == "changed"] == []
