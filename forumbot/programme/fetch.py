"""Fetching a programme file from a URL (a pretalx or frab export), politely and warily.

A conditional GET with the validators of the last fetch (ETag, Last-Modified) makes an
unchanged programme cost one small request answered 304. Redirects are followed only to the
URL's own host, or to the hosts the rules allow; the whole fetch (connect, redirects, body)
has one deadline, and the body a size limit. Nothing here raises: the caller gets the bytes
with the URL they came from at last, "not modified", or a failure in plain words.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import aiohttp

logger = logging.getLogger(__name__)

MAX_BYTES = 20 * 1024 * 1024  # a programme is kilobytes; a bigger answer is not one
_CHUNK = 64 * 1024
MAX_REDIRECTS = 5
REDIRECTS = {301, 302, 303, 307, 308}


@dataclass(frozen=True, slots=True)
class FetchRules:
    """The deadline of the whole fetch, the largest body, and where redirects may lead
    besides the URL's own host ("*": anywhere)."""

    deadline: float = 60.0
    max_bytes: int = MAX_BYTES
    redirect_hosts: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def from_settings(cls, settings: Any) -> FetchRules:
        """FORUMBOT_SOURCE_TIMEOUT, FORUMBOT_IMPORT_MAX_MB, FORUMBOT_SOURCE_REDIRECT_HOSTS."""
        return cls(
            settings.source_timeout,
            settings.import_max_mb * 1024 * 1024,
            settings.source_redirect_hosts,
        )

    def allows(self, first: str, target: str) -> bool:
        host = (urlsplit(target).hostname or "").lower()
        return "*" in self.redirect_hosts or host in {
            (urlsplit(first).hostname or "").lower(),
            *self.redirect_hosts,
        }


DEFAULT_RULES = FetchRules()


@dataclass(frozen=True, slots=True)
class Fetched:
    """A new version of the file, with the validators to send next time."""

    data: bytes
    etag: str | None = None
    last_modified: str | None = None
    url: str = ""  # where the body came from, after the redirects


@dataclass(frozen=True, slots=True)
class NotModified:
    """The server says the file is the one fetched last time (304)."""


@dataclass(frozen=True, slots=True)
class FetchFailed:
    reason: str  # plain words for the organisers, e.g. "HTTP 500 Internal Server Error"


FetchResult = Fetched | NotModified | FetchFailed


async def fetch(
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    rules: FetchRules = DEFAULT_RULES,
    max_bytes: int | None = None,
) -> FetchResult:
    """GET ``url``, conditionally when validators are given, within ``rules``."""
    headers = {"Accept": "application/json, application/xml, text/yaml, */*;q=0.5"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    limit = rules.max_bytes if max_bytes is None else max_bytes
    try:
        async with asyncio.timeout(rules.deadline), aiohttp.ClientSession() as session:
            return await _follow(session, url, headers, rules, limit)
    except TimeoutError:
        return FetchFailed(f"no complete answer within {rules.deadline:g} seconds")
    except (aiohttp.ClientError, OSError, ValueError) as exc:  # refused, reset, bad URL…
        return FetchFailed(_reason(exc))


async def _follow(
    session: aiohttp.ClientSession,
    url: str,
    headers: dict[str, str],
    rules: FetchRules,
    max_bytes: int,
) -> FetchResult:
    """The answer at ``url``, through at most MAX_REDIRECTS redirects the rules allow."""
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        async with session.get(current, headers=headers, allow_redirects=False) as response:
            if response.status in REDIRECTS and "Location" in response.headers:
                target = urljoin(current, response.headers["Location"])
                if not rules.allows(url, target):
                    host = urlsplit(target).hostname or target
                    return FetchFailed(
                        f"redirected to another host, {host}, which is not followed "
                        "(FORUMBOT_SOURCE_REDIRECT_HOSTS may allow it)"
                    )
                current = target
                continue
            return await _answer(response, current, max_bytes)
    return FetchFailed(f"more than {MAX_REDIRECTS} redirects")


async def _answer(response: aiohttp.ClientResponse, url: str, max_bytes: int) -> FetchResult:
    if response.status == 304:
        return NotModified()
    if response.status != 200:
        return FetchFailed(f"HTTP {response.status} {response.reason or ''}".strip())
    data = await _read_limited(response, max_bytes)
    if data is None:
        return FetchFailed(f"the answer is larger than {max_bytes / (1024 * 1024):g} MB")
    etag, modified = response.headers.get("ETag"), response.headers.get("Last-Modified")
    return Fetched(data, etag, modified, url)


async def _read_limited(response: aiohttp.ClientResponse, max_bytes: int) -> bytes | None:
    """The body, or None as soon as it grows past ``max_bytes`` (whatever the headers say)."""
    if (response.content_length or 0) > max_bytes:
        return None
    chunks, size = [], 0
    async for chunk in response.content.iter_chunked(_CHUNK):
        size += len(chunk)
        if size > max_bytes:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _reason(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    logger.info("Fetching the programme failed: %s", text)
    return f"cannot be fetched: {text}"
