"""Operations files: the Dockerfile, .env.example. Shared helpers for their tests."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def setting_names() -> list[str]:
    """Every FORUMBOT_* variable forumbot/infra/settings.py reads, in the order it reads them."""
    source = (ROOT / "forumbot" / "infra" / "settings.py").read_text(encoding="utf-8")
    names = re.findall(r"""\bget\(\s*["'](FORUMBOT_[A-Z0-9_]+)["']\s*\)""", source)
    assert names, 'found no get("FORUMBOT_...") calls in forumbot/infra/settings.py'
    return names
