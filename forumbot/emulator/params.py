"""Decoding Bot API call parameters from query string, JSON, urlencoded or multipart bodies."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

# PTB sends every non-string value JSON-encoded as a form field, so "123", "true" and
# '{"inline_keyboard": ...}' all arrive as strings.  Free-text fields must stay strings.
_TEXT_FIELDS = {
    "text",
    "document",
    "photo",
    "caption",
    "title",
    "address",
    "description",
    "short_description",
    "name",
    "query",
    "next_offset",
    "secret_token",
    "callback_query_id",
    "inline_query_id",
    "url",
    "parse_mode",
    "language_code",
    "action",
    "foursquare_id",
    "foursquare_type",
    "google_place_id",
    "google_place_type",
    "ip_address",
}
_INT_RE = re.compile(r"-?\d{1,19}")
_FLOAT_RE = re.compile(r"-?\d+\.\d*(?:[eE][-+]?\d+)?")


@dataclass
class Upload:
    """A file uploaded via multipart."""

    filename: str
    body: bytes
    content_type: str


def decode_value(key: str, value: Any) -> Any:
    """Turn a form/JSON value into the Python value Telegram would see."""
    if not isinstance(value, str) or key in _TEXT_FIELDS:
        return value
    if value in ("true", "false"):
        return value == "true"
    if _INT_RE.fullmatch(value):
        return int(value)
    if _FLOAT_RE.fullmatch(value):
        return float(value)
    if value[:1] in "{[":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def decode_params(
    query: dict[str, list[bytes]],
    form: dict[str, list[bytes]],
    files: dict[str, list[Upload]],
    body: bytes,
    content_type: str,
) -> dict[str, Any]:
    """Merge all parameter sources, later ones winning: query < body fields < files."""
    raw: dict[str, Any] = {k: v[-1].decode("utf-8") for k, v in query.items() if v}
    if content_type.startswith("application/json") and body.strip():
        loaded = json.loads(body)
        if not isinstance(loaded, dict):
            raise ValueError("JSON body must be an object")
        raw.update(loaded)
    raw.update({k: v[-1].decode("utf-8") for k, v in form.items() if v})
    params = {key: decode_value(key, value) for key, value in raw.items()}
    uploads = {name: items[-1] for name, items in files.items() if items}
    for key, value in list(params.items()):
        # InputFiles sent with attach=True are referenced as "attach://<part name>".
        if isinstance(value, str) and value.startswith("attach://"):
            part = uploads.get(value.removeprefix("attach://"))
            if part is not None:
                params[key] = part
    for name, upload in uploads.items():
        params.setdefault(name, upload)
    return params
