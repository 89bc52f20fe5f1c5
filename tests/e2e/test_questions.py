"""Round-table questions end to end: participants ask in their languages, a per-session
moderator (by Telegram id in the programme file, not an organiser) approves and marks
answered, the asker is told through the delivery engine, others vote; nothing shows before
approval; forged and tampered buttons change nothing; limits, blocking and /forget."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from forumbot.emulator import BotAPIEmulator, BotMessage
from forumbot.infra.clock import SimulatedClock
from forumbot.infra.i18n import Catalogs
from forumbot.infra.settings import DEFAULT_DATA
from handlers.app import build_application, running
from tests.e2e.conftest import (
    LANGS,
    ORGANISER,
    bishkek,
    button_data,
    labels,
    settings_for,
    start_in,
)
from tests.e2e.test_agenda import open_card, wait_for_text

MOD = 61  # moderates rt-technology's questions (moderator_ids in the file)
ASKER, OTHER, VOTER, NOBODY = 62, 63, 64, 65
RT = "rt-technology"  # a round table on now: 22 June 10:30–13:00
HOSTILE = "Will <b>votes</b> & seats be fair?"  # participants' text, shown as typed


@pytest.fixture
def data_path(tmp_path: Path) -> Path:
    """The bundled forum (data/forum.yaml) with a moderator by id for the round table, and
    school-1 moved to run alongside it (two sessions on now take questions)."""
    text = DEFAULT_DATA.read_text(encoding="utf-8")
    text = text.replace(f"  - id: {RT}\n", f"  - id: {RT}\n    moderator_ids: [{MOD}]\n", 1)
    school = '  - id: school-1\n    date: "2023-06-22"\n    start: "15:00"  # illustrative\n'
    assert school in text
    text = text.replace(school, school.replace("15:00", "10:40"), 1)
    path = tmp_path / "forum.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def limits() -> dict[str, object]:
    return {}


@pytest.fixture
async def bot(emu: BotAPIEmulator, clock: SimulatedClock, tmp_path: Path, data_path: Path, limits):
    """As conftest's bot, with the question limits a test sets."""
    settings = settings_for(emu, tmp_path, data_path=data_path, **limits)
    async with running(build_application(settings, clock), poll_timeout=1) as app:
        yield app


def store_of(bot):
    return bot.bot_data["services"].store


async def ask_from_card(emu: BotAPIEmulator, user: int, text: str, session: str = RT) -> str:
    """Tap "Ask a question" on the card and send ``text``; the bot's last reply."""
    card = await open_card(emu, user, session)
    await emu.tap(user, card.message_id, data=f"qask:{session}", count=1)
    [reply] = await emu.ask(user, text)
    return reply.text


async def question_ids(bot, status: str = "pending", session: str = RT) -> list[int]:
    return [q.id for q in await store_of(bot).questions.of_session(session, (status,))]


async def public_list(emu: BotAPIEmulator, user: int, session: str = RT) -> BotMessage:
    card = await open_card(emu, user, session)
    await emu.tap(user, card.message_id, data=f"qlist:{session}", count=1)
    return emu.messages(user)[-1]


async def refused(emu: BotAPIEmulator, user: int, message_id: int, data: str) -> str:
    """Press a (forged) button; the text of the bot's answer."""
    mark = emu.mark(user)
    await emu.press_raw(user, message_id, data)
    [answer, *_] = await emu.wait_events(user, mark, count=1)
    return answer.data["text"]


