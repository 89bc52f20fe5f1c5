"""The sender end to end: the outbox on SQLite, the lean client, the emulator over HTTP."""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import replace

from forumbot.delivery import Audience, Content, Report, Sender
from forumbot.emulator import BotAPIEmulator
from forumbot.infra.clock import SimulatedClock
from forumbot.store import Store
from tests.delivery.conftest import PATIENCE, Harness, add_people

NEWS = Content(
    {
        "ky": "<b>Салам</b>: 2-тегерек стол B залында",
        "ru": "<b>Внимание</b>: круглый стол 2 в зале B",
    },
    default_language="ky",
)


async def announce(h: Harness, content: Content = NEWS, **kw) -> int:
    return await h.outbox.create(
        kind="announcement",
        audience=kw.pop("audience", Audience.everyone()),
        content=content,
        now=h.clock.now(),
        **kw,
    )


def texts(emu: BotAPIEmulator, chat_id: int) -> list[str]:
    return [m.text for m in emu.messages(chat_id) if not m.deleted]


async def announced_through(
    h: Harness, base_url: str, token: str, timeout: float
) -> tuple[int, Report]:
    """One broadcast sent by a sender whose client speaks to ``base_url`` and waits at most
    ``timeout`` seconds; its id and its report, the sender stopped."""
    h.api = type(h.api)(base_url, token, timeout=timeout)
    await h.api.open()
    try:
        b = await announce(h)
        await start(h)
        report = await h.done(b)
    finally:
        await h.sender.stop()
        await h.api.close()
        h.sender = None
    return b, report


async def start(h: Harness) -> None:
    sender = h.new_sender()
    await sender.start()


async def test_everyone_gets_it_once_in_their_language(store, emu, clock, harness) -> None:
    await add_people(store, clock, range(1, 41), "ru", emu)
    await add_people(store, clock, range(41, 61), "ky", emu)
    await add_people(store, clock, range(61, 71), "en", emu)  # no English variant
    b = await announce(harness)
    await start(harness)
    report = await harness.done(b)
    assert (report.total, report.sent, report.unknown) == (70, 70, 0)
    for chat in range(1, 41):
        assert texts(emu, chat) == ["Внимание: круглый стол 2 в зале B"]
    for chat in range(41, 71):
        assert texts(emu, chat) == ["Салам: 2-тегерек стол B залында"]
    assert (await harness.outbox.get(b)).status == "done"


async def test_a_photo_goes_with_its_caption(store, emu, clock, harness) -> None:
    await add_people(store, clock, [1], "ru", emu)
    photo = Content({"ru": "<i>Зал B</i>"}, "ru", media={"type": "photo", "file_id": "AgAD1"})
    b = await announce(harness, photo)
    await start(harness)
    await harness.done(b)
    (msg,) = emu.messages(1)
    assert (msg.kind, msg.file_id, msg.caption) == ("photo", "AgAD1", "Зал B")


async def test_a_429_delays_but_everyone_gets_it_once(store, emu, clock, harness) -> None:
    await add_people(store, clock, range(1, 11), "ru", emu)
    emu.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1, times=3)
    b = await announce(harness)
    await start(harness)
    report = await harness.done(b)
    assert (report.sent, report.failed) == (10, 0)
    assert all(len(texts(emu, chat)) == 1 for chat in range(1, 11))
    assert emu.stats["sendMessage"] == 13


async def test_a_5xx_is_retried_and_arrives_once(store, emu, clock, harness) -> None:
    await add_people(store, clock, [1, 2, 3], "ru", emu)
    emu.fail_next("sendMessage", 500, "Internal Server Error", chat_id=2)
    emu.fail_next("sendMessage", 502, "Bad Gateway", chat_id=3)
    b = await announce(harness)
    await start(harness)
    report = await harness.done(b)
    assert report.sent == 3
    assert [len(texts(emu, chat)) for chat in (1, 2, 3)] == [1, 1, 1]


