"""Pictures in a programme file (issue 13, part 6): a speaker's photo and a venue or hall
map as https:// URLs or Telegram file ids; a local path is refused naming file and line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from forumbot.programme import ProgrammeError, parse_programme
from forumbot.programme.export import export_yaml
from forumbot.programme.formats import parse_any
from forumbot.programme.pictures import picture_problem
from tests.helpers import BUNDLED, edit

FILE_ID = "AgACAgIAAxkBAAIBY2Vx1n0AAd9kQ0FSWm9vUXpsAAJ4zzEbPqtJS_example"
PHOTO = "https://example.org/people/sharshenova.jpg"
PRETALX = Path(__file__).resolve().parents[1] / "fixtures" / "formats" / "pretalx-democon.json"


def with_photo(text: str, value: str) -> str:
    return edit(text, "  - id: sharshenova\n", f'  - id: sharshenova\n    photo: "{value}"\n')


@pytest.mark.parametrize("value", [PHOTO, FILE_ID])
def test_an_https_url_or_a_file_id_is_a_photo(mini_text: str, value: str) -> None:
    programme = parse_programme(with_photo(mini_text, value), "mini.yaml")
    [person] = [p for p in programme.speakers if p.id == "sharshenova"]
    assert person.photo == value
    again = parse_programme(export_yaml(programme), "export.yaml")  # the export keeps it
    assert [p.photo for p in again.speakers if p.id == "sharshenova"] == [value]


@pytest.mark.parametrize(
    "value",
    ["photos/sharshenova.jpg", "/etc/passwd", "C:\\\\photos\\\\a.jpg", "file:///etc/passwd",
     "http://example.org/a.jpg", "../a.png"],
)  # fmt: skip
def test_a_local_path_is_refused_naming_file_and_line(mini_text: str, value: str) -> None:
    text = with_photo(mini_text, value)
    with pytest.raises(ProgrammeError) as refused:
        parse_programme(text, "mini.yaml")
    [problem] = refused.value.problems
    line = text.splitlines().index(f'    photo: "{value}"') + 1
    assert problem.line == line and problem.field == "speakers[1].photo"
    assert "https:// URL or a Telegram file id" in problem.message
    assert refused.value.report().startswith(f"mini.yaml:{line}: speakers[1].photo:")


def test_a_venue_map_and_a_page_image(mini_text: str) -> None:
    text = BUNDLED.read_text(encoding="utf-8")
    assert "image:" not in text and "photo:" not in text  # the bundled forum has none
    info = (
        "info:\n  venue:\n    name: {ky: З, ru: З, en: V}\n    address: {ky: А, ru: А, en: A}\n"
        f'    latitude: 42.6\n    longitude: 77.1\n    image: "{FILE_ID}"\n'
        "  pages:\n    - id: halls\n      title: {ky: З, ru: З, en: Halls}\n"
        '      body: {ky: Т, ru: Т, en: T}\n      image: "./plan.png"\n'
    )
    with pytest.raises(ProgrammeError) as refused:
        parse_programme(mini_text + info, "mini.yaml")
    [problem] = refused.value.problems
    assert (
        problem.field == "info.pages[0].image"
        and "'./plan.png' is a local path" in problem.message
    )
    good = parse_programme(mini_text + info.replace("./plan.png", PHOTO), "mini.yaml")
    assert good.info is not None and good.info.venue is not None
    assert (good.info.venue.image, good.info.pages[0].image) == (FILE_ID, PHOTO)


def test_a_pretalx_avatar_is_the_photo_and_a_local_one_is_refused() -> None:
    data = json.loads(PRETALX.read_text(encoding="utf-8"))
    rooms = data["schedule"]["conference"]["days"][0]["rooms"]
    person = next(iter(rooms.values()))[0]["persons"][0]
    person["avatar"] = PHOTO
    loaded = parse_any(json.dumps(data).encode(), "democon.json", zone="Europe/Berlin")
    assert PHOTO in [p.photo for p in loaded.programme.speakers]
    person["avatar"] = "/media/avatars/brian.png"
    with pytest.raises(ProgrammeError) as refused:
        parse_any(json.dumps(data).encode(), "democon.json", zone="Europe/Berlin")
    assert "avatar: '/media/avatars/brian.png' is a local path" in str(refused.value)


def test_what_a_picture_may_be() -> None:
    assert picture_problem(PHOTO) is None and picture_problem(FILE_ID) is None
    assert picture_problem("https://") is not None and picture_problem("a b.jpg") is not None
