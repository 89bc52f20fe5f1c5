"""The outbox against a real SQLite file: audiences, claims, outcomes, recovery, reports."""

from __future__ import annotations

import datetime as dt

from forumbot.delivery import Audience, Content, Outbox, Outcome
from forumbot.infra.clock import SimulatedClock
from forumbot.store import Store
from tests.delivery.conftest import add_people, set_topic

HELLO = Content({"ru": "<b>Привет</b>", "ky": "<b>Салам</b>"}, default_language="ky")


async def new(outbox: Outbox, clock: SimulatedClock, audience: Audience, **kw) -> int:
    return await outbox.create(
        kind="announcement", audience=audience, content=HELLO, now=clock.now(), **kw
    )


async def recipients(store: Store, broadcast_id: int) -> list[tuple[int, str]]:
    rows = await store.db.fetchall(
        "SELECT chat_id, language FROM deliveries WHERE broadcast_id = ? ORDER BY chat_id",
        (broadcast_id,),
    )
    return [(r[0], r[1]) for r in rows]


async def block(store: Store, chat_id: int) -> None:
    async with store.db.transaction() as conn:
        await conn.execute("UPDATE users SET status = 'blocked' WHERE chat_id = ?", (chat_id,))


async def test_everyone_means_every_active_user_in_their_language(store, outbox, clock) -> None:
    await add_people(store, clock, [1, 2], "ru")
    await add_people(store, clock, [3], "ky")
    await block(store, 2)
    assert await outbox.audience_size(Audience.everyone()) == 2
    assert await outbox.audience_size(Audience.language("ru")) == 1
    b = await new(outbox, clock, Audience.everyone())
    assert (await outbox.get(b)).status == "queued"
    assert await outbox.materialise(b, clock.now()) == 2
    assert await recipients(store, b) == [(1, "ru"), (3, "ky")]
    assert (await outbox.get(b)).status == "sending"
    # Materialising twice changes nothing: it is no longer queued.
    assert await outbox.materialise(b, clock.now()) is None


async def test_a_language_audience(store, outbox, clock) -> None:
    await add_people(store, clock, [1, 2], "ru")
    await add_people(store, clock, [3], "ky")
    b = await new(outbox, clock, Audience.language("ky"))
    await outbox.materialise(b, clock.now())
    assert await recipients(store, b) == [(3, "ky")]


async def test_a_topic_audience_takes_only_who_enabled_it(store, outbox, clock) -> None:
    await add_people(store, clock, [1, 2, 3, 4], "en")  # summaries on from /start
    await set_topic(store, 2, "summaries", False)
    await set_topic(store, 3, "summaries", None)
    await block(store, 4)
    audience = Audience.topic("summaries")
    assert await outbox.audience_size(audience) == 1
    b = await new(outbox, clock, audience)
    await outbox.materialise(b, clock.now())
    assert await recipients(store, b) == [(1, "en")]


async def test_a_topic_on_by_default_reaches_users_without_a_row(store, clock) -> None:
    outbox = Outbox(store.db, topics_on_by_default={"announcements"})
    await add_people(store, clock, [1, 2, 3], "en")
    await set_topic(store, 1, "announcements", None)
    await set_topic(store, 2, "announcements", False)
    b = await new(outbox, clock, Audience.topic("announcements"))
    await outbox.materialise(b, clock.now())
    assert await recipients(store, b) == [(1, "en"), (3, "en")]


