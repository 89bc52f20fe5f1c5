"""The console's deliveries, under api/org/broadcasts: the latest broadcasts with their
status and counts (the chat's /deliveries), one broadcast's progress as server-sent events,
and a sent one corrected (per language) or withdrawn through the chat's own path
(forumbot.runtime.corrections: the paced engine, the audit). Both ask once: without
{"confirm": true} they answer with the chat's question (what it does, to how many chats).

The event stream cannot set headers, so it takes initData in its query string: the server
keeps no access log (webapp/server.py) and the reverse proxy must not log that path's query."""

from __future__ import annotations

import asyncio
import json

from aiohttp import web

from forumbot.delivery.models import Broadcast, Report
from forumbot.render.broadcasts import (
    STATUS_ICONS,
    audience_label,
    report_counts,
    summary_line,
    when_text,
)
from forumbot.render.context import RenderCtx
from forumbot.render.corrections import ALL, languages_label
from forumbot.render.html import MAX_CAPTION, MAX_TEXT, esc, utf16_len
from forumbot.render.menu import LANGUAGE_NAMES
from forumbot.runtime import announce, corrections
from webapp.compose import render_ctx
from webapp.context import state_of, user_of

POLL_SECONDS = 0.5  # how often a stream looks at the outbox
STREAM_SECONDS = 1800.0  # a stream ends after this long; the page opens another if needed
RECENT = 20
CLOSING = web.AppKey("deliveries_closing", asyncio.Event)


def report_json(b: Broadcast, r: Report | None) -> dict:
    r = r or Report(b.id)
    return {"id": b.id, "status": b.status, "total": r.total, "sent": r.sent,
            "failed": r.failed, "blocked": r.blocked, "pending": r.remaining,
            "unknown": r.unknown, "active": b.active}  # fmt: skip


async def listing(request: web.Request) -> web.Response:
    """The latest broadcasts, newest first, with what can be done to each."""
    outbox = state_of(request).services.delivery.outbox
    ctx = await render_ctx(request)
    known = await announce.known_roles(state_of(request).services)
    items = []
    for b in await outbox.list_recent(RECENT):
        report = await outbox.report(b.id)
        items.append({
            **report_json(b, report),
            "icon": STATUS_ICONS.get(b.status, "•"), "statusLabel": ctx.t("status_b_" + b.status),
            "summary": _summary(ctx, b), "audience": audience_label(ctx, b.audience, known),
            "when": when_text(ctx, b.scheduled_at) if b.scheduled_at else "",
            "counts": report_counts(ctx, b, report) if report else "",
            "fixable": b.status == "done" and b.operation == "send" and not b.withdrawn,
            "languages": [{"code": c, "name": LANGUAGE_NAMES.get(c, c)} for c in b.content.texts],
        })  # fmt: skip
    return web.json_response({"broadcasts": items})


def _summary(ctx: RenderCtx, b: Broadcast) -> str:
    """Its kind and a glimpse of its text; a correction or withdrawal names its broadcast."""
    if b.parent_id is None:
        return summary_line(ctx, b)
    return f"#{b.id} {ctx.label('op_' + b.operation, parent=b.parent_id)}"


async def _event(response: web.StreamResponse, name: str, data: dict) -> None:
    await response.write(f"event: {name}\ndata: {json.dumps(data)}\n\n".encode())


async def events(request: web.Request) -> web.StreamResponse:
    """The broadcast's counts as "progress" events (one at once, then at each change) and
    "end" when it is over (done, cancelled, missed) or the stream has run its time."""
    outbox = state_of(request).services.delivery.outbox
    broadcast_id = int(request.match_info["broadcast_id"])
    b = await outbox.get(broadcast_id)
    if b is None:
        return web.json_response({"error": "no_such_broadcast"}, status=404)
    ctx = await render_ctx(request)
    response = web.StreamResponse(headers={"Content-Type": "text/event-stream",
                                           "Cache-Control": "no-cache"})  # fmt: skip
    await response.prepare(request)
    closing = request.app[CLOSING]
    last: dict | None = None
    loop = asyncio.get_running_loop()
    until = loop.time() + STREAM_SECONDS
    try:
        while (b := await outbox.get(broadcast_id)) is not None:
            report = await outbox.report(b.id)
            data = {**report_json(b, report), "statusLabel": ctx.t("status_b_" + b.status),
                    "counts": report_counts(ctx, b, report) if report else ""}  # fmt: skip
            if data != last:
                await _event(response, "progress", data)
                last = data
            if not b.active or loop.time() >= until or await _closing(closing):
                break
        await _event(response, "end", {"id": broadcast_id})
    except ConnectionResetError:  # the page went away
        pass
    return response


