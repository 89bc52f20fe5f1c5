"""Sends Telegram did but never answered: nobody gets three copies, the report owns up.

Telegram has no idempotency key. The emulator here delivers some messages and then answers
too late for the client (or drops the connection): the sender cannot tell them from sends
that never arrived. Counted from the emulator's side, every duplicate must show in the
report's "unknown", and no one may get the message a third time.
"""

from __future__ import annotations

from collections import Counter

from forumbot.delivery import Audience, BotApi, Content
from tests.delivery.conftest import add_people

PEOPLE = range(1, 401)
LATE = set(range(25, 401, 25))  # answered after the client's time-out: 16 of 400
CUT = set(range(13, 401, 40))  # the connection dropped once the message was sent: 10
LATE_TWICE = {7, 107, 207, 307}  # the one more try is answered late too
NEWS = Content({"ru": "Перерыв продлён до 15:30"}, default_language="ru")


async def test_delivered_but_unanswered_sends_are_unknown_never_sent_thrice(
    store, emu, clock, harness
) -> None:
    await add_people(store, clock, PEOPLE, "ru", emu)
    for chat in LATE:
        emu.hang_next("sendMessage", seconds=0.5, chat_id=chat, done=True)
    for chat in CUT:
        emu.drop_next("sendMessage", chat_id=chat, done=True)
    for chat in LATE_TWICE:
        emu.hang_next("sendMessage", seconds=0.5, chat_id=chat, times=2, done=True)
    async with BotApi(emu.base_url, emu.token, timeout=0.2) as api:
        harness.api = api
        b = await harness.outbox.create(
            kind="announcement", audience=Audience.everyone(), content=NEWS, now=clock.now()
        )
        await harness.new_sender().start()
        report = await harness.done(b)
        await harness.sender.stop()
        harness.sender = None

    received = Counter(chat for chat in PEOPLE for _ in emu.messages(chat))
    twice = {chat for chat, n in received.items() if n == 2}
    assert min(received[chat] for chat in PEOPLE) == 1  # nobody skipped
    assert max(received.values()) == 2  # nobody got it three times
    assert twice >= LATE | CUT | LATE_TWICE  # the faults did what they say
    assert report.unknown >= len(twice)  # every duplicate owned up to
    assert (report.total, report.sent + report.unknown) == (400, 400)
