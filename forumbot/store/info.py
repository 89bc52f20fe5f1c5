"""The forum's info pages and venue, kept as JSON in the meta table.

The file's info (key ``info``) is replaced by every import; the texts organisers edit in the
chat live apart (key ``info_overrides``: page id -> language -> body), so they outlast
re-imports, and are laid over the file's pages when read.
"""

from __future__ import annotations

import json
from typing import Any

import aiosqlite

from forumbot.models import Info, InfoPage, Text, Venue

INFO_KEY = "info"
OVERRIDES_KEY = "info_overrides"

Overrides = dict[str, dict[str, str]]


def info_to_json(info: Info) -> str:
    venue = info.venue
    data: dict[str, Any] = {
        "venue": None
        if venue is None
        else {
            "name": dict(venue.name),
            "address": dict(venue.address),
            "latitude": venue.latitude,
            "longitude": venue.longitude,
            "how_to_get": dict(venue.how_to_get) if venue.how_to_get else None,
            "image": venue.image,
        },
        "pages": [
            {"id": p.id, "title": dict(p.title), "body": dict(p.body), "image": p.image}
            for p in info.pages
        ],
    }
    return json.dumps(data, ensure_ascii=False)


def info_from_json(raw: str) -> Info:
    data = json.loads(raw)
    v = data.get("venue")
    venue = None
    if v is not None:
        venue = Venue(
            v["name"],
            v["address"],
            float(v["latitude"]),
            float(v["longitude"]),
            v["how_to_get"],
            v.get("image"),  # stored before pictures: none
        )
    pages = tuple(
        InfoPage(p["id"], p["title"], p["body"], p.get("image")) for p in data.get("pages", [])
    )
    return Info(venue, pages)


def with_overrides(info: Info, overrides: Overrides) -> Info:
    """The file's pages with the texts edited in the chat laid over them, per language."""
    pages = tuple(
        InfoPage(p.id, p.title, {**p.body, **overrides[p.id]}, p.image) if p.id in overrides else p
        for p in info.pages
    )
    return Info(info.venue, pages)


async def write_info(conn: aiosqlite.Connection, info: Info | None) -> None:
    """The file's info, inside the import's transaction; the chat's edits stay."""
    if info is None:
        await conn.execute("DELETE FROM meta WHERE key = ?", (INFO_KEY,))
    else:
        await conn.execute(
            "INSERT OR REPLACE INTO meta VALUES (?, ?)", (INFO_KEY, info_to_json(info))
        )


def overrides_from_json(raw: str | None) -> Overrides:
    return json.loads(raw) if raw else {}


async def _read_overrides(conn: aiosqlite.Connection) -> Overrides:
    async with conn.execute("SELECT value FROM meta WHERE key = ?", (OVERRIDES_KEY,)) as cur:
        row = await cur.fetchone()
    return overrides_from_json(row[0] if row else None)


async def write_page_text(conn: aiosqlite.Connection, page_id: str, body: Text) -> None:
    """Lay ``body`` (language -> text) over the page's body; other languages stay."""
    overrides = await _read_overrides(conn)
    overrides[page_id] = {**overrides.get(page_id, {}), **body}
    await conn.execute(
        "INSERT OR REPLACE INTO meta VALUES (?, ?)",
        (OVERRIDES_KEY, json.dumps(overrides, ensure_ascii=False)),
    )
