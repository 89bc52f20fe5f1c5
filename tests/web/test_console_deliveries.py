"""The console's deliveries against the running bot and the emulator: the list with status,
a broadcast's progress as server-sent events that end when it does, and a correction and a
withdrawal that ask once and then reach the recipients' chats (the chat's own path: the
message edited or deleted, the word that it changed, the audit row). initData in the stream's
query string is never logged. Participants change nothing."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from urllib.parse import quote

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer

from forumbot.emulator import BotAPIEmulator
from forumbot.infra.clock import SimulatedClock
from forumbot.infra.i18n import Catalogs
from forumbot.runtime import announce
from forumbot.store.drafts import AnnounceDraft
from tests.e2e import conftest as e2e
from tests.e2e.conftest import LANGS, ORGANISER, bishkek, start_in
from tests.e2e.test_announce import told_finished
from tests.web.conftest import init_data
from webapp.server import WebAppServer, build_app

emu, catalogs, bot, data_path = e2e.emu, e2e.catalogs, e2e.bot, e2e.data_path
KY, RU, PARTICIPANT = 90, 91, 1001
ORG = "/app/api/org/"
TEXTS = {"ky": "Тегерек үстөл 11:00дө.", "ru": "Круглый стол в 11:00."}


@pytest.fixture
def clock() -> SimulatedClock:
    return SimulatedClock(bishkek(22, 9, 0), speed=0)


@pytest.fixture
async def client(bot, emu: BotAPIEmulator) -> AsyncIterator[TestClient]:
    services = bot.bot_data["services"]
    app = build_app(services, emu.token, "/app/", services.clock.now)
    async with TestClient(TestServer(app)) as client:
        yield client


def signed(bot, user_id: int = ORGANISER) -> str:
    return init_data(user_id, when=bot.bot_data["services"].clock.now(), token=bot.bot.token)


def query(bot, user_id: int = ORGANISER) -> str:
    """initData as the page puts it in the stream's query string."""
    return quote(signed(bot, user_id), safe="")


def auth(bot, user_id: int = ORGANISER) -> dict[str, str]:
    return {"Authorization": "tma " + signed(bot, user_id)}


async def post(client: TestClient, bot, path: str, body: dict, user: int = ORGANISER):
    response = await client.post(ORG + path, json=body, headers=auth(bot, user))
    return response.status, await response.json()


async def sent_one(client: TestClient, bot, emu: BotAPIEmulator, lang: str) -> dict[int, int]:
    """The organiser (reading ``lang``) sends TEXTS to everyone from the console; each
    recipient's message id, once the organiser is told it has finished."""
    await start_in(emu, ORGANISER, lang)
    await start_in(emu, KY, "ky")
    await start_in(emu, RU, "ru")
    marks = {chat: emu.mark(chat) for chat in (KY, RU)}
    body = {"texts": TEXTS, "default": "ru", "audience": "all", "confirm": True}
    status, _ = await post(client, bot, "announce", body)
    assert status == 201
    ids = {}
    for chat, mark in marks.items():
        [event] = await emu.wait_events(chat, mark, count=1)
        ids[chat] = event.message_id
    await told_finished(emu, 1)
    return ids


async def events_of(client: TestClient, bot, broadcast_id: int) -> list[tuple[str, dict]]:
    """Every event of the broadcast's stream, to its end."""
    url = f"{ORG}broadcasts/{broadcast_id}/events?initData={query(bot)}"
    response = await client.get(url)
    assert response.headers["Content-Type"].startswith("text/event-stream")
    found, name = [], ""
    async for raw in response.content:
        line = raw.decode().rstrip("\n")
        if line.startswith("event: "):
            name = line[7:]
        elif line.startswith("data: "):
            found.append((name, json.loads(line[6:])))
    return found


async def test_the_stream_yields_progress_and_ends(
    bot, emu: BotAPIEmulator, client: TestClient
) -> None:
    await start_in(emu, ORGANISER, "en")
    for chat in range(200, 230):
        emu.add_user(chat, first_name="Guest", language_code="en")
        await emu.ask(chat, "/start", count=2)
    body = {"texts": {"en": "Lunch is served."}, "audience": "all", "confirm": True}
    assert (await post(client, bot, "announce", body))[0] == 201
    found = await events_of(client, bot, 1)
    names = [name for name, _ in found]
    assert names[-1] == "end" and names.count("progress") >= 1
    last = [data for name, data in found if name == "progress"][-1]
    assert (last["status"], last["sent"], last["total"], last["pending"]) == ("done", 31, 31, 0)
    assert last["counts"] == "31 of 31 sent"
    listing = await (await client.get(ORG + "broadcasts", headers=auth(bot))).json()
    [item] = listing["broadcasts"]
    assert (item["id"], item["status"], item["fixable"]) == (1, "done", True)


