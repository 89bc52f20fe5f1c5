"""The audit's words: forums by their titles (their id only when no title is known)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from forumbot.render.audit import KINDS, AuditFacts, render_audit
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
    facts = AuditFacts(PEOPLE, {"talk": TALK}, ROOMS, forums=TITLES)
    entry = AuditEntry(NOW, 1, "edition_opened", OPENED, 1)
    text = render_audit(ctx, [entry], facts, NOW).text
    assert f"{TITLES['forum-2025'][lang]} → forum-2026" in text


# A Russian past verb names the doer's gender ("удалил", "удалил(а)"): the audit says what
# was done with a noun ("удаление поста"), right for every organiser.
PAST_VERB = r"\b[а-яё]+(л|ёс)\b|\(а\)"  # "удалил", "перенёс", "удалил(а)"


def test_russian_audit_lines_name_no_gender(render_ctx: Callable[[str], RenderCtx]) -> None:
    ctx = render_ctx("ru")
    for action in {a for actions in KINDS.values() for a in actions}:
        text = ctx.t(f"audit_{action}")
        assert not re.search(PAST_VERB, text, flags=re.IGNORECASE), text
