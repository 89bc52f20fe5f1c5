"""The update processor: chats concurrently, one chat in order, a bound on work at once that
one chatty chat cannot fill. Driven by events, never by the clock."""

from __future__ import annotations

import asyncio
import datetime as dt

from telegram import Chat, Message, Update, User

from handlers.updates import PerChatUpdateProcessor


def message_from(chat_id: int, update_id: int = 1) -> Update:
    chat = Chat(chat_id, Chat.PRIVATE if chat_id > 0 else Chat.GROUP)
    user = User(abs(chat_id), "P", is_bot=False)
    message = Message(update_id, dt.datetime(2023, 6, 22, tzinfo=dt.UTC), chat, from_user=user)
    return Update(update_id, message=message)


class Work:
    """An update's handling that starts, then waits until the test lets it finish."""

    def __init__(self, log: list[str], name: str) -> None:
        self.log, self.name = log, name
        self.started = asyncio.Event()
        self.finish = asyncio.Event()

    async def run(self) -> None:
        self.log.append(f"start {self.name}")
        self.started.set()
        await self.finish.wait()
        self.log.append(f"end {self.name}")


async def settle() -> None:
    for _ in range(20):  # let every ready task take its steps
        await asyncio.sleep(0)


def submit(processor: PerChatUpdateProcessor, update: Update, work: Work) -> asyncio.Task:
    return asyncio.create_task(processor.process_update(update, work.run()))


async def test_one_chat_in_order_other_chats_meanwhile() -> None:
    processor, log = PerChatUpdateProcessor(), []
    a1, a2, b1 = Work(log, "a1"), Work(log, "a2"), Work(log, "b1")
    tasks = [submit(processor, message_from(1), a1), submit(processor, message_from(1), a2)]
    tasks.append(submit(processor, message_from(2), b1))
    await settle()
    assert log == ["start a1", "start b1"]  # a2 waits for a1; chat 2 does not
    b1.finish.set()
    a2.finish.set()  # a2 may finish at once, but only after it started: after a1
    await settle()
    assert log == ["start a1", "start b1", "end b1"]
    a1.finish.set()
    await asyncio.gather(*tasks)
    assert log[3:] == ["end a1", "start a2", "end a2"]
    assert processor.waiting_chats == 0


async def test_a_chatty_chat_takes_one_slot_and_others_pass() -> None:
    processor, log = PerChatUpdateProcessor(active=2), []
    chatty = [Work(log, f"a{i}") for i in range(10)]
    tasks = [submit(processor, message_from(1, i), w) for i, w in enumerate(chatty)]
    others = [Work(log, "b"), Work(log, "c"), Work(log, "d")]
    tasks += [
        submit(processor, message_from(chat), w) for chat, w in zip((2, 3, 4), others, strict=True)
    ]
    await settle()
    assert log == ["start a0", "start b"]  # two at work: the bound, one of them the chatty chat
    others[0].finish.set()
    await settle()
    assert log[2:] == ["end b", "start c"]  # the next slot goes to chat 3, not to a1
    for work in [*chatty, *others]:
        work.finish.set()
    await asyncio.gather(*tasks)
    assert [e for e in log if e.startswith("start a")] == [f"start a{i}" for i in range(10)]


async def test_an_update_cancelled_in_line_lets_no_one_overtake() -> None:
    processor, log = PerChatUpdateProcessor(), []
    first, second, third = Work(log, "1"), Work(log, "2"), Work(log, "3")
    t1 = submit(processor, message_from(1), first)
    t2 = submit(processor, message_from(1), second)
    t3 = submit(processor, message_from(1), third)
    await settle()
    t2.cancel()  # still waiting for its turn: its handling never starts, and is closed
    await settle()
    assert log == ["start 1"]  # the third still waits for the first
    first.finish.set()
    third.finish.set()
    await asyncio.gather(t1, t3)
    assert log == ["start 1", "end 1", "start 3", "end 3"]
    assert t2.cancelled() and processor.waiting_chats == 0
