"""Rendering bot messages (Telegram HTML) as readable terminal text."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from forumbot.emulator.state import BotMessage

_STYLES = {
    "b": "1",
    "strong": "1",
    "i": "3",
    "em": "3",
    "u": "4",
    "ins": "4",
    "s": "9",
    "strike": "9",
    "del": "9",
}
_QUOTE_INDENT = "  │ "


class _TerminalHTML(HTMLParser):
    """Telegram HTML -> plain text with optional ANSI styles; input is already validated."""

    def __init__(self, color: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.color = color
        self.styles: list[str] = []
        self.buffers: list[list[str]] = [[]]
        self.links: list[str] = []

    def _emit_style(self) -> None:
        if self.color:
            codes = ";".join(self.styles)
            self.buffers[-1].append("\033[0m" + (f"\033[{codes}m" if codes else ""))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _STYLES:
            self.styles.append(_STYLES[tag])
            self._emit_style()
        elif tag == "a":
            self.links.append(dict(attrs).get("href") or "")
            self.buffers.append([])
        elif tag == "blockquote":
            self.buffers.append([])

    def handle_endtag(self, tag: str) -> None:
        if tag in _STYLES and self.styles:
            self.styles.pop()
            self._emit_style()
        elif tag == "a" and self.links:
            url, text = self.links.pop(), "".join(self.buffers.pop())
            self.buffers[-1].append(text if not url or url == text else f"{text} ({url})")
        elif tag == "blockquote" and len(self.buffers) > 1:
            quoted = "".join(self.buffers.pop()).strip("\n")
            lines = [_QUOTE_INDENT + line for line in quoted.split("\n")]
            self.buffers[-1].append("\n".join(lines) + "\n")

    def handle_data(self, data: str) -> None:
        self.buffers[-1].append(data)

    def result(self) -> str:
        """The rendered text."""
        self.close()
        while len(self.buffers) > 1:
            text = "".join(self.buffers.pop())
            self.buffers[-1].append(text)
        return "".join(self.buffers[0]).rstrip("\n")


def render_html(html: str, color: bool = False) -> str:
    """Render validated Telegram HTML for a terminal."""
    parser = _TerminalHTML(color)
    parser.feed(html)
    return parser.result()


def _body(msg: BotMessage, color: bool) -> str:
    is_html = bool(msg.html) and (msg.parse_mode or "").lower() == "html"
    text = render_html(msg.html or "", color) if is_html else msg.text
    if msg.kind in ("document", "photo"):
        size = len(msg.document_bytes or b"")
        name = msg.document_name or msg.file_id or "?"
        head = f"[{msg.kind}: {name}, {size} bytes]"
        return f"{head}\n{text}" if text else head
    if msg.kind == "venue":
        venue = msg.extra.get("venue", {})
        loc = venue.get("location", {})
        return (
            f"[venue: {venue.get('title')}, {venue.get('address')} "
            f"({loc.get('latitude')}, {loc.get('longitude')})]"
        )
    if msg.kind == "location":
        loc = msg.extra.get("location", {})
        return f"[location: {loc.get('latitude')}, {loc.get('longitude')}]"
    return text


def button_rows(rows: list[list[Any]], numbering_start: int) -> tuple[str, list[Any]]:
    """Number buttons row by row: "[1] A  [2] B"; returns (text, flat buttons)."""
    lines: list[str] = []
    flat: list[Any] = []
    for row in rows:
        cells = []
        for button in row:
            label = button if isinstance(button, str) else button.get("text", "")
            if isinstance(button, dict) and "url" in button:
                label += " ↗"
            cells.append(f"[{numbering_start + len(flat)}] {label}")
            flat.append(button)
        lines.append("  ".join(cells))
    return "\n".join(lines), flat


def render_message(
    msg: BotMessage, numbering_start: int = 1, color: bool = False
) -> tuple[str, list[dict]]:
    """Render a bot message for the terminal; returns (text, its inline buttons in order)."""
    header = f"── bot (edited #{msg.message_id}) ──" if msg.edited else "── bot ──"
    parts = [header, _body(msg, color)]
    rows = (msg.reply_markup or {}).get("inline_keyboard") or []
    buttons: list[dict] = []
    if rows:
        keyboard, buttons = button_rows(rows, numbering_start)
        parts.append(keyboard)
    return "\n".join(parts), buttons
