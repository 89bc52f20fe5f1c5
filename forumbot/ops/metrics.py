"""Counters and gauges in the Prometheus text format (version 0.0.4), without a client library.

The bot counts what it does (updates handled, messages sent, 429s); the outbox gauges are
read from the store when scraped. Everything runs on the one event loop: no locks.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from forumbot.delivery.botapi import BotApi, SendResult

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
# Bot API methods that put a new message in a chat.
SENDING = frozenset(
    {"sendmessage", "sendphoto", "senddocument", "sendvideo", "sendanimation", "sendaudio",
     "sendvoice", "sendsticker", "sendlocation", "sendpoll", "copymessage", "forwardmessage"}
)  # fmt: skip


class Counter:
    """A monotonically increasing count, by label values."""

    kind = "counter"

    def __init__(self, name: str, help_text: str, label: str | None = None) -> None:
        self.name, self.help, self.label = name, help_text, label
        self.values: dict[str, float] = {}

    def inc(self, label_value: str = "", amount: float = 1) -> None:
        self.values[label_value] = self.values.get(label_value, 0) + amount

    def get(self, label_value: str = "") -> float:
        return self.values.get(label_value, 0)

    def lines(self) -> list[str]:
        head = [f"# HELP {self.name} {self.help}", f"# TYPE {self.name} {self.kind}"]
        return head + [
            f"{self.name}{_labels(self.label, value)} {_number(n)}"
            for value, n in sorted(self.values.items())
        ]


class Gauge(Counter):
    """A value that goes up and down; set when scraped."""

    kind = "gauge"

    def set(self, value: float, label_value: str = "") -> None:
        self.values[label_value] = value


class Metrics:
    """The bot's metrics; one instance per process, shared by the handlers and the server."""

    def __init__(self) -> None:
        self.updates = Counter(
            "forumbot_updates_total", "Telegram updates received by the handlers.", "type"
        )
        self.sent = Counter(
            "forumbot_messages_sent_total",
            "Messages the bot sent: by the delivery engine (broadcast) or as replies.",
            "path",
        )
        self.retry_after = Counter(
            "forumbot_telegram_429_total", "429 Too Many Requests answers from Telegram.", "path"
        )
        for path in ("broadcast", "reply"):  # present from the start, so rates work at once
            self.sent.inc(path, 0)
            self.retry_after.inc(path, 0)
        self.store_up = Gauge("forumbot_store_up", "1 if the store answers a query, else 0.")
        self.outbox_depth = Gauge(
            "forumbot_outbox_pending_deliveries",
            "Deliveries of broadcasts being sent that are not sent yet.",
        )
        self.broadcasts = Gauge(
            "forumbot_outbox_broadcasts", "Broadcasts being sent, or scheduled.", "status"
        )

    def observe_call(self, path: str, method: str, status: int) -> None:
        """One Bot API answer: a message sent (2xx to a sending method), or a 429."""
        if status == 429:
            self.retry_after.inc(path)
        elif 200 <= status < 300 and method.lower() in SENDING:
            self.sent.inc(path)

    def count_deliveries(self, api: BotApi) -> None:
        """Count what the delivery engine's client sends: its ``call`` is wrapped in place,
        since the service builds the client itself (one hook there would do it better)."""
        call: Callable[[str, Any], Awaitable[SendResult]] = api.call

        async def counted(method: str, params: Any) -> SendResult:
            result = await call(method, params)
            status = 200 if result.ok else (result.error_code or 0)
            self.observe_call("broadcast", method, status)
            return result

        api.call = counted  # type: ignore[method-assign]

    def render(self) -> str:
        """Every metric in the Prometheus text format."""
        metrics: Iterable[Counter] = (
            self.updates, self.sent, self.retry_after, self.store_up, self.outbox_depth,
            self.broadcasts,
        )  # fmt: skip
        return "\n".join(line for m in metrics for line in m.lines()) + "\n"


def _labels(label: str | None, value: str) -> str:
    if label is None:
        return ""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'{{{label}="{escaped}"}}'


def _number(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else repr(n)
