"""initData as Telegram documents it: every refusal is a 401 (403 for a participant at the
organisers' API) and changes nothing."""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import parse_qsl, urlencode

import pytest
from aiohttp.test_utils import TestClient

from forumbot.runtime.services import Services
from tests.e2e.conftest import ORGANISER, bishkek
from tests.web.conftest import PARTICIPANT, TOKEN, auth, init_data
from webapp.auth import AuthError, sign, verify

NOW = bishkek(22, 10, 45)
DAY = dt.timedelta(hours=24)
SESSION = "rt-technology"


def _tampered(data: str, **changes: str) -> str:
    fields = dict(parse_qsl(data))
    fields.update(changes)
    return urlencode(fields)


def test_a_telegram_signed_init_data_names_its_person() -> None:
    user = verify(init_data(), TOKEN, NOW, DAY)
    assert (user.id, user.first_name, user.language_code) == (PARTICIPANT, "Aida", "en")


def test_the_documented_example_checks_out() -> None:
    """The data-check-string is every field but hash, sorted, joined by newlines, and the
    key is HMAC-SHA256("WebAppData", token): a value computed independently here."""
    import hashlib
    import hmac

    fields = {"auth_date": str(int(NOW.timestamp())), "user": '{"id":7,"first_name":"A"}',
              "signature": "sig", "query_id": "q"}  # fmt: skip
    check = "\n".join(f"{k}={fields[k]}" for k in sorted(fields))
    secret = hmac.new(b"WebAppData", TOKEN.encode(), hashlib.sha256).digest()
    digest = hmac.new(secret, check.encode(), hashlib.sha256).hexdigest()
    assert verify(urlencode({**fields, "hash": digest}), TOKEN, NOW, DAY).id == 7


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(_tampered(init_data(), hash="0" * 64), id="forged hash"),
        pytest.param(_tampered(init_data(), signature="another"), id="signature changed"),
        pytest.param(
            _tampered(init_data(), user='{"id":2,"first_name":"Mallory"}'), id="user changed"
        ),
        pytest.param(init_data(token="654321:ANOTHER-BOT"), id="another bot's token"),
        pytest.param(init_data(when=NOW - DAY - dt.timedelta(minutes=1)), id="expired"),
        pytest.param(
            sign({"auth_date": str(int(NOW.timestamp())), "query_id": "q"}, TOKEN),
            id="no user",
        ),
        pytest.param("", id="nothing"),
        pytest.param("hash=abc&hash=abc", id="a field twice"),
    ],
)
def test_untrustworthy_init_data_is_refused(data: str) -> None:
    with pytest.raises(AuthError):
        verify(data, TOKEN, NOW, DAY)


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param({}, id="no initData"),
        pytest.param(
            {"Authorization": "tma " + _tampered(init_data(), hash="f" * 64)}, id="forged hash"
        ),
        pytest.param(auth(token="654321:ANOTHER-BOT"), id="another bot's token"),
        pytest.param(auth(when=NOW - DAY - dt.timedelta(hours=1)), id="expired"),
        pytest.param(
            {"Authorization": "tma " + sign({"auth_date": str(int(NOW.timestamp()))}, TOKEN)},
            id="no user",
        ),
    ],
)
async def test_the_api_answers_401_and_stars_nothing(
    client: TestClient, services: Services, headers: dict[str, str]
) -> None:
    for method, path in (("GET", "me"), ("GET", "programme"), ("PUT", f"stars/{SESSION}")):
        response = await client.request(method, "/app/api/" + path, headers=headers)
        assert response.status == 401, path
        assert await response.json() == {"error": "unauthorised"}
    assert await services.store.personal.count_stars() == 0


async def test_a_participant_at_the_organisers_api_is_refused_and_nothing_changes(
    client: TestClient, services: Services
) -> None:
    audit_before = await services.store.staff.audit_log()
    for method, path, body in (
        ("GET", "stats", None),
        ("GET", "presenter", None),
        ("POST", "presenter", {"session": SESSION}),
        ("DELETE", "presenter/anything", None),
    ):
        response = await client.request(method, "/app/api/org/" + path, headers=auth(), json=body)
        assert response.status == 403, path
    assert await services.store.presenter.active() == []
    assert await services.store.staff.audit_log() == audit_before
    # The same calls from an organiser go through.
    response = await client.get("/app/api/org/stats", headers=auth(ORGANISER))
    assert response.status == 200


async def test_init_data_in_the_query_string_is_read_for_streams(client: TestClient) -> None:
    """A stream (EventSource) cannot set headers: initData comes in the query string."""
    response = await client.get("/app/api/me", params={"initData": init_data()})
    assert response.status == 200
    assert (await response.json())["id"] == PARTICIPANT


def test_init_data_user_is_json() -> None:
    data = sign({"auth_date": str(int(NOW.timestamp())), "user": json.dumps("x")}, TOKEN)
    with pytest.raises(AuthError):
        verify(data, TOKEN, NOW, DAY)
