"""The organisers' API, under api/org/: the server checks organiser status on every call
(the middleware in webapp/server.py answers 403 otherwise). The console's pages build on
these: the figures, and the presenter links (created, listed, revoked; audited)."""

from __future__ import annotations

from aiohttp import web

from forumbot.models import pick
from forumbot.plurals import format_number
from forumbot.rules.feedback import summarise
from forumbot.store.presenter import PresenterLink
from webapp.api import language_of
from webapp.context import state_of, user_of


def presenter_url(request: web.Request, token: str) -> str:
    return state_of(request).base + "p/" + token


def _link_json(request: web.Request, link: PresenterLink, titles: dict[str, str]) -> dict:
    return {
        "token": link.token,
        "session": link.session_id,
        "title": titles.get(link.session_id, link.session_id),
        "url": presenter_url(request, link.token),
        "createdAt": link.created_at.isoformat(),
    }


async def titles_of(request: web.Request, ids: list[str]) -> dict[str, str]:
    """The sessions' titles in the organiser's language."""
    svc = state_of(request).services
    forum = await svc.store.programme.forum()
    lang = await language_of(request)
    sessions = await svc.store.programme.sessions_by_ids(ids)
    return {sid: pick(s.title, lang, forum.default_language) for sid, s in sessions.items()}


async def stats(request: web.Request) -> web.Response:
    """The figures of /stats that need no rendering: people, stars, questions waiting."""
    store = state_of(request).services.store
    pending = await store.questions.pending_counts()
    return web.json_response(
        {
            "participants": await store.users.count(),
            "stars": await store.personal.count_stars(),
            "questionsPending": sum(pending.values()),
            "presenterLinks": len(await store.presenter.active()),
        }
    )


async def feedback(request: web.Request) -> web.Response:
    """/feedback's figures per session, in the programme's order: answers, average, and how
    many gave 1 to 5 (the console draws the distribution)."""
    store = state_of(request).services.store
    programme = await store.programme.load()
    order = [s.id for s in sorted(programme.sessions, key=lambda s: (s.start, s.id))]
    stats = summarise(await store.feedback.distribution(), order)
    titles = await titles_of(request, [x.session_id for x in stats])
    lang = await language_of(request)
    return web.json_response(
        {
            "sessions": [
                {"id": x.session_id, "title": titles.get(x.session_id, x.session_id),
                 "count": x.count, "average": round(x.average, 2), "counts": list(x.counts),
                 # as the chat's /feedback writes it: "4,0" in ky and ru, "4.0" in en
                 "averageText": format_number(lang, x.average)}
                for x in stats
            ]
        }
    )  # fmt: skip


async def presenter_links(request: web.Request) -> web.Response:
    """Every live presenter link, newest first."""
    links = await state_of(request).services.store.presenter.active()
    titles = await titles_of(request, sorted({link.session_id for link in links}))
    return web.json_response({"links": [_link_json(request, x, titles) for x in links]})


async def create_presenter_link(request: web.Request) -> web.Response:
    """A new link for the session in the body ({"session": id}); audited."""
    svc = state_of(request).services
    try:
        session_id = str((await request.json())["session"])
    except (ValueError, KeyError, TypeError):
        return web.json_response({"error": "bad_request"}, status=400)
    if await svc.store.programme.session(session_id) is None:
        return web.json_response({"error": "no_such_session"}, status=404)
    link = await svc.store.presenter.create(session_id, user_of(request).id, svc.clock.now())
    titles = await titles_of(request, [session_id])
    return web.json_response(_link_json(request, link, titles), status=201)


async def revoke_presenter_link(request: web.Request) -> web.Response:
    """Revoke a link; its page stops showing questions at its next look. Audited."""
    svc = state_of(request).services
    token = request.match_info["token"]
    revoked = await svc.store.presenter.revoke(token, user_of(request).id, svc.clock.now())
    return web.json_response({"revoked": revoked}, status=200 if revoked else 404)


def setup(app: web.Application, base: str) -> None:
    org = base + "api/org/"
    app.router.add_get(org + "stats", stats)
    app.router.add_get(org + "feedback", feedback)
    app.router.add_get(org + "presenter", presenter_links)
    app.router.add_post(org + "presenter", create_presenter_link)
    app.router.add_delete(org + "presenter/{token}", revoke_presenter_link)
