"""The words of the titles and names for "did you mean", read from the search index."""

from __future__ import annotations

from forumbot.rules.fuzzy import Suggester
from forumbot.store.db import Database


async def read_suggester(db: Database) -> Suggester:
    """The index's titles and names, already folded (``index_text``): no second folding."""
    rows = await db.fetchall(  # people first where as close: names are typed more than titles
        "SELECT kind, ref, head FROM search_index WHERE kind IN ('speaker', 'session') "
        "ORDER BY kind DESC, ref"
    )
    return Suggester((str(k), str(r), str(h)) for k, r, h in rows)
