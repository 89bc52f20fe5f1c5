"""Composing an announcement, one path for the chat's /announce and the Mini App's console:
the draft's variants and the one skipped languages get, the audience and how many it
reaches, a preview or a test sent exactly as recipients will get it, and the broadcast
queued (now, or at a time still to come) and audited."""

from __future__ import annotations

from dataclasses import dataclass

from forumbot.delivery.audiences import ROLE_CODE, URGENT, addressable, audience_of, offered
from forumbot.delivery.botapi import BotApi
from forumbot.delivery.models import Audience, Content
from forumbot.models import UI_LANGUAGES, Role
from forumbot.runtime.services import Services
from forumbot.store.drafts import AnnounceDraft

LANGUAGES = UI_LANGUAGES  # variants are written in the languages people read the bot in


class TooLate(ValueError):
    """The time chosen for the broadcast has passed meanwhile: nothing was queued."""


@dataclass(frozen=True, slots=True)
class Reach:
    """Whom an audience reaches now: ``people``, and ``left_out``, those of them who turned
    announcements off (left out, or, urgent, reached all the same)."""

    audience: Audience
    people: int
    left_out: int


def channel_title(svc: Services) -> str | None:
    """The forum's channel's title when the bot may post there (else it is not offered)."""
    return svc.channel.title if svc.channel is not None else None


def offered_codes(svc: Services) -> tuple[str, ...]:
    """The audiences offered now (roles' apart): the channel's too when the forum has one."""
    return offered(channel_title(svc) is not None)


def may_address(svc: Services, code: str) -> bool:
    """Whether the audience ``code`` may be chosen now (the channel's only with a channel)."""
    return addressable(code, channel_title(svc) is not None)


async def reach(svc: Services, code: str | None) -> Reach:
    """How many people the audience ``code`` reaches now, and how many it leaves out."""
    audience = audience_of(code)
    outbox = svc.delivery.outbox
    return Reach(audience, await outbox.audience_size(audience), await outbox.opted_out(audience))


async def known_roles(svc: Services) -> dict[str, Role]:
    """The roles the programme file defines, by id (their names in each language)."""
    return {r.id: r for r in await svc.store.roles.defined()}


async def role_choices(svc: Services) -> tuple[list[tuple[Role, int]], dict[str, Role]]:
    """The roles someone holds, in the file's order, each with how many a broadcast to it
    reaches now; and the roles by id (their names)."""
    known = await known_roles(svc)
    held = await svc.store.roles.counts()
    order = [*(r for r in known if r in held), *(r for r in held if r not in known)]
    outbox = svc.delivery.outbox
    sizes = [await outbox.audience_size(audience_of(ROLE_CODE + r)) for r in order]
    return [(known.get(r, Role(r)), n) for r, n in zip(order, sizes, strict=True)], known


def begun(draft: AnnounceDraft | None) -> bool:
    """Something has been written (or skipped): worth offering to go on with."""
    return draft is not None and (bool(draft.texts) or draft.next > 0)


def missing(draft: AnnounceDraft) -> list[str]:
    """The languages without a variant of their own (none for one text for everyone)."""
    return [] if draft.mode == "one" else [code for code in LANGUAGES if code not in draft.texts]


def fallback(draft: AnnounceDraft) -> str | None:
    """The variant readers of a skipped language get: the one chosen, else the only one
    written; None while several are written and none is chosen (it has to be asked)."""
    if draft.default in draft.texts:
        return draft.default
    return next(iter(draft.texts)) if len(draft.texts) == 1 else None


async def content_of(svc: Services, draft: AnnounceDraft) -> Content:
    """What recipients get: the variants, the one chosen for skipped languages (else the
    forum's default language), the media."""
    default = draft.default or (await svc.store.programme.forum()).default_language
    return Content(texts=dict(draft.texts), default_language=default, media=draft.media)


async def send_exactly(api: BotApi, chat_id: int, content: Content, lang: str) -> bool:
    """Send ``content`` as a recipient reading ``lang`` gets it (a preview, a test): never
    a paid broadcast. False when Telegram refused it."""
    text, media = content.text_for(lang), content.media
    if media is None:
        result = await api.send_message(chat_id, text, paid=False)
    elif media["type"] == "photo":
        result = await api.send_photo(chat_id, content.media_source() or "", text, paid=False)
    else:
        result = await api.send_document(chat_id, content.media_source() or "", text, paid=False)
    return result.ok


async def send_test(svc: Services, chat_id: int, content: Content, lang: str) -> bool:
    """To the organiser alone, in their chat and language: a heading saying it is a test,
    then the announcement exactly as recipients will get it."""
    heading = svc.catalogs.t(lang, "announce_test_heading")
    api = svc.delivery.api
    return (await api.send_message(chat_id, heading, paid=False)).ok and await send_exactly(
        api, chat_id, content, lang
    )


async def queue(svc: Services, draft: AnnounceDraft, by: int) -> int:
    """Queue the broadcast (or schedule it at ``draft.at``) and audit it as the chat always
    has ("sent", "scheduled", "…_urgent", with the copied broadcast); its id. Raises
    TooLate when its time has passed meanwhile, KeyError for an unknown audience."""
    at, now = draft.at, svc.clock.now()
    if at is not None and at <= now:
        raise TooLate(at)
    code = draft.audience or "all"
    broadcast_id = await svc.delivery.create(
        kind="announcement", audience=audience_of(code), content=await content_of(svc, draft),
        created_by=by, scheduled_at=at,
    )  # fmt: skip
    action = ("scheduled" if at else "sent") + ("_urgent" if code == URGENT else "")
    copy: dict[str, object] = {"copy_of": draft.source} if draft.source else {}
    if audience_of(code).channel:
        copy["channel"] = channel_title(svc)
    await svc.store.staff.audit(by, action, now, broadcast=broadcast_id, **copy)
    return broadcast_id
