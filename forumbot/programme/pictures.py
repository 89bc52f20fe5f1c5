"""Pictures a programme file may give (a speaker's photo, a venue map, a hall plan): an
https:// URL, which Telegram fetches itself, or a Telegram file id. Never a local path: a
file someone uploaded must not make the bot read its disk (or send it)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from forumbot.programme.errors import Msg, msg

# Telegram's file ids are long base64url strings (a path has dots, slashes or colons).
_FILE_ID = re.compile(r"[A-Za-z0-9_-]{20,200}")


def picture_problem(value: object) -> Msg | None:
    """Why ``value`` cannot be a picture, or None when it can."""
    if not isinstance(value, str):
        return msg("picture_not_text")
    if _FILE_ID.fullmatch(value):
        return None
    parts = urlsplit(value)
    if parts.scheme == "https" and parts.netloc and not any(c.isspace() for c in value):
        return None
    if parts.scheme in ("", "file") or len(parts.scheme) == 1:
        return msg("picture_local", value=repr(value))
    return msg("picture_scheme", value=repr(value), scheme=parts.scheme)


def is_picture(value: object) -> bool:
    return picture_problem(value) is None
