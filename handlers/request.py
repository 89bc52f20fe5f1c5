"""PTB's request layer over aiohttp: the bot's replies and getUpdates, at a fraction of the
CPU httpx spends per call (measured with bench/update_cost.py: the HTTP layer was over half of
every update's cost). The delivery engine's sender uses aiohttp already.

Timeouts keep PTB's meaning: ``connect`` to reach the server, ``read`` between bytes of the
answer, ``pool`` to wait for a free connection, ``write`` to send the request; a call passed
DEFAULT_NONE uses the default given here. aiohttp has no write time-out of its own, so the
call as a whole is bounded by the sum of the four (uploads: with ``media_write_timeout``).
"""

from __future__ import annotations

import json
import re
from typing import Any

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

_JSON = {"Content-Type": "application/json"}
_TOKEN = re.compile(r"bot\d+:[A-Za-z0-9_-]+")  # in a URL an error may quote


def _chosen(value: ODVInput[float], default: float | None) -> float | None:
    return default if isinstance(value, DefaultValue) else value


class AiohttpRequest(BaseRequest):
    """One aiohttp session with a bounded connection pool, opened by ``initialize``."""

    def __init__(
        self,
        connection_pool_size: int = 256,
        read_timeout: float | None = 5.0,
        write_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
        media_write_timeout: float | None = 20.0,
    ) -> None:
        self._pool_size = connection_pool_size
        self._defaults = (read_timeout, write_timeout, connect_timeout, pool_timeout)
        self._media_write_timeout = media_write_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._defaults[0]

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._pool_size),
                headers={"User-Agent": self.USER_AGENT},
            )

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """One call: JSON body (multipart with files); time-outs raise TimedOut, other
        failures NetworkError, as PTB's own request layer does."""
        if self._session is None or self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        files = request_data.multipart_data if request_data else None
        read, write, connect, pool = self._defaults
        if files:
            write = self._media_write_timeout
        timeout = _timeout(
            _chosen(read_timeout, read),
            _chosen(write_timeout, write),
            _chosen(connect_timeout, connect),
            _chosen(pool_timeout, pool),
        )
        try:
            async with self._session.request(
                method, url, timeout=timeout, **_body(request_data, files)
            ) as response:
                return response.status, await response.read()
        except TimeoutError as err:  # aiohttp's ServerTimeoutError is one too
            raise TimedOut from err
        except aiohttp.ClientError as err:
            text = _TOKEN.sub("bot<token>", str(err))
            raise NetworkError(f"aiohttp.{err.__class__.__name__}: {text}") from err


def _timeout(
    read: float | None, write: float | None, connect: float | None, pool: float | None
) -> aiohttp.ClientTimeout:
    phases = (read, write, connect, pool)
    total = None if None in phases else sum(p for p in phases if p is not None)
    acquire = None if connect is None or pool is None else connect + pool
    return aiohttp.ClientTimeout(
        total=total, connect=acquire, sock_connect=connect, sock_read=read
    )


def _body(request_data: RequestData | None, files: dict | None) -> dict[str, Any]:
    """aiohttp's keyword arguments for the request's parameters."""
    if request_data is None:
        return {}
    if not files:
        payload = json.dumps(request_data.parameters, ensure_ascii=False).encode()
        return {"data": payload, "headers": _JSON}
    form = aiohttp.FormData()
    for name, value in request_data.json_parameters.items():
        form.add_field(name, value)
    for name, (filename, content, mimetype) in files.items():
        form.add_field(name, content, filename=filename, content_type=mimetype)
    return {"data": form}
