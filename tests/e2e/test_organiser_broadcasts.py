"""The organiser's day with broadcasts (issue 12): every flow ends well and nothing far-reaching
happens in one tap. Each test presses through to what recipients got, or the audit row."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from forumbot.emulator import BotAPIEmulator, BotMessage
from forumbot.infra.clock import SimulatedClock
from forumbot.infra.i18n import Catalogs
from forumbot.infra.settings import Settings
from forumbot.store.drafts import AnnounceDraft
from handlers.app import build_application, running
from tests.e2e.conftest import LANGS, ORGANISER, OWNER, start_in
from tests.e2e.test_announce import announce, received, told_finished
from tests.e2e.test_missed import PARTICIPANT, START, prepare


def when_on(card: BotMessage) -> str:
    """The time a broadcast's card shows (the line after ⏰), in the reader's words."""
    return next(line[2:] for line in card.text.splitlines()[1:] if line.startswith("⏰ "))


async def send_now(emu: BotAPIEmulator, picker: int) -> None:
    await emu.tap(ORGANISER, picker, data="when:now", count=1)
    await emu.tap(ORGANISER, picker, data="aok", count=1)


async def with_a_reader(emu: BotAPIEmulator, lang: str, reader: int, reader_lang: str) -> int:
    """The organiser (reading ``lang``) and one reader have started; the reader's mark."""
    await start_in(emu, ORGANISER, lang)
    await start_in(emu, reader, reader_lang)
    return emu.mark(reader)


async def first_of(emu: BotAPIEmulator, command: str) -> BotMessage:
    """The list ``command`` shows (/scheduled, /deliveries), broadcast #1's card in its place."""
    [listing] = await emu.ask(ORGANISER, command)
    await emu.tap(ORGANISER, listing.message_id, data="bview:1", count=1)
    return listing


async def scheduled_card(emu: BotAPIEmulator, text: str, when: str = "60m") -> BotMessage:
    """Schedule ``text`` to everyone and open its card from /scheduled."""
    picker = await announce(emu, text)
    await emu.tap(ORGANISER, picker, data=f"when:{when}", count=1)
    await emu.tap(ORGANISER, picker, data="aok", count=1)
    await first_of(emu, "/scheduled")
    return emu.last_message(ORGANISER)


async def sent_and_reported(emu: BotAPIEmulator, reader: int, mark: int, text: str) -> str:
    """``text`` sent now to everyone; what the reader got, once the organiser has the report."""
    await send_now(emu, await announce(emu, text))
    got = await received(emu, reader, mark)
    await told_finished(emu, 1)
    return got


async def audit_text(emu: BotAPIEmulator) -> str:
    [log] = await emu.ask(ORGANISER, "/audit")
    return log.text


