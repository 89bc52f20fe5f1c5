"""How links read: the hall's stream stands in for a session's own, titles are escaped, the
cancelled lose the hall's stream."""

from __future__ import annotations

import dataclasses
import datetime as dt

from forumbot.models import Link, Room, Session
from forumbot.render.links import links_line, shown_links
from tests.helpers import html_problems

START = dt.datetime(2023, 6, 22, 4, 30, tzinfo=dt.UTC)
SESSION = Session("s1", START.date(), START, START + dt.timedelta(hours=1), "main", "other", {})
ROOMS = {"main": Room("main", {"en": "Main"}, "https://live.example.org/main")}


def test_the_halls_stream_stands_in_until_the_session_has_its_own() -> None:
    assert shown_links(SESSION, ROOMS) == (Link("stream", "https://live.example.org/main"),)
    own = dataclasses.replace(SESSION, links=(Link("stream", "https://own.example.org"),))
    assert shown_links(own, ROOMS) == own.links
    assert shown_links(dataclasses.replace(SESSION, cancelled=True), ROOMS) == ()


def test_links_line_escapes_titles_and_addresses(render_ctx) -> None:
    links = (
        Link("slides", "https://x.org/a?b=1&c=2"),
        Link("other", "https://x.org/p", 'Project <"site">'),
    )
    line = links_line(render_ctx("ru"), links)
    assert html_problems(line) == []
    assert 'href="https://x.org/a?b=1&amp;c=2"' in line and "Слайды" in line
    assert "Project &lt;&quot;site&quot;&gt;" in line
    assert links_line(render_ctx("en"), links, ("stream",)) == ""
