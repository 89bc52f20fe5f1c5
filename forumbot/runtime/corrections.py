"""Correcting and withdrawing a sent broadcast, one path for the chat (handlers/corrections.py)
and the Mini App's console: a correction per variant (or one text for every variant) edits
the chats of the readers whose text changes, optionally telling them; a withdrawal deletes
it everywhere. Both go through the paced delivery engine and are audited."""

from __future__ import annotations

from dataclasses import dataclass

from forumbot.delivery.models import Broadcast, Content, Personal
from forumbot.models import UI_LANGUAGES
from forumbot.render.corrections import ALL
from forumbot.runtime.services import Services


class NotNow(ValueError):
    """The broadcast is not a finished send (or is gone, or withdrawn): it cannot be
    corrected or withdrawn now."""


class Unchanged(ValueError):
    """The corrected text is the one its readers already have."""


@dataclass(frozen=True, slots=True)
class Correction:
    """What a correction would do: the new content, the readers' languages it changes and
    how many chats it edits."""

    parent: Broadcast
    content: Content
    readers: tuple[str, ...]
    chats: int


async def sent(svc: Services, broadcast_id: int) -> Broadcast:
    """The broadcast, if it is a finished send not withdrawn; NotNow otherwise."""
    b = await svc.delivery.outbox.get(broadcast_id)
    if b is None or b.status != "done" or b.operation != "send" or b.withdrawn:
        raise NotNow(broadcast_id)
    return b


def corrected(parent: Content, lang: str, html: str) -> Content:
    """``parent`` with the variant in ``lang`` (or every variant, ALL) replaced by ``html``."""
    texts = dict.fromkeys(parent.texts, html) if lang == ALL else {**parent.texts, lang: html}
    return Content(texts=texts, default_language=parent.default_language, media=parent.media)


async def plan(svc: Services, broadcast_id: int, lang: str, html: str) -> Correction:
    """What correcting the variant ``lang`` to ``html`` would do; NotNow, Unchanged, or
    KeyError for a language the broadcast has no variant in."""
    parent = await sent(svc, broadcast_id)
    if lang != ALL and lang not in parent.content.texts:
        raise KeyError(lang)
    new = corrected(parent.content, lang, html)
    readers = parent.content.readers_changed(new, UI_LANGUAGES)
    if not readers:
        raise Unchanged(broadcast_id)
    # The channel's copy is among the chats when its post changes too.
    edited = svc.delivery.edited(parent, new, readers)
    chats = len(await svc.delivery.outbox.reached(parent.id, edited))
    return Correction(parent, new, readers, chats)


async def correct(svc: Services, change: Correction, by: int, tell: bool) -> int:
    """Queue the correction (to the readers whose text changes), tell them if asked, audit;
    the follow-up broadcast's id. NotNow when the broadcast can no longer be corrected."""
    readers = change.readers
    only = () if set(readers) == set(UI_LANGUAGES) else readers  # (): every recipient
    try:
        follow_up = await svc.delivery.correct(change.parent.id, change.content, by, only)
    except ValueError:
        raise NotNow(change.parent.id) from None
    if tell:
        await tell_readers(svc, change.parent.id, readers)
    await svc.store.staff.audit(
        by, "edited", svc.clock.now(),
        broadcast=change.parent.id, languages=list(readers), told=tell,
    )  # fmt: skip
    return follow_up


async def tell_readers(svc: Services, parent_id: int, readers: tuple[str, ...]) -> None:
    """A short word, in each reader's language, that the announcement they got changed."""
    rows = [
        Personal(chat, lang, svc.catalogs.t(lang, "corrected_notice"))
        for chat, lang in await svc.delivery.outbox.reached(parent_id, readers)
    ]
    if rows:
        await svc.delivery.create_personal("corrected", rows)


async def withdrawal_reach(svc: Services, broadcast_id: int) -> int:
    """From how many chats withdrawing the broadcast deletes it; NotNow if it cannot be."""
    b = await sent(svc, broadcast_id)
    return len(await svc.delivery.outbox.reached(b.id))


async def withdraw(svc: Services, broadcast_id: int, by: int) -> int:
    """Delete a sent broadcast everywhere through the paced engine, audited; the withdrawal's
    id. NotNow when it is not a finished send."""
    try:
        follow_up = await svc.delivery.withdraw(broadcast_id, by)
    except ValueError:
        raise NotNow(broadcast_id) from None
    await svc.store.staff.audit(by, "withdrew", svc.clock.now(), broadcast=broadcast_id)
    return follow_up