@pytest.mark.parametrize("lang", LANGS)
async def test_announce_again_offers_to_continue_or_drop_the_draft(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    """Item 1: never "I do not know this command"; a command typed mid-flow is answered."""
    mark = await with_a_reader(emu, lang, 80, "ru")
    [mode] = await emu.ask(ORGANISER, "/announce")
    await emu.tap(ORGANISER, mode.message_id, data="amode:one", count=1)
    await emu.ask(ORGANISER, "Registration closes at 18:00.", count=3)
    [answered] = await emu.ask(ORGANISER, "/help")
    assert answered.text != catalogs.t(lang, "unknown_command")
    [offer] = await emu.ask(ORGANISER, "/announce")
    assert offer.text == catalogs.t(lang, "announce_resume")
    await emu.tap(ORGANISER, offer.message_id, data="acont", count=3)  # the preview again
    picker = emu.last_message(ORGANISER).message_id
    await emu.tap(ORGANISER, picker, data="aud:all", count=1)
    await send_now(emu, picker)
    assert await received(emu, 80, mark) == "Registration closes at 18:00."
    await told_finished(emu, 1)  # the organiser got it too, then the report

    [mode] = await emu.ask(ORGANISER, "/announce")  # sent: nothing waits, a new one begins
    assert mode.text.startswith("📣")
    await emu.tap(ORGANISER, mode.message_id, data="amode:one", count=1)
    await emu.ask(ORGANISER, "A draft to drop", count=3)
    [offer] = await emu.ask(ORGANISER, "/announce")
    await emu.tap(ORGANISER, offer.message_id, data="adiscard", count=1)
    assert emu.last_message(ORGANISER).text.startswith("📣")
    drafts = bot.bot_data["services"].store.drafts
    assert await drafts.get(AnnounceDraft, ORGANISER) == AnnounceDraft()


@pytest.mark.parametrize("lang", LANGS)
async def test_edit_after_the_preview_and_a_menu_button_is_not_the_text(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    """Item 13: a menu button at the text step is answered by the menu and the draft waits;
    the text can be written again after the preview; the new one is what goes out."""
    mark = await with_a_reader(emu, lang, 81, "en")
    [mode] = await emu.ask(ORGANISER, "/announce")
    await emu.tap(ORGANISER, mode.message_id, data="amode:one", count=1)
    [answer] = await emu.ask(ORGANISER, catalogs.t(lang, "menu_help"))
    assert answer.text != catalogs.t(lang, "announce_preview_all")
    await emu.ask(ORGANISER, "Lunch at 13:00", count=3)
    picker = emu.last_message(ORGANISER).message_id
    await emu.tap(ORGANISER, picker, data="aedit", count=1)
    assert emu.last_message(ORGANISER).text.startswith(catalogs.t(lang, "announce_write_one"))
    await emu.ask(ORGANISER, "Lunch at 13:30", count=3)
    assert emu.messages(ORGANISER)[-2].text == "Lunch at 13:30"  # the preview
    picker = emu.last_message(ORGANISER).message_id
    await emu.tap(ORGANISER, picker, data="aud:all", count=1)
    await send_now(emu, picker)
    assert await received(emu, 81, mark) == "Lunch at 13:30"


@pytest.mark.parametrize("lang", LANGS)
async def test_everyone_leaves_out_opt_outs_and_urgent_reaches_them(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    """Item 8, part 5: the screen says who is left out; urgent is a labelled, audited choice."""
    await start_in(emu, ORGANISER, lang)
    await start_in(emu, 82, "ky")
    await start_in(emu, 83, "ru")
    await emu.ask(83, "/unsubscribe")
    marks = {chat: emu.mark(chat) for chat in (82, 83)}
    picker = await announce(emu, "Coffee in the foyer.")
    when = emu.last_message(ORGANISER)
    assert "<b>2</b>" in when.html  # the organiser and 82
    assert catalogs.t(lang, "announce_opted_out", count=1) in when.text
    await send_now(emu, picker)
    assert await received(emu, 82, marks[82]) == "Coffee in the foyer."
    await told_finished(emu, 1)
    assert emu.events(83, marks[83]) == []

    picker = await announce(emu, "The building is being evacuated.", audience="urg")
    when = emu.last_message(ORGANISER)
    assert "<b>3</b>" in when.html
    assert catalogs.t(lang, "announce_urgent_note", count=1) in when.text
    await emu.tap(ORGANISER, picker, data="when:now", count=1)
    assert catalogs.t(lang, "announce_urgent_note", count=1) in emu.last_message(ORGANISER).text
    await emu.tap(ORGANISER, picker, data="aok", count=1)
    assert await received(emu, 83, marks[83]) == "The building is being evacuated."
    assert catalogs.t(lang, "audit_sent_urgent") in await audit_text(emu)


@pytest.mark.parametrize("lang", LANGS)
async def test_plus_ten_minutes_counts_from_the_scheduled_time(
    emu: BotAPIEmulator, bot, clock: SimulatedClock, catalogs: Catalogs, lang: str
) -> None:
    """Item 7: scheduled for 10:55, "+10 min" makes it 11:05 (not 10:55 again), redrawn."""
    mark = await with_a_reader(emu, lang, 84, "en")
    card = await scheduled_card(emu, "The bus leaves soon.", when="10m")
    assert "10:55" in when_on(card)
    await emu.tap(ORGANISER, card.message_id, data="bmove:1:10m", count=1)
    assert "11:05" in when_on(emu.last_message(ORGANISER))
    scheduled = await bot.bot_data["services"].delivery.outbox.get(1)
    assert scheduled.scheduled_at == clock.now() + dt.timedelta(minutes=20)
    clock.advance(dt.timedelta(minutes=21))
    assert await received(emu, 84, mark) == "The bus leaves soon."


@pytest.mark.parametrize("lang", LANGS)
async def test_send_a_scheduled_broadcast_now_after_one_question(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    """Item 13: "send now" says to how many people and instead of when, and asks once."""
    mark = await with_a_reader(emu, lang, 85, "ky")
    card = await scheduled_card(emu, "Doors open early.")
    when = when_on(card)  # (the card's message becomes the question)
    await emu.tap(ORGANISER, card.message_id, data="bnow:1", count=1)
    question = emu.last_message(ORGANISER)
    assert question.text == catalogs.t(lang, "send_now_confirm", id=1, count=2, when=when)
    await emu.tap(ORGANISER, question.message_id, data="bnowok:1", count=1)
    assert await received(emu, 85, mark) == "Doors open early."  # the clock never moved
    await told_finished(emu, 1)
    assert catalogs.t(lang, "audit_sent_now") in await audit_text(emu)


@pytest.mark.parametrize("lang", LANGS)
async def test_cancel_asks_once_and_can_be_restored_until_its_time(
    emu: BotAPIEmulator, bot, clock: SimulatedClock, catalogs: Catalogs, lang: str
) -> None:
    mark = await with_a_reader(emu, lang, 86, "ru")
    card = await scheduled_card(emu, "Closing ceremony at 17:00.")
    when = when_on(card)
    await emu.tap(ORGANISER, card.message_id, data="bcancel:1", count=1)
    question = emu.last_message(ORGANISER)
    assert question.text == catalogs.t(lang, "cancel_confirm", id=1, count=2, when=when)
    await emu.tap(ORGANISER, question.message_id, data="bview:1", count=1)  # no: kept
    assert catalogs.t(lang, "status_b_scheduled") in emu.last_message(ORGANISER).text
    await emu.tap(ORGANISER, card.message_id, data="bcancel:1", count=1)
    await emu.tap(ORGANISER, card.message_id, data="bcancelok:1", count=1)
    cancelled = emu.last_message(ORGANISER)
    assert catalogs.t(lang, "status_b_cancelled") in cancelled.text
    assert catalogs.t(lang, "broadcast_restorable") in cancelled.text
    await emu.tap(ORGANISER, card.message_id, data="brestore:1", count=1)
    assert catalogs.t(lang, "status_b_scheduled") in emu.last_message(ORGANISER).text
    clock.advance(dt.timedelta(minutes=61))
    assert await received(emu, 86, mark) == "Closing ceremony at 17:00."
    await told_finished(emu, 1)
    log = await audit_text(emu)
    assert catalogs.t(lang, "audit_cancelled") in log
    assert catalogs.t(lang, "audit_restored") in log


async def test_a_sent_broadcast_is_duplicated_edited_and_sent_again(
    emu: BotAPIEmulator, bot, catalogs: Catalogs
) -> None:
    """Item 2, part 2: a copy of any broadcast becomes a new draft, shown as a preview."""
    mark = await with_a_reader(emu, "ru", 87, "en")
    assert await sent_and_reported(emu, 87, mark, "Dinner at 19:00.") == "Dinner at 19:00."
    listing = await first_of(emu, "/deliveries")
    # the copy's note, the preview's heading and message, the audience picker
    await emu.tap(ORGANISER, listing.message_id, data="bdup:1", count=4)
    assert emu.messages(ORGANISER)[-4].text == catalogs.t("ru", "announce_duplicated", id=1)
    picker = emu.last_message(ORGANISER).message_id
    await emu.tap(ORGANISER, picker, data="aedit", count=1)
    await emu.ask(ORGANISER, "Dinner moves to 19:30.", count=3)
    picker = emu.last_message(ORGANISER).message_id
    await emu.tap(ORGANISER, picker, data="aud:all", count=1)
    mark = emu.mark(87)
    await send_now(emu, picker)
    assert await received(emu, 87, mark) == "Dinner moves to 19:30."


@pytest.mark.parametrize("lang", LANGS)
async def test_a_test_to_me_first_and_another_organiser_sees_drafts_and_schedules(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    """Part 6: the test reaches only the organiser; /scheduled names who made each."""
    await start_in(emu, ORGANISER, lang)
    emu.add_user(ORGANISER, first_name="Bakyt", username="bakyt", language_code=lang)
    await start_in(emu, OWNER, lang)
    await start_in(emu, 88, "ru")
    picker = await announce(emu, "Exam hall is 204.")
    await emu.tap(ORGANISER, picker, data="when:60m", count=1)
    await emu.tap(ORGANISER, picker, data="atest", count=3)  # the heading, the test, confirm
    heading, test, confirm = emu.messages(ORGANISER)[-3:]
    assert heading.text == catalogs.t(lang, "announce_test_heading")
    assert test.text == "Exam hall is 204."
    assert await bot.bot_data["services"].delivery.outbox.list_recent() == []  # nobody else
    await emu.tap(ORGANISER, confirm.message_id, data="aok", count=1)
    [mode] = await emu.ask(ORGANISER, "/announce")
    await emu.tap(ORGANISER, mode.message_id, data="amode:one", count=1)
    await emu.ask(ORGANISER, "Still writing this one", count=3)

    [listing] = await emu.ask(OWNER, "/scheduled")
    by = catalogs.t(lang, "made_by", name="Bakyt (@bakyt)")
    assert listing.text.count(by) == 2  # the scheduled broadcast and the draft
    assert catalogs.t(lang, "drafts_title") in listing.text
    assert "Still writing this one" in listing.text


@pytest.mark.parametrize("lang", LANGS)
async def test_a_correction_per_language_with_preview_count_and_notice(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    """Part 3: correcting the Russian variant edits only Russian readers' message, after a
    preview and a confirmation with the count; they are told it changed."""
    await start_in(emu, ORGANISER, lang)
    readers = {"ky": 89, "ru": 90, "en": 91}
    for reader, chat in readers.items():
        await start_in(emu, chat, reader)
    marks = {chat: emu.mark(chat) for chat in readers.values()}
    texts = {"ky": "Саат 11:00дө", "ru": "В 11:00", "en": "At 11:00"}
    [mode] = await emu.ask(ORGANISER, "/announce")
    await emu.tap(ORGANISER, mode.message_id, data="amode:per", count=1)
    await emu.ask(ORGANISER, texts["ky"])
    await emu.ask(ORGANISER, texts["ru"])
    await emu.ask(ORGANISER, texts["en"], count=7)
    picker = emu.last_message(ORGANISER).message_id
    await emu.tap(ORGANISER, picker, data="aud:all", count=1)
    await send_now(emu, picker)
    for reader, chat in readers.items():
        assert await received(emu, chat, marks[chat]) == texts[reader]
    await told_finished(emu, 1)
    sent_ru = emu.messages(90)[-1].message_id

    listing = await first_of(emu, "/deliveries")
    await emu.tap(ORGANISER, listing.message_id, data="bfix:1", count=1)
    await emu.tap(ORGANISER, emu.last_message(ORGANISER).message_id, data="bfixl:1:ru", count=2)
    assert emu.messages(ORGANISER)[-2].text == texts["ru"]  # what it says now
    [same] = await emu.ask(ORGANISER, texts["ru"])
    assert same.text == catalogs.t(lang, "correct_same")  # and the prompt keeps waiting
    await emu.ask(ORGANISER, "В 11:30", count=3)
    heading, preview, confirm = emu.messages(ORGANISER)[-3:]
    assert heading.text == catalogs.t(lang, "correct_preview", language="Русский")
    assert preview.text == "В 11:30"
    chats = 2 if lang == "ru" else 1  # the organiser reads Russian too, or not
    assert confirm.text == catalogs.t(lang, "correct_confirm", count=chats, language="Русский")
    marks = {chat: emu.mark(chat) for chat in readers.values()}
    await emu.tap(ORGANISER, confirm.message_id, data="bfixok:1:1", count=1)
    assert emu.last_message(ORGANISER).text == catalogs.t(lang, "correct_queued_told", id=2)
    events = await emu.wait_events(90, marks[90], count=2)
    assert {e.kind for e in events} == {"edited", "sent"}
    assert emu.messages(90)[-2].message_id == sent_ru and emu.messages(90)[-2].text == "В 11:30"
    assert emu.messages(90)[-1].text == catalogs.t("ru", "corrected_notice")
    await told_finished(emu, 2)
    assert emu.events(89, marks[89]) == [] and emu.events(91, marks[91]) == []


@pytest.mark.parametrize("lang", LANGS)
async def test_a_withdrawal_says_how_many_chats_and_reports_removed(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    """Item 15: asked with the count, reported as removed from N chats, never "Sent"."""
    mark = await with_a_reader(emu, lang, 92, "ky")
    await sent_and_reported(emu, 92, mark, "Wrong room.")
    listing = await first_of(emu, "/deliveries")
    card_id = listing.message_id  # broadcast #1's card, its buttons kept after the withdrawal
    assert "bdel:1" in [b["callback_data"] for b in emu.messages(ORGANISER)[-1].inline_buttons()]
    await emu.tap(ORGANISER, listing.message_id, data="bdel:1", count=1)
    question = emu.last_message(ORGANISER)
    assert question.text == catalogs.t(lang, "withdraw_confirm", id=1, count=2)
    await emu.tap(ORGANISER, question.message_id, data="bdelok:1", count=1)
    finished = await told_finished(emu, 2)
    assert catalogs.t(lang, "report_delete", sent=2, count=2) in finished
    [listing] = await emu.ask(ORGANISER, "/deliveries")
    assert catalogs.t(lang, "report_delete", sent=2, count=2) in listing.text
    assert catalogs.t(lang, "report_full", sent=2, total=2, blocked=0, failed=0, unknown=0,
                      pending=0).split("\n")[0] not in finished  # fmt: skip
    # Withdrawn once: its card offers neither correction nor a second withdrawal, and the
    # first card's stale button is refused, queueing nothing.
    await first_of(emu, "/deliveries")
    buttons = [b["callback_data"] for b in emu.messages(ORGANISER)[-1].inline_buttons()]
    assert "bview:1" in buttons and not {"bfix:1", "bdel:1"} & set(buttons)
    stale = await emu.tap(ORGANISER, card_id, data="bdel:1")
    assert stale.text == catalogs.t(lang, "broadcast_not_now")
    assert len(await bot.bot_data["services"].delivery.outbox.list_recent()) == 2


async def test_a_missed_broadcast_is_sent_again_from_its_notice(
    emu: BotAPIEmulator, tmp_path: Path, catalogs: Catalogs
) -> None:
    """Item 2: the missed notice's button copies it into a draft; scheduled again, it goes."""
    path = tmp_path / "bot.sqlite3"
    await prepare(path, emu, dt.timedelta(hours=1))
    settings = Settings(
        token=emu.token, api_base_url=emu.base_url, db_path=path,
        organiser_ids=frozenset({ORGANISER}),
    )  # fmt: skip
    clock = SimulatedClock(START, speed=0)
    async with running(build_application(settings, clock), 1):
        [notice] = await emu.wait_events(ORGANISER, 0, count=1)
        assert "bdup:1" in [b["callback_data"] for b in notice.message.inline_buttons()]
        await emu.tap(ORGANISER, notice.message_id, data="bdup:1", count=4)
        picker = emu.last_message(ORGANISER).message_id
        await emu.tap(ORGANISER, picker, data="aud:all", count=1)
        await emu.tap(ORGANISER, picker, data="when:10m", count=1)
        await emu.tap(ORGANISER, picker, data="aok", count=1)
        assert emu.last_message(ORGANISER).text == catalogs.t("en", "announce_scheduled", id=2)
        mark = emu.mark(PARTICIPANT)
        clock.advance(dt.timedelta(minutes=11))
        assert await received(emu, PARTICIPANT, mark) == "Начинаем!"


async def test_stopping_a_running_broadcast_says_who_has_it_and_asks(
    emu: BotAPIEmulator, bot, catalogs: Catalogs
) -> None:
    """Cancelling one that is going out: what has gone stays, the rest never goes."""
    await start_in(emu, ORGANISER, "en")
    svc = bot.bot_data["services"]
    for chat in range(6000, 6200):  # 200 more people: at 25 a second, 8 s of sending
        emu.add_user(chat, language_code="en")
        emu.state.known_chats.add(chat)
        await svc.store.users.record(chat, "en", svc.clock.now())
    await send_now(emu, await announce(emu, "Doors open."))
    await emu.wait_events(6000, 0, count=1)  # it has begun
    listing = await first_of(emu, "/deliveries")
    await emu.tap(ORGANISER, listing.message_id, data="bcancel:1", count=1)
    question = emu.last_message(ORGANISER)
    assert question.text.startswith("Stop broadcast #1? ")
    assert "bcancelok:1" in [b["callback_data"] for b in question.inline_buttons()]
    await emu.tap(ORGANISER, question.message_id, data="bcancelok:1", count=1)
    assert (await svc.delivery.outbox.get(1)).status == "cancelled"
    report = await svc.delivery.outbox.report(1)
    assert report.total == 201 and 0 < report.cancelled < 201  # some had it, the rest never
