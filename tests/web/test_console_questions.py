"""The console's questions queue against the running bot and the emulator: an organiser's
decision in the Mini App takes the chat's own path (the asker told, the audit), and the chat
side sees it (the presenter view, /questions); block asks once; a participant changes nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient, TestServer

from forumbot.emulator import BotAPIEmulator
from forumbot.infra.i18n import Catalogs
from tests.e2e import conftest as e2e
from tests.e2e.conftest import LANGS, ORGANISER, start_in
from tests.e2e.test_agenda import wait_for_text
from tests.e2e.test_questions import ask_from_card, question_ids, store_of
from tests.web.conftest import init_data
from webapp.server import build_app

emu, clock, catalogs, bot, data_path = e2e.emu, e2e.clock, e2e.catalogs, e2e.bot, e2e.data_path
ASKER, PARTICIPANT = 62, 1001
RT = "rt-technology"
QUESTION = "Will <b>seats</b> & votes be fair?"


@pytest.fixture
async def client(bot, emu: BotAPIEmulator) -> AsyncIterator[TestClient]:
    services = bot.bot_data["services"]
    app = build_app(services, emu.token, "/app/", services.clock.now)
    async with TestClient(TestServer(app)) as client:
        yield client


def auth(bot, user_id: int) -> dict[str, str]:
    when = bot.bot_data["services"].clock.now()
    return {"Authorization": "tma " + init_data(user_id, when=when, token=bot.bot.token)}


async def asked(bot, emu: BotAPIEmulator, lang: str, text: str = QUESTION) -> int:
    await start_in(emu, ASKER, lang)
    await ask_from_card(emu, ASKER, text)
    [qid] = await question_ids(bot)
    return qid


@pytest.mark.parametrize("lang", LANGS)
async def test_approve_in_the_console_shows_in_the_chat_and_on_the_presenter_view(
    bot, emu: BotAPIEmulator, client: TestClient, catalogs: Catalogs, lang: str
) -> None:
    qid = await asked(bot, emu, lang)
    org = auth(bot, ORGANISER)
    listed = await (await client.get("/app/api/org/questions", headers=org)).json()
    assert [(s["id"], s["pending"]) for s in listed["sessions"]] == [(RT, 1)]
    queue = await (await client.get(f"/app/api/org/questions/session/{RT}", headers=org)).json()
    [waiting] = queue["pending"]
    assert (waiting["id"], waiting["text"], waiting["asker"]["name"]) == (qid, QUESTION, "Aida")

    mark = emu.mark(ASKER)
    done = await client.post(f"/app/api/org/questions/{qid}", json={"action": "approve"},
                             headers=org)  # fmt: skip
    assert (done.status, (await done.json())["status"]) == (200, "approved")
    told = await wait_for_text(emu, ASKER, mark, "✅")  # the chat's notice, in their language
    assert catalogs.t(lang, "q_notice_approved", session="«").split("«")[0] in told.text
    again = await client.post(f"/app/api/org/questions/{qid}", json={"action": "approve"},
                              headers=org)  # fmt: skip
    assert again.status == 409  # already decided: as the chat's "q_already"
    [entry, *_] = await store_of(bot).staff.audit_log()
    assert (entry.action, entry.actor) == ("question_approve", ORGANISER)

    # The chat's /questions shows it among the approved, the presenter view on the screen.
    await start_in(emu, ORGANISER, lang)
    [shown] = await emu.ask(ORGANISER, "/questions")
    assert catalogs.t(lang, "q_queue_approved", count=1) in shown.text
    assert "seats" in shown.text
    made = await client.post("/app/api/org/presenter", json={"session": RT}, headers=org)
    screen = await client.get((await made.json())["url"] + "/questions")
    assert [q["text"] for q in (await screen.json())["questions"]] == [QUESTION]


async def test_block_asks_once_then_blocks_and_rejects(
    bot, emu: BotAPIEmulator, client: TestClient
) -> None:
    qid = await asked(bot, emu, "en")
    org, url = auth(bot, ORGANISER), f"/app/api/org/questions/{qid}"
    first = await client.post(url, json={"action": "block"}, headers=org)
    assert first.status == 409
    assert (await first.json())["asker"]["name"] == "Aida"
    assert await question_ids(bot) == [qid]  # nothing changed before the confirmation
    sure = await client.post(url, json={"action": "block", "confirm": True}, headers=org)
    assert (await sure.json())["blocked"] is True
    assert await question_ids(bot, "rejected") == [qid]
    forum = await store_of(bot).programme.forum()
    assert [b.person.chat_id for b in await store_of(bot).questions.blocked(forum.id)] == [ASKER]
    [entry, *_] = await store_of(bot).staff.audit_log()
    assert entry.action == "question_block"


async def test_a_participant_is_refused_and_nothing_changes(
    bot, emu: BotAPIEmulator, client: TestClient
) -> None:
    qid = await asked(bot, emu, "en")
    who = auth(bot, PARTICIPANT)
    assert (await client.get("/app/api/org/questions", headers=who)).status == 403
    assert (await client.get(f"/app/api/org/questions/session/{RT}", headers=who)).status == 403
    for action in ("approve", "reject", "answer", "block"):
        body = {"action": action, "confirm": True}
        refused = await client.post(f"/app/api/org/questions/{qid}", json=body, headers=who)
        assert refused.status == 403
    assert await question_ids(bot) == [qid]
    forum = await store_of(bot).programme.forum()
    assert await store_of(bot).questions.blocked(forum.id) == []


async def test_bad_requests_change_nothing(bot, emu: BotAPIEmulator, client: TestClient) -> None:
    qid = await asked(bot, emu, "en")
    org = auth(bot, ORGANISER)
    bad = await client.post(f"/app/api/org/questions/{qid}", json={"action": "delete"},
                            headers=org)  # fmt: skip
    assert bad.status == 400
    gone = await client.post("/app/api/org/questions/99999", json={"action": "approve"},
                             headers=org)  # fmt: skip
    assert gone.status == 404
    nosuch = await client.get("/app/api/org/questions/session/nope", headers=org)
    assert nosuch.status == 404
    assert await question_ids(bot) == [qid]


async def test_console_writes_share_the_write_limit(bot, client: TestClient) -> None:
    org, body = auth(bot, ORGANISER), {"action": "approve"}
    url = "/app/api/org/questions/99999"
    answers = [(await client.post(url, json=body, headers=org)).status for _ in range(31)]
    assert answers == [404] * 30 + [429]
