"""Info pages and the venue: the file's info section, its checks, the store, the renderers."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest
from telegram import InlineKeyboardMarkup

from forumbot.models import InfoPage
from forumbot.programme import ProgrammeError, load_programme, parse_programme
from forumbot.render.callbacks import decode, encode
from forumbot.render.context import RenderCtx, View
from forumbot.render.info import (
    render_info_edit_pick,
    render_info_edit_preview,
    render_info_list,
    render_info_page,
    render_venue,
)
from forumbot.store import Store
from tests.helpers import BUNDLED, IMPORTED_AT, html_problems

SOURCE = "mini.yaml"
Ctx = Callable[[str], RenderCtx]

INFO = """
info:
  venue:
    name: {ky: "Форум залы", ru: "Зал форума", en: "Forum hall"}
    address: {ky: "Чолпон-Ата, 1", ru: "Чолпон-Ата, 1", en: "Cholpon-Ata 1"}
    latitude: 42.65
    longitude: 77.08
    how_to_get: {ky: "Автобус.", ru: "Автобус.", en: "By bus <fast> & cheap."}
  pages:
    - id: wifi
      title: {ky: "Wi-Fi", ru: "Wi-Fi", en: "Wi-Fi <b>"}
      body: {ky: "Тармак", ru: "Сеть", en: "Network: <forum> & co\\n\\nSecond paragraph"}
    - id: contacts
      title: {ky: "Байланыш", ru: "Контакты", en: "Contacts"}
      body: {ky: "forum@example.org", ru: "forum@example.org", en: "forum@example.org"}
