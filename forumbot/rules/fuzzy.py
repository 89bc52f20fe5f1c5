""" "Did you mean": the session titles and people's names closest to a query that found nothing.

Closeness is the edit distance (Levenshtein) between folded words, the same words the search
index holds (``rules.search.words``: case, "ѳ"/"ө", "ё"/"е", Latin look-alikes all folded), so
"Шаршинова" is one edit from "шаршенова" and "Santurani" one from "santuriani". Every query
word of four letters or more must be close to some word of a title or name; the closest
titles and names (fewest edits in all) come first. Built once per programme version.
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from forumbot.rules.search import query_words

MIN_WORD = 4  # shorter words ("и", "of", "жана") say too little to guess from
LIMIT = 5


def max_edits(word: str) -> int:
    """Edits allowed in a word: one up to five letters, two from six."""
    return 1 if len(word) <= 5 else 2


class Suggester:
    """The titles and names of one programme version, word by word, for close matches."""

    def __init__(self, entries: Iterable[tuple[str, str, str]]) -> None:
        """``entries``: (kind, ref, folded words separated by spaces), as the index holds."""
        self.refs: list[tuple[str, str]] = []
        holders: dict[str, list[int]] = {}
        for kind, ref, text in entries:
            for word in set(text.split()):
                if len(word) >= MIN_WORD - max_edits(word):
                    holders.setdefault(word, []).append(len(self.refs))
            self.refs.append((kind, ref))
        self._vocabulary = list(holders)
        self._holders = [holders[w] for w in self._vocabulary]

    def suggest(self, query: str, limit: int = LIMIT) -> list[tuple[str, str]]:
        """(kind, ref) of the closest titles and names, closest first; [] if none is close."""
        terms = [t for t in query_words(query) if len(t) >= MIN_WORD]
        scores: dict[int, int] | None = None
        for term in terms:
            close = self._close(term)
            if scores is None:
                scores = close
            else:
                scores = {e: scores[e] + d for e, d in close.items() if e in scores}
            if not scores:
                return []
        if not scores:
            return []
        ranked = sorted(scores, key=lambda e: (scores[e], e))
        return [self.refs[e] for e in ranked[:limit]]

    def _close(self, term: str) -> dict[int, int]:
        """Entry → fewest edits from ``term`` to one of its words, within ``max_edits``."""
        found = process.extract(
            term,
            self._vocabulary,
            scorer=Levenshtein.distance,
            score_cutoff=max_edits(term),
            limit=None,
        )
        best: dict[int, int] = {}
        for _word, edits, at in found:
            for entry in self._holders[at]:
                if edits < best.get(entry, edits + 1):
                    best[entry] = int(edits)
        return best
