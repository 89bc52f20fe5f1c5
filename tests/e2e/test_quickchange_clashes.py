"""A quick change checks the hall, the speakers and the clock: the preview names the other
session(s) and offers only "apply anyway"; applied anyway, the change reaches the people who
starred the session, the audit row names the clash, and /export still reads back."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import pytest

from forumbot.emulator import BotAPIEmulator, BotMessage
from forumbot.infra.clock import SimulatedClock
from forumbot.infra.i18n import Catalogs
from forumbot.infra.settings import DEFAULT_DATA
from forumbot.runtime.cli import check
from tests.e2e.conftest import LANGS, ORGANISER, bishkek, button_data, labels, start_in
from tests.e2e.test_agenda import star, wait_for_text
from tests.e2e.test_quickchange import quick_menu

FAN = 41

# The bundled titles of the sessions these tests collide with.
SCHOOL_2 = {
    "ky": "Ысык-Көл эл аралык электоралдык мектеби: 2-сессия",
    "ru": "Иссык-Кульская международная электоральная школа: сессия 2",
    "en": "Issyk-Kul International Electoral School: session 2",
}
TECHNOLOGY = {"en": "Technology of authenticity and transparency"}


@pytest.fixture
def clock() -> SimulatedClock:
    return SimulatedClock(bishkek(22, 9, 0), speed=0)


async def type_time(emu: BotAPIEmulator, session_id: str, typed: str) -> BotMessage:
    menu = await quick_menu(emu, session_id)
    await emu.tap(ORGANISER, menu.message_id, data=f"qctime:{session_id}", count=1)
    [preview] = await emu.ask(ORGANISER, typed)
    return preview


@pytest.mark.parametrize("lang", LANGS)
async def test_a_move_into_a_taken_hall_names_the_other_session_and_applies_only_anyway(
    emu: BotAPIEmulator, bot, clock: SimulatedClock, catalogs: Catalogs, lang: str,
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    await start_in(emu, ORGANISER, lang)
    await start_in(emu, FAN, "ru")
    await star(emu, FAN, "school-1", first=True)
    store = bot.bot_data["services"].store
    # 2.5 hours from 09:30 on 23 June: over school-2 (09:30–10:45), in the same small hall.
    preview = await type_time(emu, "school-1", "2023-06-23 09:30")
    assert catalogs.t(lang, "qc_clash_title") in preview.text
    assert f"{SCHOOL_2[lang]}" in preview.text and "09:30–10:45" in preview.text
    assert catalogs.t(lang, "qc_apply_anyway") in labels(preview)
    assert catalogs.t(lang, "qc_confirm") not in labels(preview)
    # A plain "apply" (from a preview drawn before the clash arose) applies nothing.
    mark = emu.mark(ORGANISER)
    await emu.press_raw(ORGANISER, preview.message_id, "qcok:school-1")
    await emu.wait_events(ORGANISER, mark, count=1)
    assert (await store.programme.session("school-1")).day == dt.date(2023, 6, 22)
    assert catalogs.t(lang, "qc_clash_title") in emu.messages(ORGANISER)[-1].text

    await emu.tap(ORGANISER, preview.message_id, data=button_data(preview, "⚠️"), count=1)
    assert emu.messages(ORGANISER)[-1].text == catalogs.t(lang, "qc_applied")
    assert (await store.programme.session("school-1")).start == bishkek(23, 9, 30)
    [row] = [e for e in await store.staff.audit_log() if e.action == "changed"]
    assert row.actor == ORGANISER and row.detail["anyway"] == ["school-2"]
    [log] = await emu.ask(ORGANISER, "/audit")  # the audit line, in words
    quoted = catalogs.t(lang, "audit_quoted", text=SCHOOL_2[lang])
    assert catalogs.t(lang, "audit_anyway", sessions=quoted) in log.text
    assert "22" in log.text and "15:00–17:30" in log.text and "09:30–12:00" in log.text
    mark = emu.mark(FAN)
    clock.advance(dt.timedelta(minutes=3))
    notice = await wait_for_text(emu, FAN, mark, "📣")
    assert "09:30–12:00" in notice.text

    [document] = await emu.ask(ORGANISER, "/export")
    exported = tmp_path / "exported.yaml"
    exported.write_bytes(document.document_bytes)
    assert await asyncio.to_thread(check, exported) == 0  # bot.py check, in its own loop
    out = capsys.readouterr().out
    assert "overlaps session 'school-2'" in out and "imported anyway" not in out


@pytest.fixture
def data_path(tmp_path: Path) -> Path:
    """The bundled forum, with I. Sharshenova also speaking at the school's first session."""
    text = DEFAULT_DATA.read_text(encoding="utf-8")
    marker = "    room: small-hall  # illustrative\n    kind: school\n"
    assert marker in text
    text = text.replace(marker, marker + "    speakers: [sharshenova]\n", 1)
    path = tmp_path / "forum.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("lang", "speaker"), [("ky", "И. Шаршенова"), ("ru", "И. Шаршенова"), ("en", "I. Sharshenova")]
)
async def test_a_speaker_booked_elsewhere_then_is_named_with_the_other_session(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str, speaker: str
) -> None:
    await start_in(emu, ORGANISER, lang)
    preview = await type_time(emu, "school-1", "2023-06-22 11:00")  # the round table: 10:30–13:00
    assert catalogs.t(lang, "qc_clash_title") in preview.text
    assert speaker in preview.text and "10:30–13:00" in preview.text
    assert catalogs.t(lang, "qc_apply_anyway") in labels(preview)
    store = bot.bot_data["services"].store
    technology = (await store.programme.session("rt-technology")).title[lang]
    assert technology in preview.text


@pytest.mark.parametrize("lang", LANGS)
async def test_a_slot_that_has_already_started_is_warned_about(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, ORGANISER, lang)
    preview = await type_time(emu, "school-1", "08:00")  # it is 09:00
    assert catalogs.t(lang, "qc_clash_started", now="09:00") in preview.text
    await emu.tap(ORGANISER, preview.message_id, data=button_data(preview, "⚠️"), count=1)
    store = bot.bot_data["services"].store
    assert (await store.programme.session("school-1")).start == bishkek(22, 8, 0)


@pytest.mark.parametrize("lang", LANGS)
async def test_the_same_time_keeps_the_conversation_waiting_for_another(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, ORGANISER, lang)
    again = await type_time(emu, "school-1", "15:00")  # what it already is
    assert again.text == catalogs.t(lang, "qc_same_time")
    [preview] = await emu.ask(ORGANISER, "16:00")  # still the answer, not a search
    assert "16:00–18:30" in preview.text
    assert catalogs.t(lang, "qc_confirm") in labels(preview)
    await emu.tap(ORGANISER, preview.message_id, data="qcok:school-1", count=1)
    store = bot.bot_data["services"].store
    assert (await store.programme.session("school-1")).start == bishkek(22, 16, 0)


@pytest.mark.parametrize("lang", LANGS)
async def test_a_time_no_clock_shows_is_refused_saying_why_and_waits(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, ORGANISER, lang)
    again = await type_time(emu, "school-1", "25:00")
    assert again.text.split("\n") == [
        catalogs.t(lang, "no_such_clock_time", time="25:00"),
        catalogs.t(lang, "qc_bad_time"),
    ]
    [preview] = await emu.ask(ORGANISER, "16:00")
    assert "16:00–18:30" in preview.text