"""


def with_info(mini_text: str, info: str = INFO) -> str:
    return mini_text + info


def refuse(text: str) -> ProgrammeError:
    with pytest.raises(ProgrammeError) as caught:
        parse_programme(text, SOURCE)
    return caught.value


def line_of(text: str, fragment: str) -> int:
    [line] = [i for i, s in enumerate(text.splitlines(), start=1) if fragment in s]
    return line


def buttons(view: View) -> list[tuple[str, str]]:
    assert isinstance(view.keyboard, InlineKeyboardMarkup)
    return [(b.text, str(b.callback_data)) for row in view.keyboard.inline_keyboard for b in row]


# --- the file --------------------------------------------------------------------------------


def test_bundled_forum_has_the_venue_in_cholpon_ata_and_four_pages() -> None:
    info = load_programme(BUNDLED).info
    assert info is not None and info.venue is not None
    assert (info.venue.latitude, info.venue.longitude) == (42.65, 77.08)
    assert info.venue.name["en"].endswith("Cholpon-Ata")
    assert [p.id for p in info.pages] == ["halls", "wifi", "contacts", "conduct"]
    contacts = info.page("contacts")
    assert contacts is not None
    for lang in ("ky", "ru", "en"):
        assert "example.org" in contacts.body[lang]
    # What the article does not say is marked so in the text a participant reads.
    assert "illustrative" in info.venue.address["en"]
    for page_id in ("halls", "wifi", "contacts"):
        assert "illustrative" in info.pages[[p.id for p in info.pages].index(page_id)].body["en"]


def test_good_info_loads(mini_text: str) -> None:
    info = parse_programme(with_info(mini_text), SOURCE).info
    assert info is not None and info.venue is not None
    assert info.venue.latitude == 42.65 and info.venue.how_to_get is not None
    assert [p.id for p in info.pages] == ["wifi", "contacts"]


def test_a_programme_without_info_has_none(mini_text: str) -> None:
    assert parse_programme(mini_text, SOURCE).info is None


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        ("latitude: 42.65", "latitude: 142.65", "info.venue.latitude", "142.65 is not between"),
        ("longitude: 77.08", "longitude: -181", "info.venue.longitude", "-181 is not between"),
        ("latitude: 42.65", 'latitude: "42.65"', "info.venue.latitude", "must be a number"),
    ],
)
def test_bad_coordinates_are_refused_at_their_line(
    mini_text: str, old: str, new: str, field: str, message: str
) -> None:
    text = with_info(mini_text, INFO.replace(old, new))
    [problem] = refuse(text).problems
    assert (problem.field, problem.line) == (field, line_of(text, new))
    assert message in problem.message


def test_a_missing_translation_is_refused_with_line_and_field(mini_text: str) -> None:
    text = with_info(mini_text, INFO.replace('ru: "Контакты", ', ""))
    [problem] = refuse(text).problems
    assert problem.message == "missing translation 'ru'"
    assert problem.field == "info.pages[1].title"
    assert problem.line == line_of(text, 'en: "Contacts"')
    assert str(refuse(text)).startswith(f"{SOURCE}:{problem.line}: info.pages[1].title:")


def test_duplicate_page_ids_and_unknown_keys_are_refused(mini_text: str) -> None:
    text = with_info(mini_text, INFO.replace("id: contacts", "id: wifi"))
    [problem] = refuse(text).problems
    assert (problem.field, problem.message) == ("info.pages[1].id", "duplicate id 'wifi'")
    text = with_info(mini_text, INFO.replace("    latitude:", "    phone: 1\n    latitude:"))
    [problem] = refuse(text).problems
    assert problem.field == "info.venue.phone" and problem.message.startswith("unknown key")


# --- the store -------------------------------------------------------------------------------


async def test_an_edit_outlasts_a_reimport_and_a_file_without_info_removes_it(
    store: Store, mini_text: str
) -> None:
    repo = store.programme
    assert await repo.info() is None
    programme = parse_programme(with_info(mini_text), SOURCE)
    await repo.replace(programme, SOURCE, IMPORTED_AT)
    await repo.set_info_page_text("wifi", {"ru": "Новая сеть"})
    for _ in range(2):  # the edit survives the first re-import and the next
        info = await repo.info()
        assert info is not None and (page := info.page("wifi")) is not None
        assert page.body["ru"] == "Новая сеть" and page.body["ky"] == "Тармак"
        await repo.replace(programme, SOURCE, IMPORTED_AT)
    assert (await repo.load()).info == programme.info  # the file's, without the chat's edits
    await repo.replace(parse_programme(mini_text, SOURCE), SOURCE, IMPORTED_AT)
    assert await repo.info() is None


# --- the renderers ---------------------------------------------------------------------------


def info_of(mini_text: str):
    info = parse_programme(with_info(mini_text), SOURCE).info
    assert info is not None
    return info


def test_the_list_offers_the_venue_and_each_page(render_ctx: Ctx, mini_text: str) -> None:
    view = render_info_list(render_ctx("en"), info_of(mini_text))
    assert buttons(view) == [
        ("📍 Venue", "venue"),
        ("Wi-Fi <b>", "infop:wifi"),  # labels are plain text: Telegram shows them verbatim
        ("Contacts", "infop:contacts"),
    ]
    assert html_problems(view.text) == []


def test_no_info_is_said_politely(render_ctx: Ctx, catalogs) -> None:
    assert render_info_list(render_ctx("ky"), None).text == catalogs.t("ky", "info_empty")


def test_a_page_escapes_its_text_and_only_organisers_get_the_edit_button(
    render_ctx: Ctx, mini_text: str
) -> None:
    page = info_of(mini_text).pages[0]
    view = render_info_page(render_ctx("en"), page)
    assert "Wi-Fi &lt;b&gt;" in view.text
    assert "Network: &lt;forum&gt; &amp; co\n\nSecond paragraph" in view.text
    assert html_problems(view.text) == []
    assert [data for _, data in buttons(view)] == ["info"]
    organiser = render_info_page(render_ctx("en"), page, organiser=True)
    assert [data for _, data in buttons(organiser)] == ["infoed:wifi", "info"]


def test_the_venue_pin_is_plain_text_in_the_readers_language(
    render_ctx: Ctx, mini_text: str
) -> None:
    venue = info_of(mini_text).venue
    assert venue is not None
    pin, view = render_venue(render_ctx("ru"), venue)
    assert (pin.latitude, pin.longitude, pin.title, pin.address) == (
        42.65,
        77.08,
        "Зал форума",
        "Чолпон-Ата, 1",
    )
    pin, view = render_venue(render_ctx("en"), venue)
    assert "By bus &lt;fast&gt; &amp; cheap." in view.text
    assert html_problems(view.text) == []


def test_the_edit_screens_fit_telegram_for_the_longest_page_id(
    render_ctx: Ctx, mini_text: str
) -> None:
    long_id = "p" * 40
    page = dataclasses.replace(info_of(mini_text).pages[0], id=long_id)
    pick = render_info_edit_pick(render_ctx("ky"), page, ["ky", "ru", "en"])
    data = [d for _, d in buttons(pick)]
    assert data == [f"infoedl:{long_id}:{x}" for x in ("ky", "ru", "en", "all")] + [
        f"infop:{long_id}"
    ]
    assert all(len(d.encode()) <= 64 and decode(d) for d in data)
    after = InfoPage(long_id, page.title, {**page.body, "ru": "<новый> текст"})
    preview = render_info_edit_preview(render_ctx("en"), after, "ru")
    assert "&lt;новый&gt; текст" in preview.text  # as a Russian reader will see it
    assert [d for _, d in buttons(preview)] == [f"infook:{long_id}", f"infono:{long_id}"]
    assert encode("infoedl", long_id, "all")
