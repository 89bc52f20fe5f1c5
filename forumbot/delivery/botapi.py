"""A lean Bot API client over aiohttp for bulk sends: JSON in, a small result out.

Network errors and time-outs become results, never exceptions. A failure to connect is
certain not to have reached Telegram; any other (a time-out, a connection lost once the
request could have been written) may hide a call Telegram did: ``maybe_done``. The token is
part of every URL, so no URL and no exception text that might hold one reaches a log or a
result.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

import aiohttp

logger = logging.getLogger(__name__)

NETWORK = "network"
# Failures before a connection was made: the request never left, so it cannot have been done.
_NOT_SENT = (aiohttp.ClientConnectorError, aiohttp.ConnectionTimeoutError, aiohttp.InvalidURL)


@dataclass(frozen=True, slots=True)
class SendResult:
    """One call's answer: ok with a message id, or an error (error_code None: network;
    ``maybe_done``: no answer, but Telegram may have done the call)."""

    ok: bool
    message_id: int | None = None
    error_code: int | None = None
    description: str | None = None
    retry_after: float | None = None
    maybe_done: bool = False
    result: Any = None  # Telegram's "result", for the calls that read one (getChat …)

    @property
    def network(self) -> bool:
        return not self.ok and self.error_code is None


class BotApi:
    """One ClientSession with a bounded connection pool; open() before use, close() after."""

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        paid_broadcasts: bool = False,
        connections: int = 100,
        timeout: float = 10.0,
    ) -> None:
        self._root = f"{base_url}{token}/"
        self._token = token
        self._paid = paid_broadcasts
        self._connections = connections
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._session: aiohttp.ClientSession | None = None

    async def open(self) -> None:
        if self._session is None:
            connector = aiohttp.TCPConnector(limit=self._connections)
            self._session = aiohttp.ClientSession(
                connector=connector,
                timeout=self._timeout,
                json_serialize=lambda o: json.dumps(o, ensure_ascii=False),
            )

    async def close(self) -> None:
        if self._session is not None:
            session, self._session = self._session, None
            await session.close()

    async def __aenter__(self) -> BotApi:
        await self.open()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def send_message(
        self, chat_id: int, html: str, reply_markup: dict | None = None, *, paid: bool = True
    ) -> SendResult:
        """sendMessage with HTML, no link preview (``paid``: a broadcast's, may be paid)."""
        params = self._sending(chat_id, reply_markup, paid)
        params.update(text=html, link_preview_options={"is_disabled": True})
        return await self.call("sendMessage", params)

    async def send_photo(
        self, chat_id: int, photo: str, caption: str, reply_markup: dict | None = None,
        *, paid: bool = True,
    ) -> SendResult:  # fmt: skip
        """sendPhoto by file_id or URL, the HTML text as caption."""
        params = self._sending(chat_id, reply_markup, paid)
        params.update(photo=photo, caption=caption)
        return await self.call("sendPhoto", params)

    async def send_document(
        self, chat_id: int, document: str, caption: str, reply_markup: dict | None = None,
        *, paid: bool = True,
    ) -> SendResult:  # fmt: skip
        """sendDocument by file_id or URL, the HTML text as caption."""
        params = self._sending(chat_id, reply_markup, paid)
        params.update(document=document, caption=caption)
        return await self.call("sendDocument", params)

    async def send_file(
        self, chat_id: int, name: str, body: str, caption: str, reply_markup: dict | None = None
    ) -> SendResult:
        """sendDocument with a small text file uploaded (multipart), the HTML text as
        caption."""
        params = self._sending(chat_id, reply_markup, True)
        params["caption"] = caption
        form = aiohttp.FormData()
        for key, value in params.items():
            form.add_field(key, value if isinstance(value, str) else json.dumps(value))
        form.add_field("document", body.encode("utf-8"), filename=name)
        return await self.call("sendDocument", form)

    async def edit_message_text(
        self, chat_id: int, message_id: int, html: str, reply_markup: dict | None = None
    ) -> SendResult:
        """editMessageText with HTML, no link preview."""
        params = _with_markup(
            {"chat_id": chat_id, "message_id": message_id, "text": html, "parse_mode": "HTML"},
            reply_markup,
        )
        params["link_preview_options"] = {"is_disabled": True}
        return await self.call("editMessageText", params)

    async def edit_message_caption(
        self, chat_id: int, message_id: int, caption: str, reply_markup: dict | None = None
    ) -> SendResult:
        """editMessageCaption with HTML."""
        params = {"chat_id": chat_id, "message_id": message_id, "caption": caption}
        params["parse_mode"] = "HTML"
        return await self.call("editMessageCaption", _with_markup(params, reply_markup))

    async def delete_message(self, chat_id: int, message_id: int) -> SendResult:
        """deleteMessage."""
        return await self.call("deleteMessage", {"chat_id": chat_id, "message_id": message_id})

    async def call(self, method: str, params: dict[str, Any] | aiohttp.FormData) -> SendResult:
        """POST one method (JSON, or a form with a file); every failure becomes a
        SendResult."""
        if self._session is None:
            raise RuntimeError("BotApi.open() was not called")
        sent: dict[str, Any] = (
            {"data": params} if isinstance(params, aiohttp.FormData) else {"json": params}
        )
        try:
            async with self._session.post(self._root + method, **sent) as response:
                body = await response.read()
                status = response.status
        except _NOT_SENT as exc:
            return self._lost(method, exc, maybe_done=False)
        except (aiohttp.ClientError, TimeoutError) as exc:
            return self._lost(method, exc, maybe_done=True)
        return _parse(status, body)

    def _lost(self, method: str, exc: Exception, maybe_done: bool) -> SendResult:
        description = self._redact(f"{type(exc).__name__}: {exc}".rstrip(": "))
        logger.debug("%s: %s", method, description)
        return SendResult(ok=False, description=description, maybe_done=maybe_done)

    def _sending(self, chat_id: int, reply_markup: dict | None, paid: bool) -> dict[str, Any]:
        params: dict[str, Any] = {"chat_id": chat_id, "parse_mode": "HTML"}
        if self._paid and paid:  # a preview or test to one organiser is never paid for
            params["allow_paid_broadcast"] = True
        return _with_markup(params, reply_markup)

    def _redact(self, text: str) -> str:
        return text.replace(self._token, "<token>") if self._token else text


def _with_markup(params: dict[str, Any], reply_markup: dict | None) -> dict[str, Any]:
    if reply_markup is not None:
        params["reply_markup"] = reply_markup
    return params


def _parse(status: int, body: bytes) -> SendResult:
    """Telegram's JSON answer, or the HTTP status when the body is not JSON."""
    try:
        data = json.loads(body)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        return SendResult(ok=False, error_code=status, description=f"HTTP {status}")
    if data.get("ok"):
        result = data.get("result")
        message_id = result.get("message_id") if isinstance(result, dict) else None
        return SendResult(ok=True, message_id=message_id, result=result)
    retry_after = (data.get("parameters") or {}).get("retry_after")
    return SendResult(
        ok=False,
        error_code=int(data.get("error_code") or status),
        description=str(data.get("description") or f"HTTP {status}"),
        retry_after=float(retry_after) if retry_after is not None else None,
    )
