"""Polls at a running round table: a moderator or an organiser starts one, those present and
those who starred the session get it in their language through the delivery engine and
answer with buttons; the results follow live, close on demand (asked once), and come as CSV.
Participants cannot start, see or close one, whatever they send."""

from __future__ import annotations

import csv
import io

import pytest

from forumbot.emulator import BotAPIEmulator, BotMessage
from forumbot.infra.clock import SimulatedClock
from forumbot.infra.i18n import Catalogs
from tests.e2e.conftest import LANGS, ORGANISER, bishkek, labels, start_in
from tests.e2e.test_agenda import open_card, star, wait_for_text

MOD, HERE, FAN, BYSTANDER = 51, 52, 53, 54
POLL = "Which matters most for trust?\nTransparency\nSpeed\nCost"


@pytest.fixture
def clock() -> SimulatedClock:
    return SimulatedClock(bishkek(22, 10, 45), speed=0)  # round table 1 is on (10:30–13:00)


async def compose(emu: BotAPIEmulator, who: int, start: BotMessage, text: str) -> BotMessage:
    """Press the poll button on ``start``, type the poll; the preview."""
    await emu.tap(who, start.message_id, data="poll:rt-technology", count=1)
    [preview] = await emu.ask(who, text)
    return preview


def poll_id_of(message: BotMessage) -> str:
    return next(b["callback_data"] for b in message.inline_buttons()).split(":")[1]


