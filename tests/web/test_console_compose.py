"""The console's composer against the running bot and the emulator: the preview shows every
language's variant as the chat renders it (escaped, the fallback named), the send asks once
and then reaches the recipients' chats, a scheduled one goes at its time on the simulated
clock, the test goes to the organiser's own chat; each checked on the chat's side too (what
recipients got, /deliveries and /scheduled, the audit row). Participants change nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient, TestServer

from forumbot.emulator import BotAPIEmulator
from forumbot.infra.clock import SimulatedClock
from forumbot.infra.i18n import Catalogs
from forumbot.render.menu import LANGUAGE_NAMES
from tests.e2e import conftest as e2e
from tests.e2e.conftest import LANGS, ORGANISER, bishkek, start_in
from tests.e2e.test_announce import received
from tests.web.conftest import init_data
from webapp.server import build_app

emu, catalogs, bot, data_path = e2e.emu, e2e.catalogs, e2e.bot, e2e.data_path
KY, RU, EN, PARTICIPANT = 90, 91, 92, 1001
URL = "/app/api/org/announce"
TEXTS = {"ky": "Салам! <b>Залга</b> келиңиз.", "en": "Hello! Come to the <b>hall</b>."}


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


def services_of(bot):
    return bot.bot_data["services"]


async def organisers_audited(bot) -> list[str]:
    """The actions audited of organisers (the import at start is the bot's own)."""
    return [e.action for e in await services_of(bot).store.staff.audit_log() if e.actor]


async def everyone(emu: BotAPIEmulator, lang: str) -> None:
    await start_in(emu, ORGANISER, lang)
    for chat, code in ((KY, "ky"), (RU, "ru"), (EN, "en")):
        await start_in(emu, chat, code)


async def post(client: TestClient, bot, path: str, body: dict, user: int = ORGANISER):
    response = await client.post(URL + path, json=body, headers=auth(bot, user))
    return response.status, await response.json()


@pytest.mark.parametrize("lang", LANGS)
async def test_the_preview_shows_every_variant_escaped_with_the_fallback(
    bot, emu: BotAPIEmulator, client: TestClient, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, ORGANISER, lang)
    status, shown = await post(client, bot, "/preview", {"texts": TEXTS, "default": "en"})
    assert status == 200
    variants = {v["lang"]: v for v in shown["variants"]}
    assert variants["ky"]["html"] == "Салам! &lt;b&gt;Залга&lt;/b&gt; келиңиз."
    assert variants["ru"]["html"] == variants["en"]["html"]  # Russian readers get English
    assert (variants["ru"]["own"], variants["en"]["own"]) == (False, True)
    heading = catalogs.t(lang, "announce_preview", language=LANGUAGE_NAMES["ru"])
    assert variants["ru"]["heading"] == heading
    note = catalogs.t(lang, "announce_fallback", missing="Русский", language="English")
    assert shown["fallback"] == note
    status, refused = await post(client, bot, "/preview", {"texts": TEXTS})
    assert (status, refused["error"]) == (400, "pick_default")  # two written: say which


@pytest.mark.parametrize("lang", LANGS)
async def test_a_send_asks_once_then_reaches_every_chat(
    bot, emu: BotAPIEmulator, client: TestClient, catalogs: Catalogs, lang: str
) -> None:
    await everyone(emu, lang)
    svc = services_of(bot)
    body = {"texts": TEXTS, "default": "en", "audience": "all"}
    status, asked = await post(client, bot, "", body)
    assert (status, asked["queued"], asked["people"]) == (200, False, 4)
    assert catalogs.t(lang, "when_now_text") in asked["confirm"]
    assert await svc.delivery.outbox.list_recent() == []  # asking queued nothing
    marks = {chat: emu.mark(chat) for chat in (KY, RU, EN)}
    status, done = await post(client, bot, "", {**body, "confirm": True})
    assert (status, done["id"]) == (201, 1)
    assert await received(emu, KY, marks[KY]) == "Салам! <b>Залга</b> келиңиз."
    assert await received(emu, RU, marks[RU]) == "Hello! Come to the <b>hall</b>."
    assert await received(emu, EN, marks[EN]) == "Hello! Come to the <b>hall</b>."
    [entry, *_] = await svc.store.staff.audit_log()
    assert (entry.action, entry.actor) == ("sent", ORGANISER)
    [listing] = await emu.ask(ORGANISER, "/deliveries")
    assert "#1" in listing.text or "№1" in listing.text


async def test_a_scheduled_send_goes_at_its_time(
    bot, emu: BotAPIEmulator, client: TestClient, clock: SimulatedClock, catalogs: Catalogs
) -> None:
    await everyone(emu, "ru")
    body = {"texts": TEXTS, "default": "en", "audience": "ky", "at": "08:00"}
    status, refused = await post(client, bot, "", {**body, "confirm": True})
    assert (status, refused["message"]) == (400, catalogs.t("ru", "announce_past"))
    body["at"] = "11:30"
    status, asked = await post(client, bot, "", body)
    assert asked["people"] == 1 and "11:30" in asked["when"]
    mark = emu.mark(KY)
    status, done = await post(client, bot, "", {**body, "confirm": True})
    assert status == 201 and done["scheduled"] is True
    [listing] = await emu.ask(ORGANISER, "/scheduled")
    assert "11:30" in listing.text
    [entry, *_] = await services_of(bot).store.staff.audit_log()
    assert entry.action == "scheduled"
    clock.advance(dt.timedelta(hours=2, minutes=31))
    services_of(bot).wake()
    assert await received(emu, KY, mark) == "Салам! <b>Залга</b> келиңиз."
    assert not emu.events(EN, emu.mark(EN))  # the Kyrgyz readers only


@pytest.mark.parametrize("lang", LANGS)
async def test_the_test_goes_to_the_organisers_chat_only(
    bot, emu: BotAPIEmulator, client: TestClient, catalogs: Catalogs, lang: str
) -> None:
    await everyone(emu, lang)
    mark, other = emu.mark(ORGANISER), emu.mark(EN)
    status, done = await post(client, bot, "/test", {"texts": TEXTS, "default": "en"})
    assert status == 200 and done["message"] == catalogs.t(lang, "web_org_cmp_tested")
    heading, text = await emu.wait_events(ORGANISER, mark, count=2)
    assert heading.message.text == catalogs.t(lang, "announce_test_heading")
    assert text.message.text == ("Салам! <b>Залга</b> келиңиз." if lang == "ky" else
                                 "Hello! Come to the <b>hall</b>.")  # fmt: skip
    assert not emu.events(EN, other)
    assert await services_of(bot).delivery.outbox.list_recent() == []
    assert await organisers_audited(bot) == []


async def test_participants_compose_nothing(bot, emu: BotAPIEmulator, client: TestClient) -> None:
    await everyone(emu, "en")
    body = {"texts": TEXTS, "default": "en", "audience": "all", "confirm": True}
    for path in ("", "/test", "/preview"):
        status, refused = await post(client, bot, path, body, user=PARTICIPANT)
        assert (status, refused["error"]) == (403, "forbidden")
    response = await client.get(URL, headers=auth(bot, PARTICIPANT))
    assert response.status == 403
    assert await services_of(bot).delivery.outbox.list_recent() == []
    assert await organisers_audited(bot) == []
    assert emu.messages(EN)[-1].text != "Hello! Come to the <b>hall</b>."


async def test_the_audiences_come_with_their_sizes(
    bot, emu: BotAPIEmulator, client: TestClient, catalogs: Catalogs
) -> None:
    await everyone(emu, "ky")
    response = await client.get(URL, headers=auth(bot))
    options = await response.json()
    sizes = {a["code"]: a["people"] for a in options["audiences"]}
    assert (sizes["all"], sizes["ky"], sizes["ru"], sizes["en"]) == (4, 2, 1, 1)
    labels = {a["code"]: a["label"] for a in options["audiences"]}
    assert labels["all"] == catalogs.t("ky", "audience_everyone")
    assert [x["code"] for x in options["languages"]] == list(LANGS)
