"""Every action the bot writes to the audit log reads in words, in the right filter kind:
who by name, what, and the detail (no JSON, no key names, no bare ids), in ky, ru and en."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from forumbot.render.audit import KINDS, AuditFacts, render_audit
from forumbot.render.context import RenderCtx
from forumbot.rules.changes import State
from forumbot.store.staff import AuditEntry, Person
from tests.render.test_audit import MOVED, NOW, ROOMS, TALK

ROOT = Path(__file__).resolve().parents[2]
ORG, OTHER = 1, 42
PEOPLE = {ORG: Person(ORG, "Aibek Soltonov", "aibek"), OTHER: Person(OTHER, "Nurgul", None)}
TITLE = {"ky": "Жаңылык", "ru": "Новость", "en": "The news"}
# The detail each action is written with, as the code writes it (see the calls to audit).
DETAIL: dict[str, dict[str, object]] = {
    "imported": {"file": "forum.yaml", "sessions": 12},
    "edition_opened": {
        "old": "forum-2025", "new": "forum-2026", "file": "f.xml", "people": 30,
        "stars_ended": 4, "questions_ended": 2, "feedback_archived": 1,
    },
    "changed": {
        "session": "talk", "kinds": ["time"], "before": State.of(TALK).as_dict(),
        "after": State.of(MOVED).as_dict(), "anyway": ["talk"],
    },
    "digest_time": {"time": "07:30"},
    "info_edited": {"page": "wifi", "title": TITLE, "languages": ["ky", "ru"]},
    "link": {"session": "talk", "kind": "slides", "url": "https://example.org/s.pdf"},
    "poll_started": {"session": "talk", "poll": 3, "people": 17},
    "poll_closed": {"poll": 3},
    "presenter_link_created": {"session": "talk"},
    "presenter_link_revoked": {"session": "talk"},
    "sent": {"broadcast": 5},
    "scheduled": {"broadcast": 6, "copy_of": 5},
    "sent_urgent": {"broadcast": 7},
    "scheduled_urgent": {"broadcast": 8},
    "rescheduled": {"broadcast": 6, "at": "2026-06-22T07:52:03.160983+00:00"},
    "cancelled": {"broadcast": 6},
    "restored": {"broadcast": 6},
    "sent_now": {"broadcast": 6},
    "withdrew": {"broadcast": 5},
    "edited": {"broadcast": 5, "languages": ["ky", "en"], "told": True},
    "posted": {"post": "chat-1782000000-1", "kind": "summary", "title": TITLE,
               "at": "2026-06-22T07:52:03+00:00"},
    "post_edited": {"post": "chat-1782000000-1", "kind": "news", "title": TITLE},
    "post_deleted": {"post": "chat-1782000000-1", "title": TITLE},
    "welcome_back": {"forum": "forum-2026", "broadcast": 9, "recipients": 21},
    "organiser_added": {"user_id": OTHER},
    "organiser_removed": {"user_id": OTHER},
    "moderator_added": {"session": "talk", "user": OTHER},
    "moderator_removed": {"session": "talk", "user": OTHER},
    "question_block": {"question": 11, "user": OTHER},
    "question_unblock": {"user": OTHER},
    "question_reopened": {"question": 11, "before": "rejected", "after": "pending"},
    "question_approve": {"question": 11, "before": "pending", "after": "approved"},
    "question_reject": {"question": 11, "before": "pending", "after": "rejected"},
    "question_answer": {"question": 11, "before": "approved", "after": "answered"},
    "invite_created": {"invite": 3, "role": "press", "uses": 10,
                       "until": "2026-06-23T12:00:00+00:00", "named": None},
    "invite_revoked": {"invite": 3, "people": 4},
    "invite_used": {"invite": 3, "role": "speaker", "named": "talk-speaker"},
}  # fmt: skip
DYNAMIC = {"sent", "scheduled", "sent_urgent", "scheduled_urgent", "cancelled", "restored",
           "sent_now", "question_approve", "question_reject",
           "question_answer"}  # fmt: skip  # built from parts in the code


def written_actions() -> set[str]:
    """The action names the code passes to the audit (a literal after ``audit(actor,``)."""
    call = re.compile(r"(?:staff\.audit|_audit)\(\s*[^,]+,\s*(?:now,\s*[^,]+,\s*)?\"(\w+)\"")
    found = set()
    for path in [
        *ROOT.joinpath("forumbot").rglob("*.py"),
        *ROOT.joinpath("handlers").rglob("*.py"),
    ]:
        found |= set(call.findall(path.read_text(encoding="utf-8")))
    return found


def test_every_action_written_is_described_here_and_has_a_filter_kind() -> None:
    written = written_actions()
    assert {"organiser_added", "post_deleted", "link", "welcome_back"} <= written
    assert written | DYNAMIC == set(DETAIL)
    filtered = {a for actions in KINDS.values() for a in actions}
    assert set(DETAIL) <= filtered


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_every_action_reads_in_words(render_ctx: Callable[[str], RenderCtx], lang: str) -> None:
    ctx = render_ctx(lang)
    facts = AuditFacts(PEOPLE, {"talk": TALK}, ROOMS)
    keys = ctx.catalogs.keys(lang)
    for action, detail in DETAIL.items():
        assert f"audit_{action}" in keys, action
        text = render_audit(ctx, [AuditEntry(NOW, ORG, action, detail, 1)], facts, NOW).text
        body = text.split("\n", 2)[2].rsplit("🕒", 1)[0]  # the entry, not title or zone note
        assert "Aibek Soltonov (@aibek)" in body, action
        assert ctx.t(f"audit_{action}") in body, action
        assert "{" not in body and "}" not in body and '"' not in body, (action, body)
        raw = [k for k in detail if f"{k}:" in body or f"{k}=" in body or ("_" in k and k in body)]
        assert not raw, (action, body)
        assert not re.search(r"(?<![№\d:.,\-])\b(42|1782000000|forum-2026)\b(?!:)", body) or (
            action in ("edition_opened",)  # the forums it replaced are named by their id
        ), (action, body)
        if "user" in detail or "user_id" in detail:
            assert "Nurgul" in body, action
        if isinstance(detail.get("title"), dict):
            assert ctx.text(TITLE) in body, action
