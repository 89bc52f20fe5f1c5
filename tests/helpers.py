"""Constants and small helpers shared by the unit and store tests (fixtures: conftest.py)."""

from __future__ import annotations

import datetime as dt
import re
import struct
import zlib
from pathlib import Path

from forumbot.programme import load_programme
from forumbot.store import Store

REPO = Path(__file__).resolve().parents[1]
MINI = REPO / "tests" / "fixtures" / "mini.yaml"
BUNDLED = REPO / "data" / "forum.yaml"
BISHKEK = dt.timezone(dt.timedelta(hours=6))  # Asia/Bishkek has no DST: UTC+6 all year
IMPORTED_AT = dt.datetime(2023, 6, 1, tzinfo=dt.UTC)
BOT = "forumbot_demo_bot"

_TAG = re.compile(r"<(/?)([a-z]+)(?:\s[^<>]*)?>")
_ENTITY = re.compile(r"&(?:[a-z]+|#\d+|#x[0-9a-f]+);", re.IGNORECASE)


def bishkek(day: int, hh: int, mm: int = 0, month: int = 6) -> dt.datetime:
    """A moment of the 2023 forum written as a Bishkek wall-clock time."""
    return dt.datetime(2023, month, day, hh, mm, tzinfo=BISHKEK)


def edit(text: str, old: str, new: str) -> str:
    """``text`` with the one occurrence of ``old`` replaced (fails loudly if it is not there)."""
    assert text.count(old) == 1, f"expected exactly one {old!r} in the text"
    return text.replace(old, new)


def html_problems(
    text: str, allowed: frozenset[str] = frozenset({"b", "i", "a", "code"})
) -> list[str]:
    """Why Telegram's HTML parse mode would refuse ``text`` (empty list: it would accept it)."""
    problems, stack = [], []
    for match in _TAG.finditer(text):
        closing, name = match.group(1), match.group(2)
        if name not in allowed:
            problems.append(f"tag <{name}> is not allowed")
        elif not closing:
            stack.append(name)
        elif not stack or stack.pop() != name:
            problems.append(f"</{name}> closes nothing open")
    problems += [f"<{name}> is never closed" for name in stack]
    bare = _ENTITY.sub("", _TAG.sub("", text))
    problems += [f"bare {ch!r}" for ch in "<>&" if ch in bare]
    return problems


def visible(text: str) -> str:
    """What a reader sees of Telegram HTML: tags dropped, entities decoded."""
    import html

    return html.unescape(_TAG.sub("", text))


async def open_store(path: Path, programme: Path | None = MINI) -> Store:
    store = await Store.open(path)
    if programme is not None:
        await store.programme.replace(load_programme(programme), str(programme), IMPORTED_AT)
    return store


def png(width: int, height: int) -> bytes:
    """A valid PNG image of that size (grey), for photo uploads."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )
