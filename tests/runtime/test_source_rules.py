"""The programme's URL within rules: redirects only to its own host unless allowed, one
deadline for the whole fetch, a size limit; the URL the file finally came from is the one
the organisers see (/status's source, the audit log)."""

from __future__ import annotations

import asyncio

from forumbot.programme.fetch import Fetched, FetchFailed, FetchRules, fetch
from forumbot.runtime import source
from forumbot.store import Store
from tests.helpers import BUNDLED
from tests.http_source import ProgrammeServer
from tests.runtime.test_source import NOW

OLD = "/old/schedule.yaml"


async def test_a_redirect_on_the_same_host_is_followed_and_the_final_url_shown(
    bundled_store: Store,
) -> None:
    async with ProgrammeServer(BUNDLED.read_bytes()) as server:
        server.redirects[OLD] = server.path  # a relative Location
        got = await fetch(server.url_of(OLD))
        assert isinstance(got, Fetched) and got.url == server.url_of(server.path)
        done = await source.refresh(bundled_store, server.url_of(OLD + "?token=s3cret"), None, NOW)
    assert done.outcome == "imported"
    final = server.url_of(server.path)
    assert await bundled_store.programme.meta("source") == final
    [entry, *_] = [e for e in await bundled_store.staff.audit_log() if e.action == "imported"]
    assert entry.detail["file"] == final


async def test_a_redirect_to_another_host_is_refused_unless_allowed() -> None:
    async with ProgrammeServer(BUNDLED.read_bytes()) as server:
        elsewhere = server.url_of(server.path, host="localhost")
        server.redirects[OLD] = elsewhere
        refused = await fetch(server.url_of(OLD))
        assert refused == FetchFailed(
            "redirected to another host, localhost, which is not followed "
            "(FORUMBOT_SOURCE_REDIRECT_HOSTS may allow it)"
        )
        assert server.answers == []  # the other host was never asked
        for hosts in ({"localhost"}, {"*"}):
            got = await fetch(
                server.url_of(OLD), rules=FetchRules(redirect_hosts=frozenset(hosts))
            )
            assert isinstance(got, Fetched) and got.url == elsewhere


async def test_the_whole_fetch_has_one_deadline() -> None:
    async with ProgrammeServer(BUNDLED.read_bytes()) as server:
        server.stalled = True  # the headers come, the body never ends
        async with asyncio.timeout(30):  # generous: without a deadline this would hang
            got = await fetch(server.url, rules=FetchRules(deadline=1))
    assert got == FetchFailed("no complete answer within 1 seconds")


async def test_an_answer_over_the_size_limit_is_refused_stating_it() -> None:
    async with ProgrammeServer(b"#" * (1024 * 1024 + 1)) as server:
        got = await fetch(server.url, rules=FetchRules(max_bytes=1024 * 1024))
    assert got == FetchFailed("the answer is larger than 1 MB")
