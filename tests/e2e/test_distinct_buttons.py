"""Two sessions of one name (the electoral school's two sessions) are told apart on their
buttons, by their day and time, wherever a list spans days: search results, a hall's
sessions, a speaker's sessions (issue 13, item 6)."""

from __future__ import annotations

import pytest

from forumbot.emulator import BotAPIEmulator
from forumbot.infra.i18n import Catalogs
from tests.e2e.conftest import LANGS, button_data, labels, start_in

SCHOOL = {"ky": "Ысык-Көл эл аралык", "ru": "Иссык-Кульская международная", "en": "Issyk-Kul"}
DAYS = {
    "ky": ("22-июнь, 15:00", "23-июнь, 09:30"),
    "ru": ("22 июня, 15:00", "23 июня, 09:30"),
    "en": ("22 June, 15:00", "23 June, 09:30"),
}
SMALL_HALL = {"ky": "Кичи зал", "ru": "Малый зал", "en": "Small hall"}


def school_buttons(message) -> list[str]:
    return [b for b in labels(message) if any(name in b for name in SCHOOL.values())]


@pytest.mark.parametrize("lang", LANGS)
async def test_search_results_of_one_name_read_apart(emu: BotAPIEmulator, bot, lang: str) -> None:
    await start_in(emu, 60, lang)
    [results] = await emu.ask(60, f"/search {SCHOOL[lang]}")
    buttons = school_buttons(results)
    assert len(buttons) == 2 and len(set(buttons)) == 2
    assert sorted(b[: len(DAYS[lang][0])] for b in buttons) == list(DAYS[lang])


@pytest.mark.parametrize("lang", LANGS)
async def test_a_halls_sessions_carry_their_day(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, 61, lang)
    [days] = await emu.ask(61, "/programme")
    await emu.tap(61, days.message_id, data=button_data(days, "📍"), count=1)
    halls = emu.last_message(61)
    await emu.tap(61, halls.message_id, data=button_data(halls, SMALL_HALL[lang]), count=1)
    buttons = school_buttons(emu.last_message(61))
    first, second = DAYS[lang]
    assert len(buttons) == 2 and buttons[0].startswith(first) and buttons[1].startswith(second)
