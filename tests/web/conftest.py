"""The Mini App's server on the real services (store in tmp_path, the bundled forum), driven
through aiohttp's test client; initData signed as Telegram signs it."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from forumbot.infra.clock import SimulatedClock
from forumbot.infra.settings import DEFAULT_DATA, Settings
from forumbot.runtime.services import Services, open_services
from tests.e2e.conftest import ORGANISER, bishkek
from webapp.auth import sign
from webapp.server import build_app

TOKEN = "123456:WEBAPP-TOKEN"
PARTICIPANT = 1001


def init_data(
    user_id: int = PARTICIPANT,
    when: dt.datetime | None = None,
    token: str = TOKEN,
    lang: str = "en",
    **extra: str,
) -> str:
    """initData as Telegram would make it for ``user_id`` at ``when``."""
    user = {"id": user_id, "first_name": "Aida", "language_code": lang}
    fields = {
        "user": json.dumps(user, separators=(",", ":")),
        "auth_date": str(int((when or bishkek(22, 10, 40)).timestamp())),
        "query_id": "AAHdF6IQAAAAAN0XohDhrOrc",
        "signature": "6fbdaf2c-signature-of-ed25519",
        **extra,
    }
    return sign(fields, token)


def auth(user_id: int = PARTICIPANT, **kwargs: object) -> dict[str, str]:
    return {"Authorization": "tma " + init_data(user_id, **kwargs)}  # type: ignore[arg-type]


@pytest.fixture
def clock() -> SimulatedClock:
    return SimulatedClock(bishkek(22, 10, 45), speed=0)


@pytest.fixture
async def services(tmp_path: Path, clock: SimulatedClock) -> AsyncIterator[Services]:
    settings = Settings(
        token=TOKEN,
        db_path=tmp_path / "web.sqlite3",
        data_path=DEFAULT_DATA,
        organiser_ids=frozenset({ORGANISER}),
    )
    services = await open_services(settings, clock)
    try:
        yield services
    finally:
        await services.close()


@pytest.fixture
async def client(services: Services) -> AsyncIterator[TestClient]:
    async with TestClient(
        TestServer(build_app(services, TOKEN, "/app/", services.clock.now))
    ) as client:
        yield client
