"""Search normalisation: case, look-alike letters and word prefixes.

Kyrgyz users type "ѳ" for "ө" (and often "о" for "ө", "у" for "ү", "н" for "ң" on a Russian
keyboard), "е" for "ё", and Latin letters that look Cyrillic ("o" in "Шаршенoва"). All of
these fold to one form, both when the index is built and when a query is read.
"""

from __future__ import annotations

import re
import unicodedata

# Kyrgyz and Russian letters folded to their plain look-alike. The Mini App's offline search
# folds with the same tables (webapp/static/fold.js; tests/browser/test_search.py runs both).
CYRILLIC_FOLD = ("ѳөүңёйъѣ", "ооунеиье")
# Latin letters that look like Cyrillic ones, used only inside words that hold Cyrillic.
LATIN_LOOKALIKES = ("abcehkmoptxyi", "авсенкмортхуі")
_CYRILLIC_FOLD = str.maketrans(*CYRILLIC_FOLD)
_LATIN_TO_CYRILLIC = str.maketrans(*LATIN_LOOKALIKES)
# Sorting: Kyrgyz letters right after their base letter (о < ө < п).
_KYRGYZ_AFTER_BASE = {ord("ө"): "о\uffff", ord("ү"): "у\uffff", ord("ң"): "н\uffff"}
_WORD = re.compile(r"\w+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def fold_word(word: str) -> str:
    """One word in its search form."""
    if _CYRILLIC.search(word):
        word = word.translate(_LATIN_TO_CYRILLIC).replace("і", "и")
    return word.translate(_CYRILLIC_FOLD)


def words(text: str) -> list[str]:
    """The search words of ``text``: normalised, case-folded, look-alikes folded."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = unicodedata.normalize("NFC", text)
    return [fold_word(w) for w in _WORD.findall(text)]


def index_text(*texts: str) -> str:
    """Space-led text of words, so that " word" LIKE-matches word prefixes."""
    seen: dict[str, None] = {}
    for text in texts:
        for word in words(text):
            seen.setdefault(word, None)
    return " " + " ".join(seen) + " " if seen else " "


def query_words(query: str, limit: int = 8) -> list[str]:
    """The distinct words of a query (at most ``limit``), longest first for selectivity."""
    unique = list(dict.fromkeys(words(query)))
    return sorted(unique, key=len, reverse=True)[:limit]


def sort_key(name: str) -> str:
    """Alphabetical order that keeps Kyrgyz letters after their base letter (о < ө)."""
    key = unicodedata.normalize("NFC", name.casefold())
    key = " ".join(re.sub(r"[^\w\s]", " ", key).split())  # «Инфоком» sorts under И
    return key.replace("ѳ", "ө").replace("ё", "е").translate(_KYRGYZ_AFTER_BASE)
