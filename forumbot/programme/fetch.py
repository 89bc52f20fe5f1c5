"""Fetching a programme file from a URL (a pretalx or frab export), politely.

A conditional GET with the validators of the last fetch (ETag, Last-Modified) makes an
unchanged programme cost one small request answered 304. Nothing here raises: the caller
gets the bytes, "not modified", or a failure with its reason in plain words.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import aiohttp

logger = logging.getLogger(__name__)

MAX_BYTES = 20 * 1024 * 1024  # a programme is kilobytes; a bigger answer is not one
TIMEOUT = aiohttp.ClientTimeout(total=60, connect=15, sock_read=30)
_CHUNK = 64 * 1024


@dataclass(frozen=True, slots=True)
class Fetched:
    """A new version of the file, with the validators to send next time."""

    data: bytes
    etag: str | None = None
    last_modified: str | None = None


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
    max_bytes: int = MAX_BYTES,
    timeout: aiohttp.ClientTimeout = TIMEOUT,
) -> FetchResult:
    """GET ``url``, conditionally when validators are given."""
    headers = {"Accept": "application/json, application/xml, text/yaml, */*;q=0.5"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        async with (
            aiohttp.ClientSession(timeout=timeout) as session,
            session.get(url, headers=headers, allow_redirects=True) as response,
        ):
            if response.status == 304:
                return NotModified()
            if response.status != 200:
                return FetchFailed(f"HTTP {response.status} {response.reason or ''}".strip())
            data = await _read_limited(response, max_bytes)
            if data is None:
                return FetchFailed(f"the answer is larger than {max_bytes // (1024 * 1024)} MB")
            return Fetched(
                data, response.headers.get("ETag"), response.headers.get("Last-Modified")
            )
    except TimeoutError:
        return FetchFailed("no answer in time")
    except (aiohttp.ClientError, OSError, ValueError) as exc:  # refused, reset, bad URL…
        return FetchFailed(_reason(exc))


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
