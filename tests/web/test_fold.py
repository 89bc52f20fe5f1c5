"""The offline search's folding (webapp/static/fold.js) holds the bot's tables
(forumbot/rules/search.py); tests/browser/test_search.py runs both over the same strings."""

from __future__ import annotations

import re

from forumbot.rules.search import CYRILLIC_FOLD, LATIN_LOOKALIKES
from webapp.pages import STATIC


def js_table(name: str) -> tuple[str, str]:
    source = (STATIC / "fold.js").read_text(encoding="utf-8")
    found = re.search(rf'const {name} = \["([^"]*)", "([^"]*)"\];', source)
    assert found is not None, f"{name} is not in fold.js"
    return found.group(1), found.group(2)


def test_the_pages_fold_with_the_bots_tables() -> None:
    assert js_table("CYRILLIC_FOLD") == CYRILLIC_FOLD
    assert js_table("LATIN_LOOKALIKES") == LATIN_LOOKALIKES
