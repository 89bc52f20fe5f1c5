"""/announce → audience → time → confirm, delivered through the engine; /deliveries,
/scheduled, correction and withdrawal; a summary post reaching each in their language."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from forumbot.emulator import BotAPIEmulator
from forumbot.infra.clock import SimulatedClock
from forumbot.infra.i18n import Catalogs
from tests.e2e.conftest import ORGANISER, start_in

HALL = "Hall change: the second round table is in the small hall & starts at 11:30."


async def announce(emu: BotAPIEmulator, *texts: str, audience: str = "all") -> int:
    """The organiser composes (one text, or per-language variants) and picks an audience;
    returns the message id of the time picker."""
    [mode] = await emu.ask(ORGANISER, "/announce")
    await emu.tap(
        ORGANISER, mode.message_id, data="amode:" + ("one" if len(texts) == 1 else "per"), count=1
    )
    for text in texts[:-1]:
        await emu.ask(ORGANISER, text)
    previews = 2 * len(texts) + 1  # a heading and the message per variant, then the picker
    await emu.ask(ORGANISER, texts[-1], count=previews)
    picker = emu.last_message(ORGANISER)
    await emu.tap(ORGANISER, picker.message_id, data=f"aud:{audience}", count=1)
    return picker.message_id


async def told_finished(emu: BotAPIEmulator, broadcast_id: int) -> str:
    """Wait for the organiser's notice that broadcast ``broadcast_id`` has finished."""
    seen = 0
    while True:
        for event in emu.events(ORGANISER, seen):
            seen = event.seq
            text = event.message.text if event.message else ""
            if text.startswith("📬") and re.search(rf"[#№]{broadcast_id}\b", text):
                return text
        await emu.wait_events(ORGANISER, seen, count=1)


async def received(emu: BotAPIEmulator, chat_id: int, before: int) -> str:
    """The text of the next message the bot sends to ``chat_id`` after event ``before``."""
    [event] = await emu.wait_events(chat_id, before, count=1)
    return event.message.text


