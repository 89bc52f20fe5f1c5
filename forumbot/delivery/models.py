"""Broadcasts as the core sees them: audience, content, status and the delivery report."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

# "everyone" and "language" leave out those who turned announcements off; "urgent" is everyone
# active, those included (an organiser's explicit, audited choice). "personal": the rows, each
# with its own text, are written when the broadcast is created (reminders, digests, change
# notices); its value names the purpose. "role": the people holding one role (issue 15, part
# 4), those who turned announcements off left out, as with "everyone". "channel": the forum's
# channel or group alone; any other audience may reach the channel too (``with_channel``).
KINDS_OF_AUDIENCE = ("everyone", "urgent", "topic", "language", "personal", "role", "channel")
_NO_VALUE = ("everyone", "urgent", "channel")
# The language column of the channel's delivery row: its text is Content.channel (the
# channel's languages stacked in one post), never one reader's variant.
CHANNEL_LANGUAGE = "channel"
OPERATIONS = ("send", "edit", "delete")
STATUSES = ("scheduled", "queued", "sending", "done", "cancelled", "missed")
MEDIA_TYPES = ("photo", "document")


@dataclass(frozen=True, slots=True)
class Audience:
    """Who gets a broadcast: everyone active (but those who turned announcements off, or
    urgently those too), a topic's subscribers, or one language."""

    kind: str = "everyone"
    value: str | None = None
    channel: bool = False  # the forum's channel gets it too

    def __post_init__(self) -> None:
        if self.kind not in KINDS_OF_AUDIENCE:
            raise ValueError(f"unknown audience {self.kind!r}")
        if (self.kind in _NO_VALUE) != (self.value is None):
            raise ValueError(f"audience {self.kind!r} with value {self.value!r}")

    @classmethod
    def everyone(cls) -> Audience:
        return cls("everyone")

    @classmethod
    def urgent(cls) -> Audience:
        return cls("urgent")

    @classmethod
    def topic(cls, name: str) -> Audience:
        return cls("topic", name)

    @classmethod
    def language(cls, code: str) -> Audience:
        return cls("language", code)

    @classmethod
    def role(cls, role_id: str) -> Audience:
        return cls("role", role_id)

    @classmethod
    def personal(cls, purpose: str) -> Audience:
        return cls("personal", purpose)

    @classmethod
    def channel_only(cls) -> Audience:
        return cls("channel", channel=True)

    def with_channel(self) -> Audience:
        return Audience(self.kind, self.value, channel=True)

    def to_json(self) -> str:
        data: dict[str, Any] = {"kind": self.kind, "value": self.value}
        if self.channel:
            data["channel"] = True
        return json.dumps(data)

    @classmethod
    def from_json(cls, raw: str) -> Audience:
        data = json.loads(raw)
        return cls(data["kind"], data.get("value"), bool(data.get("channel")))


