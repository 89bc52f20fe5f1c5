"""A programme file's refusal and warnings speak the organiser's language: the place (file,
line, field) and the problem in words from the catalogs, never English under ky or ru."""

from __future__ import annotations

from pathlib import Path

import pytest

from forumbot.emulator import BotAPIEmulator
from forumbot.infra.i18n import Catalogs
from handlers.dataimport import refresh_source
from tests.e2e.conftest import LANGS, ORGANISER, start_in
from tests.e2e.test_dataimport import BUNDLED, send_file, server, url_bot  # noqa: F401 (fixtures)
from tests.http_source import ProgrammeServer

FORMATS = Path(__file__).parents[1] / "fixtures" / "formats"


def place(catalogs: Catalogs, lang: str, file: str, line: int) -> str:
    """How a problem's place begins in ``lang``: "forum.yaml, строка 12, " and kin."""
    said = catalogs.t(lang, "problem_at_line_field", file=file, line=line, field="F", problem="")
    return said.split("F")[0]


@pytest.mark.parametrize("lang", LANGS)
async def test_a_refused_file_is_explained_in_the_organisers_language(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, ORGANISER, lang)
    broken = BUNDLED.replace(b'end: "17:30"', b'end: "25:00"', 1)
    report = await send_file(emu, ORGANISER, "forum.yaml", broken)
    assert catalogs.t(lang, "import_refused") in report.text
    line = BUNDLED[: BUNDLED.index(b'end: "17:30"')].count(b"\n") + 1
    assert place(catalogs, lang, "forum.yaml", line) + "sessions[" in report.text
    assert catalogs.t(lang, "problem_pattern_time", value="'25:00'") in report.text
    if lang != "en":
        assert "must be" not in report.text


@pytest.mark.parametrize("lang", LANGS)
async def test_warnings_of_a_schedule_json_are_in_the_organisers_language(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, ORGANISER, lang)
    data = (FORMATS / "frab-camp2019.json").read_bytes()
    preview = await send_file(emu, ORGANISER, "camp.json", data)
    assert catalogs.t(lang, "import_warnings", count=4) in preview.text
    languages = catalogs.t(lang, "problem_one_language", each="en: 55, de: 24")
    assert (
        catalogs.t(lang, "problem_at_field", file="camp.json", field="language", problem=languages)
        in preview.text
    )
    skipped = catalogs.t(lang, "problem_links_skipped", count=9, example="X").split("X")[0]
    assert skipped in preview.text
    if lang != "en":
        assert "left out" not in preview.text and "readers of other" not in preview.text


async def test_a_refused_file_at_the_url_is_explained_in_the_organisers_language(
    emu: BotAPIEmulator,
    url_bot,  # noqa: F811 (the fixture imported above)
    server: ProgrammeServer,  # noqa: F811
    catalogs: Catalogs,
) -> None:
    await start_in(emu, ORGANISER, "ru")
    mark = emu.mark(ORGANISER)
    server.serve(BUNDLED.replace(b'end: "17:30"', b'end: "25:00"', 1))
    await refresh_source(url_bot)
    [told] = [e.message for e in emu.events(ORGANISER, mark) if e.kind == "sent"]
    assert catalogs.t("ru", "problem_pattern_time", value="'25:00'") in told.text
    assert "must be" not in told.text