async def test_an_announcement_reaches_subscribers_once(
    emu: BotAPIEmulator, bot, catalogs: Catalogs
) -> None:
    await start_in(emu, ORGANISER, "en")
    await start_in(emu, 90, "ky")
    await start_in(emu, 91, "ru")
    await start_in(emu, 92, "en")
    await emu.ask(92, "/unsubscribe")
    marks = {chat: emu.mark(chat) for chat in (90, 91, 92)}

    picker = await announce(emu, HALL)
    when = emu.last_message(ORGANISER)
    assert "<b>3</b>" in when.html  # organiser, 90, 91 (92 opted out, and the screen says so)
    assert catalogs.t("en", "announce_opted_out", count=1) in when.text
    await emu.tap(ORGANISER, picker, data="when:now", count=1)
    await emu.tap(ORGANISER, picker, data="aok", count=1)
    assert emu.last_message(ORGANISER).text.startswith("📤")

    assert await received(emu, 90, marks[90]) == HALL
    assert await received(emu, 91, marks[91]) == HALL
    assert emu.events(92, marks[92]) == []
    [report] = await emu.ask(ORGANISER, "/deliveries", count=1)
    assert "#1" in report.text


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
async def test_a_skipped_language_gets_the_variant_the_organiser_chose(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    """Issue 12, item 13: no silent fall back to Kyrgyz; the preview names the choice."""
    await start_in(emu, ORGANISER, lang)
    await start_in(emu, 93, "ky")
    await start_in(emu, 94, "en")
    marks = {chat: emu.mark(chat) for chat in (93, 94)}
    [mode] = await emu.ask(ORGANISER, "/announce")
    await emu.tap(ORGANISER, mode.message_id, data="amode:per", count=1)
    await emu.ask(ORGANISER, "Кыргызча кулактандыруу")  # ky
    await emu.ask(ORGANISER, "Объявление по-русски")  # ru → asks for en
    await emu.tap(ORGANISER, emu.last_message(ORGANISER).message_id, data="askip", count=1)
    picker = emu.last_message(ORGANISER)
    assert picker.text == catalogs.t(lang, "announce_default_pick", missing="English")
    # two headings and two variants, the note naming the choice, the audience picker
    await emu.tap(ORGANISER, picker.message_id, data="adef:ru", count=6)
    note = emu.messages(ORGANISER)[-2]
    named = catalogs.t(lang, "announce_fallback", missing="English", language="Русский")
    assert note.text == named
    picker = emu.last_message(ORGANISER)
    await emu.tap(ORGANISER, picker.message_id, data="aud:all", count=1)
    await emu.tap(ORGANISER, picker.message_id, data="when:now", count=1)
    await emu.tap(ORGANISER, picker.message_id, data="aok", count=1)
    assert await received(emu, 93, marks[93]) == "Кыргызча кулактандыруу"
    assert await received(emu, 94, marks[94]) == "Объявление по-русски"  # the chosen default


async def test_a_scheduled_announcement_waits_for_its_time(
    emu: BotAPIEmulator, bot, clock: SimulatedClock, catalogs: Catalogs
) -> None:
    await start_in(emu, ORGANISER, "en")
    await start_in(emu, 95, "ru")
    mark = emu.mark(95)
    picker = await announce(emu, "Lunch is served in the foyer.")
    await emu.tap(ORGANISER, picker, data="when:10m", count=1)
    assert "10:55" in emu.last_message(ORGANISER).text  # 10:45 + 10 min, Bishkek time
    await emu.tap(ORGANISER, picker, data="aok", count=1)
    [listing] = await emu.ask(ORGANISER, "/scheduled")
    assert "10:55" in listing.text
    assert emu.events(95, mark) == []
    clock.advance(dt.timedelta(minutes=11))
    assert await received(emu, 95, mark) == "Lunch is served in the foyer."


async def test_a_time_in_the_past_is_refused(emu: BotAPIEmulator, bot, catalogs: Catalogs) -> None:
    await start_in(emu, ORGANISER, "en")
    picker = await announce(emu, "Too late")
    await emu.tap(ORGANISER, picker, data="when:type", count=1)
    [refused] = await emu.ask(ORGANISER, "09:00")
    assert refused.text == catalogs.t("en", "announce_past")
    [confirm] = await emu.ask(ORGANISER, "2023-06-22 12:00")
    assert "12:00" in confirm.text


async def test_too_long_and_empty_announcements_are_refused(
    emu: BotAPIEmulator, bot, catalogs: Catalogs
) -> None:
    await start_in(emu, ORGANISER, "en")
    [mode] = await emu.ask(ORGANISER, "/announce")
    await emu.tap(ORGANISER, mode.message_id, data="amode:one", count=1)
    [refused] = await emu.ask(ORGANISER, "x" * 4097)
    assert refused.text == catalogs.t("en", "announce_too_long", limit=4096, count=4097)


async def test_participants_cannot_announce(emu: BotAPIEmulator, bot, catalogs) -> None:
    await start_in(emu, 96, "ky")
    for command in ("/announce", "/scheduled", "/deliveries"):
        [refused] = await emu.ask(96, command)
        assert refused.text == catalogs.t("ky", "unknown_command")
    mark = emu.mark(96)
    await emu.press_raw(96, refused.message_id, "bcancel:1")
    [alert] = await emu.wait_events(96, mark, count=1)
    assert alert.data["text"] == catalogs.t("ky", "unknown_command")


async def test_correct_and_withdraw_a_sent_announcement(
    emu: BotAPIEmulator, bot, catalogs: Catalogs
) -> None:
    await start_in(emu, ORGANISER, "en")
    await start_in(emu, 97, "ru")
    mark = emu.mark(97)
    picker = await announce(emu, "The round table starts at 11:00.")
    await emu.tap(ORGANISER, picker, data="when:now", count=1)
    await emu.tap(ORGANISER, picker, data="aok", count=1)
    [event] = await emu.wait_events(97, mark, count=1)
    sent_id = event.message_id
    # The organiser is told when the last message has gone; then corrects via /deliveries.
    assert "Sent: 2 of 2" in await told_finished(emu, 1)
    [listing] = await emu.ask(ORGANISER, "/deliveries")
    await emu.tap(ORGANISER, listing.message_id, data="bview:1", count=1)
    await emu.tap(ORGANISER, listing.message_id, data="bfix:1", count=2)  # now, and the ask
    await emu.ask(ORGANISER, "The round table starts at 11:30.", count=3)  # shown, confirm
    confirm = emu.last_message(ORGANISER)
    readers = "Кыргызча, Русский, English"  # one text for all: every reader's text changes
    assert confirm.text == catalogs.t("en", "correct_confirm", count=2, language=readers)
    mark = emu.mark(97)
    await emu.tap(ORGANISER, confirm.message_id, data="bfixok:1:0", count=1)
    [edited] = await emu.wait_events(97, mark, count=1)
    assert edited.kind == "edited" and edited.message_id == sent_id
    assert emu.messages(97)[-1].text == "The round table starts at 11:30."
    await told_finished(emu, 2)

    [listing] = await emu.ask(ORGANISER, "/deliveries")
    await emu.tap(ORGANISER, listing.message_id, data="bview:1", count=1)
    await emu.tap(ORGANISER, listing.message_id, data="bdel:1", count=1)
    question = emu.last_message(ORGANISER)
    mark = emu.mark(97)
    await emu.tap(ORGANISER, question.message_id, data="bdelok:1", count=1)
    [deleted] = await emu.wait_events(97, mark, count=1)
    assert deleted.kind == "deleted" and deleted.message_id == sent_id
    [log] = await emu.ask(ORGANISER, "/audit")
    for action in ("sent", "edited", "withdrew"):
        assert catalogs.t("en", "audit_" + action) in log.text


async def test_a_summary_reaches_each_subscriber_in_their_language(
    emu: BotAPIEmulator, bot, catalogs: Catalogs
) -> None:
    await start_in(emu, ORGANISER, "en")
    await start_in(emu, 98, "ky")
    await start_in(emu, 99, "ru")
    marks = {chat: emu.mark(chat) for chat in (98, 99)}
    [kind] = await emu.ask(ORGANISER, "/post")
    await emu.tap(ORGANISER, kind.message_id, data="pkind:summary", count=1)
    await emu.ask(ORGANISER, "Форумдун жыйынтыгы\nЭки тегерек стол өттү.")
    await emu.ask(ORGANISER, "Итоги форума\nПрошли два круглых стола.")  # → en asked
    await emu.tap(ORGANISER, emu.last_message(ORGANISER).message_id, data="pdone", count=3)
    await emu.tap(ORGANISER, emu.last_message(ORGANISER).message_id, data="ppub", count=1)
    assert emu.last_message(ORGANISER).text == catalogs.t("en", "post_published_sent")
    assert "Форумдун жыйынтыгы" in await received(emu, 98, marks[98])
    assert "Итоги форума" in await received(emu, 99, marks[99])


async def test_schedule_cancel_and_schedule_again(
    emu: BotAPIEmulator, bot, clock: SimulatedClock, catalogs: Catalogs
) -> None:
    """The organiser's rehearsal: two minutes ahead, cancelled, again, delivered once."""
    await start_in(emu, ORGANISER, "ky")
    await start_in(emu, 89, "ru")
    mark = emu.mark(89)
    for attempt in (1, 2):
        picker = await announce(emu, "Сүрөткө тартылуу 10:50дө.")
        await emu.tap(ORGANISER, picker, data="when:type", count=1)
        [confirm] = await emu.ask(ORGANISER, "10:47")  # a typed time: the answer is new
        await emu.tap(ORGANISER, confirm.message_id, data="aok", count=1)
        if attempt == 1:
            [listing] = await emu.ask(ORGANISER, "/scheduled")
            await emu.tap(ORGANISER, listing.message_id, data="bview:1", count=1)
            await emu.tap(ORGANISER, listing.message_id, data="bcancel:1", count=1)
            await emu.tap(ORGANISER, listing.message_id, data="bcancelok:1", count=1)
            assert catalogs.t("ky", "status_b_cancelled") in emu.last_message(ORGANISER).text
    clock.advance(dt.timedelta(minutes=3))
    assert await received(emu, 89, mark) == "Сүрөткө тартылуу 10:50дө."
    await told_finished(emu, 2)
    assert [m.text for m in emu.messages(89)].count("Сүрөткө тартылуу 10:50дө.") == 1
    [log] = await emu.ask(ORGANISER, "/audit")
    assert catalogs.t("ky", "audit_cancelled") in log.text
    assert log.text.count(catalogs.t("ky", "audit_scheduled")) == 2


async def test_an_announcement_with_a_photo(emu: BotAPIEmulator, bot) -> None:
    await start_in(emu, ORGANISER, "en")
    await start_in(emu, 88, "ky")
    mark = emu.mark(88)
    [mode] = await emu.ask(ORGANISER, "/announce")
    await emu.tap(ORGANISER, mode.message_id, data="amode:one", count=1)
    before = emu.mark(ORGANISER)
    await emu.send_media(ORGANISER, "photo", caption="The venue map", file_id="AgAC-map")
    await emu.wait_events(ORGANISER, before, count=3)  # heading, the photo, the picker
    preview = emu.messages(ORGANISER)[-2]
    assert preview.kind == "photo" and preview.caption == "The venue map"
    picker = emu.last_message(ORGANISER).message_id
    await emu.tap(ORGANISER, picker, data="aud:all", count=1)
    await emu.tap(ORGANISER, picker, data="when:now", count=1)
    await emu.tap(ORGANISER, picker, data="aok", count=1)
    [event] = await emu.wait_events(88, mark, count=1)
    assert event.message.kind == "photo" and event.message.caption == "The venue map"


async def test_actions_on_missing_or_finished_broadcasts_are_explained(
    emu: BotAPIEmulator, bot, catalogs: Catalogs
) -> None:
    await start_in(emu, ORGANISER, "ru")
    [listing] = await emu.ask(ORGANISER, "/deliveries")
    assert listing.text.endswith(catalogs.t("ru", "deliveries_empty"))
    mark = emu.mark(ORGANISER)
    await emu.press_raw(ORGANISER, listing.message_id, "bview:999")
    [alert] = await emu.wait_events(ORGANISER, mark, count=1)
    assert alert.data["text"] == catalogs.t("ru", "broadcast_gone")

    picker = await announce(emu, "Готово.")
    await emu.tap(ORGANISER, picker, data="when:now", count=1)
    await emu.tap(ORGANISER, picker, data="aok", count=1)
    await told_finished(emu, 1)
    mark = emu.mark(ORGANISER)
    await emu.press_raw(ORGANISER, picker, "bcancel:1")  # too late: it has gone out
    [answer, *_] = await emu.wait_events(ORGANISER, mark, count=1)
    assert answer.data["text"] == catalogs.t("ru", "broadcast_not_now")


async def test_a_running_broadcast_report_updates_itself(
    emu: BotAPIEmulator, bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("handlers.broadcasts.PROGRESS_EVERY", 0.05)
    await start_in(emu, ORGANISER, "en")
    users = bot.bot_data["services"].store.users
    for chat in range(5000, 5060):  # 60 more people: at 25 a second, over 2 s of sending
        emu.add_user(chat, language_code="en")
        emu.state.known_chats.add(chat)
        await users.record(chat, "en", bot.bot_data["services"].clock.now())
    picker = await announce(emu, "Doors open.")
    await emu.tap(ORGANISER, picker, data="when:now", count=1)
    await emu.tap(ORGANISER, picker, data="aok", count=1)
    await emu.wait_events(5000, 0, count=1)  # it has begun
    [listing] = await emu.ask(ORGANISER, "/deliveries")
    await emu.tap(ORGANISER, listing.message_id, data="bview:1", count=1)
    mark = emu.mark(ORGANISER)
    # Without a press, the report message is edited again as the broadcast progresses.
    updates: list[str] = []
    # (All 61 may show as sent a moment before the broadcast is marked done.)
    while not updates or not updates[-1].startswith("✅"):
        events = await emu.wait_events(ORGANISER, mark, count=1)
        mark = events[-1].seq
        updates += [
            e.message.text
            for e in events
            if e.kind == "edited" and e.message_id == listing.message_id
        ]
    assert "Sent: 61 of 61" in updates[-1]  # done, shown without anyone pressing anything
    assert len(updates) >= 2  # and shown on the way there


async def test_reschedule_to_a_typed_time(
    emu: BotAPIEmulator, bot, clock: SimulatedClock, catalogs: Catalogs
) -> None:
    await start_in(emu, ORGANISER, "en")
    await start_in(emu, 87, "en")
    mark = emu.mark(87)
    picker = await announce(emu, "Group photo on the steps.")
    await emu.tap(ORGANISER, picker, data="when:60m", count=1)
    await emu.tap(ORGANISER, picker, data="aok", count=1)
    [listing] = await emu.ask(ORGANISER, "/scheduled")
    await emu.tap(ORGANISER, listing.message_id, data="bview:1", count=1)
    await emu.tap(ORGANISER, listing.message_id, data="bmoveto:1", count=1)
    [refused] = await emu.ask(ORGANISER, "yesterday")
    assert refused.text == catalogs.t("en", "when_not_understood")
    [moved] = await emu.ask(ORGANISER, "10:50")
    assert "10:50" in moved.text
    clock.advance(dt.timedelta(minutes=6))
    assert await received(emu, 87, mark) == "Group photo on the steps."
