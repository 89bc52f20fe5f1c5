"""Hostile programme files sent in the chat, from the URL and on the command line: each is
refused with the file, the place and the problem, no traceback, and the programme stays."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import pytest

from forumbot.emulator import BotAPIEmulator
from forumbot.infra.i18n import Catalogs
from handlers.app import build_application, running
from tests.e2e.conftest import ORGANISER, bishkek, settings_for, start_in
from tests.e2e.test_dataimport import BUNDLED, confirm_data, send_file
from tests.e2e.test_processes import env_for, run_cli
from tests.hostile import BILLION_LAUGHS, DEEP_JSON, slow_programme
from tests.http_source import ProgrammeServer
from tests.runtime.test_source import moved


async def school_starts(app) -> dt.datetime:
    return (await app.bot_data["services"].store.programme.session("school-1")).start


@pytest.mark.parametrize("lang", ["ky", "en"])
async def test_a_billion_laughs_sent_in_the_chat_is_refused_naming_the_place(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, ORGANISER, lang)
    report = await send_file(emu, ORGANISER, BILLION_LAUGHS.name, BILLION_LAUGHS.read_bytes())
    assert catalogs.t(lang, "import_refused") in report.text
    problem = catalogs.t(lang, "problem_repeated", limit="10,000")
    where = catalogs.t(lang, "problem_at_line", file=BILLION_LAUGHS.name, line=5, problem=problem)
    assert where in report.text  # in the organiser's language
    assert not report.inline_buttons()
    assert await school_starts(bot) == bishkek(22, 15)


async def test_deep_json_sent_in_the_chat_is_refused_not_a_crash(
    emu: BotAPIEmulator, bot, catalogs: Catalogs
) -> None:
    await start_in(emu, ORGANISER, "en")
    report = await send_file(emu, ORGANISER, "deep.json", DEEP_JSON.read_bytes())
    assert catalogs.t("en", "import_refused") in report.text
    assert "deep.json:1: is nested deeper than 32 levels" in report.text
    assert catalogs.t("en", "error_generic") not in report.text


@pytest.fixture
async def server():
    async with ProgrammeServer(BUNDLED) as s:
        s.redirects["/old/schedule.yaml"] = s.path
        yield s


@pytest.fixture
async def strict_bot(emu: BotAPIEmulator, clock, tmp_path: Path, server: ProgrammeServer):
    """The bot with 1 MB files at most, and its URL redirecting on its own host."""
    settings = settings_for(
        emu,
        tmp_path,
        source_url=server.url_of("/old/schedule.yaml?token=s3cret"),
        source_refresh=dt.timedelta(0),
        import_max_mb=1,
    )
    async with running(build_application(settings, clock), poll_timeout=1) as app:
        # The refresh at start imports what it read: over, or it would undo the test's import.
        await asyncio.wait_for(app.bot_data["services"].source_refreshed.wait(), 30)
        assert server.answers
        yield app


async def test_over_size_files_are_refused_in_the_chat_and_from_the_url(
    emu: BotAPIEmulator, strict_bot, server: ProgrammeServer, catalogs: Catalogs
) -> None:
    await start_in(emu, ORGANISER, "ru")
    big = BUNDLED + b"#" * (1024 * 1024)
    refused = await send_file(emu, ORGANISER, "forum.yaml", big)
    assert catalogs.t("ru", "import_too_big", mb=1) in refused.text
    server.serve(big)
    [failed] = await emu.ask(ORGANISER, "/reload")
    assert "the answer is larger than 1 MB" in failed.text
    assert await school_starts(strict_bot) == bishkek(22, 15)


async def test_reload_names_the_url_the_file_came_from_after_a_redirect(
    emu: BotAPIEmulator, strict_bot, server: ProgrammeServer, catalogs: Catalogs
) -> None:
    await start_in(emu, ORGANISER, "en")
    server.serve(moved(BUNDLED))
    [preview] = await emu.ask(ORGANISER, "/reload")
    final = server.url_of(server.path)
    assert final in preview.text and "/old/" not in preview.text
    await emu.tap(ORGANISER, preview.message_id, data=confirm_data(preview), count=1)
    [status] = await emu.ask(ORGANISER, "/status")
    assert final in status.text
    assert await school_starts(strict_bot) == bishkek(22, 16)


async def test_check_and_import_refuse_hostile_files_without_a_traceback(tmp_path: Path) -> None:
    env = env_for(tmp_path)
    code, out = await run_cli("check", str(BILLION_LAUGHS), env=env)
    assert code == 1 and "Traceback" not in out
    assert f"{BILLION_LAUGHS}:5: aliases here repeat more than 10,000 values" in out
    code, out = await run_cli("import", str(BILLION_LAUGHS), env=env)
    assert code == 1 and "Traceback" not in out
    assert out.startswith("Refused; the programme in service is unchanged.\n")
    assert f"{BILLION_LAUGHS}:5: aliases" in out
    slow = tmp_path / "slow.yaml"
    slow.write_bytes(slow_programme())
    code, out = await run_cli("check", str(slow), env={**env, "FORUMBOT_IMPORT_SECONDS": "1"})
    assert (code, out) == (1, f"{slow}: took too long to check: stopped after 1 seconds "
                              "(a real programme takes a few)\n")  # fmt: skip
    big = tmp_path / "big.yaml"
    big.write_bytes(BUNDLED + b"#" * (1024 * 1024))
    code, out = await run_cli("import", str(big), env={**env, "FORUMBOT_IMPORT_MAX_MB": "1"})
    assert code == 1 and f"{big}: is larger than 1 MB, the most a programme file may be" in out
