"""The frab/pentabarf ``schedule.xml`` (today's frab export and older pentabarf) into a raw
schedule.

Parsed with defusedxml and no DTD allowed: schedules never need one, and a DTD is how
entity bombs ("billion laughs") and external entities get in. Both dialects are read: events
inside ``<room>`` wrappers with guids and ISO dates, or directly under ``<day>`` with local
"HH:MM" times and no zone (older pentabarf, e.g. FOSDEM 2010).
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from forumbot.programme.depth import MAX_DEPTH, nested_message
from forumbot.programme.errors import Problem, ProgrammeError, msg, refusal
from forumbot.programme.interchange import RawEvent, RawLink, RawPerson, RawSchedule


class _TooDeep(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


class _LineBuilder(ET.TreeBuilder):
    """A tree builder that remembers the line each element starts on, and stops at an
    element nested deeper than MAX_DEPTH."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[int, int] = {}
        self.parser: Any = None
        self.depth = 0

    def start(self, tag: Any, attrs: Any) -> ET.Element:
        line = self.parser.parser.CurrentLineNumber
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _TooDeep(line)
        element = super().start(tag, attrs)
        self.lines[id(element)] = line
        return element

    def end(self, tag: Any) -> ET.Element:
        self.depth -= 1
        return super().end(tag)


def parse_xml(data: bytes, source: str) -> tuple[ET.Element, dict[int, int]]:
    """The root element and each element's line; ProgrammeError if the XML is refused."""
    builder = _LineBuilder()
    parser = DefusedXMLParser(target=builder, forbid_dtd=True)
    builder.parser = parser
    try:
        parser.feed(data)
        root = parser.close()
    except ET.ParseError as exc:
        line, column = exc.position
        message = str(exc).split(":")[0]
        raise refusal(source, "bad_xml", line, detail=message, column=column + 1) from None
    except _TooDeep as exc:
        raise ProgrammeError(source, [Problem(exc.line, "", nested_message())]) from None
    except DefusedXmlException as exc:
        raise refusal(source, "xml_dtd", detail=type(exc).__name__) from None
    return root, builder.lines


def read_xml(data: bytes, source: str) -> RawSchedule:
    root, lines = parse_xml(data, source)
    conf = root.find("conference")
    if root.tag != "schedule" or conf is None:
        tags = {"root": f"<{root.tag}>", "schedule": "<schedule>", "conference": "<conference>"}
        raise refusal(source, "xml_root", lines.get(id(root)), **tags)
    generator = root.find("generator")
    pretalx = generator is not None and "pretalx" in generator.get("name", "").lower()
    raw = RawSchedule(
        acronym=_child(conf, "acronym") or "",
        title=_child(conf, "title") or "",
        markup="markdown" if pretalx else "html",
        city=_child(conf, "city"),
        zone_name=_child(conf, "time_zone_name"),
        day_change=_child(conf, "day_change"),
        base_url=_child(conf, "base_url"),
        url=_child(conf, "url") or _child(root, "url"),
        bios=_bios(root),
    )
    problems: list[Problem] = []
    for day in root.iter("day"):
        line = lines.get(id(day))
        try:
            date = dt.date.fromisoformat(day.get("date", ""))
        except ValueError:
            problems.append(
                Problem(line, "day.date", msg("not_date", value=repr(day.get("date"))))
            )
            continue
        raw.days.append((date, line))
        for wrapper in [day, *day.findall("room")]:
            raw.rooms += [wrapper.get("name", "")] if wrapper is not day else []
            raw.events += [
                _event(e, date, wrapper.get("name", ""), lines) for e in wrapper.findall("event")
            ]
    if problems:
        raise ProgrammeError(source, problems)
    return raw


def _child(element: ET.Element, tag: str) -> str | None:
    text = element.findtext(tag)
    return text.strip() if text and text.strip() else None


def _event(e: ET.Element, day: dt.date, room: str, lines: dict[int, int]) -> RawEvent:
    end = _child(e, "end")
    return RawEvent(
        line=lines.get(id(e)),
        day=day,
        guid=e.get("guid"),
        number=e.get("id"),
        title=e.findtext("title") or "",
        room=_child(e, "room") or room,
        date=_child(e, "date"),
        start=_child(e, "start"),
        duration=_child(e, "duration"),
        end=end if end and "T" in end else None,  # older files have an empty or local <end>
        subtitle=_child(e, "subtitle"),
        track=_child(e, "track"),
        language=_child(e, "language"),
        type=_child(e, "type"),
        abstract=_child(e, "abstract"),
        description=_child(e, "description"),
        persons=[RawPerson(p.get("guid") or p.get("id"), p.text or "") for p in e.iter("person")],
        links=_refs(e, "links/link", False) + _refs(e, "attachments/attachment", True),
    )


def _refs(e: ET.Element, path: str, attachment: bool) -> list[RawLink]:
    """``<links><link href type>title</link>`` and ``<attachments><attachment …>``."""
    found = []
    for ref in e.findall(path):
        href = (ref.get("href") or "").strip()
        if href:
            title = (ref.text or "").strip() or None
            found.append(RawLink(href, title, ref.get("type"), attachment))
    return found


def _bios(root: ET.Element) -> dict[str, str]:
    """Newer FOSDEM files list persons once, at the top, with their biographies."""
    bios: dict[str, str] = {}
    for person in root.findall("persons/person"):
        bio = _child(person, "biography") or _child(person, "abstract")
        for key in (person.get("guid"), person.get("id")):
            if key and bio:
                bios[key] = bio
    return bios
