"""Participants' questions on a session's card, through the chat's own path
(forumbot.runtime.asking): ask (the moderation queue, the limits, the asker's name, the
moderators told), see the approved ones by votes, and vote once each (the chat's store, so
the chat's list and the presenter view count it). Nothing pending is ever shown or voted."""

from __future__ import annotations

from aiohttp import web

from forumbot.rules.questions import APPROVED, ASKING_KINDS, Person, accepts_questions, by_votes
from forumbot.runtime import asking
from webapp.api import language_of
from webapp.context import state_of, user_of

# Refusals with a text of their own here: the chat's mention /cancel, which a page has not.
WEB_TEXTS = {"q_too_long": "web_q_too_long", "q_text_only": "web_q_empty"}


async def questions(request: web.Request) -> web.Response:
    """Whether the session takes questions, and its approved and answered ones by votes, each
    with whether I voted (never who asked)."""
    svc = state_of(request).services
    session = await svc.store.programme.session(request.match_info["session_id"])
    if session is None or session.kind not in ASKING_KINDS:
        return web.json_response({"error": "no_such_session"}, status=404)
    public = by_votes(await svc.store.questions.public(session.id, user_of(request).id))
    return web.json_response(
        {
            "session": session.id,
            "accepts": accepts_questions(session),
            "maxLength": svc.settings.question_max_length,
            "questions": [
                {
                    "id": q.id,
                    "text": q.text,
                    "votes": q.votes,
                    "voted": q.voted,
                    "answered": q.status != APPROVED,
                }
                for q in public
            ],
        }
    )


async def ask(request: web.Request) -> web.Response:
    """{"text": …}: 201 with the question's id, or 422 with why not, in my language."""
    svc = state_of(request).services
    user = user_of(request)
    if svc.forgotten.is_forgotten(user.id):
        return web.json_response({"error": "forgotten"}, status=403)
    session = await svc.store.programme.session(request.match_info["session_id"])
    if session is None:
        return web.json_response({"error": "no_such_session"}, status=404)
    try:
        text = (await request.json())["text"]
    except (ValueError, KeyError, TypeError):
        return web.json_response({"error": "bad_request"}, status=400)
    lang = await language_of(request)
    await svc.store.users.record(user.id, lang, svc.clock.now())  # the answer's language
    asker = Person(user.id, user.name, user.username)
    asked = await asking.ask(svc, session, asker, text if isinstance(text, str) else None)
    if asked.refusal is not None:
        key = WEB_TEXTS.get(asked.refusal, asked.refusal)
        message = svc.catalogs.t(lang, key, count=asked.count)
        return web.json_response({"error": asked.refusal, "message": message}, status=422)
    return web.json_response({"id": asked.question_id}, status=201)


async def vote(request: web.Request) -> web.Response:
    """PUT votes, DELETE takes the vote back; each idempotent (one vote a person)."""
    svc = state_of(request).services
    user = user_of(request)
    if svc.forgotten.is_forgotten(user.id):
        return web.json_response({"error": "forgotten"}, status=403)
    question = await svc.store.questions.get(int(request.match_info["question_id"]))
    if question is None or question.status != APPROVED:  # never reveals a pending one
        return web.json_response({"error": "no_such_question"}, status=404)
    on = request.method == "PUT"
    await svc.store.questions.set_vote(question.id, user.id, on, svc.clock.now())
    after = await svc.store.questions.get(question.id, user.id)
    assert after is not None
    return web.json_response({"id": question.id, "votes": after.votes, "voted": after.voted})


def setup(app: web.Application, base: str) -> None:
    api = base + "api/questions/"
    app.router.add_get(api + "session/{session_id}", questions)
    app.router.add_post(api + "session/{session_id}", ask)
    app.router.add_put(api + "{question_id:\\d+}/vote", vote)
    app.router.add_delete(api + "{question_id:\\d+}/vote", vote)
