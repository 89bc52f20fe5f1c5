"""The console's programme quick changes, under api/org/sessions/<id>: a new time (typed as
in the chat: "14:30", "14:30-15:45", "2023-06-23 14:30-15:45"), another hall, cancel or
restore. Without {"apply": true} it previews: what changes, the people told, the clashes.
Applying takes the chat's own path (forumbot.runtime.quickchange: logged for the change
notices, audited); a clash answers 409 until {"anyway": true}."""

from __future__ import annotations

import dataclasses

from aiohttp import web

from forumbot.infra.timeutil import NonexistentTime, parse_new_time
from forumbot.models import Session
from forumbot.rules.changes import Change, State
from forumbot.rules.clashes import Clashes
from forumbot.runtime import quickchange
from webapp.context import state_of, user_of
from webapp.org import titles_of


class BadChange(ValueError):
    """The body asks for no change that can be made; the message is the error code."""


async def _after(request: web.Request, before: Session, body: dict) -> Session:
    """The session as the body would change it."""
    programme = state_of(request).services.store.programme
    after = before
    if body.get("time"):
        zone = (await programme.forum()).zone
        try:
            parsed = parse_new_time(str(body["time"]), before.day, before.start, before.end, zone)
        except NonexistentTime:
            parsed = None
        days = {d.date for d, _ in await programme.days()}
        if parsed is None or parsed[0] not in days:
            raise BadChange("bad_time")
        day, start, end = parsed
        after = dataclasses.replace(after, day=day, start=start, end=end)
    if body.get("room"):
        if str(body["room"]) not in await programme.rooms():
            raise BadChange("no_such_room")
        after = dataclasses.replace(after, room_id=str(body["room"]))
    if "cancelled" in body:
        after = dataclasses.replace(after, cancelled=bool(body["cancelled"]))
    return after


async def _clashes_json(request: web.Request, found: Clashes) -> dict:
    titles = await titles_of(request, found.session_ids())
    return {
        "hall": [{"id": s.id, "title": titles.get(s.id, s.id)} for s in found.hall],
        "speakers": [{"id": s.id, "title": titles.get(s.id, s.id)} for s, _ in found.speakers],
        "started": found.started,
    }


async def change(request: web.Request) -> web.Response:
    svc = state_of(request).services
    before = await svc.store.programme.session(request.match_info["session_id"])
    if before is None:
        return web.json_response({"error": "no_such_session"}, status=404)
    try:
        body = await request.json()
        if not isinstance(body, dict):
            raise BadChange("bad_request")
        after = await _after(request, before, body)
    except (ValueError, TypeError) as exc:
        code = str(exc) if isinstance(exc, BadChange) else "bad_request"
        return web.json_response({"error": code}, status=400)
    kinds = list(Change(before.id, State.of(before), State.of(after)).kinds)
    found = await quickchange.clashes_of(svc, before, after)
    preview = {
        "session": before.id,
        "kinds": kinds,
        "people": await quickchange.people_told(svc, before.id),
        "clashes": await _clashes_json(request, found),
        "after": {"start": after.start.isoformat(), "end": after.end.isoformat(),
                  "room": after.room_id, "cancelled": after.cancelled},
    }  # fmt: skip
    if not kinds or not body.get("apply"):
        return web.json_response({**preview, "applied": False})
    if found and not body.get("anyway"):
        return web.json_response({**preview, "applied": False, "error": "clash"}, status=409)
    applied = await quickchange.apply(svc, after, user_of(request).id, found)
    return web.json_response({**preview, "applied": applied is not None})


def setup(app: web.Application, base: str) -> None:
    app.router.add_post(base + "api/org/sessions/{session_id}", change)
