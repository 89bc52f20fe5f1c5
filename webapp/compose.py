"""The console's composer, under api/org/announce: the audiences with their sizes, a live
preview of every language variant, a test to the organiser's own chat, and the send (now or
at a typed time in the forum's zone) that asks once. Every step is the chat's /announce
path (forumbot.runtime.announce, the chat's renderers and words): the same counts, the same
confirmation, the same audit.

The texts come as plain text, one per language; each is escaped into Telegram HTML, so what
an organiser types arrives as typed. A language left empty gets the variant ``default``."""

from __future__ import annotations

from aiohttp import web

from forumbot.delivery.audiences import ROLE_CODE
from forumbot.delivery.models import Audience
from forumbot.infra.timeutil import NonexistentTime, UnclearTime, future_time
from forumbot.render.broadcasts import audience_label, when_text
from forumbot.render.compose import (
    audience_note,
    channel_note,
    render_confirm,
    render_fallback_note,
)
from forumbot.render.context import RenderCtx
from forumbot.render.html import MAX_TEXT, esc, utf16_len
from forumbot.render.menu import LANGUAGE_NAMES
from forumbot.runtime import announce
from forumbot.store.drafts import AnnounceDraft
from webapp.api import language_of
from webapp.context import state_of, user_of


class Refused(ValueError):
    """The body cannot be sent as it is: ``code`` for the page, ``message`` (Telegram HTML,
    the chat's own words where the chat has them) to show."""

    def __init__(self, code: str, message: str = "") -> None:
        super().__init__(code)
        self.code, self.message = code, message

    def response(self) -> web.Response:
        return web.json_response({"error": self.code, "message": self.message}, status=400)


async def render_ctx(request: web.Request) -> RenderCtx:
    """The organiser's rendering context, as the chat's handlers build it."""
    svc = state_of(request).services
    forum = await svc.store.programme.forum()
    return RenderCtx(await language_of(request), svc.catalogs, forum, svc.bot_username)


async def _body(request: web.Request) -> dict:
    try:
        body = await request.json()
    except ValueError:
        raise Refused("bad_request") from None
    if not isinstance(body, dict):
        raise Refused("bad_request")
    return body


def draft_of(ctx: RenderCtx, body: dict) -> AnnounceDraft:
    """The body's texts (plain, per language; empty ones left out) as the chat's draft."""
    raw = body.get("texts")
    if not isinstance(raw, dict):
        raise Refused("bad_request")
    texts = {}
    for lang in announce.LANGUAGES:
        text = str(raw.get(lang) or "").strip()
        if utf16_len(text) > MAX_TEXT:
            name = LANGUAGE_NAMES[lang]
            raise Refused("too_long", ctx.t("web_org_cmp_too_long", language=name, limit=MAX_TEXT))
        if text:
            texts[lang] = esc(text)
    if not texts:
        raise Refused("empty", ctx.t("web_org_cmp_empty"))
    default = str(body.get("default") or "")
    draft = AnnounceDraft(mode="per", texts=texts, next=len(announce.LANGUAGES),
                          default=default if default in texts else None)  # fmt: skip
    draft.default = announce.fallback(draft)
    if draft.default is None and announce.missing(draft):
        raise Refused("pick_default")
    return draft


async def options(request: web.Request) -> web.Response:
    """What the composer offers: the languages, the audiences with their sizes and notes,
    the forum's zone in words."""
    svc = state_of(request).services
    ctx = await render_ctx(request)
    audiences = []
    channel = announce.channel_title(svc)
    for code in announce.offered_codes(svc):  # the forum's channel's too, when it has one
        reach = await announce.reach(svc, code)
        notes = (channel_note(ctx, reach.audience, channel),
                 audience_note(ctx, reach.audience, reach.left_out))  # fmt: skip
        audiences.append({
            "code": code, "label": audience_label(ctx, reach.audience), "people": reach.people,
            "note": "\n".join(n for n in notes if n),
        })  # fmt: skip
    roles, known = await announce.role_choices(svc)
    for role, people in roles:
        label = audience_label(ctx, Audience.role(role.id), known)
        audiences.append({"code": ROLE_CODE + role.id, "label": label, "people": people,
                          "note": ""})  # fmt: skip
    return web.json_response({
        "languages": [{"code": c, "name": LANGUAGE_NAMES[c]} for c in announce.LANGUAGES],
        "audiences": audiences,
        "zone": ctx.zone_note(svc.clock.now()),
    })  # fmt: skip


