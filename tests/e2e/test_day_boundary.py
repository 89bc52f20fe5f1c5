"""Midnight end to end: a forum whose evening programme runs on after midnight
(``day_change: "04:00"``) lists the late session under the evening's day, and /now shows
it in the night."""

from __future__ import annotations

from pathlib import Path

import pytest

from forumbot.emulator import BotAPIEmulator
from forumbot.infra.clock import SimulatedClock
from forumbot.infra.i18n import Catalogs
from tests.e2e.conftest import LANGS, bishkek, button_data, start_in

MINI = Path(__file__).parents[1] / "fixtures" / "mini.yaml"
EVENING = {"ky": "Кечки кече", "ru": "Вечерний приём", "en": "Evening reception"}
NIGHT = {"ky": "Түнкү талкуу", "ru": "Ночная дискуссия", "en": "Night debate"}
DAY1 = {"ky": "22-июнь", "ru": "22 июня", "en": "22 June"}
DAY2 = {"ky": "23-июнь", "ru": "23 июня", "en": "23 June"}


def session_yaml(sid: str, start: str, end: str, title: dict[str, str]) -> str:
    names = ", ".join(f'{lang}: "{text}"' for lang, text in title.items())
    return (
        f'  - id: {sid}\n    date: "2023-06-22"\n    start: "{start}"\n    end: "{end}"\n'
        f"    room: small\n    kind: other\n    title: {{{names}}}\n"
    )


@pytest.fixture
def data_path(tmp_path: Path) -> Path:
    """mini.yaml with the day changing at 04:00, an evening reception on 22 June and a night
    debate dated 22 June at 00:30–02:00: in the night after it, 23 June by the calendar."""
    text = MINI.read_text(encoding="utf-8")
    text = text.replace(
        "  timezone: Asia/Bishkek\n", '  timezone: Asia/Bishkek\n  day_change: "04:00"\n'
    )
    extra = session_yaml("night", "00:30", "02:00", NIGHT)
    extra += session_yaml("evening", "20:00", "23:00", EVENING)
    text = text.replace("posts:\n", extra + "posts:\n")
    path = tmp_path / "night.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def clock() -> SimulatedClock:
    return SimulatedClock(bishkek(21, 12, 0), speed=0)


async def open_day(emu: BotAPIEmulator, user: int, label: str):
    [days] = await emu.ask(user, "/programme")
    await emu.tap(user, days.message_id, data=button_data(days, label), count=1)
    return emu.last_message(user)


@pytest.mark.parametrize("lang", LANGS)
async def test_the_night_session_is_listed_under_the_evenings_day(
    emu: BotAPIEmulator, bot, lang: str
) -> None:
    await start_in(emu, 60, lang)
    day1 = await open_day(emu, 60, DAY1[lang])
    text = day1.text
    assert text.index(EVENING[lang]) < text.index("00:30–02:00") < text.index(NIGHT[lang])
    assert text.index("20:00–23:00") < text.index("00:30–02:00")  # local time, after the evening
    day2 = await open_day(emu, 60, DAY2[lang])
    assert NIGHT[lang] not in day2.text and "00:30" not in day2.text


async def test_now_in_the_night_shows_the_night_session(
    emu: BotAPIEmulator, bot, clock: SimulatedClock, catalogs: Catalogs
) -> None:
    await start_in(emu, 61, "en")
    clock.set(bishkek(23, 0, 45))
    [now] = await emu.ask(61, "/now")
    assert "00:45" in now.text
    assert NIGHT["en"] in now.text and "00:30–02:00" in now.text
    assert catalogs.t("en", "on_now") in now.text
    assert EVENING["en"] not in now.text  # over at 23:00
