"""Sessions' links from imported schedules (pretalx and frab ``links`` and ``attachments``):
their kind told by the format's type or title, relative addresses resolved against the
file's base URL, and only HTTPS kept (the rest is reported, grouped, without refusing)."""

from __future__ import annotations

import re
from urllib.parse import urljoin

from forumbot.models import Link
from forumbot.programme.errors import Msg, Problem, msg
from forumbot.programme.interchange import RawEvent, RawLink

# The one pattern of an acceptable address (forum.schema.json's $defs.https says the same).
HTTPS_PATTERN = r"^https://[^\s/?#@]+(?:[/?#]\S*)?$"
HTTPS = re.compile(HTTPS_PATTERN)
_SLIDES = re.compile(r"slide|folien|präsentation|presentation|слайд|презентац", re.IGNORECASE)
_RECORDING = re.compile(r"video|recording|запис|media\.ccc\.de|youtu", re.IGNORECASE)


def is_https(url: str) -> bool:
    return HTTPS.match(url) is not None and len(url) <= 1000


def kind_of(raw: RawLink) -> str:
    """slides (by type or title), recording (media, a video), else other."""
    kind = (raw.type or "").strip().lower()
    if kind == "slides":
        return "slides"
    if kind == "media":
        return "recording"
    words = f"{raw.title or ''} {raw.url}"
    if _SLIDES.search(words):
        return "slides"
    if not raw.attachment and _RECORDING.search(words):
        return "recording"
    return "other"


def event_links(event: RawEvent, base_url: str | None, skipped: list[Msg]) -> tuple[Link, ...]:
    """The event's HTTPS links; each one left out is added to ``skipped`` (its place)."""
    found: list[Link] = []
    for raw in event.links:
        url = urljoin(base_url, raw.url) if base_url else raw.url
        if not is_https(url):
            skipped.append(event.place(f"links: {raw.url!r}"))
            continue
        link = Link(kind_of(raw), url, raw.title)
        if all(x.url != link.url for x in found):
            found.append(link)
    return tuple(found)


def skipped_warning(skipped: list[Msg]) -> Problem | None:
    """One warning for every link left out, with the first as an example."""
    if not skipped:
        return None
    return Problem(None, "links", msg("links_skipped", count=len(skipped), example=skipped[0]))
