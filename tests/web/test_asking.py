"""Participants ask and vote in the Mini App, through the chat's own path: the question waits
in the moderators' queue (the moderator told in the chat, the asker named), the chat's limits
refuse in my language, a vote counts once in the chat's list and on the presenter view; and
the console's reopen and unblock, with the chat side and the audit."""

from __future__ import annotations

import datetime as dt

import pytest
from aiohttp.test_utils import TestClient

from forumbot.emulator import BotAPIEmulator
from forumbot.infra.i18n import Catalogs
from tests.e2e import conftest as e2e
from tests.e2e import test_questions as chat
from tests.e2e.conftest import LANGS, ORGANISER, start_in
from tests.e2e.test_agenda import wait_for_text
from tests.e2e.test_questions import MOD, RT, ask_from_card, public_list, question_ids, store_of
from tests.web import test_console_questions as console

emu, clock, catalogs = e2e.emu, e2e.clock, e2e.catalogs
bot, data_path, limits = chat.bot, chat.data_path, chat.limits  # RT has MOD as moderator
client, auth = console.client, console.auth
ASKER, VOTER = 62, 63
ASK = f"/app/api/questions/session/{RT}"
QUESTION = "Will <b>seats</b> & votes be fair?"


async def ask(client: TestClient, bot, user: int, text: str, lang: str = "en"):
    return await client.post(ASK + f"?lang={lang}", json={"text": text}, headers=auth(bot, user))


async def listed(client: TestClient, bot, user: int) -> list[dict]:
    return (await (await client.get(ASK, headers=auth(bot, user))).json())["questions"]


async def approve(client: TestClient, bot, qid: int) -> None:
    done = await client.post(f"/app/api/org/questions/{qid}", json={"action": "approve"},
                             headers=auth(bot, ORGANISER))  # fmt: skip
    assert done.status == 200


@pytest.mark.parametrize("lang", LANGS)
async def test_a_question_asked_in_the_app_waits_for_the_moderator_told_in_the_chat(
    bot, emu: BotAPIEmulator, client: TestClient, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, MOD, lang)
    await start_in(emu, ASKER, lang)
    mark = emu.mark(MOD)
    sent = await ask(client, bot, ASKER, QUESTION, lang)
    assert sent.status == 201
    qid = (await sent.json())["id"]
    assert await question_ids(bot) == [qid]
    # The moderator is told in the chat and sees it in /questions; the console names the asker.
    told = await wait_for_text(emu, MOD, mark, "🛡")
    assert (await store_of(bot).programme.session(RT)).title[lang] in told.text
    [queue] = await emu.ask(MOD, "/questions")
    assert f"#{qid} {QUESTION}" in queue.text  # shown as typed, never as markup
    org = await client.get(f"/app/api/org/questions/session/{RT}", headers=auth(bot, ORGANISER))
    [waiting] = (await org.json())["pending"]
    assert (waiting["text"], waiting["asker"]["name"]) == (QUESTION, "Aida")
    # Nobody sees it before it is approved: not in the app's list, not votable.
    assert await listed(client, bot, VOTER) == []
    vote = await client.put(f"/app/api/questions/{qid}/vote", headers=auth(bot, VOTER))
    assert vote.status == 404
    # Asked again at once: the chat's interval limit, in my language.
    again = await ask(client, bot, ASKER, "And the second?", lang)
    assert again.status == 422
    assert (await again.json())["message"] == catalogs.t(lang, "q_limit_interval", count=60)


@pytest.mark.parametrize("lang", LANGS)
async def test_one_vote_a_person_counts_in_the_chat_and_on_the_presenter_view(
    bot, emu: BotAPIEmulator, client: TestClient, lang: str
) -> None:
    await start_in(emu, ASKER, lang)
    await start_in(emu, VOTER, lang)
    qid = (await (await ask(client, bot, ASKER, QUESTION, lang)).json())["id"]
    await approve(client, bot, qid)
    url = f"/app/api/questions/{qid}/vote"
    for _ in range(2):  # a queued tap arriving twice is still one vote
        voted = await client.put(url, headers=auth(bot, VOTER))
    assert await voted.json() == {"id": qid, "votes": 1, "voted": True}
    [shown] = await listed(client, bot, VOTER)
    assert (shown["text"], shown["votes"], shown["voted"]) == (QUESTION, 1, True)
    # The chat's list counts the app's vote; a vote in the chat counts in the app.
    chat_list = await public_list(emu, ASKER)
    assert f"👍 1 · #{qid}" in chat_list.text
    await emu.tap(ASKER, chat_list.message_id, data=f"qvote:{qid}", count=1)
    [shown] = await listed(client, bot, VOTER)
    assert shown["votes"] == 2
    made = await client.post("/app/api/org/presenter", json={"session": RT},
                             headers=auth(bot, ORGANISER))  # fmt: skip
    screen = await (await client.get((await made.json())["url"] + "/questions")).json()
    assert [(q["text"], q["votes"]) for q in screen["questions"]] == [(QUESTION, 2)]
    # Taken back: the chat's list says so.
    await client.delete(url, headers=auth(bot, VOTER))
    assert f"👍 1 · #{qid}" in (await public_list(emu, ASKER)).text