async def test_a_persistent_5xx_fails_after_the_bound(store, emu, clock, harness) -> None:
    await add_people(store, clock, [1, 2], "ru", emu)
    emu.fail_next("sendMessage", 502, "Bad Gateway", chat_id=2, times=100)
    b = await announce(harness)
    await start(harness)
    report = await harness.done(b)
    assert (report.sent, report.failed) == (1, 1)
    row = await store.db.fetchone(
        "SELECT attempts, last_error FROM deliveries WHERE broadcast_id = ? AND chat_id = 2", (b,)
    )
    assert tuple(row) == (harness.config.retry.max_attempts, "502 Bad Gateway")


async def test_403_blocks_the_person_for_good(store, emu, clock, harness) -> None:
    await add_people(store, clock, [1, 2], "ru", emu)
    emu.block(2)
    b = await announce(harness)
    await start(harness)
    report = await harness.done(b)
    assert (report.sent, report.blocked) == (1, 1)
    assert (await store.db.fetchone("SELECT status FROM users WHERE chat_id = 2"))[0] == "blocked"
    calls_before = emu.stats["sendMessage"]
    second = await announce(harness)
    harness.sender.wake()
    assert (await harness.done(second)).total == 1  # never sent to again
    assert emu.stats["sendMessage"] == calls_before + 1


async def test_a_400_fails_only_that_recipient(store, emu, clock, harness) -> None:
    await add_people(store, clock, [1, 2, 3], "ru", emu)
    emu.fail_next("sendMessage", 400, "Bad Request: chat not found", chat_id=2)
    b = await announce(harness)
    await start(harness)
    report = await harness.done(b)
    assert (report.sent, report.failed) == (2, 1)
    row = await store.db.fetchone(
        "SELECT status, last_error FROM deliveries WHERE broadcast_id = ? AND chat_id = 2", (b,)
    )
    assert tuple(row) == ("failed", "400 Bad Request: chat not found")


async def test_a_time_out_or_a_drop_is_tried_once_more_then_unknown(
    store, emu, clock, outbox, harness
) -> None:
    await add_people(store, clock, [1, 2, 3, 4], "ru", emu)
    emu.hang_next("sendMessage", seconds=0.5, chat_id=2)
    emu.drop_next("sendMessage", chat_id=3)
    emu.hang_next("sendMessage", seconds=0.5, chat_id=4, times=5)
    _, report = await announced_through(harness, emu.base_url, emu.token, timeout=0.1)
    # The client cannot tell these from a call Telegram did: never reported as sent.
    assert (report.sent, report.unknown, report.failed) == (1, 3, 0)
    assert [len(texts(emu, chat)) for chat in (1, 2, 3, 4)] == [1, 1, 1, 0]
    assert [c[1]["chat_id"] for c in emu.calls].count(4) == 2  # tried once more, no more


async def test_a_refused_connection_keeps_the_retries(store, emu, clock, harness) -> None:
    await add_people(store, clock, [1], "ru", emu)
    b, report = await announced_through(harness, "http://127.0.0.1:9/bot", emu.token, 1.0)
    # Nothing can have reached Telegram: every attempt is made, and the row is plainly failed.
    assert (report.failed, report.unknown) == (1, 0)
    row = await store.db.fetchone("SELECT attempts FROM deliveries WHERE broadcast_id = ?", (b,))
    assert row[0] == harness.config.retry.max_attempts


async def test_a_crash_resends_only_the_in_flight_rows(store, emu, clock, harness) -> None:
    await add_people(store, clock, range(1, 21), "ru", emu)
    b = await announce(harness)
    # The first run claims a batch and sends two of them, then is killed before recording.
    await harness.outbox.materialise(b, clock.now())
    claimed = await harness.outbox.claim(b, 5, clock.now())
    for d in claimed[:2]:
        await harness.api.send_message(d.chat_id, NEWS.text_for(d.language))
    # The restarted bot: a new sender on the same store.
    await start(harness)
    report = await harness.done(b)
    assert (report.total, report.sent, report.unknown) == (20, 15, 5)
    got = [len(texts(emu, chat)) for chat in range(1, 21)]
    assert got == [2, 2] + [1] * 18  # nobody skipped; only in-flight ones repeated