@pytest.mark.parametrize("lang", LANGS)
async def test_a_correction_reaches_the_chats_it_changes(
    bot, emu: BotAPIEmulator, client: TestClient, catalogs: Catalogs, lang: str
) -> None:
    ids = await sent_one(client, bot, emu, lang)
    body = {"lang": "ru", "text": "Круглый стол в 11:30.", "tell": True}
    status, asked = await post(client, bot, "broadcasts/1/correct", body)
    # English readers get the Russian variant (the fallback): theirs changes too.
    chats = 1 if lang == "ky" else 2  # the organiser got it too, and reads one of them
    expected = catalogs.t(lang, "correct_confirm", count=chats, language="Русский, English")
    assert (status, asked["chats"], asked["confirm"]) == (200, chats, expected)
    status, same = await post(
        client, bot, "broadcasts/1/correct", {"lang": "ru", "text": TEXTS["ru"]}
    )
    assert (status, same["message"]) == (409, catalogs.t(lang, "correct_same"))
    mark_ru, mark_ky = emu.mark(RU), emu.mark(KY)
    status, done = await post(client, bot, "broadcasts/1/correct", {**body, "confirm": True})
    assert status == 201 and done["message"] == catalogs.t(lang, "correct_queued_told", id=2)
    found = await emu.wait_events(RU, mark_ru, count=2)  # two engines' rows, in any order
    [edited] = [e for e in found if e.kind == "edited"]
    [told] = [e for e in found if e.kind == "sent"]
    assert edited.message_id == ids[RU] and edited.message.text == "Круглый стол в 11:30."
    assert told.message.text == catalogs.t("ru", "corrected_notice")
    assert not emu.events(KY, mark_ky)  # the Kyrgyz text did not change
    [entry, *_] = await bot.bot_data["services"].store.staff.audit_log()
    assert (entry.action, entry.actor) == ("edited", ORGANISER)
    assert entry.detail["languages"] == ["ru", "en"]


@pytest.mark.parametrize("lang", LANGS)
async def test_a_withdrawal_asks_once_and_removes_it_everywhere(
    bot, emu: BotAPIEmulator, client: TestClient, catalogs: Catalogs, lang: str
) -> None:
    ids = await sent_one(client, bot, emu, lang)
    status, asked = await post(client, bot, "broadcasts/1/withdraw", {})
    expected = catalogs.t(lang, "withdraw_confirm", id=1, count=3)  # the organiser's chat too
    assert (status, asked["confirm"]) == (200, expected)
    assert emu.messages(KY)[-1].message_id == ids[KY]  # asking deleted nothing
    marks = {chat: emu.mark(chat) for chat in ids}
    status, done = await post(client, bot, "broadcasts/1/withdraw", {"confirm": True})
    assert status == 201 and done["message"] == catalogs.t(lang, "withdraw_queued", id=2)
    for chat, mark in marks.items():
        [deleted] = await emu.wait_events(chat, mark, count=1)
        assert (deleted.kind, deleted.message_id) == ("deleted", ids[chat])
    last = [data for name, data in await events_of(client, bot, 2) if name == "progress"][-1]
    assert last["counts"] == catalogs.t(lang, "report_delete", sent=3, count=3)
    [entry, *_] = await bot.bot_data["services"].store.staff.audit_log()
    assert (entry.action, entry.actor) == ("withdrew", ORGANISER)
    [log] = await emu.ask(ORGANISER, "/audit")
    assert catalogs.t(lang, "audit_withdrew") in log.text
    # Withdrawn: no longer offered for correction or withdrawal, and a second try is refused.
    items = await (await client.get(ORG + "broadcasts", headers=auth(bot))).json()
    withdrawn = next(i for i in items["broadcasts"] if i["id"] == 1)
    assert withdrawn["fixable"] is False
    status, again = await post(client, bot, "broadcasts/1/withdraw", {"confirm": True})
    assert (status, again["message"]) == (409, catalogs.t(lang, "broadcast_not_now"))
    assert len(await bot.bot_data["services"].delivery.outbox.list_recent()) == 2


async def test_participants_see_and_change_nothing(
    bot, emu: BotAPIEmulator, client: TestClient
) -> None:
    ids = await sent_one(client, bot, emu, "en")
    for path, body in (("broadcasts/1/withdraw", {"confirm": True}),
                       ("broadcasts/1/correct", {"text": "x", "confirm": True})):  # fmt: skip
        status, refused = await post(client, bot, path, body, user=PARTICIPANT)
        assert (status, refused["error"]) == (403, "forbidden")
    url = f"{ORG}broadcasts/1/events?initData={query(bot, PARTICIPANT)}"
    assert (await client.get(url)).status == 403
    assert (await client.get(ORG + "broadcasts", headers=auth(bot, PARTICIPANT))).status == 403
    assert emu.messages(KY)[-1].message_id == ids[KY]
    assert len(await bot.bot_data["services"].delivery.outbox.list_recent()) == 1


async def test_init_data_in_the_stream_is_never_logged(
    bot, emu: BotAPIEmulator, caplog: pytest.LogCaptureFixture
) -> None:
    """The real server, as the bot runs it, with every logger listening."""
    services = bot.bot_data["services"]
    await start_in(emu, ORGANISER, "en")
    draft = AnnounceDraft(texts={"en": "Coffee."})
    await announce.queue(services, draft, ORGANISER)
    app = build_app(services, emu.token, "/app/", services.clock.now)
    server = WebAppServer("127.0.0.1", 0, app)
    await server.start()
    caplog.set_level(logging.DEBUG)
    secret = signed(bot)
    base = f"http://127.0.0.1:{server.port}{ORG}broadcasts/"
    try:
        async with aiohttp.ClientSession() as session:
            for given in (secret, secret.replace("hash=", "hash=0")):  # accepted, refused
                url = f"{base}1/events?initData={quote(given, safe='')}"
                async with session.get(url) as response:
                    assert response.status in (200, 401)
                    await response.read()  # to the stream's end
    finally:
        await server.stop()
    hash_value = dict(p.split("=", 1) for p in secret.split("&"))["hash"]
    assert hash_value not in caplog.text and "initData=" not in caplog.text
