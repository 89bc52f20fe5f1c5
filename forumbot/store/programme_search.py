"""Searching the programme: words typed, and the "did you mean" of a typo."""

from __future__ import annotations

from dataclasses import dataclass, field

from forumbot.models import Post, Session, Speaker
from forumbot.rules.fuzzy import Suggester
from forumbot.rules.search import query_words
from forumbot.store.db import Database
from forumbot.store.programme_read import ProgrammeReads
from forumbot.store.suggest import read_suggester
from forumbot.store.version import Memo


@dataclass(frozen=True, slots=True)
class SearchResults:
    sessions: list[Session] = field(default_factory=list)
    speakers: list[Speaker] = field(default_factory=list)
    posts: list[Post] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.sessions) + len(self.speakers) + len(self.posts)


class ProgrammeSearch(ProgrammeReads):
    """Search over the programme's reads; ``ProgrammeRepo`` (programme.py) adds writing."""

    def __init__(self, db: Database) -> None:
        super().__init__(db)
        self._suggester: Memo[Suggester] = Memo(self.version)

    async def search(self, query: str, limit: int = 10) -> SearchResults:
        """Sessions, speakers and posts whose words start with every word of ``query``;
        a match in a title or name ranks above one in a description or bio."""
        terms = query_words(query)
        if not terms:
            return SearchResults()
        match = " AND ".join('"' + term.replace('"', '""') + '"*' for term in terms)
        rows = await self._db.fetchall(
            "SELECT kind, ref FROM search_index WHERE search_index MATCH ? "
            "ORDER BY bm25(search_index, 0, 0, 10.0, 1.0), ref LIMIT 500",
            (match,),
        )
        refs: dict[str, list[str]] = {"session": [], "speaker": [], "post": []}
        for kind, ref in rows:
            if len(refs[kind]) < limit:
                refs[kind].append(ref)
        return await self._resolve(refs)

    async def suggest(self, query: str) -> list[Session | Speaker]:
        """The sessions and people whose title or name is closest to ``query`` (a typo's
        "did you mean"), closest first; the words are read once per programme version."""
        order = (await self._suggester.get(lambda: read_suggester(self._db))).suggest(query)
        ids = {k: [r for kind, r in order if kind == k] for k in ("session", "speaker")}
        sessions = await self.sessions_by_ids(ids["session"])
        people = await self.speakers(ids["speaker"])
        found = [(sessions if k == "session" else people).get(r) for k, r in order]
        return [x for x in found if x is not None]

    async def _resolve(self, refs: dict[str, list[str]]) -> SearchResults:
        sessions = await self.sessions_by_ids(refs["session"])
        speakers = await self.speakers(refs["speaker"])
        posts = [p for p in [await self.post(i) for i in refs["post"]] if p]
        return SearchResults(
            sessions=[sessions[i] for i in refs["session"] if i in sessions],
            speakers=[speakers[i] for i in refs["speaker"] if i in speakers],
            posts=posts,
        )
