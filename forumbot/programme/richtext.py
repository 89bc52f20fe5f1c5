"""Abstracts and bios from outside (HTML or Markdown) to Telegram-safe HTML, or plain text.

Two steps: nh3 (the Ammonia sanitiser) removes everything unsafe and balances the tags, then
a small pass rewrites what it kept into the few tags Telegram's HTML parse mode accepts:
paragraphs become blank lines, list items "• " lines, headings bold; all text is escaped.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import nh3
from markdown_it import MarkdownIt

# What Telegram shows (https://core.telegram.org/bots/api#html-style), by the name we write.
INLINE = {"b": "b", "strong": "b", "i": "i", "em": "i", "u": "u", "ins": "u", "s": "s"}
INLINE |= {"strike": "s", "del": "s", "code": "code", "pre": "pre", "blockquote": "blockquote"}
BLOCKS = {"p", "div", "br", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "hr"}
_KEPT = set(INLINE) | BLOCKS | {"a"}
_SCHEMES = {"http", "https", "mailto"}

_markdown = MarkdownIt("commonmark", {"html": True, "linkify": False})


def to_telegram_html(source: str | None, markup: str = "html", base_url: str | None = None) -> str:
    """``source`` (``markup`` "html" or "markdown") as Telegram HTML; "" when empty."""
    if not source or not source.strip():
        return ""
    raw = _markdown.render(source) if markup == "markdown" else source
    if markup != "markdown" and "<" not in raw:  # plain text: keep its line breaks
        raw = html.escape(raw, quote=False).replace("\n", "<br>")
    cleaned = nh3.clean(
        raw,
        tags=_KEPT,
        clean_content_tags={"script", "style", "iframe", "object", "template", "noscript"},
        attributes={"a": {"href"}},
        link_rel=None,
        url_schemes=_SCHEMES,
    )
    writer = _Writer(base_url)
    writer.feed(cleaned)
    writer.close()
    return writer.result()


def to_plain(source: str | None, markup: str = "html", base_url: str | None = None) -> str:
    """The same text without markup: links as "label (address)"."""
    return plain_text(to_telegram_html(source, markup, base_url))


def plain_text(telegram: str) -> str:
    """Telegram HTML (as made by ``to_telegram_html``) as plain text, for the search index,
    calendar files and exports: links as "label (address)", entities decoded."""
    with_links = _LINK.sub(_plain_link, telegram)
    return html.unescape(_TAG.sub("", with_links)).strip()


_TELEGRAM_TAGS = {"b", "i", "u", "s", "code", "pre", "blockquote", "a"}


def telegram_html(text: str) -> str:
    """Stored Telegram HTML sanitised once more before it is shown: Telegram's tags only,
    links with safe schemes only, entities kept as they are."""
    return nh3.clean(
        text,
        tags=_TELEGRAM_TAGS,
        attributes={"a": {"href"}},
        link_rel=None,
        url_schemes=_SCHEMES,
    )


_LINK = re.compile(r'<a href="([^"]*)">(.*?)</a>', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def _plain_link(match: re.Match[str]) -> str:
    url, label = html.unescape(match.group(1)), match.group(2)
    shown = html.unescape(_TAG.sub("", label)).strip()
    if not shown or shown == url or url.endswith("//" + shown):
        return html.escape(url, quote=False)
    return f"{label} ({html.escape(url, quote=False)})"


class _Writer(HTMLParser):
    """Sanitised HTML in, Telegram HTML out. nh3's output is balanced, so a stack suffices."""

    def __init__(self, base_url: str | None) -> None:
        super().__init__(convert_charrefs=True)
        self.base_url = base_url
        self.out: list[str] = []
        self.open: list[str] = []  # the Telegram tags written and not yet closed, or ""
        self.lists: list[list[int]] = []  # per open list: [is_ordered, items so far]
        self.pre = 0

    def result(self) -> str:
        text = "".join(self.out)
        text = re.sub(r"[ \t]+\n", "\n", text)
        return re.sub(r"\n{3,}", "\n\n", text).strip()

    def _break(self, lines: int) -> None:
        if not self.out:
            return
        tail = "".join(self.out[-4:])
        have = len(tail) - len(tail.rstrip("\n"))
        if have < lines:
            self.out.append("\n" * (lines - have))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("ul", "ol"):
            self._break(1 if self.lists else 2)
            self.lists.append([tag == "ol", 0])
        elif tag == "li":
            self._break(1)
            depth = max(len(self.lists) - 1, 0)
            bullet = "•"
            if self.lists and self.lists[-1][0]:
                self.lists[-1][1] += 1
                bullet = f"{self.lists[-1][1]}."
            self.out.append("   " * depth + bullet + " ")
        elif tag == "br":
            self.out.append("\n")
        elif tag in ("p", "div", "hr") or tag.startswith("h"):
            self._break(2)
            if tag.startswith("h") and tag != "hr":
                self.out.append("<b>")
        elif tag == "a":
            self._open_link(dict(attrs).get("href"))
        elif tag in INLINE:
            name = INLINE[tag]
            self.pre += name == "pre"
            self.out.append(f"<{name}>")
            self.open.append(name)

    def _open_link(self, href: str | None) -> None:
        url = urljoin(self.base_url, href) if href and self.base_url else href
        if url and urlsplit(url).scheme in _SCHEMES:
            self.out.append(f'<a href="{html.escape(url, quote=True)}">')
            self.open.append("a")
        else:
            self.open.append("")  # a relative link with no base, or a scheme we do not keep

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ul", "ol"):
            if self.lists:
                self.lists.pop()
            self._break(1 if self.lists else 2)
        elif tag in ("p", "div") or (tag.startswith("h") and tag != "hr"):
            if tag.startswith("h"):
                self.out.append("</b>")
            self._break(2)
        elif tag == "a" or tag in INLINE:
            name = self.open.pop() if self.open else ""
            self.pre -= name == "pre"
            if name:
                self.out.append(f"</{name}>")

    def handle_data(self, data: str) -> None:
        if not self.pre:
            data = re.sub(r"\s+", " ", data)
            if self.out and self.out[-1].endswith("\n"):
                data = data.lstrip()
        self.out.append(html.escape(data, quote=False))