async def _closing(closing: asyncio.Event) -> bool:
    """Wait a poll's time; True when the server is shutting down (the stream ends then, or
    the shutdown would wait for it)."""
    try:
        await asyncio.wait_for(closing.wait(), POLL_SECONDS)
    except TimeoutError:
        return False
    return True


async def _body(request: web.Request) -> dict:
    try:
        body = await request.json()
    except ValueError:
        body = None
    return body if isinstance(body, dict) else {}


async def correct(request: web.Request) -> web.Response:
    """{"lang": a variant's language or "all", "text": plain text, "tell": bool}: without
    "confirm", how many chats it edits (the chat's question); with it, queued and audited."""
    svc = state_of(request).services
    ctx = await render_ctx(request)
    body = await _body(request)
    broadcast_id = int(request.match_info["broadcast_id"])
    lang, text = str(body.get("lang") or ALL), str(body.get("text") or "").strip()
    tell = body.get("tell") is True
    parent = await svc.delivery.outbox.get(broadcast_id)
    limit = MAX_CAPTION if parent and parent.content.media else MAX_TEXT
    if not text or utf16_len(text) > limit:
        key = "announce_empty" if not text else "announce_too_long"
        message = ctx.t(key, limit=limit, count=utf16_len(text))
        return web.json_response({"error": "bad_text", "message": message}, status=400)
    try:
        change = await corrections.plan(svc, broadcast_id, lang, esc(text))
        if body.get("confirm") is not True:
            readers = languages_label(ctx, change.readers)
            confirm = ctx.t("correct_confirm", count=change.chats, language=readers)
            found = {"chats": change.chats, "readers": list(change.readers)}
            return web.json_response({"queued": False, **found, "confirm": confirm})
        follow_up = await corrections.correct(svc, change, user_of(request).id, tell)
    except corrections.Unchanged:
        return web.json_response({"error": "same", "message": ctx.t("correct_same")}, status=409)
    except (corrections.NotNow, KeyError):
        message = ctx.t("broadcast_not_now")
        return web.json_response({"error": "not_now", "message": message}, status=409)
    message = ctx.t("correct_queued_told" if tell else "correct_queued", id=follow_up)
    return web.json_response({"queued": True, "id": follow_up, "message": message}, status=201)


async def withdraw(request: web.Request) -> web.Response:
    """Without {"confirm": true}: from how many chats it would delete it (the chat's
    question); with it, the withdrawal queued and audited (its progress: its own stream)."""
    svc = state_of(request).services
    ctx = await render_ctx(request)
    broadcast_id = int(request.match_info["broadcast_id"])
    try:
        if (await _body(request)).get("confirm") is not True:
            chats = await corrections.withdrawal_reach(svc, broadcast_id)
            confirm = ctx.t("withdraw_confirm", id=broadcast_id, count=chats)
            return web.json_response({"queued": False, "chats": chats, "confirm": confirm})
        follow_up = await corrections.withdraw(svc, broadcast_id, user_of(request).id)
    except corrections.NotNow:
        message = ctx.t("broadcast_not_now")
        return web.json_response({"error": "not_now", "message": message}, status=409)
    message = ctx.t("withdraw_queued", id=follow_up)
    return web.json_response({"queued": True, "id": follow_up, "message": message}, status=201)


async def _shut(app: web.Application) -> None:
    app[CLOSING].set()


def setup(app: web.Application, base: str) -> None:
    app[CLOSING] = asyncio.Event()
    app.on_shutdown.append(_shut)
    org = base + "api/org/broadcasts"
    app.router.add_get(org, listing)
    app.router.add_get(org + "/{broadcast_id:\\d+}/events", events)
    app.router.add_post(org + "/{broadcast_id:\\d+}/correct", correct)
    app.router.add_post(org + "/{broadcast_id:\\d+}/withdraw", withdraw)
