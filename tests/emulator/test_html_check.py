"""Telegram HTML validation and UTF-16 length rules."""

from __future__ import annotations

import pytest

from forumbot.emulator.html_check import HtmlError, parse_html, utf16_len
from forumbot.emulator.markup import format_text
from forumbot.emulator.state import ApiError


@pytest.mark.parametrize(
    ("html", "visible"),
    [
        ("<b>bold</b> <strong>s</strong> <i>i</i> <em>e</em>", "bold s i e"),
        ("<u>u</u><ins>n</ins><s>s</s><strike>t</strike><del>d</del>", "unstd"),
        ('<span class="tg-spoiler">x</span><tg-spoiler>y</tg-spoiler>', "xy"),
        ('<a href="https://example.org/?a=1&amp;b=2">link</a>', "link"),
        ('<pre><code class="language-python">x = 1 &lt; 2</code></pre>', "x = 1 < 2"),
        ("<blockquote expandable>quote</blockquote>", "quote"),
        ('<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>', "👍"),
        ("&lt;&gt;&amp;&quot;&#39;&#x41;", "<>&\"'A"),
        ("<b>nested <i>italic <u>under</u></i></b>", "nested italic under"),
        ("plain text, no tags", "plain text, no tags"),
    ],
)
def test_valid_markup(html: str, visible: str) -> None:
    assert parse_html(html)[0] == visible


def test_entities_use_utf16_offsets() -> None:
    text, entities = parse_html("😀 <b>Бишкек</b> <a href='https://x.kg'>site</a>")
    assert text == "😀 Бишкек site"
    # the emoji is two UTF-16 code units, so bold starts at 3
    assert entities == [
        {"type": "bold", "offset": 3, "length": 6},
        {"type": "text_link", "url": "https://x.kg", "offset": 10, "length": 4},
    ]


def test_pre_with_language_is_one_entity() -> None:
    _text, entities = parse_html('<pre><code class="language-py">a</code></pre>')
    assert entities == [{"type": "pre", "language": "py", "offset": 0, "length": 1}]


@pytest.mark.parametrize(
    ("html", "fragment"),
    [
        ("<div>x</div>", 'Unsupported start tag "div"'),
        ("<b>unclosed", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b><i>x</b></i>", 'expected "</i>", found "</b>"'),
        ("x</b>", "Unexpected end tag"),
        ("1 < 2", "Unclosed start tag"),
        ("Tom & Jerry", "Character entity expected"),
        ("&nbsp;", "Character entity expected"),
        ("<span>x</span>", 'class "tg-spoiler"'),
        ("<br>", 'Unsupported start tag "br"'),
    ],
)
def test_invalid_markup(html: str, fragment: str) -> None:
    with pytest.raises(HtmlError, match=fragment.replace("(", r"\(")):
        parse_html(html)


def test_bad_markup_is_a_400_with_telegram_wording() -> None:
    with pytest.raises(ApiError) as info:
        format_text("<p>hi</p>", "HTML", None)
    assert info.value.code == 400
    assert info.value.description.startswith("Bad Request: can't parse entities: ")


def test_length_counts_utf16_of_visible_text() -> None:
    assert utf16_len("😀") == 2
    # 4096 visible characters are fine even though the markup is longer
    assert format_text("<b>" + "a" * 4096 + "</b>", "HTML", None).text == "a" * 4096
    # 2048 emoji = 4096 UTF-16 units: OK; one more BMP char: too long
    format_text("😀" * 2048, None, None)
    with pytest.raises(ApiError, match="message is too long"):
        format_text("😀" * 2048 + "a", None, None)
    with pytest.raises(ApiError, match="message is too long"):
        format_text("&amp;" * 4097, "HTML", None)


def test_empty_text_and_long_caption() -> None:
    with pytest.raises(ApiError, match="Bad Request: message text is empty"):
        format_text("  \n ", None, None)
    with pytest.raises(ApiError, match="Bad Request: message text is empty"):
        format_text("<b></b>", "HTML", None)
    assert format_text("", None, None, caption=True).text == ""
    format_text("я" * 1024, None, None, caption=True)
    with pytest.raises(ApiError, match="Bad Request: message caption is too long"):
        format_text("я" * 1025, None, None, caption=True)
