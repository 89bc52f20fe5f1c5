"""The personal agenda end to end: stars, /my, reminders on the simulated clock, the daily
digest, and change notices after a re-import."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from forumbot.emulator import BotAPIEmulator, BotMessage
from forumbot.infra.clock import SimulatedClock
from forumbot.infra.i18n import Catalogs
from forumbot.infra.settings import DEFAULT_DATA
from forumbot.runtime.services import import_programme
from handlers.app import build_application, running
from tests.e2e.conftest import (
    LANGS,
    bishkek,
    button_data,
    labels,
    settings_for,
    start_in,
)

USER = 31


@pytest.fixture
def clock() -> SimulatedClock:
    """The first forum morning, before anything starts."""
    return SimulatedClock(bishkek(22, 9, 0), speed=0)


def store_of(bot):
    return bot.bot_data["services"].store


async def open_card(emu: BotAPIEmulator, user: int, session_id: str) -> BotMessage:
    [card] = await emu.ask(user, f"/start s_{session_id}")
    return card


async def star(emu: BotAPIEmulator, user: int, session_id: str, first: bool = False) -> str:
    """Star from the card: the card shows the new state (and the first star offers the
    digest). Returns the toast."""
    card = await open_card(emu, user, session_id)
    result = await emu.tap(
        user, card.message_id, data=f"star:{session_id}:1", count=2 if first else 1
    )
    return result.text or ""


async def reminders_in(emu: BotAPIEmulator, user: int, since: int) -> list[BotMessage]:
    return [
        e.message
        for e in emu.events(user, since)
        if e.kind == "sent" and e.message and e.message.text.startswith("⏰")
    ]


async def wait_for_text(emu: BotAPIEmulator, user: int, since: int, prefix: str) -> BotMessage:
    """The first message the bot sends to ``user`` after ``since`` starting with ``prefix``."""
    events = await emu._wait(
        user,
        since,
        lambda evs: any(e.kind == "sent" and e.message.text.startswith(prefix) for e in evs),
        10.0,
        f"a message starting {prefix!r}",
    )
    return next(
        e.message for e in events if e.kind == "sent" and e.message.text.startswith(prefix)
    )


@pytest.mark.parametrize("lang", LANGS)
async def test_star_a_session_and_see_my_agenda(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, USER, lang)
    toast = await star(emu, USER, "rt-technology", first=True)
    assert toast == catalogs.t(lang, "starred_toast")
    card, offer = emu.messages(USER)[-2:]
    assert any(catalogs.t(lang, "unstar") in label for label in labels(card))
    assert offer.text == "☀️ " + catalogs.t(lang, "digest_offer")
    await star(emu, USER, "school-1")
    [agenda] = await emu.ask(USER, "/my")
    assert catalogs.t(lang, "my_title") in agenda.text
    assert "10:30–13:00" in agenda.text and "15:00–17:30" in agenda.text
    gap = catalogs.t(lang, "my_gap", duration=catalogs.t(lang, "duration_h", hours=2))
    assert gap in agenda.text  # 13:00 to 15:00
    assert catalogs.t(lang, "my_reminders_on", minutes=10) in agenda.text
    # One tap unstars, and the agenda shows without it.
    await emu.tap(USER, agenda.message_id, data="unstarmy:school-1", count=1)
    agenda = emu.messages(USER)[-1]
    assert "15:00–17:30" not in agenda.text and "10:30–13:00" in agenda.text
    assert await store_of(bot).personal.starred(USER) == {"rt-technology"}


@pytest.mark.parametrize("lang", LANGS)
async def test_starring_a_session_begun_or_over_promises_no_reminder(
    emu: BotAPIEmulator, bot, clock: SimulatedClock, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, USER, lang)
    clock.set(bishkek(22, 11, 0))  # rt-technology runs 10:30–13:00
    assert await star(emu, USER, "rt-technology", first=True) == catalogs.t(
        lang, "starred_toast_started"
    )
    clock.set(bishkek(22, 13, 30))
    card = await open_card(emu, USER, "rt-technology")
    await emu.tap(USER, card.message_id, data="star:rt-technology:0", count=1)
    toast = await star(emu, USER, "rt-technology")
    assert toast == catalogs.t(lang, "starred_toast_over")
    assert "⭐" in toast and catalogs.t(lang, "starred_toast") != toast


async def test_the_menu_button_opens_my_agenda(emu: BotAPIEmulator, bot, catalogs) -> None:
    await start_in(emu, USER, "ky")
    [agenda] = await emu.ask(USER, catalogs.t("ky", "menu_my"))
    assert catalogs.t("ky", "my_empty") in agenda.text


async def set_lead(emu: BotAPIEmulator, user: int, minutes: int) -> None:
    [screen] = await emu.ask(user, "/settings")
    await emu.tap(user, screen.message_id, data=f"lead:{minutes}", count=1)


@pytest.mark.parametrize("lang", LANGS)
async def test_reminders_come_at_the_chosen_lead_time_in_my_language(
    emu: BotAPIEmulator, bot, clock: SimulatedClock, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, USER, lang)
    await star(emu, USER, "rt-technology", first=True)  # 22 June 10:30, main hall
    await star(emu, USER, "rt-youth")  # 23 June 11:00
    await set_lead(emu, USER, 15)
    settings_screen = emu.messages(USER)[-1]
    assert catalogs.t(lang, "settings_reminders_now", minutes=15) in settings_screen.text

    mark = emu.mark(USER)
    clock.set(bishkek(22, 10, 14))
    bot.bot_data["services"].wake()
    await emu.ask(USER, "/now")  # a round trip: the planner has had its chance
    assert await reminders_in(emu, USER, mark) == []

    clock.set(bishkek(22, 10, 15))
    reminder = await wait_for_text(emu, USER, mark, "⏰")
    assert catalogs.t(lang, "reminder_title") in reminder.text
    assert "10:30–13:00" in reminder.text
    session = await store_of(bot).programme.session("rt-technology")
    assert session.title[lang] in reminder.text
    assert button_data(reminder, catalogs.t(lang, "open_session")) == "card:rt-technology"
    # The button opens the card as a new message; the reminder stays.
    await emu.tap(USER, reminder.message_id, data="card:rt-technology", count=1)
    assert emu.messages(USER)[-1].message_id != reminder.message_id

    # The next day's round table, and never a second reminder for the first.
    mark2 = emu.mark(USER)
    clock.set(bishkek(23, 10, 45))
    second = await wait_for_text(emu, USER, mark2, "⏰")
    assert "11:00–13:00" in second.text
    await emu.ask(USER, "/now")
    assert len(await reminders_in(emu, USER, mark)) == 2


async def test_reminders_off_sends_none(emu: BotAPIEmulator, bot, clock, catalogs) -> None:
    await start_in(emu, USER, "en")
    await star(emu, USER, "rt-technology", first=True)
    await set_lead(emu, USER, 0)
    assert catalogs.t("en", "settings_reminders_off") in emu.messages(USER)[-1].text
    mark = emu.mark(USER)
    clock.set(bishkek(22, 10, 29))
    await emu.ask(USER, "/now")
    await emu.ask(USER, "/now")
    assert await reminders_in(emu, USER, mark) == []


async def test_the_digest_comes_at_eight_with_my_sessions_marked(
    emu: BotAPIEmulator, bot, clock: SimulatedClock, catalogs: Catalogs
) -> None:
    clock.set(bishkek(22, 7, 0))
    await start_in(emu, USER, "ru")
    await star(emu, USER, "school-1", first=True)
    offer = emu.messages(USER)[-1]
    await emu.tap(USER, offer.message_id, data="digest:on", count=1)
    assert emu.messages(USER)[-1].text == catalogs.t("ru", "digest_turned_on")
    other = 32  # a participant who did not turn the digest on
    await start_in(emu, other, "en")
    mark, mark_other = emu.mark(USER), emu.mark(other)
    clock.set(bishkek(22, 7, 59))
    await emu.ask(USER, "/now")
    assert not [e for e in emu.events(USER, mark) if e.message and "☀️" in e.message.text]
    clock.set(bishkek(22, 8, 0))
    digest = await wait_for_text(emu, USER, mark, "☀️")
    assert catalogs.t("ru", "digest_title", date="").split(",")[0] in digest.text
    assert "⭐ 15:00–17:30" in digest.text
    assert "10:30–13:00" in digest.text  # the whole day, not only mine
    assert catalogs.t("ru", "menu_my") == "⭐ Избранное"
    assert "⭐ Избранное" in labels(digest)  # one star: the label has its own
    await emu.ask(other, "/now")
    assert not [e for e in emu.events(other, mark_other) if e.message and "☀️" in e.message.text]
    # Once a day: a later tick on the same day sends nothing more.
    clock.set(bishkek(22, 9, 0))
    await emu.ask(USER, "/now")
    digests = [e for e in emu.events(USER, mark) if e.kind == "sent" and "☀️" in e.message.text]
    assert len(digests) == 1


def moved(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


async def test_a_reimport_that_moves_a_starred_session_tells_once_and_the_reminder_follows(
    emu: BotAPIEmulator, bot, clock: SimulatedClock, catalogs: Catalogs, tmp_path: Path
) -> None:
    await start_in(emu, USER, "en")
    await star(emu, USER, "rt-youth", first=True)  # 23 June 11:00–13:00, main hall
    bystander = 33  # starred nothing that moves
    await start_in(emu, bystander, "ru")
    await star(emu, bystander, "school-1", first=True)
    base = DEFAULT_DATA.read_text(encoding="utf-8")
    youth = base.index("  - id: rt-youth")
    head, tail = base[:youth], base[youth:]
    store = store_of(bot)
    mark, mark_bystander = emu.mark(USER), emu.mark(bystander)
    # Two re-imports within a few minutes: 13:00, then 13:30.
    for start, end in (("13:00", "14:30"), ("13:30", "15:00")):
        changed = tail.replace('start: "11:00"', f'start: "{start}"', 1)
        changed = changed.replace('end: "13:00"', f'end: "{end}"', 1)
        path = tmp_path / f"moved-{start.replace(':', '')}.yaml"
        path.write_text(head + changed, encoding="utf-8")
        await import_programme(store, path, clock.now())
        clock.advance(dt.timedelta(minutes=1))
        await emu.ask(USER, "/now")
    assert not [e for e in emu.events(USER, mark) if e.message and "📣" in e.message.text]
    clock.advance(dt.timedelta(minutes=3))  # the programme has been quiet long enough
    notice = await wait_for_text(emu, USER, mark, "📣")
    assert catalogs.t("en", "changes_title") in notice.text
    assert "11:00–13:00" in notice.text and "13:30–15:00" in notice.text
    assert "13:00–14:30" not in notice.text  # merged: where it was, where it is now
    assert "⭐ My agenda" in labels(notice)  # one star: the label has its own
    await emu.ask(USER, "/now")
    notices = [e for e in emu.events(USER, mark) if e.kind == "sent" and "📣" in e.message.text]
    assert len(notices) == 1
    told_bystander = [e for e in emu.events(bystander, mark_bystander) if e.kind == "sent"]
    assert not [e for e in told_bystander if e.message.text.startswith("📣")]
    # The reminder follows the new time: 10 minutes before 13:30, not before 11:00.
    mark = emu.mark(USER)
    clock.set(bishkek(23, 10, 55))
    await emu.ask(USER, "/now")
    assert await reminders_in(emu, USER, mark) == []
    clock.set(bishkek(23, 13, 20))
    reminder = await wait_for_text(emu, USER, mark, "⏰")
    assert "13:30–15:00" in reminder.text


async def test_a_session_dropped_from_the_file_shows_cancelled_and_is_told(
    emu: BotAPIEmulator, bot, clock: SimulatedClock, catalogs: Catalogs, tmp_path: Path
) -> None:
    await start_in(emu, USER, "ky")
    await star(emu, USER, "school-2", first=True)
    base = DEFAULT_DATA.read_text(encoding="utf-8")
    start, end = base.index("  - id: school-2"), base.index("  - id: rt-youth")
    path = tmp_path / "without-school-2.yaml"
    path.write_text(base[:start] + base[end:], encoding="utf-8")
    mark = emu.mark(USER)
    await import_programme(store_of(bot), path, clock.now())
    clock.advance(dt.timedelta(minutes=4))
    notice = await wait_for_text(emu, USER, mark, "📣")
    assert catalogs.t("ky", "change_cancelled") in notice.text
    card = await open_card(emu, USER, "school-2")
    assert catalogs.t("ky", "session_cancelled") in card.text
    # No reminder for a cancelled session.
    mark = emu.mark(USER)
    clock.set(bishkek(23, 9, 25))
    await emu.ask(USER, "/now")
    assert await reminders_in(emu, USER, mark) == []


async def test_across_a_restart_no_reminder_is_repeated_or_lost(
    emu: BotAPIEmulator, tmp_path: Path, catalogs: Catalogs
) -> None:
    clock = SimulatedClock(bishkek(22, 9, 0), speed=0)
    settings = settings_for(emu, tmp_path)
    async with running(build_application(settings, clock), poll_timeout=1):
        await start_in(emu, USER, "ru")
        for session_id in ("opening", "rt-technology", "school-1"):
            await star(emu, USER, session_id, first=session_id == "opening")
        clock.set(bishkek(22, 9, 50))  # the opening's reminder (10:00 − 10 min)
        await wait_for_text(emu, USER, 0, "⏰")
    # Down until 14:55: the round table (10:30) has started, the school (15:00) has not.
    clock.set(bishkek(22, 14, 55))
    mark = emu.mark(USER)
    async with running(build_application(settings, clock), poll_timeout=1) as app:
        late = await wait_for_text(emu, USER, mark, "⏰")
        assert "15:00–17:30" in late.text  # sent late: its session has not started
        await emu.ask(USER, "/now")
        counts = await app.bot_data["services"].store.personal.reminder_counts()
    reminders = await reminders_in(emu, USER, 0)
    assert [r.text.count("10:00–10:30") for r in reminders] == [1, 0]  # never repeated
    assert counts == {"sent": 2, "dropped": 1}  # the round table's: dropped and counted


@pytest.mark.parametrize(
    ("lang", "warning"),
    [
        ("ru", "пересекается с «Молодёжь и выборы» из избранного"),
        ("en", "overlaps “Youth and elections” in your agenda"),
    ],
)
async def test_my_agenda_names_the_session_it_overlaps(
    emu: BotAPIEmulator, bot, clock: SimulatedClock, tmp_path: Path, lang: str, warning: str
) -> None:
    base = DEFAULT_DATA.read_text(encoding="utf-8")
    youth = base.index("  - id: rt-youth")
    early = base[youth:].replace('start: "11:00"', 'start: "10:00"', 1)  # over school-2's end
    path = tmp_path / "overlap.yaml"
    path.write_text(base[:youth] + early, encoding="utf-8")
    await import_programme(store_of(bot), path, clock.now())
    await start_in(emu, USER, lang)
    await star(emu, USER, "school-2", first=True)
    await star(emu, USER, "rt-youth", first=True)  # two messages: the card, and the warning
    warning_now = emu.last_message(USER)
    assert warning_now.text.startswith("⚠️") and "school-2" in str(warning_now.reply_markup)
    [my] = await emu.ask(USER, "/my")
    assert my.text.count("⚠️") == 2
    assert warning in my.text  # on school-2, naming the other