async def preview(request: web.Request) -> web.Response:
    """Every language's variant as its readers will get it (Telegram HTML, escaped), with
    the chat's heading, and the chat's note naming the variant a skipped language gets."""
    ctx = await render_ctx(request)
    try:
        draft = draft_of(ctx, await _body(request))
    except Refused as exc:
        return exc.response()
    content = await announce.content_of(state_of(request).services, draft)
    skipped = announce.missing(draft)
    variants = [
        {"lang": lang, "own": lang in draft.texts, "html": content.text_for(lang),
         "heading": ctx.t("announce_preview", language=LANGUAGE_NAMES[lang])}
        for lang in announce.LANGUAGES
    ]  # fmt: skip
    note = ""
    if skipped and draft.default:  # draft_of saw to it that one is chosen
        note = render_fallback_note(ctx, draft.default, skipped).text
    return web.json_response({"variants": variants, "fallback": note})


async def _when(request: web.Request, ctx: RenderCtx, body: dict) -> AnnounceDraft:
    """The draft with its audience and time (typed as in the chat, in the forum's zone)."""
    draft = draft_of(ctx, body)
    draft.audience = str(body.get("audience") or "all")
    if not announce.may_address(state_of(request).services, draft.audience):
        raise Refused("bad_audience")
    typed = str(body.get("at") or "").strip()
    if typed:
        svc = state_of(request).services
        zone = (await svc.store.programme.forum()).zone
        try:
            draft.at = future_time(typed, svc.clock.now(), zone)
        except UnclearTime as exc:
            raise Refused("bad_time", ctx.t(exc.key)) from None
        except NonexistentTime as exc:
            gap = ctx.t("time_gap", time=f"{exc.local:%Y-%m-%d %H:%M}", zone=str(exc.zone))
            raise Refused("bad_time", gap) from None
    return draft


async def send(request: web.Request) -> web.Response:
    """Without {"confirm": true}: the chat's confirmation (audience, how many people, when,
    who it leaves out), nothing queued. With it: queued or scheduled, audited as the chat
    audits it; 201 with the broadcast's id."""
    svc = state_of(request).services
    ctx = await render_ctx(request)
    try:
        body = await _body(request)
        draft = await _when(request, ctx, body)
    except Refused as exc:
        return exc.response()
    reach = await announce.reach(svc, draft.audience)
    if body.get("confirm") is not True:
        known = await announce.known_roles(svc)
        view = render_confirm(ctx, reach.audience, reach.people, reach.left_out, draft.at, known,
                              announce.channel_title(svc))  # fmt: skip
        when = when_text(ctx, draft.at)
        return web.json_response(
            {"queued": False, "people": reach.people, "when": when, "confirm": view.text}
        )
    try:
        broadcast_id = await announce.queue(svc, draft, user_of(request).id)
    except announce.TooLate:
        return Refused("bad_time", ctx.t("announce_past")).response()
    key = "web_org_cmp_scheduled" if draft.at else "web_org_cmp_queued"
    message = ctx.t(key, id=broadcast_id, when=when_text(ctx, draft.at))
    return web.json_response({"queued": True, "id": broadcast_id, "scheduled": bool(draft.at),
                              "message": message}, status=201)  # fmt: skip


async def test(request: web.Request) -> web.Response:
    """The announcement to the organiser alone, in their chat and language, exactly as
    recipients will get it (the chat's "send a test to me")."""
    svc = state_of(request).services
    ctx = await render_ctx(request)
    try:
        draft = draft_of(ctx, await _body(request))
    except Refused as exc:
        return exc.response()
    content = await announce.content_of(svc, draft)
    if not await announce.send_test(svc, user_of(request).id, content, ctx.lang):
        return Refused("not_delivered", ctx.t("web_org_cmp_test_failed")).response()
    return web.json_response({"sent": True, "message": ctx.t("web_org_cmp_tested")})


def setup(app: web.Application, base: str) -> None:
    org = base + "api/org/announce"
    app.router.add_get(org, options)
    app.router.add_post(org + "/preview", preview)
    app.router.add_post(org + "/test", test)
    app.router.add_post(org, send)
