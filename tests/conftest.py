"""Shared test setup and the fixtures of the layers below the adapter: the mini programme, a
real store in tmp_path, the catalogs. A layer's own fixtures live in its conftest.py."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from forumbot.infra.i18n import Catalogs
from forumbot.models import Forum
from forumbot.programme import parse_programme
from forumbot.render.context import RenderCtx
from forumbot.store import Store
from tests.helpers import BOT, BUNDLED, MINI, open_store

# PTB 22 warns when RetryAfter.retry_after is read as seconds; opt in to timedelta, as
# handlers/app.py does, so warnings-as-errors only catches real problems.
os.environ.setdefault("PTB_TIMEDELTA", "1")


@pytest.fixture
def mini_text() -> str:
    return MINI.read_text(encoding="utf-8")


@pytest.fixture
def catalogs() -> Catalogs:
    return Catalogs.load()


@pytest.fixture
def forum() -> Forum:
    return parse_programme(MINI.read_text(encoding="utf-8"), str(MINI)).forum


@pytest.fixture
def render_ctx(catalogs: Catalogs, forum: Forum) -> Callable[[str], RenderCtx]:
    def make(lang: str) -> RenderCtx:
        return RenderCtx(lang, catalogs, forum, BOT)

    return make


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    """A store on a real SQLite file holding mini.yaml; closed after the test."""
    s = await open_store(tmp_path / "s.sqlite3")
    try:
        yield s
    finally:
        await s.close()


@pytest.fixture
async def bundled_store(tmp_path: Path) -> AsyncIterator[Store]:
    """A store holding the bundled forum (data/forum.yaml); closed after the test."""
    s = await open_store(tmp_path / "bundled.sqlite3", BUNDLED)
    try:
        yield s
    finally:
        await s.close()
