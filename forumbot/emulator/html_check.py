"""Telegram-style HTML parse_mode validation: markup -> visible text and entities."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)((?:\s+[^<>]*?)?)\s*(/?)>")
_ATTR_RE = re.compile(
    r"""([A-Za-z_:][-A-Za-z0-9_:.]*)\s*(?:=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?"""
)
_ENTITY_RE = re.compile(r"&(#[0-9]{1,7};|#[xX][0-9A-Fa-f]{1,6};|[A-Za-z]+;)")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_SIMPLE = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
}
_ALLOWED = {*_SIMPLE, "a", "span", "tg-emoji"}


class HtmlError(ValueError):
    """Markup Telegram would refuse; str() is the text after "can't parse entities: "."""


def utf16_len(text: str) -> int:
    """Length of text in UTF-16 code units, the unit Telegram counts limits and offsets in."""
    return len(text.encode("utf-16-le")) // 2


@dataclass
class _Open:
    tag: str
    offset: int  # utf-16 offset in the visible text where the entity starts
    entity: dict = field(default_factory=dict)


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def _decode_entity(text: str, i: int) -> tuple[str, int]:
    """Decode an entity at text[i] == '&'; return (char, new index) or raise HtmlError."""
    m = _ENTITY_RE.match(text, i)
    if m:
        body = m.group(1)[:-1]
        if body.startswith(("#x", "#X")):
            code = int(body[2:], 16)
        elif body.startswith("#"):
            code = int(body[1:])
        else:
            code = -1
            if body in _NAMED:
                return _NAMED[body], m.end()
        if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
            return chr(code), m.end()
    # Telegram's own parser is lenient here, but a bare "&" is almost always a bot bug
    # (unescaped user data), so the emulator refuses it to catch that early.
    raise HtmlError(f"Character entity expected at byte offset {_byte_offset(text, i)}")


def _parse_attrs(raw: str) -> dict[str, str]:
    attrs = {}
    for m in _ATTR_RE.finditer(raw):
        value = m.group(2) or ""
        if value[:1] in "\"'" and len(value) >= 2:
            value = value[1:-1]
        attrs[m.group(1).lower()] = _unescape_attr(value)
    return attrs


def _unescape_attr(value: str) -> str:
    return _ENTITY_RE.sub(lambda m: _decode_entity(m.group(0), 0)[0], value)


def _start_entity(tag: str, attrs: dict[str, str], where: str, stack: list[_Open]) -> dict:
    """Build the entity dict a start tag opens, validating tag-specific attributes."""
    if tag == "a":
        href = attrs.get("href", "")
        return {"type": "text_link", "url": href} if href else {}
    if tag == "span":
        if attrs.get("class") != "tg-spoiler":
            raise HtmlError(f'Tag "span" must have class "tg-spoiler" at byte offset {where}')
        return {"type": "spoiler"}
    if tag == "tg-emoji":
        emoji_id = attrs.get("emoji-id", "")
        if not emoji_id.isdigit():
            raise HtmlError(f"Custom emoji identifier expected at byte offset {where}")
        return {"type": "custom_emoji", "custom_emoji_id": emoji_id}
    if tag == "blockquote":
        kind = "expandable_blockquote" if "expandable" in attrs else "blockquote"
        return {"type": kind}
    if tag == "code" and stack and stack[-1].tag == "pre":
        lang = attrs.get("class", "")
        if lang.startswith("language-"):
            stack[-1].entity["language"] = lang[len("language-") :]
    return {"type": _SIMPLE[tag]}


def _close(stack: list[_Open], tag: str, pos: int, text: str, out_len: int, ents: list) -> None:
    where = _byte_offset(text, pos)
    if not stack:
        raise HtmlError(f"Unexpected end tag at byte offset {where}")
    top = stack.pop()
    if top.tag != tag:
        raise HtmlError(
            f'Unmatched end tag at byte offset {where}, expected "</{top.tag}>", found "</{tag}>"'
        )
    length = out_len - top.offset
    # A <code> directly inside <pre> only carries the language; Telegram emits one entity.
    merged = top.tag == "code" and bool(stack) and stack[-1].tag == "pre"
    if top.entity and length > 0 and not merged:
        ents.append({**top.entity, "offset": top.offset, "length": length})


def parse_html(text: str) -> tuple[str, list[dict]]:
    """Parse Telegram HTML; return (visible text, entities with UTF-16 offsets)."""
    out: list[str] = []
    out_len = 0
    stack: list[_Open] = []
    entities: list[dict] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "&":
            decoded, i = _decode_entity(text, i)
            out.append(decoded)
            out_len += utf16_len(decoded)
            continue
        if ch == ">":
            raise HtmlError(f"Unexpected end of tag at byte offset {_byte_offset(text, i)}")
        if ch != "<":
            out.append(ch)
            out_len += utf16_len(ch)
            i += 1
            continue
        m = _TAG_RE.match(text, i)
        where = str(_byte_offset(text, i))
        if not m:
            raise HtmlError(f"Unclosed start tag at byte offset {where}")
        closing, tag = m.group(1) == "/", m.group(2).lower()
        if tag not in _ALLOWED:
            kind = "end" if closing else "start"
            raise HtmlError(f'Unsupported {kind} tag "{tag}" at byte offset {where}')
        if closing:
            _close(stack, tag, i, text, out_len, entities)
        else:
            entity = _start_entity(tag, _parse_attrs(m.group(3)), where, stack)
            stack.append(_Open(tag, out_len, entity))
        i = m.end()
    if stack:
        raise HtmlError(f'Can\'t find end tag corresponding to start tag "{stack[-1].tag}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities
