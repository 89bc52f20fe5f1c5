"""Operations files: the Dockerfile, .env.example. Shared helpers for their tests."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def setting_names() -> list[str]:
    """Every FORUMBOT_* variable the settings read (their one table), in order."""
    from forumbot.infra.settings import VARIABLES

    return [v.name for v in VARIABLES]
