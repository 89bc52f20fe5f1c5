"""Session feedback end to end: the prompt after a starred session on the simulated clock, a
rating and a comment, the organisers' figures and CSV (anonymous unless agreed), the
end-of-day prompt by topic, forged buttons, a restart, and /forget."""

from __future__ import annotations

import asyncio
import csv
import io
import re
from pathlib import Path

import pytest

from forumbot.emulator import BotAPIEmulator, BotMessage
from forumbot.infra.clock import SimulatedClock
from forumbot.infra.i18n import Catalogs
from handlers.app import build_application, running
from tests.e2e.conftest import LANGS, ORGANISER, bishkek, labels, settings_for, start_in

USER, OTHER, QUIET = 51, 52, 53


@pytest.fixture
def clock() -> SimulatedClock:
    """The first forum morning, before anything starts."""
    return SimulatedClock(bishkek(22, 9, 0), speed=0)


def store_of(bot):
    return bot.bot_data["services"].store


async def star(emu: BotAPIEmulator, user: int, session_id: str, first: bool = False) -> None:
    [card] = await emu.ask(user, f"/start s_{session_id}")
    await emu.tap(user, card.message_id, data=f"star:{session_id}:1", count=2 if first else 1)


def sent(emu: BotAPIEmulator, user: int, since: int, prefix: str) -> list[BotMessage]:
    return [
        e.message
        for e in emu.events(user, since)
        if e.kind == "sent" and e.message and e.message.text.startswith(prefix)
    ]


async def wait_for(emu: BotAPIEmulator, user: int, since: int, prefix: str) -> BotMessage:
    await emu._wait(
        user, since, lambda evs: bool(sent(emu, user, since, prefix)), 10.0, f"{prefix!r}"
    )
    return sent(emu, user, since, prefix)[0]


async def forged(emu: BotAPIEmulator, message: BotMessage, data: str) -> str | None:
    """Press a button the bot never made on ``message``; the text of the bot's answer."""
    mark = emu.mark(message.chat_id)
    query = await emu.press_raw(message.chat_id, message.message_id, data)
    events = await emu._wait(
        message.chat_id,
        mark,
        lambda evs: any(e.data.get("callback_query_id") == query["id"] for e in evs),
        10.0,
        f"an answer to {data!r}",
    )
    return next(e.data.get("text") for e in events if e.data.get("callback_query_id"))


async def csv_rows(emu: BotAPIEmulator, organiser: int) -> list[dict[str, str]]:
    """The organiser's /feedback, then its CSV button; the file as a spreadsheet reads it."""
    [stats] = await emu.ask(organiser, "/feedback")
    result = await emu.tap(organiser, stats.message_id, data="fbcsv", count=1)
    [document] = [e.message for e in result.events if e.kind == "sent"]
    assert document.kind == "document" and document.document_bytes is not None
    assert document.document_bytes.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM
    return list(csv.DictReader(io.StringIO(document.document_bytes.decode("utf-8-sig"))))