@dataclass(frozen=True, slots=True)
class Content:
    """HTML text per language, optional media (the text is its caption) and a keyboard."""

    texts: dict[str, str] = field(default_factory=dict)
    default_language: str = "ky"
    media: dict[str, str] | None = None  # {"type": "photo", "file_id": ...} or "url"
    reply_markup: dict[str, Any] | None = None
    channel: str | None = None  # the channel's post: its languages stacked (channel_text)

    def __post_init__(self) -> None:
        if self.media is not None:
            if self.media.get("type") not in MEDIA_TYPES:
                raise ValueError(f"media type must be one of {MEDIA_TYPES}")
            if not (self.media.get("file_id") or self.media.get("url")):
                raise ValueError("media needs a file_id or a url")

    def text_for(self, language: str) -> str:
        """The variant in ``language``, else the default language's, else any; the
        channel's post for CHANNEL_LANGUAGE."""
        if language == CHANNEL_LANGUAGE and self.channel is not None:
            return self.channel
        if language in self.texts:
            return self.texts[language]
        if self.default_language in self.texts:
            return self.texts[self.default_language]
        return next(iter(self.texts.values()), "")

    def readers_changed(self, new: Content, languages: Iterable[str]) -> tuple[str, ...]:
        """The readers' ``languages`` who would see a different text in ``new``: those a
        correction has to edit."""
        return tuple(code for code in languages if self.text_for(code) != new.text_for(code))

    def media_source(self) -> str | None:
        """The file_id or URL of the media, if any."""
        if self.media is None:
            return None
        return self.media.get("file_id") or self.media.get("url")

    def to_json(self) -> str:
        return json.dumps(
            {
                "texts": self.texts,
                "default_language": self.default_language,
                "media": self.media,
                "reply_markup": self.reply_markup,
                **({"channel": self.channel} if self.channel is not None else {}),
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, raw: str) -> Content:
        data = json.loads(raw)
        return cls(
            texts=dict(data.get("texts") or {}),
            default_language=data.get("default_language") or "ky",
            media=data.get("media"),
            reply_markup=data.get("reply_markup"),
            channel=data.get("channel"),
        )

    def for_channel(self, languages: Sequence[str], limit: int) -> Content:
        """This content with the channel's post: the variants in ``languages`` (empty: the
        default language), each once, stacked in that order; only the first when together
        they pass Telegram's ``limit`` (UTF-16 units)."""
        codes = tuple(languages) or (self.default_language,)
        texts = list(dict.fromkeys(self.text_for(code) for code in codes))
        stacked = CHANNEL_SEPARATOR.join(texts)
        if len(stacked.encode("utf-16-le")) // 2 > limit:
            stacked = texts[0]
        return replace(self, channel=stacked)


CHANNEL_SEPARATOR = "\n\n· · ·\n\n"


@dataclass(frozen=True, slots=True)
class Broadcast:
    """One broadcast record; every time is an aware UTC datetime."""

    id: int
    kind: str
    operation: str
    parent_id: int | None
    audience: Audience
    content: Content
    status: str
    created_at: dt.datetime
    created_by: int | None = None
    scheduled_at: dt.datetime | None = None
    started_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None
    withdrawn: bool = False  # a withdrawal of it was queued (as read by get and list_recent)

    @property
    def active(self) -> bool:
        return self.status in ("scheduled", "queued", "sending")

    @property
    def languages(self) -> tuple[str, ...]:
        """The readers' languages a correction goes to (it changes only their variants);
        empty: every recipient of the parent."""
        if self.operation == "edit" and self.audience.kind == "language" and self.audience.value:
            return tuple(self.audience.value.split(","))
        return ()


@dataclass(frozen=True, slots=True)
class Delivery:
    """One recipient's row, as claimed by the sender (message_id: the target of edit/delete)."""

    broadcast_id: int
    chat_id: int
    language: str
    attempts: int
    message_id: int | None = None
    uncertain: bool = False
    personal: Personal | None = None  # this recipient's own text, for a personal broadcast


@dataclass(frozen=True, slots=True)
class Personal:
    """One recipient's own message: HTML text and an optional inline keyboard (as a dict);
    with a ``document`` (a small text file: {"name": …, "body": …}, e.g. an .ics) the text is
    its caption (at most 1024 characters), sent in one call."""

    chat_id: int
    language: str
    text: str
    reply_markup: dict[str, Any] | None = None
    document: dict[str, str] | None = None

    def to_json(self) -> str:
        data: dict[str, Any] = {"text": self.text, "reply_markup": self.reply_markup}
        if self.document is not None:
            data["document"] = self.document
        return json.dumps(data, ensure_ascii=False)

    @classmethod
    def from_row(cls, chat_id: int, language: str, raw: str) -> Personal:
        data = json.loads(raw)
        return cls(chat_id, language, data["text"], data.get("reply_markup"), data.get("document"))


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one claimed row: sent, failed, blocked, or pending (to send again);
    ``uncertain``: it may have been delivered without Telegram's answer reaching us."""

    broadcast_id: int
    chat_id: int
    status: str
    attempts: int
    message_id: int | None = None
    error: str | None = None
    uncertain: bool = False


@dataclass(frozen=True, slots=True)
class Report:
    """Delivery counts, each recipient in one of them. ``unknown``: finished rows whose send
    may have been done unseen (a time-out, a lost connection, a crash in flight), so the
    person may have it once, twice, or, if the last try failed, not at all; never in ``sent``.
    """

    broadcast_id: int
    total: int = 0
    pending: int = 0
    inflight: int = 0
    sent: int = 0
    failed: int = 0
    blocked: int = 0
    cancelled: int = 0
    unknown: int = 0
    duration: dt.timedelta | None = None

    @property
    def remaining(self) -> int:
        return self.pending + self.inflight
