"""Organisers' drafts in the store: each kind round-trips typed, one per organiser's chat,
listed for every organiser, dropped; conversation steps kept and forgotten."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from forumbot.store import Store
from forumbot.store.drafts import AnnounceDraft, PostDraft, QuickChangeDraft
from tests.helpers import bishkek

NOW = bishkek(22, 9, 0)


async def test_each_kind_round_trips_typed(store: Store) -> None:
    announce = AnnounceDraft(
        mode="per", texts={"ky": "<b>Саламатсыздарбы</b>", "en": "Hello"},
        media={"type": "photo", "file_id": "F1"}, next=2, audience="ann",
        at=bishkek(22, 10, 0),
    )  # fmt: skip
    post = PostDraft(kind="news", texts={"ru": ("Заголовок", "Текст")}, next=1)
    change = QuickChangeDraft(
        session_id="rt1", day=dt.date(2023, 6, 22), start=bishkek(22, 11, 30),
        end=bishkek(22, 13, 0), room_id="small", cancelled=False, typing_for=None,
    )  # fmt: skip
    for draft in (announce, post, change):
        await store.drafts.put(7, draft, NOW)
    assert await store.drafts.get(AnnounceDraft, 7) == announce
    assert await store.drafts.get(PostDraft, 7) == post
    assert await store.drafts.get(QuickChangeDraft, 7) == change
    assert await store.drafts.get(AnnounceDraft, 8) is None


async def test_one_draft_per_chat_seen_by_every_organiser_then_dropped(store: Store) -> None:
    await store.drafts.put(7, AnnounceDraft(texts={"en": "first"}), NOW)
    await store.drafts.put(7, AnnounceDraft(texts={"en": "second"}), NOW + dt.timedelta(minutes=1))
    await store.drafts.put(8, AnnounceDraft(texts={"en": "other"}), NOW + dt.timedelta(minutes=2))
    waiting = await store.drafts.waiting(AnnounceDraft)
    assert [(chat, d.texts["en"]) for chat, _, d in waiting] == [(8, "other"), (7, "second")]
    assert waiting[1][1] == NOW + dt.timedelta(minutes=1)
    await store.drafts.drop("announce", 7)
    assert [chat for chat, _, _ in await store.drafts.waiting(AnnounceDraft)] == [8]


async def test_conversation_steps_are_kept_until_the_conversation_ends(
    store: Store, tmp_path: Path
) -> None:
    await store.drafts.set_conversation("announce", (7, 7), 1)
    await store.drafts.set_conversation("announce", (8, 8), 2)
    await store.drafts.set_conversation("announce", (7, 7), 3)
    assert await store.drafts.conversations("announce") == {(7, 7): 3, (8, 8): 2}
    await store.drafts.set_conversation("announce", (8, 8), None)
    assert await store.drafts.conversations("announce") == {(7, 7): 3}
    assert await store.drafts.conversations("post") == {}
