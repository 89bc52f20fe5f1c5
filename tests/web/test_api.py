"""The participant's API: the programme with its ETag, search with the bot's folding, stars
in the chat's store, my agenda's conflicts, the write limit; presenter links for organisers."""

from __future__ import annotations

import dataclasses

from aiohttp.test_utils import TestClient

from forumbot.runtime.services import Services
from tests.e2e.conftest import ORGANISER, bishkek
from tests.web.conftest import PARTICIPANT, auth


async def test_the_programme_comes_in_the_asked_language_and_repeats_as_304(
    client: TestClient,
) -> None:
    first = await client.get("/app/api/programme", params={"lang": "ru"}, headers=auth())
    assert first.status == 200
    data = await first.json()
    titles = {s["id"]: s["title"] for s in data["sessions"]}
    assert titles["opening"].startswith("Открытие")
    assert data["kinds"]["round_table"] == "Круглый стол"
    opening = next(s for s in data["sessions"] if s["id"] == "opening")
    assert (opening["start"], opening["end"], opening["room"]) == (600, 630, "main-hall")
    etag = first.headers["ETag"]
    again = await client.get("/app/api/programme", params={"lang": "ru"},
                             headers={**auth(), "If-None-Match": etag})  # fmt: skip
    assert again.status == 304
    english = await client.get("/app/api/programme", params={"lang": "en"},
                               headers={**auth(), "If-None-Match": etag})  # fmt: skip
    assert english.status == 200 and english.headers["ETag"] != etag


async def test_the_programme_carries_nothing_of_the_organisers(client: TestClient) -> None:
    """No Telegram ids of moderators, no stars, no questions: public data only."""
    text = await (await client.get("/app/api/programme", headers=auth())).text()
    for private in ("moderator_user_ids", "chat_id", str(ORGANISER) + ","):
        assert private not in text


async def test_search_folds_as_the_bot_does(client: TestClient) -> None:
    """A Kyrgyz name typed with Latin look-alikes and ѳ for ө finds the speaker."""
    response = await client.get("/app/api/search", params={"q": "Шаршенoва"}, headers=auth())
    assert "sharshenova" in (await response.json())["speakers"]


async def test_a_star_from_the_app_is_the_chats_star(
    client: TestClient, services: Services
) -> None:
    response = await client.put("/app/api/stars/school-1", headers=auth())
    assert await response.json() == {"session": "school-1", "starred": True}
    assert await services.store.personal.starred(PARTICIPANT) == {"school-1"}
    user = await services.store.users.get(PARTICIPANT)
    assert user is not None and user.language == "en"  # recorded in Telegram's language
    again = await client.put("/app/api/stars/school-1", headers=auth())  # a queued repeat
    assert (await again.json())["starred"] is True
    me = await (await client.get("/app/api/me", headers=auth())).json()
    assert me["starred"] == ["school-1"] and me["organiser"] is False
    gone = await client.delete("/app/api/stars/school-1", headers=auth())
    assert (await gone.json())["starred"] is False
    assert await services.store.personal.starred(PARTICIPANT) == set()
    missing = await client.put("/app/api/stars/no-such-session", headers=auth())
    assert missing.status == 404


async def test_my_agenda_names_the_overlaps(client: TestClient, services: Services) -> None:
    for session in ("school-2", "rt-youth", "resolution"):
        await client.put(f"/app/api/stars/{session}", headers=auth())
    agenda = await (await client.get("/app/api/agenda", headers=auth())).json()
    assert agenda["starred"] == ["school-2", "rt-youth", "resolution"]
    assert agenda["conflicts"] == {}
    # The school runs long, into the round table: the change is seen at once.
    school = await services.store.programme.session("school-2")
    assert school is not None
    longer = dataclasses.replace(school, end=bishkek(23, 11, 30))
    await services.store.programme.update_session(longer, services.clock.now())
    agenda = await (await client.get("/app/api/agenda", headers=auth())).json()
    assert agenda["conflicts"] == {"school-2": ["rt-youth"], "rt-youth": ["school-2"]}


async def test_writes_are_limited_per_person(client: TestClient, services: Services) -> None:
    statuses = [
        (await client.put("/app/api/stars/school-1", headers=auth())).status for _ in range(35)
    ]
    assert statuses[:30] == [200] * 30
    assert statuses[-1] == 429
    # Someone else is not held back, and reading is never limited.
    assert (await client.put("/app/api/stars/school-1", headers=auth(2002))).status == 200
    assert (await client.get("/app/api/me", headers=auth())).status == 200


async def test_a_forgotten_person_stars_nothing(client: TestClient, services: Services) -> None:
    await services.forgotten.forget(PARTICIPANT)
    response = await client.put("/app/api/stars/school-1", headers=auth())
    assert (response.status, await response.json()) == (403, {"error": "forgotten"})
    assert await services.store.users.get(PARTICIPANT) is None


async def test_an_organiser_creates_lists_and_revokes_a_presenter_link(
    client: TestClient, services: Services
) -> None:
    made = await client.post(
        "/app/api/org/presenter", json={"session": "rt-technology"}, headers=auth(ORGANISER)
    )
    assert made.status == 201
    link = await made.json()
    assert link["url"] == "/app/p/" + link["token"] and len(link["token"]) >= 32
    listed = await (await client.get("/app/api/org/presenter", headers=auth(ORGANISER))).json()
    assert [x["token"] for x in listed["links"]] == [link["token"]]
    page = await client.get(link["url"] + "/questions")
    assert page.status == 200
    revoked = await client.delete(
        "/app/api/org/presenter/" + link["token"], headers=auth(ORGANISER)
    )
    assert (await revoked.json()) == {"revoked": True}
    assert (await client.get(link["url"] + "/questions")).status == 404
    actions = [e.action for e in await services.store.staff.audit_log()]
    assert actions[:2] == ["presenter_link_revoked", "presenter_link_created"]
    stats = await (await client.get("/app/api/org/stats", headers=auth(ORGANISER))).json()
    assert stats["presenterLinks"] == 0


async def test_pages_are_safe(client: TestClient) -> None:
    """The shell: a CSP with no inline script, texts escaped into an attribute."""
    page = await client.get("/app/")
    csp = page.headers["Content-Security-Policy"]
    assert "script-src 'self' https://telegram.org;" in csp and "unsafe-inline" not in csp
    html = await page.text()
    assert "<script>" not in html and 'type="module"' in html
    assert "data-texts=" in html and "&#34;web_tab_grid&#34;" in html


async def test_feedback_per_session_for_organisers_only(
    client: TestClient, services: Services
) -> None:
    now = services.clock.now()
    for chat_id, rating in ((1, 5), (2, 5), (3, 2)):
        await services.store.users.record(chat_id, "en", now)
        await services.store.feedback.rate(chat_id, "rt-technology", rating, now)
    assert (await client.get("/app/api/org/feedback", headers=auth())).status == 403
    got = await (await client.get("/app/api/org/feedback", headers=auth(ORGANISER))).json()
    [session] = got["sessions"]
    assert (session["id"], session["count"], session["counts"]) == (
        "rt-technology", 3, [0, 1, 0, 0, 2],
    )  # fmt: skip
    assert session["average"] == 4.0
    # Written as the chat's /feedback writes it (Babel, CLDR): the organiser's language.
    for lang, shown in (("ky", "4,0"), ("ru", "4,0"), ("en", "4.0")):
        url = f"/app/api/org/feedback?lang={lang}"
        got = await (await client.get(url, headers=auth(ORGANISER))).json()
        assert got["sessions"][0]["averageText"] == shown
