"""The moderators' safety net (issue 12, item 11 and part 9): block asks once and names the
person; the blocked are listed, each with unblock; answered and rejected questions stay in a
history, each with reopen. Every step is audited and the asker sees its effect."""

from __future__ import annotations

import datetime as dt

import pytest

from forumbot.emulator import BotAPIEmulator
from forumbot.infra.clock import SimulatedClock
from forumbot.infra.i18n import Catalogs
from tests.e2e.conftest import LANGS, ORGANISER, start_in
from tests.e2e.test_agenda import open_card, wait_for_text
from tests.e2e.test_midflow import plain
from tests.e2e.test_questions import RT, ask_from_card, question_ids, refused, store_of

ASKER, OTHER = 62, 63


async def asker_named(emu: BotAPIEmulator, lang: str) -> None:
    await start_in(emu, ASKER, lang)
    emu.add_user(ASKER, first_name="Bakyt", last_name="Osmonov", username="bakyt_o")


def shown(emu: BotAPIEmulator, message_id: int):
    """The organiser's message as it is now (edited in place by each tap)."""
    return next(m for m in emu.messages(ORGANISER) if m.message_id == message_id)


async def queue_of(emu: BotAPIEmulator):
    """The organisers are told a question waits (no session moderators), then /questions."""
    await wait_for_text(emu, ORGANISER, 0, "🛡")
    [queue] = await emu.ask(ORGANISER, "/questions")
    return queue


async def actions(bot) -> list[str]:
    return [e.action for e in await store_of(bot).staff.audit_log()]


@pytest.mark.parametrize("lang", LANGS)
async def test_block_asks_once_by_name_and_is_lifted_from_the_list(
    emu: BotAPIEmulator, bot, clock: SimulatedClock, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, ORGANISER, lang)
    await asker_named(emu, "ru")
    await ask_from_card(emu, ASKER, "Why <so> late?")
    [qid] = await question_ids(bot)
    queue = await queue_of(emu)
    await emu.tap(ORGANISER, queue.message_id, data=f"qmod:{qid}:block", count=1)
    confirm = shown(emu, queue.message_id)
    person = "Bakyt Osmonov (@bakyt_o)"
    assert plain(catalogs.t(lang, "q_block_confirm", person=person, id=qid)) in confirm.text
    assert "Why <so> late?" in confirm.text
    # Nothing happened yet: the asker still may ask, the question still waits.
    assert await question_ids(bot) == [qid]
    assert "question_block" not in await actions(bot)
    toast = await emu.tap(ORGANISER, confirm.message_id, data=f"qblock:{qid}", count=1)
    assert toast.text == catalogs.t(lang, "q_done_block")
    assert await question_ids(bot, "rejected") == [qid]
    assert "question_block" in await actions(bot)
    card = await open_card(emu, ASKER, "school-1")
    refused = await emu.tap(ASKER, card.message_id, data="qask:school-1")
    assert refused.text == catalogs.t("ru", "q_blocked")

    # The list of the blocked names them, with the time in the forum's zone, and unblocks.
    queue = shown(emu, queue.message_id)
    button = catalogs.t(lang, "q_blocked_button", count=1)
    assert button in [b["text"] for b in queue.inline_buttons()]
    await emu.tap(ORGANISER, queue.message_id, data=f"qblocked:{RT}", count=1)
    listing = shown(emu, queue.message_id)
    assert person in listing.text and "10:45" in listing.text  # forum time of the block
    toast = await emu.tap(ORGANISER, listing.message_id, data=f"qunblock:{RT}:{ASKER}", count=1)
    assert toast.text == catalogs.t(lang, "q_unblocked", person=person)
    assert catalogs.t(lang, "q_blocked_none") in shown(emu, queue.message_id).text
    assert "question_unblock" in await actions(bot)
    clock.advance(dt.timedelta(minutes=2))  # one question a minute
    assert await ask_from_card(emu, ASKER, "Again?", "school-1") == catalogs.t("ru", "q_sent")


@pytest.mark.parametrize("lang", LANGS)
async def test_answered_and_rejected_questions_are_reopened_from_the_history(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, ORGANISER, lang)
    await asker_named(emu, "en")
    await start_in(emu, OTHER, "ky")
    await ask_from_card(emu, ASKER, "First?")
    await ask_from_card(emu, OTHER, "Second?")
    first, second = await question_ids(bot)
    queue = await queue_of(emu)
    toast = await emu.tap(ORGANISER, queue.message_id, data=f"qmod:{first}:reject", count=1)
    assert toast.text == catalogs.t(lang, "q_done_reject")
    toast = await emu.tap(ORGANISER, queue.message_id, data=f"qmod:{second}:answer", count=1)
    assert toast.text == catalogs.t(lang, "q_done_answer")
    await emu.tap(ORGANISER, queue.message_id, data=f"qhist:{RT}", count=1)
    history = shown(emu, queue.message_id)
    assert catalogs.t(lang, "q_history_title") in history.text
    assert "First?" in history.text and catalogs.t(lang, "q_history_rejected") in history.text
    assert "Second?" in history.text and catalogs.t(lang, "q_history_answered") in history.text

    toast = await emu.tap(ORGANISER, history.message_id, data=f"qreopen:{first}", count=1)
    assert toast.text == catalogs.t(lang, "q_reopened", id=first)
    toast = await emu.tap(ORGANISER, history.message_id, data=f"qreopen:{second}", count=1)
    assert toast.text == catalogs.t(lang, "q_reopened_approved", id=second)
    assert catalogs.t(lang, "q_history_none") in shown(emu, queue.message_id).text
    assert await question_ids(bot) == [first]  # back in the queue
    assert [q.id for q in await store_of(bot).questions.public(RT)] == [second]
    assert (await actions(bot)).count("question_reopened") == 2
    # A stale reopen (already reopened) changes nothing.
    stale = await refused(emu, ORGANISER, history.message_id, f"qreopen:{first}")
    assert stale == catalogs.t(lang, "q_already")


async def test_participants_cannot_reach_the_safety_net(
    emu: BotAPIEmulator, bot, catalogs: Catalogs
) -> None:
    await asker_named(emu, "ky")
    await ask_from_card(emu, ASKER, "Mine?")
    [qid] = await question_ids(bot)
    card = await open_card(emu, ASKER, RT)
    for data in (f"qblock:{qid}", f"qhist:{RT}", f"qreopen:{qid}", f"qblocked:{RT}",
                 f"qunblock:{RT}:{ASKER}"):  # fmt: skip
        answer = await refused(emu, ASKER, card.message_id, data)
        assert answer == catalogs.t("ky", "unknown_command")
    assert await question_ids(bot) == [qid]
    forum_id = (await store_of(bot).programme.forum()).id
    assert await store_of(bot).questions.blocked(forum_id) == []