@pytest.mark.parametrize("lang", LANGS)
async def test_ask_moderate_vote_and_the_asker_is_told(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    other_lang = {"ky": "ru", "ru": "en", "en": "ky"}[lang]
    for user, language in ((ASKER, lang), (OTHER, other_lang), (VOTER, "ru"), (MOD, lang)):
        await start_in(emu, user, language)
    card = await open_card(emu, ASKER, RT)
    assert any(catalogs.t(lang, "q_ask_button") in label for label in labels(card))
    assert await ask_from_card(emu, ASKER, HOSTILE) == catalogs.t(lang, "q_sent")
    # /ask: two sessions take questions now, so the bot asks which one.
    [pick] = await emu.ask(OTHER, "/ask")
    assert pick.text == catalogs.t(other_lang, "q_ask_pick")
    await emu.tap(OTHER, pick.message_id, data=f"qask:{RT}", count=1)
    [sent] = await emu.ask(OTHER, "Қандай? Как обеспечить доступ?")
    assert sent.text == catalogs.t(other_lang, "q_sent")

    # Nobody sees a question before a moderator approves it.
    listing = await public_list(emu, VOTER)
    assert catalogs.t("ru", "q_list_empty") in listing.text and "fair" not in listing.text

    await wait_for_text(emu, MOD, 0, "🛡")  # the moderator was told questions wait
    [queue] = await emu.ask(MOD, "/questions")  # the one session MOD moderates on now
    assert catalogs.t(lang, "q_queue_title") in queue.text
    assert HOSTILE in queue.text and "Как обеспечить доступ?" in queue.text
    first, second = await question_ids(bot)
    mark = emu.mark(ASKER)
    result = await emu.tap(MOD, queue.message_id, data=f"qmod:{first}:approve", count=1)
    assert result.text == catalogs.t(lang, "q_done_approve")
    told = await wait_for_text(emu, ASKER, mark, "✅")
    assert catalogs.t(lang, "q_notice_approved", session="«").split("«")[0] in told.text
    assert HOSTILE in told.text
    await emu.tap(MOD, queue.message_id, data=f"qmod:{second}:approve", count=1)

    # One vote per person, taken back by a second tap; the list re-sorts by votes.
    listing = await public_list(emu, VOTER)
    assert listing.text.index("fair") < listing.text.index("Как обеспечить")  # the earlier
    toast = await emu.tap(VOTER, listing.message_id, data=f"qvote:{second}", count=1)
    assert toast.text == catalogs.t("ru", "q_voted")
    listing = emu.messages(VOTER)[-1]
    assert listing.text.index("Как обеспечить") < listing.text.index("fair")
    assert f"👍 1 · #{second}" in listing.text
    toast = await emu.tap(VOTER, listing.message_id, data=f"qvote:{second}", count=1)
    assert toast.text == catalogs.t("ru", "q_unvoted")
    assert f"👍 0 · #{second}" in emu.messages(VOTER)[-1].text
    await emu.tap(VOTER, listing.message_id, data=f"qvote:{second}", count=1)
    [q] = [q for q in await store_of(bot).questions.public(RT, VOTER) if q.id == second]
    assert (q.votes, q.voted) == (1, True)

    # Picked on stage: the asker is told again, in their language.
    mark = emu.mark(ASKER)
    [queue] = await emu.ask(MOD, "/questions")
    await emu.tap(MOD, queue.message_id, data=f"qmod:{first}:answer", count=1)
    told = await wait_for_text(emu, ASKER, mark, "🎤")
    assert HOSTILE in told.text
    listing = await public_list(emu, OTHER)
    assert catalogs.t(other_lang, "q_answered_mark") in listing.text


@pytest.mark.parametrize("lang", LANGS)
async def test_participants_and_other_moderators_cannot_moderate_with_forged_buttons(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    for user, language in ((NOBODY, lang), (MOD, "en"), (ASKER, "ru"), (OTHER, "ky")):
        await start_in(emu, user, language)
    await ask_from_card(emu, ASKER, HOSTILE)
    await ask_from_card(emu, OTHER, "About the youth?", session="rt-youth")
    [mine] = await question_ids(bot)
    [youth] = await question_ids(bot, session="rt-youth")
    [answer] = await emu.ask(NOBODY, "/questions")
    assert answer.text == catalogs.t(lang, "unknown_command")
    card = await open_card(emu, NOBODY, RT)
    refusal = catalogs.t(lang, "unknown_command")
    for data in (f"qmod:{mine}:approve", f"qmod:{mine}:answer", f"qmod:{mine}:block", f"qq:{RT}"):
        assert await refused(emu, NOBODY, card.message_id, data) == refusal
    # MOD moderates the round table on now, not rt-youth.
    card = await open_card(emu, MOD, RT)
    refusal = catalogs.t("en", "unknown_command")
    assert await refused(emu, MOD, card.message_id, f"qmod:{youth}:approve") == refusal
    assert await refused(emu, MOD, card.message_id, "qq:rt-youth") == refusal
    store = store_of(bot)
    assert await question_ids(bot) == [mine]
    assert await question_ids(bot, session="rt-youth") == [youth]
    assert not await store.questions.is_blocked((await store.programme.forum()).id, ASKER)
    assert await store.questions.public(RT) == []


@pytest.mark.parametrize("lang", LANGS)
async def test_tampered_buttons_get_the_stale_answer_and_pending_questions_take_no_votes(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, VOTER, lang)
    await start_in(emu, ASKER, "en")
    await ask_from_card(emu, ASKER, HOSTILE)
    [pending] = await question_ids(bot)
    card = await open_card(emu, VOTER, RT)
    stale = catalogs.t(lang, "stale_button")
    for data in (f"qvote:{pending}", "qvote:999", "qvote:x", f"qmod:{pending}:delete", "qask:"):
        assert await refused(emu, VOTER, card.message_id, data) == stale
    assert await refused(emu, VOTER, card.message_id, "qlist:opening") == stale
    [q] = await store_of(bot).questions.of_session(RT, ("pending",), VOTER)
    assert (q.votes, q.voted) == (0, False)


@pytest.mark.parametrize("limits", [{"question_max_length": 20, "questions_per_session": 2}])
@pytest.mark.parametrize("lang", LANGS)
async def test_limits_length_and_blocking(
    emu: BotAPIEmulator, bot, clock: SimulatedClock, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, ASKER, lang)
    await start_in(emu, MOD, "ru")
    card = await open_card(emu, ASKER, RT)
    await emu.tap(ASKER, card.message_id, data=f"qask:{RT}", count=1)
    [long] = await emu.ask(ASKER, "x" * 21)
    assert long.text == catalogs.t(lang, "q_too_long", count=20)
    [ok] = await emu.ask(ASKER, "x" * 20)  # still asking: a shorter one is taken
    assert ok.text == catalogs.t(lang, "q_sent")
    [pick] = await emu.ask(ASKER, "/ask")  # within the minute
    again = await emu.tap(ASKER, pick.message_id, data=f"qask:{RT}")
    assert again.text == catalogs.t(lang, "q_limit_interval", count=60)
    clock.advance(dt.timedelta(seconds=61))
    assert await ask_from_card(emu, ASKER, "Second?") == catalogs.t(lang, "q_sent")
    clock.advance(dt.timedelta(seconds=61))
    card = await open_card(emu, ASKER, RT)
    toast = await emu.tap(ASKER, card.message_id, data=f"qask:{RT}")
    assert toast.text == catalogs.t(lang, "q_limit_session", count=2)
    # Another session is another count; until a moderator blocks the asker.
    first = (await question_ids(bot))[0]
    await wait_for_text(emu, MOD, 0, "🛡")  # the moderator was told questions wait
    [queue] = await emu.ask(MOD, "/questions")
    await emu.tap(MOD, queue.message_id, data=f"qmod:{first}:block", count=1)  # asks once
    result = await emu.tap(MOD, queue.message_id, data=f"qblock:{first}", count=1)
    assert result.text == catalogs.t("ru", "q_done_block")
    assert (await store_of(bot).questions.get(first)).status == "rejected"
    card = await open_card(emu, ASKER, "school-1")
    toast = await emu.tap(ASKER, card.message_id, data="qask:school-1")
    assert toast.text == catalogs.t(lang, "q_blocked")
    assert await question_ids(bot, session="school-1") == []


async def test_ask_with_nothing_on_now(emu: BotAPIEmulator, bot, clock, catalogs) -> None:
    clock.set(bishkek(22, 9, 0))
    await start_in(emu, ASKER, "ky")
    [answer] = await emu.ask(ASKER, "/ask")
    assert answer.text == catalogs.t("ky", "q_ask_none")
    card = await open_card(emu, ASKER, "opening")  # an opening takes no questions
    assert not [b for b in card.inline_buttons() if b.get("callback_data", "").startswith("q")]


@pytest.mark.parametrize("lang", LANGS)
async def test_forget_erases_questions_and_votes(
    emu: BotAPIEmulator, bot, clock: SimulatedClock, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, ASKER, lang)
    await start_in(emu, VOTER, "en")
    await ask_from_card(emu, ASKER, HOSTILE)
    await ask_from_card(emu, VOTER, "Mine?")
    store = store_of(bot)
    for question in await question_ids(bot):
        await store.questions.move(question, "pending", "approved", MOD, clock.now())
    listing = await public_list(emu, VOTER)
    for question in await question_ids(bot, "approved"):
        await emu.tap(VOTER, listing.message_id, data=f"qvote:{question}", count=1)
    [confirm] = await emu.ask(ASKER, "/forget")
    await emu.tap(ASKER, confirm.message_id, data=button_data(confirm, "🗑"), count=1)
    left = await store.questions.public(RT, VOTER)
    assert [(q.chat_id, q.votes, q.voted) for q in left] == [(VOTER, 1, True)]
    [confirm] = await emu.ask(VOTER, "/forget")
    await emu.tap(VOTER, confirm.message_id, data=button_data(confirm, "🗑"), count=1)
    assert await store.questions.public(RT) == []
    rows = await store.db.fetchall("SELECT COUNT(*) FROM question_votes")
    assert rows[0][0] == 0


async def test_the_moderator_is_told_when_a_question_starts_waiting_not_for_each_one(
    emu: BotAPIEmulator, bot, catalogs: Catalogs
) -> None:
    await start_in(emu, MOD, "ky")
    await start_in(emu, ORGANISER, "en")
    await start_in(emu, ASKER, "ru")
    mark_mod, mark_org = emu.mark(MOD), emu.mark(ORGANISER)
    await ask_from_card(emu, ASKER, "Who audits the e-voting?")
    told = await wait_for_text(emu, MOD, mark_mod, "🛡")
    session = await store_of(bot).programme.session(RT)
    title = session.title["ky"]
    assert title in told.text and button_data(told, catalogs.t("ky", "q_waiting_open")) == (
        f"qq:{RT}"
    )
    # A second question while the first waits: nothing more for the moderator.
    await start_in(emu, OTHER, "en")
    await ask_from_card(emu, OTHER, "And when?")
    await emu.ask(MOD, "/now")
    waiting = [e for e in emu.events(MOD, mark_mod) if e.kind == "sent" and "🛡" in e.message.text]
    assert len(waiting) == 1
    # The session has its own moderator: the organisers are not disturbed.
    await emu.ask(ORGANISER, "/now")
    assert not [
        e for e in emu.events(ORGANISER, mark_org) if e.kind == "sent" and "🛡" in e.message.text
    ]


async def test_without_session_moderators_the_organisers_are_told(
    emu: BotAPIEmulator, bot, catalogs: Catalogs
) -> None:
    await start_in(emu, ORGANISER, "ru")
    await start_in(emu, ASKER, "en")
    mark = emu.mark(ORGANISER)
    await ask_from_card(emu, ASKER, "What about turnout?", session="school-1")
    told = await wait_for_text(emu, ORGANISER, mark, "🛡")
    assert catalogs.t("ru", "q_waiting", session="").split(":")[0] in told.text