async def test_a_clean_stop_leaves_nothing_in_flight(store, emu, clock, harness) -> None:
    await add_people(store, clock, range(1, 201), "ru", emu)
    fast = harness.config
    harness.config = replace(fast, rate=50.0, concurrency=4)
    b = await announce(harness)
    await start(harness)
    await emu.wait_events(10, since=0, timeout=PATIENCE)
    await harness.sender.stop()
    report = await harness.outbox.report(b)
    assert report.inflight == 0 and 0 < report.sent < 200
    assert report.sent == sum(len(emu.messages(chat)) for chat in range(1, 201))
    harness.config = fast
    await start(harness)
    report = await harness.done(b)
    assert (report.sent, report.unknown) == (200, 0)
    assert all(len(texts(emu, chat)) == 1 for chat in range(1, 201))


async def test_scheduled_waits_for_its_time(store, emu, clock, harness) -> None:
    await add_people(store, clock, [1], "ru", emu)
    b = await announce(harness, scheduled_at=clock.now() + dt.timedelta(minutes=10))
    await start(harness)
    await harness.sender.tick()
    assert (await harness.outbox.get(b)).status == "scheduled"
    assert emu.messages(1) == []
    clock.advance(dt.timedelta(minutes=10))
    await harness.sender.tick()
    await harness.done(b)
    assert texts(emu, 1) == ["Внимание: круглый стол 2 в зале B"]


async def test_overdue_within_grace_goes_at_start_beyond_it_is_missed(
    store, emu, clock: SimulatedClock, harness
) -> None:
    await add_people(store, clock, [1], "ru", emu)
    late = await announce(harness, scheduled_at=clock.now() - dt.timedelta(minutes=5))
    lost = await announce(harness, scheduled_at=clock.now() - dt.timedelta(minutes=20))
    await start(harness)  # the bot was down while both were due
    await harness.done(late)
    assert [b.id for b in harness.missed] == [lost]
    assert (await harness.outbox.get(lost)).status == "missed"
    assert texts(emu, 1) == ["Внимание: круглый стол 2 в зале B"]


async def test_correct_then_withdraw(store: Store, emu, clock, harness) -> None:
    await add_people(store, clock, [1, 2], "ru", emu)
    emu.fail_next("sendMessage", 400, "Bad Request: chat not found", chat_id=2)
    parent = await announce(harness)
    await start(harness)
    await harness.done(parent)
    fixed = Content({"ru": "<b>Внимание</b>: круглый стол 2 в зале C"}, "ky")
    edit = await announce(harness, fixed, operation="edit", parent_id=parent)
    harness.sender.wake()
    assert (await harness.done(edit)).sent == 1  # only where the parent arrived
    assert texts(emu, 1) == ["Внимание: круглый стол 2 в зале C"]
    assert emu.messages(1)[0].edited == 1
    gone = await announce(harness, Content(), operation="delete", parent_id=parent)
    harness.sender.wake()
    assert (await harness.done(gone)).sent == 1
    assert texts(emu, 1) == [] and emu.messages(1)[0].deleted


async def kill(sender: Sender, store: Store) -> None:
    """What SIGKILL leaves behind: every task gone mid-step, nothing recorded or put back."""
    tasks = [t for t in (sender._task, *sender._sending) if t is not None]
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    if store.db.conn.in_transaction:  # SQLite drops a killed process's open transaction
        await store.db.conn.execute("ROLLBACK")


async def test_killed_mid_broadcast_the_restart_skips_nobody(store, emu, clock, harness) -> None:
    people = range(1, 301)
    await add_people(store, clock, people, "ru", emu)
    fast = harness.config
    harness.config = replace(fast, rate=100.0, concurrency=8)
    b = await announce(harness)
    await start(harness)
    await emu.wait_events(50, since=0, timeout=PATIENCE)
    await kill(harness.sender, store)
    in_flight = await store.db.fetchall(
        "SELECT chat_id FROM deliveries WHERE broadcast_id = ? AND status = 'inflight'", (b,)
    )
    assert 0 < len(in_flight) <= 8
    harness.config = fast
    await start(harness)  # the restarted bot
    report = await harness.done(b)
    assert (report.sent, report.unknown) == (300 - len(in_flight), len(in_flight))
    counts = {chat: len(texts(emu, chat)) for chat in people}
    assert min(counts.values()) == 1  # nobody skipped
    repeated = {chat for chat, n in counts.items() if n > 1}
    assert repeated <= {row[0] for row in in_flight}  # only in-flight ones may repeat