@pytest.mark.parametrize("lang", LANGS)
async def test_rate_and_comment_after_a_starred_session_and_the_organisers_see_it(
    emu: BotAPIEmulator, bot, clock: SimulatedClock, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, USER, lang)
    await star(emu, USER, "rt-technology", first=True)  # 22 June 10:30-13:00
    mark = emu.mark(USER)
    clock.set(bishkek(22, 12, 59))
    await emu.ask(USER, "/now")
    assert sent(emu, USER, mark, "📝") == []  # not before it ends
    clock.set(bishkek(22, 13, 0))
    prompt = await wait_for(emu, USER, mark, "📝")
    title = (await store_of(bot).programme.session("rt-technology")).title[lang]
    assert catalogs.t(lang, "feedback_prompt_title") in prompt.text and title in prompt.text
    assert labels(prompt) == ["1", "2", "3", "4", "5"]

    result = await emu.tap(USER, prompt.message_id, data="fb:rt-technology:4", count=1)
    assert result.text == catalogs.t(lang, "feedback_rated_toast", rating=4)
    rated = emu.messages(USER)[-1]
    assert catalogs.t(lang, "feedback_your_rating", rating=4) in rated.text
    await emu.tap(USER, rated.message_id, data="fbc:rt-technology", count=1)
    too_long = "x" * 1001
    [refused] = await emu.ask(USER, too_long)
    assert refused.text == catalogs.t(lang, "feedback_comment_bad", length=1001, count=1000)
    comment = "Very useful <b>&</b> =SUM(A1)"
    [saved] = await emu.ask(USER, comment)
    assert catalogs.t(lang, "feedback_comment_saved") in saved.text
    assert comment in saved.text  # shown back as typed: escaped, not markup
    assert catalogs.t(lang, "feedback_name_off") in labels(saved)

    await start_in(emu, ORGANISER, lang)
    [stats] = await emu.ask(ORGANISER, "/feedback")
    average = "4.0" if lang == "en" else "4,0"  # the decimal separator of the language
    assert catalogs.t(lang, "feedback_stats_line", average=average, count=1) in stats.text
    assert "4★ 1" in stats.text and title in stats.text
    [row] = await csv_rows(emu, ORGANISER)
    assert row["session_id"] == "rt-technology" and row["rating"] == "4"
    assert row["comment"] == comment and row["title"] == title
    assert row["submitted_at"] == "2023-06-22 13:00"  # the forum's zone
    assert re.fullmatch(r"P\d+", row["respondent"])  # anonymous

    # The participant agrees to show their name: the CSV names them.
    await emu.tap(USER, saved.message_id, data="fbname:rt-technology:1", count=1)
    assert catalogs.t(lang, "feedback_name_on") in labels(emu.messages(USER)[-1])
    [row] = await csv_rows(emu, ORGANISER)
    assert row["respondent"] == f"Aida ({USER})"


async def test_the_end_of_day_prompt_goes_to_those_with_the_topic_on(
    emu: BotAPIEmulator, bot, clock: SimulatedClock, catalogs: Catalogs
) -> None:
    await start_in(emu, USER, "ky")
    await star(emu, USER, "school-1", first=True)  # 15:00-17:30, the day's last session
    # A question asked at the round table: they were there, though they did not star it.
    [card] = await emu.ask(USER, "/start s_rt-technology")
    await emu.tap(USER, card.message_id, data="qask:rt-technology", count=1)
    await emu.ask(USER, "Санариптик кодекс качан кабыл алынат?")
    await start_in(emu, OTHER, "en")
    await star(emu, OTHER, "opening", first=True)
    [screen] = await emu.ask(OTHER, "/settings")
    assert "✅ " + catalogs.t("en", "topic_feedback") in labels(screen)  # on since the star
    await emu.tap(OTHER, screen.message_id, data="topic:feedback", count=1)
    assert "⬜ " + catalogs.t("en", "topic_feedback") in labels(emu.messages(OTHER)[-1])
    await start_in(emu, QUIET, "ru")  # never starred: the topic is off
    marks = {u: emu.mark(u) for u in (USER, OTHER, QUIET)}
    clock.set(bishkek(22, 17, 30))
    day = await wait_for(emu, USER, marks[USER], "📋")
    assert catalogs.t("ky", "feedback_day_title", date="").split("·")[0] in day.text
    # The school had its own prompt: the day's prompt lists the round table they asked a
    # question at, not the school again, nor the opening they took no part in.
    assert sent(emu, USER, marks[USER], "📝")
    assert [b["callback_data"] for b in day.inline_buttons()] == ["fbopen:rt-technology"]
    await emu.tap(USER, day.message_id, data="fbopen:rt-technology", count=1)
    opened = emu.messages(USER)[-1]
    assert opened.text.startswith("📝") and opened.message_id != day.message_id
    await emu.tap(USER, opened.message_id, data="fb:rt-technology:5", count=1)
    assert await store_of(bot).feedback.answer(USER, "rt-technology") is not None
    for quiet in (OTHER, QUIET):
        await emu.ask(quiet, "/now")
        assert sent(emu, quiet, marks[quiet], "📋") == []
        assert sent(emu, quiet, marks[quiet], "📝") == []
    # Once a day.
    clock.set(bishkek(22, 18, 0))
    await emu.ask(USER, "/now")
    assert len(sent(emu, USER, marks[USER], "📋")) == 1


