"""The participant's API: who I am, the programme (with its ETag), search with the bot's
folding, my agenda with its conflicts, and stars in the same store as the chat's ☆ (so
reminders, digests, change notices and /my follow). Nothing of the organisers' in it."""

from __future__ import annotations

from aiohttp import web

from forumbot.infra.i18n import resolve_language
from forumbot.models import UI_LANGUAGES
from forumbot.render.agenda import conflicts
from webapp.context import send_body, state_of, user_of

MAX_QUERY = 200  # characters of a search


async def language_of(request: web.Request) -> str:
    """The language asked for, else the one chosen in the chat, else Telegram's."""
    asked = request.query.get("lang", "")
    if asked in UI_LANGUAGES:
        return asked
    user = user_of(request)
    known = await state_of(request).services.store.users.get(user.id)
    return known.language if known is not None else resolve_language(user.language_code)


async def me(request: web.Request) -> web.Response:
    """The person, their language and stars, and the forum clock's "now"."""
    svc = state_of(request).services
    user = user_of(request)
    return web.json_response(
        {
            "id": user.id,
            "name": user.name,
            "lang": await language_of(request),
            "now": svc.clock.now().isoformat(),
            "starred": sorted(await svc.store.personal.starred(user.id)),
            "organiser": await svc.is_organiser(user.id),
        }
    )


async def programme(request: web.Request) -> web.Response:
    """The whole programme in one language; a repeat with its ETag is a 304."""
    state = state_of(request)
    return send_body(request, await state.programme(await language_of(request)))


async def details(request: web.Request) -> web.Response:
    """The descriptions and bios, fetched after the grid is drawn; ETag as the programme."""
    state = state_of(request)
    return send_body(request, await state.programme(await language_of(request), "details"))


async def search(request: web.Request) -> web.Response:
    """Sessions and speakers matching every word, folded as the bot folds them."""
    query = request.query.get("q", "")[:MAX_QUERY]
    found = await state_of(request).services.store.programme.search(query, limit=50)
    return web.json_response(
        {"sessions": [s.id for s in found.sessions], "speakers": [p.id for p in found.speakers]}
    )


async def agenda(request: web.Request) -> web.Response:
    """My stars, and which of them overlap which."""
    store = state_of(request).services.store
    sessions = await store.programme.starred_sessions(user_of(request).id)
    clash = conflicts(sessions)
    return web.json_response(
        {
            "starred": [s.id for s in sessions],
            "conflicts": {sid: [o.id for o in others] for sid, others in clash.items()},
        }
    )


async def star(request: web.Request) -> web.Response:
    """PUT stars, DELETE unstars (each idempotent: a queued offline change may come twice)."""
    svc = state_of(request).services
    user = user_of(request)
    session_id = request.match_info["session_id"]
    if svc.forgotten.is_forgotten(user.id):
        return web.json_response({"error": "forgotten"}, status=403)
    if await svc.store.programme.session(session_id) is None:
        return web.json_response({"error": "no_such_session"}, status=404)
    now = svc.clock.now()
    if request.method == "PUT":
        await svc.store.users.record(user.id, await language_of(request), now)
        await svc.store.personal.star(user.id, session_id, now)
    else:
        await svc.store.personal.unstar(user.id, session_id)
    starred = await svc.store.personal.is_starred(user.id, session_id)
    return web.json_response({"session": session_id, "starred": starred})


def setup(app: web.Application, base: str) -> None:
    api = base + "api/"
    app.router.add_get(api + "me", me)
    app.router.add_get(api + "programme", programme)
    app.router.add_get(api + "details", details)
    app.router.add_get(api + "search", search)
    app.router.add_get(api + "agenda", agenda)
    app.router.add_put(api + "stars/{session_id}", star)
    app.router.add_delete(api + "stars/{session_id}", star)
