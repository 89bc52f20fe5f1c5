"""The presenter view: a session's approved questions, most votes first, in large type on the
hall's screen. Read-only, behind an unguessable token (no initData: the projector's browser
is nobody's Telegram); a revoked or unknown token shows nothing. The page looks every second."""

from __future__ import annotations

from aiohttp import web

from forumbot.models import UI_LANGUAGES, pick
from forumbot.rules.questions import APPROVED
from webapp.context import Body, send_body, state_of
from webapp.pages import render

NO_STORE = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex"}


async def page(request: web.Request) -> web.Response:
    response = render(request, "presenter.html", token=request.match_info["token"])
    response.headers.update(NO_STORE)
    return response


async def questions(request: web.Request) -> web.Response:
    """The session's title and hall, and its approved questions by votes (text and votes
    only: never who asked)."""
    store = state_of(request).services.store
    session_id = await store.presenter.session_of(request.match_info["token"])
    session = await store.programme.session(session_id) if session_id else None
    if session is None:
        return web.json_response({"error": "gone"}, status=404, headers=NO_STORE)
    forum = await store.programme.forum()
    lang = request.query.get("lang", "")
    lang = lang if lang in UI_LANGUAGES else forum.default_language
    rooms = await store.programme.rooms()
    room = rooms.get(session.room_id)
    approved = await store.questions.of_session(session.id, (APPROVED,))
    approved.sort(key=lambda q: (-q.votes, q.id))
    body = Body.of(
        {
            "lang": lang,
            "title": pick(session.title, lang, forum.default_language),
            "hall": pick(room.name, lang, forum.default_language) if room else "",
            "questions": [{"id": q.id, "text": q.text, "votes": q.votes} for q in approved],
        }
    )
    response = send_body(request, body)
    response.headers.update(NO_STORE)
    return response


def setup(app: web.Application, base: str) -> None:
    app.router.add_get(base + "p/{token}", page)
    app.router.add_get(base + "p/{token}/questions", questions)
