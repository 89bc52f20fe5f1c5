"""One way in for every programme file: the bot's YAML, schedule.json or schedule.xml.

The format is told by the content (a schedule.xml starts with "<", a schedule.json is a JSON
object with a "schedule"), the extension only deciding which error a broken file gets.
"""

from __future__ import annotations

import json
from pathlib import Path

from forumbot.programme.c3voc_json import looks_like, read_json
from forumbot.programme.depth import check_depth, too_deep
from forumbot.programme.errors import ProgrammeError, refusal, too_big
from forumbot.programme.frab_xml import read_xml
from forumbot.programme.interchange import LoadResult
from forumbot.programme.loader import read_programme
from forumbot.programme.schedule import build_schedule


def load_any(
    path: Path | str, *, zone: str | None = None, max_bytes: int | None = None
) -> LoadResult:
    """Read, detect, validate and build the programme file at ``path``; ``zone`` (an IANA
    name) reads the local times of a file that names no zone. Raises ProgrammeError, also
    when the file is larger than ``max_bytes``."""
    path = Path(path)
    try:
        with path.open("rb") as file:
            data = file.read() if max_bytes is None else file.read(max_bytes + 1)
    except OSError as exc:
        raise refusal(str(path), "unreadable", detail=str(exc)) from None
    if max_bytes is not None and len(data) > max_bytes:
        raise too_big(str(path), max_bytes)
    return parse_any(data, str(path), zone=zone)


def detect(data: bytes, source: str = "") -> str:
    """ "xml", "json" or "yaml"."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    suffix = Path(source).suffix.lower()
    if head.startswith(b"<") or (suffix == ".xml" and not head.startswith(b"{")):
        return "xml"
    if head.startswith((b"{", b"[")) or suffix == ".json":
        return "json"
    return "yaml"


def parse_any(data: bytes, source: str = "<programme>", *, zone: str | None = None) -> LoadResult:
    kind = detect(data, source)
    if kind == "xml":
        return build_schedule(read_xml(data, source), source, zone)
    text = _decode(data, source)
    if kind == "json":
        try:
            parsed = json.loads(text)
            check_depth(parsed, source)
        except RecursionError:
            raise ProgrammeError(source, [too_deep(text)]) from None
        except json.JSONDecodeError as exc:
            if Path(source).suffix.lower() == ".json":
                bad = refusal(source, "bad_json", exc.lineno, detail=exc.msg, column=exc.colno)
                raise bad from None
        else:
            if looks_like(parsed):
                return build_schedule(read_json(parsed, source), source, zone)
            if Path(source).suffix.lower() == ".json":
                raise refusal(source, "json_not_schedule", 1)
    return read_programme(text, source)


def _decode(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise refusal(source, "not_utf8", byte=exc.start) from None