async def test_claim_then_record_every_outcome(store, outbox, clock) -> None:
    await add_people(store, clock, [5, 1, 4, 2, 3])
    b = await new(outbox, clock, Audience.everyone())
    await outbox.materialise(b, clock.now())
    claimed = await outbox.claim(b, 4, clock.now())
    assert [d.chat_id for d in claimed] == [1, 2, 3, 4]
    assert {d.attempts for d in claimed} == {1}
    assert (await outbox.report(b)).inflight == 4
    await outbox.record(
        [
            Outcome(b, 1, "sent", 1, message_id=11),
            Outcome(b, 2, "failed", 1, error="400 Bad Request: chat not found"),
            Outcome(b, 3, "blocked", 1, error="403 Forbidden"),
            Outcome(b, 4, "pending", 1),
        ],
        clock.now(),
    )
    report = await outbox.report(b)
    assert (report.total, report.sent, report.failed, report.blocked) == (5, 1, 1, 1)
    assert (report.pending, report.inflight, report.unknown) == (2, 0, 0)
    assert (await store.db.fetchone("SELECT status FROM users WHERE chat_id = 3"))[0] == "blocked"
    row = await store.db.fetchone(
        "SELECT message_id, last_error FROM deliveries WHERE broadcast_id = ? AND chat_id = 1",
        (b,),
    )
    assert tuple(row) == (11, None)
    assert not await outbox.finish(b, clock.now())  # two still pending
    again = await outbox.claim(b, 10, clock.now())
    assert [(d.chat_id, d.attempts) for d in again] == [(4, 2), (5, 1)]


async def test_recover_puts_inflight_rows_back_as_uncertain(store, outbox, clock) -> None:
    await add_people(store, clock, range(1, 6))
    b = await new(outbox, clock, Audience.everyone())
    await outbox.materialise(b, clock.now())
    await outbox.claim(b, 2, clock.now())
    assert await outbox.recover() == 2
    report = await outbox.report(b)
    assert (report.pending, report.inflight, report.unknown) == (5, 0, 0)  # still to send
    claimed = await outbox.claim(b, 10, clock.now())
    assert [d.uncertain for d in claimed] == [True, True, False, False, False]
    await outbox.record([Outcome(b, d.chat_id, "sent", 1, 1) for d in claimed], clock.now())
    clock.advance(dt.timedelta(seconds=42))
    assert await outbox.finish(b, clock.now())
    report = await outbox.report(b)
    # The two may have arrived twice: unknown, not sent.
    assert (report.sent, report.unknown, report.duration) == (3, 2, dt.timedelta(seconds=42))


async def test_an_uncertain_outcome_is_kept_and_counted_unknown_whatever_its_status(
    store, outbox, clock
) -> None:
    await add_people(store, clock, range(1, 5))
    b = await new(outbox, clock, Audience.everyone())
    await outbox.materialise(b, clock.now())
    await outbox.claim(b, 4, clock.now())
    await outbox.record(
        [
            Outcome(b, 1, "sent", 2, 11, uncertain=True),
            Outcome(b, 2, "failed", 2, error="network: TimeoutError", uncertain=True),
            Outcome(b, 3, "pending", 1, uncertain=True),  # a 429 before its one more try
            Outcome(b, 4, "sent", 1, 12),
        ],
        clock.now(),
    )
    report = await outbox.report(b)
    assert (report.sent, report.failed, report.pending, report.unknown) == (1, 0, 1, 2)
    (again,) = await outbox.claim(b, 4, clock.now())
    assert (again.chat_id, again.uncertain) == (3, True)


async def test_schedule_due_cancel_reschedule_missed(store, outbox, clock) -> None:
    at = clock.now() + dt.timedelta(minutes=10)
    b = await new(outbox, clock, Audience.everyone(), scheduled_at=at)
    assert (await outbox.get(b)).status == "scheduled"
    assert await outbox.due(clock.now()) == []
    assert [x.id for x in await outbox.due(at)] == [b]
    later = at + dt.timedelta(hours=1)
    assert await outbox.reschedule(b, later)
    assert await outbox.due(at) == []
    assert await outbox.mark_missed(b, clock.now())
    assert (await outbox.get(b)).status == "missed"
    assert await outbox.reschedule(b, later)  # a missed one can be given a new time
    assert await outbox.cancel(b, clock.now())
    assert not await outbox.cancel(b, clock.now())
    assert [(x.id, x.status) for x in await outbox.list_recent()] == [(b, "cancelled")]


