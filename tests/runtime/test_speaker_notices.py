"""The personal notice to a linked speaker: their own changed sessions with an .ics, the
changes of other sessions they starred in the same message, nobody else's business."""

from __future__ import annotations

import dataclasses
import datetime as dt

from icalendar import Calendar

from forumbot.infra.i18n import Catalogs
from forumbot.models import Forum
from forumbot.render.context import RenderCtx
from forumbot.rules.changes import diff, merge
from forumbot.runtime.planner import notices_for
from forumbot.runtime.speaker_notices import speaker_rows, told_of
from forumbot.store import Store
from tests.helpers import BOT, bishkek

SPEAKER, FAN, NOW = 7, 8, bishkek(21, 9, 0)


async def test_a_linked_speaker_gets_their_own_change_with_a_file_and_the_rest_merged(
    store: Store, catalogs: Catalogs
) -> None:
    for who in (SPEAKER, FAN):
        await store.users.record(who, "en", NOW)
    invite = await store.invitations.create("speaker", "sharshenova", 1, bishkek(23, 9, 0), 1, NOW)
    assert (await store.invitations.redeem(invite.token, SPEAKER, NOW)).outcome == "joined"
    await store.personal.star(SPEAKER, "school", NOW)
    await store.personal.star(FAN, "rt1", NOW)
    before = await store.programme.sessions_by_ids(["rt1", "school"])
    hour = dt.timedelta(hours=1)
    after = [
        dataclasses.replace(s, start=s.start + hour, end=s.end + hour) for s in before.values()
    ]
    changes = diff(before.values(), after)
    assert await told_of(store, ["rt1"]) == {SPEAKER, FAN}
    stargazers = await store.personal.stargazers({"rt1", "school"})
    per_person = notices_for(changes, stargazers)

    def ctx_for(forum: Forum, lang: str, zone: str | None) -> RenderCtx:
        return RenderCtx(lang, catalogs, forum, BOT)

    forum = await store.programme.forum()
    rows = await speaker_rows(store, forum, ctx_for, merge(changes), per_person, NOW)
    assert set(rows) == {SPEAKER}  # the fan gets the usual notice
    row = rows[SPEAKER]
    assert row.document is not None and row.document["name"].endswith("-rt1.ics")
    [event] = Calendar.from_ical(row.document["body"]).walk("VEVENT")
    assert str(event["uid"]).startswith("rt1@")
    assert catalogs.t("en", "speaker_moved_title") in row.text
    assert catalogs.t("en", "changes_title") in row.text and "Electoral school" in row.text
    assert len(row.text) <= 1024
