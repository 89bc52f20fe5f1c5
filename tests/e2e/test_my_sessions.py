"""My sessions everywhere (issue 13, item 8 and part 5): ⭐ on the buttons of the sessions I
starred in day lists, filters, search results and /now (laid over the view everyone shares,
never kept in it); sessions that are over say so; starring into a conflict names the other
session and offers the sessions of that slot."""

from __future__ import annotations

from pathlib import Path

import pytest

from forumbot.emulator import BotAPIEmulator, BotMessage
from forumbot.infra.i18n import Catalogs
from tests.e2e.conftest import LANGS, button_data, labels, start_in

PARALLEL = Path(__file__).resolve().parents[1] / "fixtures" / "parallel.yaml"
TECH = {
    "ky": "Аныктыктын жана айкындыктын технологиясы",
    "ru": "Технологии подлинности и прозрачности",
    "en": "Technology of authenticity and transparency",
}
MAIN_HALL = {"ky": "Чоң зал", "ru": "Большой зал", "en": "Main hall"}
DAY1 = {"ky": "22-июнь", "ru": "22 июня", "en": "22 June"}


async def star(emu: BotAPIEmulator, user: int, session_id: str, count: int = 1) -> BotMessage:
    [card] = await emu.ask(user, f"/start s_{session_id}")
    await emu.tap(user, card.message_id, data=f"star:{session_id}:1", count=count)
    return card


def starred(message: BotMessage) -> list[str]:
    return [label for label in labels(message) if label.startswith("⭐")]


@pytest.mark.parametrize("lang", LANGS)
async def test_my_star_shows_in_day_lists_filters_search_and_now(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, 80, lang)  # 22 June, 10:45: the round table is on, the opening over
    await star(emu, 80, "rt-technology", count=2)  # the first star: the digest offer too
    [days] = await emu.ask(80, "/programme")
    await emu.tap(80, days.message_id, data="day:20230622:0", count=1)
    day = emu.last_message(80)
    [mine] = starred(day)
    assert mine.startswith("⭐ 10:30 " + TECH[lang][:20])
    over = catalogs.t(lang, "session_over")
    opening_line = day.text.split("\n\n")[1]  # "10:00–10:30 · hall · ⏹ over\n🎉 Opening"
    assert f"⏹ {over}" in opening_line and f"⏹ {over}" not in day.text.split("\n\n")[2]

    [now] = await emu.ask(80, "/now")
    assert len(starred(now)) == 1 and starred(now)[0].startswith("⭐ 10:30")
    [results] = await emu.ask(80, f"/search {TECH[lang].split()[0]}")
    [found] = starred(results)
    assert found.startswith(f"⭐ {DAY1[lang]}, 10:30")

    [days] = await emu.ask(80, "/programme")
    await emu.tap(80, days.message_id, data="fltv:room:0", count=1)
    halls = emu.last_message(80)
    await emu.tap(80, halls.message_id, data=button_data(halls, MAIN_HALL[lang]), count=1)
    assert starred(emu.last_message(80))[0].startswith(f"⭐ {DAY1[lang]}, 10:30")

    # Someone else in the same minute reads the same cached views without my star.
    await start_in(emu, 81, lang)
    [theirs] = await emu.ask(81, "/now")
    assert theirs.text == now.text and starred(theirs) == []
    [again] = await emu.ask(80, "/now")
    assert starred(again) == starred(now)


@pytest.mark.parametrize("data_path", [PARALLEL])
@pytest.mark.parametrize(
    ("lang", "titles"),
    [
        ("ky", ("Жаштар", "Технология", "Медиа")),
        ("ru", ("Молодёжь", "Технологии", "Медиа")),
        ("en", ("Youth", "Technology", "Media")),
    ],
)
async def test_starring_into_a_conflict_names_the_other_and_offers_the_slot(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str, titles: tuple[str, str, str]
) -> None:
    youth, tech, media = titles
    await start_in(emu, 82, lang)
    await star(emu, 82, "tech", count=2)  # the first star: the digest offer too
    await star(emu, 82, "youth", count=2)  # the card redrawn, and the warning
    warning = emu.last_message(82)
    assert warning.text.startswith(catalogs.t(lang, "star_conflict", title=youth, other=tech))
    assert catalogs.t(lang, "star_slot", span="11:00–12:00") in warning.text
    assert labels(warning) == [f"⭐ 10:30 {tech}", f"11:30 {media}"]
    await emu.tap(82, warning.message_id, data="card:media", count=1)
    card = emu.last_message(82)
    assert card.message_id != warning.message_id and media in card.text

    # A star with nothing at its time warns of nothing.
    mark = emu.mark(82)
    await star(emu, 82, "closing")
    await emu.ask(82, "/my")  # one chat's updates are handled in order: the star's are done
    assert not any(e.message and e.message.text.startswith("⚠️") for e in emu.events(82, mark))
