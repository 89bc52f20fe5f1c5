"""The audit's words: forums by their titles (their id only when no title is known)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from forumbot.render.audit import AuditFacts, render_audit
from forumbot.render.context import RenderCtx
from forumbot.store.staff import AuditEntry
from tests.render.test_audit import NOW, PEOPLE, ROOMS, TALK

OPENED = {"old": "forum-2025", "new": "forum-2026"}
TITLES = {"forum-2025": {"ky": "Форум 2025", "ru": "Форум-2025", "en": "Forum 2025"}}


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_a_new_edition_names_the_forums_by_title_else_by_id(
    render_ctx: Callable[[str], RenderCtx], lang: str
) -> None:
    ctx = render_ctx(lang)
    facts = AuditFacts(PEOPLE, {"talk": TALK}, ROOMS, TITLES)
    entry = AuditEntry(NOW, 1, "edition_opened", OPENED, 1)
    text = render_audit(ctx, [entry], facts, NOW).text
    assert f"{TITLES['forum-2025'][lang]} → forum-2026" in text
