"""Round-table questions: the rules (pure), the store on a real SQLite file, the renderers
(participants' text always escaped)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from forumbot.programme import load_programme
from forumbot.render.questions import render_notice, render_public, render_queue
from forumbot.rules.questions import (
    Limits,
    Question,
    accepts_questions,
    by_votes,
    clean_question,
    may_moderate,
    next_status,
    refusal_to_ask,
)
from forumbot.store import Store
from tests.helpers import IMPORTED_AT, MINI, bishkek, edit, html_problems

NOW = bishkek(22, 10, 45)
HOSTILE = "Is <b>this</b> & that fair?"


def question(qid: int, status: str = "approved", votes: int = 0, text: str = HOSTILE):
    return Question(qid, "rt1", 7, text, status, NOW + dt.timedelta(seconds=qid), votes)


# --- rules ----------------------------------------------------------------------------------


def test_round_tables_plenaries_and_schools_take_questions_unless_cancelled() -> None:
    sessions = {s.id: s for s in load_programme(MINI).sessions}
    assert accepts_questions(sessions["rt1"]) and accepts_questions(sessions["school"])
    assert not accepts_questions(sessions["opening"])
    assert not accepts_questions(dataclasses.replace(sessions["rt1"], cancelled=True))


def test_who_moderates_and_what_each_tap_does() -> None:
    assert may_moderate(5, organiser=True, moderators=set())
    assert may_moderate(5, organiser=False, moderators={5})
    assert not may_moderate(6, organiser=False, moderators={5})
    assert next_status("pending", "approve") == "approved"
    assert next_status("approved", "answer") == "answered"
    assert next_status("pending", "answer") == "answered"
    assert next_status("approved", "approve") is None
    assert next_status("answered", "reject") is None
    assert next_status("pending", "delete") is None


def test_limits_in_their_order() -> None:
    limits = Limits(max_length=10, per_session=2, interval=dt.timedelta(seconds=60))
    ask = dict(blocked=False, asked_here=0, last_asked=None)
    assert refusal_to_ask(limits, NOW, **ask) is None
    assert refusal_to_ask(limits, NOW, **{**ask, "blocked": True}) == "q_blocked"
    assert refusal_to_ask(limits, NOW, **{**ask, "asked_here": 2}) == "q_limit_session"
    just = NOW - dt.timedelta(seconds=59)
    assert refusal_to_ask(limits, NOW, **{**ask, "last_asked": just}) == "q_limit_interval"
    a_minute = NOW - dt.timedelta(seconds=60)
    assert refusal_to_ask(limits, NOW, **{**ask, "last_asked": a_minute}) is None
    assert clean_question("  why?  ", limits) == ("why?", None)
    assert clean_question("x" * 11, limits) == (None, "q_too_long")
    assert clean_question("   ", limits) == (None, "q_text_only")


def test_approved_by_votes_then_the_earliest_answered_last() -> None:
    found = by_votes([question(1, votes=1), question(2, votes=3), question(3, "answered", 9)])
    assert [q.id for q in found] == [2, 1, 3]


# --- store ----------------------------------------------------------------------------------


async def test_questions_votes_and_blocks_in_the_store(store: Store) -> None:
    repo = store.questions
    first = await repo.ask("rt1", 7, HOSTILE, NOW)
    await repo.ask("school", 7, "Other?", NOW + dt.timedelta(minutes=2))
    assert await repo.asked(7, "rt1") == (1, NOW + dt.timedelta(minutes=2))
    assert await repo.asked(8, "rt1") == (0, None)
    assert await repo.public("rt1") == []  # pending: nobody sees it
    assert await repo.pending_counts() == {"rt1": 1, "school": 1}
    assert await repo.move(first, "pending", "approved", 1, NOW)
    assert not await repo.move(first, "pending", "rejected", 2, NOW)  # already decided
    assert await repo.toggle_vote(first, 8, NOW) is True
    assert await repo.toggle_vote(first, 9, NOW) is True
    assert await repo.toggle_vote(first, 9, NOW) is False  # taken back
    [q] = await repo.public("rt1", viewer=8)
    assert (q.text, q.votes, q.voted, q.status) == (HOSTILE, 1, True, "approved")
    assert await repo.block("forum", 7, 1, NOW) and not await repo.block("forum", 7, 1, NOW)
    assert await repo.is_blocked("forum", 7) and not await repo.is_blocked("other", 7)
    await store.users.record(7, "en", NOW)
    await store.privacy.forget(7, "hash")
    assert await repo.public("rt1") == [] and await repo.pending_counts() == {}
    rows = await store.db.fetchall("SELECT COUNT(*) FROM question_votes")
    assert rows[0][0] == 0


async def test_file_moderators_follow_the_file_and_chat_ones_stay(
    store: Store, tmp_path: Path
) -> None:
    repo = store.questions
    text = edit(
        MINI.read_text(encoding="utf-8"), "  - id: rt1\n", "  - id: rt1\n    moderator_ids: [55]\n"
    )
    path = tmp_path / "mods.yaml"
    path.write_text(text, encoding="utf-8")
    await store.programme.replace(load_programme(path), str(path), IMPORTED_AT)
    assert await repo.moderators("rt1") == {55: "file"}
    assert await repo.add_moderator("rt1", 66, 1, NOW)
    assert not await repo.add_moderator("rt1", 66, 1, NOW)
    assert await repo.moderated_by(66) == {"rt1"}
    assert not await repo.remove_moderator("rt1", 55)  # the file's: changed in the file
    await store.programme.replace(load_programme(MINI), str(MINI), IMPORTED_AT)
    assert await repo.moderators("rt1") == {66: "chat"}
    assert await repo.remove_moderator("rt1", 66)
    assert await repo.moderators("rt1") == {}


# --- renderers ------------------------------------------------------------------------------


def test_renderers_escape_participants_text(render_ctx) -> None:
    ctx = render_ctx("en")
    session = next(s for s in load_programme(MINI).sessions if s.id == "rt1")
    views = [
        render_public(ctx, session, [question(1, votes=2), question(2, "answered")]),
        render_queue(ctx, session, [question(3, "pending"), question(1)]),
        render_notice(ctx, session, question(1, "answered")),
    ]
    for view in views:
        assert "Is &lt;b&gt;this&lt;/b&gt; &amp; that fair?" in view.text
        assert "<b>this</b>" not in view.text
        assert html_problems(view.text) == []
    labels = [b.text for row in views[0].keyboard.inline_keyboard for b in row]
    assert any("<b>this</b> &" in label for label in labels)  # labels are shown verbatim
    data = [b.callback_data for row in views[0].keyboard.inline_keyboard for b in row]
    assert data == ["qvote:1", "qask:rt1", "ses:rt1"]  # an answered question takes no votes


def test_the_queue_has_one_tap_each_for_pending_questions(render_ctx) -> None:
    ctx = render_ctx("ky")
    session = next(s for s in load_programme(MINI).sessions if s.id == "rt1")
    view = render_queue(ctx, session, [question(4, "pending")])
    data = [b.callback_data for row in view.keyboard.inline_keyboard for b in row]
    assert data[:4] == ["qmod:4:approve", "qmod:4:reject", "qmod:4:answer", "qmod:4:block"]
