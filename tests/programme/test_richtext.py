"""Abstracts and bios from outside, to Telegram-safe HTML and to plain text."""

from __future__ import annotations

import pytest

from forumbot.programme.richtext import to_plain, to_telegram_html
from tests.helpers import html_problems

TELEGRAM_TAGS = frozenset({"b", "i", "u", "s", "a", "code", "pre", "blockquote"})


def safe(text: str) -> str:
    """The Telegram HTML, asserted to be markup that Telegram would accept."""
    assert html_problems(text, TELEGRAM_TAGS) == []
    return text


def test_script_and_style_vanish_with_their_content() -> None:
    out = safe(to_telegram_html("<p>Hi<script>alert('x')</script><style>b{}</style> there</p>"))
    assert out == "Hi there"


def test_event_handler_attributes_are_dropped() -> None:
    out = safe(to_telegram_html('<b onclick="steal()">bold</b> <img src=x onerror=alert(1)>'))
    assert out == "<b>bold</b>"


@pytest.mark.parametrize(
    "href", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<b>x</b>", "vbscript:x"]
)
def test_dangerous_links_keep_their_label_only(href: str) -> None:
    assert safe(to_telegram_html(f'<a href="{href}">click</a> me')) == "click me"


def test_web_links_are_kept_and_relative_ones_resolved() -> None:
    html = '<a href="https://ex.org/?a=1&amp;b=2">site</a> <a href="/talk/7">talk</a>'
    out = safe(to_telegram_html(html, base_url="https://fosdem.org/2010/"))
    assert out == (
        '<a href="https://ex.org/?a=1&amp;b=2">site</a> '
        '<a href="https://fosdem.org/talk/7">talk</a>'
    )
    assert safe(to_telegram_html('<a href="/talk/7">talk</a>')) == "talk"  # no base: label


def test_paragraphs_and_nested_lists_become_lines() -> None:
    html = "<p>Intro</p><ul><li>one<ul><li>inner</li></ul></li><li>two</li></ul><p>End</p>"
    assert safe(to_telegram_html(html)) == "Intro\n\n• one\n   • inner\n• two\n\nEnd"
    assert safe(to_telegram_html("<ol><li>a</li><li>b</li></ol>")) == "1. a\n2. b"


def test_unbalanced_tags_are_closed_and_stray_ones_dropped() -> None:
    # As browsers do (HTML5's adoption agency): the italic goes on after the bold ends.
    out = safe(to_telegram_html("<b>bold <i>both</b> tail"))
    assert out == "<b>bold <i>both</i></b><i> tail</i>"
    assert safe(to_telegram_html("text</i></b> and <u>open")) == "text and <u>open</u>"


def test_unknown_tags_keep_their_text_escaped() -> None:
    out = safe(to_telegram_html("<table><tr><td>5 &lt; 6 &amp; 7</td></tr></table><h2>Head</h2>"))
    assert out == "5 &lt; 6 &amp; 7\n\n<b>Head</b>"


def test_markdown_links_emphasis_and_lists() -> None:
    md = "Some *emphasis*, **strong** and [a link](https://ex.org).\n\n- item 1\n- item 2"
    out = safe(to_telegram_html(md, "markdown"))
    assert out == (
        'Some <i>emphasis</i>, <b>strong</b> and <a href="https://ex.org">a link</a>.'
        "\n\n• item 1\n• item 2"
    )


def test_markdown_with_raw_html_is_sanitised_too() -> None:
    md = "Hi <script>alert(1)</script>[x](javascript:alert(1)) <b onmouseover=x>b</b>"
    out = safe(to_telegram_html(md, "markdown"))
    # The script goes; the javascript: link stays visible as text, never a link.
    assert out == "Hi [x](javascript:alert(1)) <b>b</b>"


def test_plain_text_keeps_its_line_breaks_and_is_escaped() -> None:
    assert safe(to_telegram_html("line 1\nline 2 & more")) == "line 1\nline 2 &amp; more"
    assert to_telegram_html("   ") == "" and to_telegram_html(None) == ""


def test_plain_version_spells_links_out() -> None:
    html = '<p>See <a href="https://ex.org">the site</a> &amp; <b>more</b></p><ul><li>x</li></ul>'
    assert to_plain(html) == "See the site (https://ex.org) & more\n\n• x"
    assert to_plain('<a href="https://ex.org">https://ex.org</a>') == "https://ex.org"