@pytest.mark.parametrize("lang", LANGS)
async def test_a_moderator_runs_a_poll_and_sees_the_results_live_then_closes_it(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    store = bot.bot_data["services"].store
    await seat_the_round_table(emu, store, lang)
    results, marks = await send_a_poll_of_several_answers(emu, catalogs)
    poll, theirs = await both_answer_and_the_results_follow(
        emu, store, catalogs, lang, marks, results
    )
    await read_the_results_and_the_csv(emu, catalogs, poll, results)
    late, audited = await close_it(emu, store, catalogs, poll, results, theirs)
    assert late == catalogs.t("ru", "poll_closed")
    assert audited[:2] == ["poll_closed", "poll_started"]


async def seat_the_round_table(emu: BotAPIEmulator, store, lang: str) -> None:
    """The moderator (in English), one present (``lang``), one who starred it (in Russian),
    and a bystander."""
    for user, language in ((MOD, "en"), (HERE, lang), (FAN, "ru"), (BYSTANDER, lang)):
        await start_in(emu, user, language)
    await store.questions.add_moderator("rt-technology", MOD, ORGANISER, bishkek(22, 9))
    card = await open_card(emu, HERE, "rt-technology")
    await emu.tap(HERE, card.message_id, data="here:rt-technology")
    await star(emu, FAN, "rt-technology", first=True)


async def send_a_poll_of_several_answers(
    emu: BotAPIEmulator, catalogs: Catalogs
) -> tuple[BotMessage, dict[int, int]]:
    """/poll, a poll asked again until it has answers, several allowed, sent to two people:
    the moderator's live results, and where each recipient's messages start."""
    [pick] = await emu.ask(MOD, "/poll")
    assert pick.text == catalogs.t("en", "poll_pick")
    await emu.tap(MOD, pick.message_id, data="poll:rt-technology", count=1)
    [again] = await emu.ask(MOD, "Only a question?")
    assert again.text == catalogs.t("en", "poll_bad_count")
    [preview] = await emu.ask(MOD, POLL)
    assert catalogs.t("en", "poll_people", count=2) in preview.text
    await emu.tap(MOD, preview.message_id, data="pollm:rt-technology:1", count=1)
    assert catalogs.t("en", "poll_mode_several") in emu.messages(MOD)[-1].text
    marks = {u: emu.mark(u) for u in (HERE, FAN)}
    await emu.tap(MOD, preview.message_id, data="pollgo:rt-technology", count=2)
    sent, results = emu.messages(MOD)[-2:]
    assert sent.text == catalogs.t("en", "poll_sent", count=2)
    assert catalogs.t("en", "poll_voters", count=0) in results.text
    return results, marks


async def both_answer_and_the_results_follow(
    emu: BotAPIEmulator,
    store,
    catalogs: Catalogs,
    lang: str,
    marks: dict[int, int],
    results: BotMessage,
) -> tuple[str, BotMessage]:
    """Each recipient gets the poll in their language and votes; the results follow the
    first vote. The poll's id and the Russian reader's message."""
    mine = await wait_for_text(emu, HERE, marks[HERE], "📊")
    title = (await store.programme.session("rt-technology")).title[lang]
    assert catalogs.t(lang, "poll_title", title=title) in mine.text
    assert labels(mine) == ["Transparency", "Speed", "Cost"]
    theirs = await wait_for_text(emu, FAN, marks[FAN], "📊")
    assert catalogs.t("ru", "poll_mode_several") in theirs.text
    poll = poll_id_of(mine)
    live = emu.mark(MOD)
    await emu.tap(HERE, mine.message_id, data=f"pv:{poll}:0", count=1)
    [followed] = await emu.wait_events(MOD, live, count=1)  # the results follow the first vote
    assert followed.kind == "edited" and followed.message.message_id == results.message_id
    assert "1 · 100%" in followed.message.text
    await emu.tap(HERE, mine.message_id, data=f"pv:{poll}:1", count=1)
    assert labels(emu.messages(HERE)[-1]) == ["✅ Transparency", "✅ Speed", "Cost"]
    await emu.tap(FAN, theirs.message_id, data=f"pv:{poll}:1", count=1)
    return poll, theirs


async def read_the_results_and_the_csv(
    emu: BotAPIEmulator, catalogs: Catalogs, poll: str, results: BotMessage
) -> None:
    """🔄 shows both votes; the CSV counts each answer."""
    await emu.tap(MOD, results.message_id, data=f"pres:{poll}", count=1)
    shown = emu.messages(MOD)[-1].text
    assert catalogs.t("en", "poll_voters", count=2) in shown and "2 · 100%" in shown
    await emu.tap(MOD, results.message_id, data=f"pcsv:{poll}", count=1)
    document = emu.messages(MOD)[-1]
    rows = list(csv.reader(io.StringIO(document.document_bytes.decode("utf-8-sig"))))
    assert [(r[2], r[3], r[4]) for r in rows[1:]] == [
        ("Transparency", "1", "50"),
        ("Speed", "2", "100"),
        ("Cost", "0", "0"),
    ]


async def close_it(
    emu: BotAPIEmulator,
    store,
    catalogs: Catalogs,
    poll: str,
    results: BotMessage,
    theirs: BotMessage,
) -> tuple[str, list[str]]:
    """Close asks once with the count; then a late vote's answer, and the audit's actions."""
    await emu.tap(MOD, results.message_id, data=f"pclose:{poll}", count=1)
    assert emu.messages(MOD)[-2].text == catalogs.t("en", "poll_close_confirm", count=2)
    await emu.tap(MOD, results.message_id, data=f"pcloseok:{poll}", count=1)
    assert catalogs.t("en", "poll_closed_state") in emu.messages(MOD)[-2].text
    late = await emu.tap(FAN, theirs.message_id, data=f"pv:{poll}:0")
    return late.text, [e.action for e in await store.staff.audit_log()]


async def test_an_organiser_polls_from_the_card_one_answer_that_can_change(
    emu: BotAPIEmulator, bot, catalogs: Catalogs
) -> None:
    await start_in(emu, ORGANISER, "ky")
    await start_in(emu, HERE, "ky")
    card = await open_card(emu, HERE, "rt-technology")
    await emu.tap(HERE, card.message_id, data="here:rt-technology")
    organiser_card = await open_card(emu, ORGANISER, "rt-technology")
    assert "📊 " + catalogs.t("ky", "poll_button") in labels(organiser_card)
    preview = await compose(emu, ORGANISER, organiser_card, POLL)
    assert catalogs.t("ky", "poll_mode_one") in preview.text
    mark = emu.mark(HERE)
    await emu.tap(ORGANISER, preview.message_id, data="pollgo:rt-technology", count=2)
    mine = await wait_for_text(emu, HERE, mark, "📊")
    poll = poll_id_of(mine)
    await emu.tap(HERE, mine.message_id, data=f"pv:{poll}:0", count=1)
    await emu.tap(HERE, mine.message_id, data=f"pv:{poll}:2", count=1)
    assert labels(emu.messages(HERE)[-1]) == ["Transparency", "Speed", "✅ Cost"]
    results = await bot.bot_data["services"].store.polls.results(int(poll))
    assert (results.counts, results.voters) == ((0, 0, 1), 1)


async def test_participants_cannot_start_see_or_close_polls(
    emu: BotAPIEmulator, bot, catalogs: Catalogs
) -> None:
    await start_in(emu, ORGANISER, "en")
    await start_in(emu, HERE, "ru")
    [refused] = await emu.ask(HERE, "/poll")
    assert refused.text == catalogs.t("ru", "unknown_command")
    card = await open_card(emu, HERE, "rt-technology")
    assert not [label for label in labels(card) if label.startswith("📊")]
    for data in ("poll:rt-technology", "pollgo:rt-technology", "pres:1", "pcloseok:1"):
        mark = emu.mark(HERE)
        await emu.press_raw(HERE, card.message_id, data)
        [answer, *_] = await emu.wait_events(HERE, mark, count=1)
        assert answer.data["text"] in (
            catalogs.t("ru", "unknown_command"),
            catalogs.t("ru", "stale_button"),
        )
    later = await open_card(emu, ORGANISER, "school-1")  # 15:00: not on
    mark = emu.mark(ORGANISER)
    await emu.press_raw(ORGANISER, later.message_id, "poll:school-1")
    [answer, *_] = await emu.wait_events(ORGANISER, mark, count=1)
    assert answer.data["text"] == catalogs.t("en", "poll_not_on")
    assert await bot.bot_data["services"].store.polls.of_session("rt-technology") == []