@pytest.mark.parametrize("lang", LANGS)
async def test_the_end_of_day_prompt_never_asks_about_sessions_not_starred(
    emu: BotAPIEmulator, bot, clock: SimulatedClock, catalogs: Catalogs, lang: str
) -> None:
    """Starred the opening only: its own prompt, and no day prompt listing the round table
    and the school they never starred (issue 13, item 12)."""
    await start_in(emu, USER, lang)
    await star(emu, USER, "opening", first=True)
    mark = emu.mark(USER)
    clock.set(bishkek(22, 17, 30))  # the day's last session ends: the day prompt's moment
    prompt = await wait_for(emu, USER, mark, "📝")
    assert "fb:opening:5" in [b["callback_data"] for b in prompt.inline_buttons()]
    store = store_of(bot)
    for _ in range(200):  # the day is decided in the tick that sent the prompt, or the next
        if await store.feedback.days.decided():
            break
        await asyncio.sleep(0.05)
    assert await store.feedback.days.decided() == {bishkek(22, 0).date()}
    # The day's messages are queued with its key, in one transaction: none for them.
    queued = await store.db.fetchall(
        "SELECT d.chat_id FROM deliveries d JOIN broadcasts b ON b.id = d.broadcast_id "
        "WHERE b.kind = 'feedback_day'"
    )
    assert queued == []
    assert sent(emu, USER, mark, "📋") == []


async def test_forged_buttons_get_the_stale_answer_and_no_csv(
    emu: BotAPIEmulator, bot, clock: SimulatedClock, catalogs: Catalogs
) -> None:
    await start_in(emu, USER, "ru")
    await star(emu, USER, "opening", first=True)
    clock.set(bishkek(22, 10, 30))
    prompt = await wait_for(emu, USER, 0, "📝")
    stale = catalogs.t("ru", "stale_button")
    # a rating of 9, an unknown session, one not over yet, a comment or a name before a rating
    for data in ("fb:opening:9", "fb:nope:4", "fb:school-1:3", "fbc:opening", "fbname:opening:1"):
        assert await forged(emu, prompt, data) == stale, data
    assert await store_of(bot).feedback.export_rows() == []
    mark = emu.mark(USER)
    assert await forged(emu, prompt, "fbcsv") == catalogs.t("ru", "unknown_command")
    [reply] = await emu.ask(USER, "/feedback")
    assert reply.text == catalogs.t("ru", "unknown_command")
    assert not [e for e in emu.events(USER, mark) if e.message and e.message.kind == "document"]


async def test_a_restart_neither_repeats_a_prompt_nor_sends_one_too_late(
    emu: BotAPIEmulator, tmp_path: Path
) -> None:
    clock = SimulatedClock(bishkek(22, 9, 0), speed=0)
    settings = settings_for(emu, tmp_path)
    async with running(build_application(settings, clock), poll_timeout=1):
        await start_in(emu, USER, "en")
        for session_id in ("opening", "rt-technology", "resolution"):
            await star(emu, USER, session_id, first=session_id == "opening")
        clock.set(bishkek(22, 10, 30))
        await wait_for(emu, USER, 0, "📝")
    # Down until the next afternoon: the round table ended 27 hours ago, the resolution
    # (15:00-16:00) just now.
    clock.set(bishkek(23, 16, 5))
    mark = emu.mark(USER)
    async with running(build_application(settings, clock), poll_timeout=1) as app:
        late = await wait_for(emu, USER, mark, "📝")
        await emu.ask(USER, "/now")
        store = app.bot_data["services"].store
        counts = await store.feedback.prompt_counts()
    prompts = sent(emu, USER, 0, "📝")
    assert len(prompts) == 2 and prompts[1] is late
    assert "15:00–16:00" in late.text
    assert counts == {"sent": 2, "dropped": 1}
    assert sent(emu, USER, 0, "📋") == []  # the first day's prompt is too late too


async def test_forget_erases_feedback(
    emu: BotAPIEmulator, bot, clock: SimulatedClock, catalogs: Catalogs
) -> None:
    await start_in(emu, USER, "en")
    await star(emu, USER, "opening", first=True)
    clock.set(bishkek(22, 10, 35))
    prompt = await wait_for(emu, USER, 0, "📝")
    await emu.tap(USER, prompt.message_id, data="fb:opening:2", count=1)
    store = store_of(bot)
    assert len(await store.feedback.export_rows()) == 1
    [confirm] = await emu.ask(USER, "/forget")
    await emu.tap(USER, confirm.message_id, data="forget:yes", count=1)
    assert await store.feedback.export_rows() == []
    assert await store.feedback.prompt_counts() == {}
    await start_in(emu, ORGANISER, "en")
    [stats] = await emu.ask(ORGANISER, "/feedback")
    assert catalogs.t("en", "feedback_stats_none") in stats.text
