"""The audit in words: people by name, a changed session's before → after, what a change
clashed with, and no raw data; its CSV says the same with formula-looking text defused."""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Callable

import pytest

from forumbot.models import Room, Session
from forumbot.render.audit import AuditFacts, audit_csv, render_audit
from forumbot.render.context import RenderCtx
from forumbot.rules.changes import State
from forumbot.store.staff import AuditEntry, Person
from tests.helpers import bishkek

NOW = bishkek(22, 11)
TALK = Session(
    "talk", bishkek(22, 0).date(), bishkek(22, 15), bishkek(22, 16), "small", "talk",
    {"ky": "Баяндама", "ru": "Доклад", "en": "The talk"},
)  # fmt: skip
MOVED = dataclasses.replace(TALK, start=bishkek(22, 17), end=bishkek(22, 18))
ROOMS = {"small": Room("small", {"en": "Small hall", "ru": "Малый зал", "ky": "Кичи зал"})}
PEOPLE = {1: Person(1, "Aibek Soltonov", "aibek"), 7: Person(7, "=cmd|evil", None)}


def entries() -> list[AuditEntry]:
    changed = {
        "session": "talk", "kinds": ["time"], "before": State.of(TALK).as_dict(),
        "after": State.of(MOVED).as_dict(), "anyway": ["talk"],
    }  # fmt: skip
    return [
        AuditEntry(NOW, 1, "changed", changed, 3),
        AuditEntry(NOW, 1, "organiser_removed", {"user_id": 7}, 2),
        AuditEntry(NOW, None, "something_new", {"note": "x"}, 1),
        AuditEntry(NOW, 7, "digest_time", {"time": "07:30"}, 0),
    ]


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_lines_in_words_with_names_and_re_add(
    render_ctx: Callable[[str], RenderCtx], lang: str
) -> None:
    ctx = render_ctx(lang)
    facts = AuditFacts(PEOPLE, {"talk": TALK}, ROOMS)
    view = render_audit(ctx, entries(), facts, NOW, readd={7})
    assert "Aibek Soltonov (@aibek)" in view.text and "=cmd|evil" in view.text
    assert "15:00–16:00" in view.text and "17:00–18:00" in view.text
    assert ctx.t("audit_changed") in view.text and ctx.t("audit_system") in view.text
    assert "{" not in view.text and "user_id" not in view.text and '"' not in view.text
    assert "note: x" in view.text  # an action this renderer does not know yet, still legible
    assert [
        b.callback_data for row in view.keyboard.inline_keyboard for b in row
        if str(b.callback_data).startswith("orgadd")
    ] == ["orgadd:7"]  # fmt: skip


def test_the_csv_names_people_and_defuses_formulas(
    render_ctx: Callable[[str], RenderCtx],
) -> None:
    ctx = render_ctx("en")
    data = audit_csv(ctx, entries(), AuditFacts(PEOPLE, {"talk": TALK}, ROOMS))
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["time", "who", "username", "what", "details"]
    assert rows[1][1:4] == ["Aibek Soltonov", "aibek", ctx.t("audit_changed")]
    assert "15:00–16:00" in rows[1][4] and "<" not in rows[1][4]
    assert rows[4][1] == "'=cmd|evil"  # a name a spreadsheet would run as a formula