async def test_refusals_in_my_language_and_nothing_stored(
    bot, emu: BotAPIEmulator, client: TestClient, catalogs: Catalogs
) -> None:
    await start_in(emu, ASKER, "ru")
    long = await ask(client, bot, ASKER, "x" * 501, "ru")
    assert (await long.json())["message"] == catalogs.t("ru", "web_q_too_long", count=500)
    blank = await ask(client, bot, ASKER, "   ", "ru")
    assert (await blank.json())["message"] == catalogs.t("ru", "web_q_empty")
    opening = await client.post("/app/api/questions/session/opening?lang=ky", json={"text": "?"},
                                headers=auth(bot, ASKER))  # fmt: skip
    assert (await opening.json())["message"] == catalogs.t("ky", "q_not_accepted")
    bad = await client.post(ASK, data="{", headers=auth(bot, ASKER))
    assert bad.status == 400
    assert await question_ids(bot) == []


async def test_asking_and_voting_share_the_write_limit(bot, client: TestClient) -> None:
    answers = [
        (await client.put("/app/api/questions/99999/vote", headers=auth(bot, VOTER))).status
        for _ in range(31)
    ]
    assert answers == [404] * 30 + [429]
    assert (await ask(client, bot, VOTER, "Still there?")).status == 429


@pytest.mark.parametrize("lang", LANGS)
async def test_the_console_reopens_and_unblocks_as_the_chat_does(
    bot, emu: BotAPIEmulator, clock, client: TestClient, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, ASKER, lang)
    await ask_from_card(emu, ASKER, QUESTION)
    [qid] = await question_ids(bot)
    org, url = auth(bot, ORGANISER), f"/app/api/org/questions/{qid}"
    await client.post(url, json={"action": "block", "confirm": True}, headers=org)
    history = await client.get(f"/app/api/org/questions/session/{RT}/history", headers=org)
    [decided] = (await history.json())["decided"]
    assert (decided["id"], decided["status"]) == (qid, "rejected")
    blocked = await (await client.get("/app/api/org/questions/blocked", headers=org)).json()
    assert [(b["id"], b["name"]) for b in blocked["blocked"]] == [(ASKER, "Aida")]
    # Reopen: back in the chat's queue; asks nothing, as the chat's ↩️ asks nothing.
    reopened = await client.post(url, json={"action": "reopen"}, headers=org)
    assert (await reopened.json())["status"] == "pending"
    assert await question_ids(bot) == [qid]
    assert (await client.post(url, json={"action": "reopen"}, headers=org)).status == 409
    # Unblock: the asker may ask in the chat again.
    unblocked = await client.delete(f"/app/api/org/questions/blocked/{ASKER}", headers=org)
    assert (await unblocked.json())["unblocked"]["name"] == "Aida"
    gone = await client.delete(f"/app/api/org/questions/blocked/{ASKER}", headers=org)
    assert gone.status == 404
    clock.advance(dt.timedelta(minutes=2))  # past the one-question-a-minute limit
    assert await ask_from_card(emu, ASKER, "Again?") == catalogs.t(lang, "q_sent")
    actions = [e.action for e in await store_of(bot).staff.audit_log()]
    assert actions[:2] == ["question_unblock", "question_reopened"]
    # A participant can do neither.
    who = auth(bot, VOTER)
    assert (await client.post(url, json={"action": "reopen"}, headers=who)).status == 403
    assert (await client.delete(f"/app/api/org/questions/blocked/{ASKER}",
                                headers=who)).status == 403  # fmt: skip
