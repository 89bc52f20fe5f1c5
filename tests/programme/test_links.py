"""Sessions' and halls' links: from the YAML (HTTPS only, refused with file and place),
from pretalx/frab schedule.json ``links`` and ``attachments`` and from schedule.xml
``<links>``; and exported back."""

from __future__ import annotations

import json

import pytest

from forumbot.models import Link
from forumbot.programme import ProgrammeError, parse_any, parse_programme
from forumbot.programme.export import export_yaml
from tests.helpers import REPO, edit

SOURCE = "mini.yaml"
LINKS = """    moderators: [usupbekova]
    links:
      stream: https://stream.example.org/rt1
      slides: https://files.example.org/rt1.pdf
      other: [https://example.org/a, https://example.org/b]
"""


def with_links(mini_text: str, links: str = LINKS) -> str:
    text = edit(mini_text, "    moderators: [usupbekova]\n", links)
    return edit(
        text,
        '    name: {ky: "Чоң зал", ru: "Большой зал", en: "Main hall"}\n',
        '    name: {ky: "Чоң зал", ru: "Большой зал", en: "Main hall"}\n'
        "    stream: https://stream.example.org/main\n",
    )


def test_yaml_links_and_hall_stream_are_read(mini_text: str) -> None:
    programme = parse_programme(with_links(mini_text), SOURCE)
    rt1 = next(s for s in programme.sessions if s.id == "rt1")
    assert rt1.links == (
        Link("stream", "https://stream.example.org/rt1"),
        Link("slides", "https://files.example.org/rt1.pdf"),
        Link("other", "https://example.org/a"),
        Link("other", "https://example.org/b"),
    )
    assert programme.rooms[0].stream == "https://stream.example.org/main"


@pytest.mark.parametrize(
    "url", ["http://files.example.org/rt1.pdf", "javascript:alert(1)", "https://", "ftp://x.org"]
)
def test_a_link_that_is_not_https_is_refused_naming_file_line_and_place(
    mini_text: str, url: str
) -> None:
    text = with_links(mini_text, LINKS.replace("https://files.example.org/rt1.pdf", url))
    with pytest.raises(ProgrammeError) as info:
        parse_programme(text, SOURCE)
    message = str(info.value)
    assert "mini.yaml" in message and "sessions[1].links.slides" in message
    assert "must be an HTTPS address" in message
    [problem] = info.value.problems
    assert problem.line == text.splitlines().index(f"      slides: {url}") + 1


def test_an_unknown_link_kind_and_a_plain_http_hall_stream_are_refused(mini_text: str) -> None:
    text = with_links(mini_text, LINKS + "      video: https://example.org/v\n")
    text = text.replace("stream: https://stream.example.org/main", "stream: http://x.org/s")
    with pytest.raises(ProgrammeError) as info:
        parse_programme(text, SOURCE)
    fields = {p.field for p in info.value.problems}
    assert fields == {"sessions[1].links.video", "rooms[0].stream"}


def test_export_keeps_links_and_reimports_the_same(mini_text: str) -> None:
    programme = parse_programme(with_links(mini_text), SOURCE)
    again = parse_programme(export_yaml(programme), "export.yaml")
    assert [s.links for s in again.sessions] == [s.links for s in programme.sessions]
    assert again.rooms == programme.rooms


def _pretalx_with(links: list, attachments: list) -> bytes:
    path = REPO / "tests" / "fixtures" / "formats" / "pretalx-democon.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    event = next(iter(data["schedule"]["conference"]["days"][0]["rooms"].values()))[0]
    event["links"], event["attachments"] = links, attachments
    return json.dumps(data).encode()


def test_pretalx_links_and_attachments_keep_https_and_tell_their_kind() -> None:
    data = _pretalx_with(
        [
            {"url": "https://media.example.org/v.mp4", "title": "Video", "type": "media"},
            {"url": "https://example.org/project", "title": "Project"},
            {"url": "http://insecure.example.org", "title": "Old site"},
        ],
        [{"url": "https://pretalx.example.org/media/talk.pdf", "title": "Slides"}],
    )
    result = parse_any(data, "democon.json")
    [session] = [s for s in result.programme.sessions if s.links]
    assert session.links == (
        Link("recording", "https://media.example.org/v.mp4", "Video"),
        Link("other", "https://example.org/project", "Project"),
        Link("slides", "https://pretalx.example.org/media/talk.pdf", "Slides"),
    )
    [warning] = [w for w in result.warnings if w.field == "links"]
    assert "1 link left out" in warning.message and "insecure.example.org" in warning.message


def test_frab_json_relative_attachments_are_resolved_against_its_base_url() -> None:
    path = REPO / "tests" / "fixtures" / "formats" / "frab-camp2019.json"
    sessions = parse_any(path.read_bytes(), str(path)).programme.sessions
    attached = [x.url for s in sessions for x in s.links if "/system/event_attachments/" in x.url]
    assert attached and all(u.startswith("https://fahrplan.events.ccc.de/") for u in attached)


XML = """<?xml version="1.0" encoding="UTF-8"?>
<schedule>
  <conference><title>Camp</title><acronym>camp</acronym>
    <time_zone_name>Europe/Berlin</time_zone_name></conference>
  <day index="1" date="2024-07-01">
    <room name="Stage">
      <event guid="11111111-2222-3333-4444-555555555555" id="1">
        <date>2024-07-01T12:00:00+02:00</date><start>12:00</start><duration>01:00</duration>
        <room>Stage</room><title>Talk</title><type>talk</type><language>en</language>
        <links>
          <link href="https://example.org/live" type="related">Website</link>
          <link href="https://cdn.example.org/talk.mp4">Recording</link>
          <link href="http://example.org/old">Old</link>
        </links>
        <attachments>
          <attachment href="https://example.org/deck.pdf" type="slides">Deck</attachment>
        </attachments>
      </event>
    </room>
  </day>
</schedule>
"""


def test_frab_xml_links_and_attachments() -> None:
    result = parse_any(XML.encode(), "camp.xml")
    [session] = result.programme.sessions
    assert session.links == (
        Link("other", "https://example.org/live", "Website"),
        Link("recording", "https://cdn.example.org/talk.mp4", "Recording"),
        Link("slides", "https://example.org/deck.pdf", "Deck"),
    )
    assert any(w.field == "links" for w in result.warnings)