async def test_edit_and_delete_go_to_the_parents_sent_messages(store, outbox, clock) -> None:
    await add_people(store, clock, [1, 2, 3], "ru")
    parent = await new(outbox, clock, Audience.everyone())
    await outbox.materialise(parent, clock.now())
    await outbox.claim(parent, 10, clock.now())
    await outbox.record(
        [
            Outcome(parent, 1, "sent", 1, message_id=7),
            Outcome(parent, 2, "failed", 1, error="400"),
            Outcome(parent, 3, "sent", 1, message_id=9),
        ],
        clock.now(),
    )
    await block(store, 3)
    edit = await outbox.create(
        kind="announcement",
        audience=Audience.everyone(),
        content=HELLO,
        now=clock.now(),
        operation="edit",
        parent_id=parent,
    )
    await outbox.materialise(edit, clock.now())
    claimed = await outbox.claim(edit, 10, clock.now())
    assert [(d.chat_id, d.message_id, d.language) for d in claimed] == [(1, 7, "ru")]


def test_audience_and_content_round_trip_through_json() -> None:
    for audience in (Audience.everyone(), Audience.topic("summaries"), Audience.language("ky")):
        assert Audience.from_json(audience.to_json()) == audience
    content = Content(
        {"ky": "<i>Салам</i>"},
        default_language="ky",
        media={"type": "photo", "url": "https://example.org/hall.jpg"},
        reply_markup={"inline_keyboard": [[{"text": "Ok", "callback_data": "x"}]]},
    )
    assert Content.from_json(content.to_json()) == content
    assert content.text_for("en") == "<i>Салам</i>"


async def test_everyone_leaves_out_who_turned_announcements_off_and_urgent_does_not(
    store, outbox, clock
) -> None:
    await add_people(store, clock, [1, 2, 3], "ru")
    await add_people(store, clock, [4], "ky")
    await set_topic(store, 2, "announcements", False)
    await set_topic(store, 3, "announcements", None)  # no row: never chose, so it reaches them
    await set_topic(store, 4, "announcements", False)
    assert await outbox.audience_size(Audience.everyone()) == 2
    assert await outbox.opted_out(Audience.everyone()) == 2
    assert await outbox.audience_size(Audience.language("ru")) == 2
    assert await outbox.opted_out(Audience.language("ru")) == 1
    assert await outbox.audience_size(Audience.urgent()) == 4
    b = await new(outbox, clock, Audience.urgent())
    await outbox.materialise(b, clock.now())
    assert [chat for chat, _ in await recipients(store, b)] == [1, 2, 3, 4]


async def test_send_now_and_restore_only_before_its_time(store, outbox, clock) -> None:
    at = clock.now() + dt.timedelta(hours=1)
    first = await new(outbox, clock, Audience.everyone(), scheduled_at=at)
    second = await new(outbox, clock, Audience.everyone(), scheduled_at=at)
    assert await outbox.send_now(first) and (await outbox.get(first)).status == "queued"
    assert not await outbox.send_now(first)  # no longer scheduled
    assert await outbox.cancel(second, clock.now())
    assert await outbox.restore(second, clock.now())
    assert (await outbox.get(second)).status == "scheduled"
    assert await outbox.cancel(second, clock.now())
    assert not await outbox.restore(second, at)  # its time has come
    assert not await outbox.restore(first, clock.now())  # never cancelled


async def test_a_correction_reaches_only_the_languages_it_changes(store, outbox, clock) -> None:
    await add_people(store, clock, [1], "ru")
    await add_people(store, clock, [2], "ky")
    parent = await new(outbox, clock, Audience.everyone())
    await outbox.materialise(parent, clock.now())
    claimed = await outbox.claim(parent, 10, clock.now())
    await outbox.record(
        [Outcome(parent, d.chat_id, "sent", 1, message_id=7) for d in claimed], clock.now()
    )
    assert await outbox.reached(parent) == [(1, "ru"), (2, "ky")]
    assert await outbox.reached(parent, ["ru"]) == [(1, "ru")]
    fix = await outbox.create(
        kind="announcement", audience=Audience.language("ru"), content=HELLO,
        now=clock.now(), operation="edit", parent_id=parent,
    )  # fmt: skip
    assert (await outbox.get(fix)).languages == ("ru",)
    await outbox.materialise(fix, clock.now())
    assert await recipients(store, fix) == [(1, "ru")]
