"""Telegram HTML: escaping every outside string, and splitting long messages safely."""

from __future__ import annotations

import html
import re

MAX_TEXT = 4096
MAX_CAPTION = 1024

_TAG = re.compile(r"<(/?)([a-z-]+)[^>]*>")


def esc(text: str) -> str:
    """Escape data for Telegram's HTML parse mode (<, > and &; quotes too, for attributes)."""
    return html.escape(text, quote=True)


def utf16_len(text: str) -> int:
    """Telegram counts message length in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def link(url: str, label: str) -> str:
    return f'<a href="{esc(url)}">{esc(label)}</a>'


def split_html(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Split HTML into parts of at most ``limit`` UTF-16 units, never inside a tag or an
    entity; tags open at a cut are closed at its end and reopened in the next part.

    Cuts fall on a paragraph break if one is close, else a line break, else a space.
    """
    parts: list[str] = []
    reopen = ""
    rest = text
    while rest:
        budget = limit - utf16_len(reopen)
        if utf16_len(rest) <= budget:
            parts.append(reopen + rest)
            break
        shrink = 0
        while True:  # leave room for the tags that must be closed at the cut
            cut = _cut_point(rest, budget - shrink)
            piece = rest[:cut]
            open_tags = _open_tags(reopen + piece)
            closing = "".join(f"</{name}>" for name, _ in reversed(open_tags))
            if utf16_len((reopen + piece).rstrip() + closing) <= limit or shrink >= budget:
                break
            shrink += max(utf16_len(closing), 1)
        parts.append((reopen + piece).rstrip() + closing)
        reopen = "".join(tag for _, tag in open_tags)
        rest = rest[cut:].lstrip("\n ")
    return [p for p in parts if p.strip()]


def _safe_positions(text: str, budget: int) -> int:
    """The largest index i such that text[:i] fits in ``budget`` UTF-16 units."""
    index = min(len(text), budget)
    while index > 0:
        excess = utf16_len(text[:index]) - budget
        if excess <= 0:
            return index
        index -= excess  # each character is one or two units: this never overshoots by much
    return 0


def _inside_markup(text: str, index: int) -> bool:
    """Whether ``index`` falls inside a tag (<...>) or an entity (&...;)."""
    lt, gt = text.rfind("<", 0, index), text.rfind(">", 0, index)
    if lt > gt:
        return True
    amp, semi = text.rfind("&", 0, index), text.rfind(";", 0, index)
    return amp > semi and index - amp <= 10


def _cut_point(text: str, budget: int) -> int:
    hard = max(1, _safe_positions(text, max(budget, 1)))
    for separator in ("\n\n", "\n", " "):
        at = text.rfind(separator, 0, hard)
        if at > hard // 2 and not _inside_markup(text, at):
            return at
    while hard > 1 and _inside_markup(text, hard):
        hard -= 1
    return hard


def _open_tags(text: str) -> list[tuple[str, str]]:
    """The tags still open at the end of ``text``: (name, full opening tag)."""
    stack: list[tuple[str, str]] = []
    for match in _TAG.finditer(text):
        closing, name = match.group(1), match.group(2)
        if not closing:
            stack.append((name, match.group(0)))
        elif stack and stack[-1][0] == name:
            stack.pop()
    return stack
