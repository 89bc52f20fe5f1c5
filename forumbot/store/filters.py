"""The programme's facets (tracks, halls, session languages) and the sessions of one value."""

from __future__ import annotations

from forumbot.models import Session
from forumbot.store.db import Database
from forumbot.store.programme import ProgrammeRepo

# A facet's name -> its column. Only these names reach SQL (never a caller's string).
COLUMNS = {"track": "track", "room": "room_id", "lang": "language"}
_ORDER = "ORDER BY start, room_id, id"


class FilterRepo:
    """Reads only; the programme's sessions come through ``ProgrammeRepo``'s one reader."""

    def __init__(self, db: Database, programme: ProgrammeRepo) -> None:
        self._db = db
        self._programme = programme

    async def values(self, facet: str) -> list[tuple[str, int]]:
        """Each value the sessions have for ``facet`` (halls in the file's order, the rest
        alphabetical, case aside) with its number of sessions."""
        if facet == "room":
            rows = await self._db.fetchall(
                "SELECT r.id, COUNT(s.id) FROM rooms r JOIN sessions s ON s.room_id = r.id "
                "GROUP BY r.id ORDER BY r.ord, r.id"
            )
            return [(r[0], int(r[1])) for r in rows]
        column = COLUMNS[facet]
        rows = await self._db.fetchall(
            f"SELECT {column}, COUNT(*) FROM sessions WHERE {column} IS NOT NULL GROUP BY {column}"
        )
        return sorted(((r[0], int(r[1])) for r in rows), key=lambda v: (v[0].casefold(), v[0]))

    async def sessions_page(
        self, facet: str, value: str, offset: int, limit: int
    ) -> tuple[list[Session], int]:
        """A slice of the sessions having ``value`` in time order, and how many there are."""
        column = COLUMNS[facet]
        found = await self._programme._sessions(
            f"{column} = ? {_ORDER} LIMIT ? OFFSET ?", (value, limit, offset)
        )
        total = await self._db.fetchone(
            f"SELECT COUNT(*) FROM sessions WHERE {column} = ?", (value,)
        )
        return found, int(total[0]) if total else 0

    async def position(self, facet: str, value: str, session_id: str) -> int | None:
        """How many sessions having ``value`` come before this one (None: it has not)."""
        column = COLUMNS[facet]
        row = await self._db.fetchone(
            f"SELECT (SELECT COUNT(*) FROM sessions o WHERE o.{column} = s.{column} "
            "AND (o.start, o.room_id, o.id) < (s.start, s.room_id, s.id)) "
            f"FROM sessions s WHERE s.id = ? AND s.{column} = ?",
            (session_id, value),
        )
        return int(row[0]) if row else None
