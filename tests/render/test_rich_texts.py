"""Descriptions and bios imported from other tools are Telegram HTML: kept formatted in the
cards, sanitised once more when shown, stored with their kind, indexed as words."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

from forumbot.render.context import RenderCtx
from forumbot.render.people import render_speaker
from forumbot.render.programme import render_session
from forumbot.store import Store
from tests.helpers import html_problems

NOW = dt.datetime(2023, 6, 22, 0, 0, tzinfo=dt.UTC)
TELEGRAM = frozenset({"b", "i", "u", "s", "a", "code", "pre", "blockquote"})
RICH = '<b>Trust</b> &amp; <i>turnout</i>: <a href="https://example.org/x">the report</a>\n• one'


async def test_an_imported_description_keeps_its_formatting_on_the_card(
    store: Store, render_ctx: Callable[[str], RenderCtx]
) -> None:
    programme = await store.programme.load()
    [rt1] = [s for s in programme.sessions if s.id == "rt1"]
    rich = dataclasses.replace(rt1, description={"en": RICH}, description_html=True)
    changed = dataclasses.replace(
        programme, sessions=tuple(rich if s.id == "rt1" else s for s in programme.sessions)
    )
    await store.programme.replace(changed, "rich.json", NOW)
    stored = await store.programme.session("rt1")
    assert stored is not None and stored.description_html
    view = render_session(render_ctx("en"), stored, await store.programme.rooms(), {}, NOW)
    assert RICH in view.text  # bold, italic, the link and the list line, as they were
    assert html_problems(view.text, TELEGRAM) == []
    # The index holds the words, not the tags: "href" finds nothing, "turnout" finds it.
    assert [s.id for s in (await store.programme.search("turnout")).sessions] == ["rt1"]
    assert not (await store.programme.search("href")).sessions


def test_stored_html_is_sanitised_again_when_shown(
    render_ctx: Callable[[str], RenderCtx],
) -> None:
    ctx = render_ctx("ru")
    hostile = '<script>alert(1)</script><b onclick="x()">bold</b> <a href="javascript:x()">x</a>'
    shown = ctx.rich({"ru": hostile}, True)
    assert "script" not in shown and "onclick" not in shown and "javascript" not in shown
    assert "<b>bold</b>" in shown
    # A plain text is escaped, never read as markup.
    assert ctx.rich({"ru": "<b>a</b> & b"}, False) == "&lt;b&gt;a&lt;/b&gt; &amp; b"


async def test_an_imported_bio_keeps_its_formatting(
    store: Store, render_ctx: Callable[[str], RenderCtx]
) -> None:
    programme = await store.programme.load()
    person = dataclasses.replace(programme.speakers[0], bio={"en": RICH}, bio_html=True)
    speakers = (person, *programme.speakers[1:])
    await store.programme.replace(dataclasses.replace(programme, speakers=speakers), "x", NOW)
    stored = await store.programme.speaker(person.id)
    assert stored is not None and stored.bio_html
    view = render_speaker(render_ctx("en"), stored, [], ("spkl", "0"))
    assert RICH in view.text
