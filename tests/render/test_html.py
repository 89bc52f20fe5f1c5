"""Telegram HTML: escaping outside strings and splitting long messages without breaking them."""

from __future__ import annotations

import re

import pytest

from forumbot.render.html import MAX_TEXT, esc, link, split_html, utf16_len
from tests.helpers import html_problems, visible


def no_space(text: str) -> str:
    return re.sub(r"\s", "", text)


def test_esc_escapes_markup_characters() -> None:
    assert esc("<b>Tom & Jerry</b>") == "&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;"


def test_esc_escapes_quotes_for_attributes() -> None:
    assert '"' not in esc('say "hi"')


def test_link_escapes_address_and_label() -> None:
    assert link("https://x.kg/?a=1&b=2", "<A & B>") == (
        '<a href="https://x.kg/?a=1&amp;b=2">&lt;A &amp; B&gt;</a>'
    )


def test_utf16_len_counts_astral_characters_twice() -> None:
    assert utf16_len("ж") == 1
    assert utf16_len("😀") == 2
    assert utf16_len("𝄞a") == 3


def test_short_text_is_one_part() -> None:
    assert split_html("<b>hi</b>") == ["<b>hi</b>"]


def test_parts_never_exceed_the_limit_in_utf16_units() -> None:
    text = " ".join(["😀😀 слово"] * 400)  # 4 units per emoji pair: characters undercount
    parts = split_html(text, 100)
    assert len(parts) > 1
    assert all(utf16_len(p) <= 100 for p in parts)
    assert max(len(p) for p in parts) < 100  # a count in characters would have allowed more


def test_default_limit_is_telegrams() -> None:
    parts = split_html("слово " * 2000)
    assert len(parts) == 3 and all(utf16_len(p) <= MAX_TEXT for p in parts)


def test_text_without_spaces_is_still_cut() -> None:
    parts = split_html("𝄞" * 300, 101)
    assert all(utf16_len(p) <= 101 for p in parts)
    assert "".join(parts) == "𝄞" * 300


def test_cut_is_never_inside_a_tag_or_an_entity() -> None:
    text = ("Tom &amp; Jerry " * 3 + '<a href="https://t.me/x?start=s_rt1">link</a> ') * 20
    for limit in range(60, 120, 7):
        for part in split_html(text, limit):
            assert html_problems(part) == [], (limit, part)
            assert not re.search(r"&[a-z#0-9]*$", part)


def test_tags_open_at_a_cut_are_closed_and_reopened() -> None:
    text = "<b>" + "bold words " * 30 + "</b> plain"
    first, second, *_ = split_html(text, 80)
    assert first.startswith("<b>") and first.endswith("</b>")
    assert second.startswith("<b>")
    assert html_problems(first) == [] and html_problems(second) == []


def test_nested_tags_and_links_are_reopened_in_order() -> None:
    text = '<i>intro <a href="https://x.kg/p">' + "link text " * 20 + "</a> end</i>"
    parts = split_html(text, 90)
    assert len(parts) > 1
    assert parts[1].startswith('<i><a href="https://x.kg/p">')
    assert all(html_problems(p) == [] for p in parts)


@pytest.mark.parametrize("limit", [60, 97, 150, 400])
def test_nothing_visible_is_lost_but_whitespace(limit: int) -> None:
    paragraph = "<b>10:30–12:30</b> · Чоң зал 😀\n🗣 Аныктык &amp; айкындык &lt;тех&gt;\n\n"
    text = paragraph * 25
    parts = split_html(text, limit)
    assert no_space(visible("".join(parts))) == no_space(visible(text))
    assert all(utf16_len(p) <= limit and html_problems(p) == [] for p in parts)


def test_cuts_prefer_paragraph_breaks() -> None:
    paragraph = "word " * 10 + "\n\n"
    parts = split_html(paragraph * 6, 130)
    assert len(parts) > 1
    assert all(p.rstrip().endswith("word") for p in parts)
    assert [p.count("word") % 10 for p in parts] == [0] * len(parts)
