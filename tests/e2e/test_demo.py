"""The offline demo as an organiser tries it: the real bot against the emulator in a terminal
chat, driven line by line as typed, asserting what the terminal shows."""

from __future__ import annotations

import io
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from forumbot.emulator.terminal import TERMINAL_HELP
from forumbot.infra.clock import SimulatedClock
from forumbot.infra.i18n import Catalogs
from forumbot.infra.settings import DEFAULT_DATA, Settings
from handlers.demo import CAST, DEMO_HELP, Demo, default_start, demo_session
from tests.e2e.conftest import LANGS
from tests.helpers import REPO, png

BAKYT = CAST[2][0]


class Screen:
    """The demo's terminal: type lines, read what it shows."""

    def __init__(self, demo: Demo, out: io.StringIO) -> None:
        self.demo, self.out = demo, out

    async def type(self, *lines: str) -> str:
        """Type each line as a person would; returns what the terminal showed meanwhile."""
        start = len(self.out.getvalue())
        for line in lines:
            await self.demo.chat.handle_line(line)
        return self.out.getvalue()[start:]

    def number(self, label: str) -> str:
        """The number that presses the button last shown with this label."""
        found = re.findall(rf"\[(\d+)\] {re.escape(label)}", self.out.getvalue())
        assert found, f"no button {label!r} on screen"
        return found[-1]


@pytest.fixture
async def screen() -> AsyncIterator[Screen]:
    settings = Settings(data_path=DEFAULT_DATA)  # the demo keeps its store in a temporary dir
    start, zone = default_start(settings)
    clock = SimulatedClock(start, speed=0)
    out = io.StringIO()
    async with demo_session(settings, clock, zone, "ru", out) as demo:
        demo.chat.meta_wait = 0.2  # the switches set nothing off: no need to wait long
        yield Screen(demo, out)


async def test_the_organiser_owns_the_bot_and_picks_an_organiser(
    screen: Screen, catalogs: Catalogs
) -> None:
    await screen.type(":organiser", "/start", "/organisers")
    shown = await screen.type(screen.number(catalogs.t("en", "organisers_pick")))
    assert "── Telegram: choose a person ──\n[1] Aida Asanova\n[2] Bakyt Sadykov (@bakyt_s)" in (
        shown
    )
    shown = await screen.type("Nurlan", "bakyt")
    assert "nobody in the picker is 'Nurlan'" in shown
    assert "(you picked Bakyt Sadykov (@bakyt_s))" in shown
    assert BAKYT in [row[0] for row in await screen.demo.services.store.staff.organisers()]

    shown = await screen.type(":user bakyt", "/start", "/status")
    assert "you are now Bakyt Sadykov (@bakyt_s), organiser (added in the chat)" in shown
    assert catalogs.t("ky", "status_title") in shown  # Bakyt's Telegram is in Kyrgyz
    shown = await screen.type(":users")
    assert "3. Bakyt Sadykov (@bakyt_s) · organiser (added in the chat) · ky   ← you" in shown
    assert "2. Gulnara Toktosunova (@gulnara_org) · organiser and owner · en\n" in shown


@pytest.mark.parametrize("lang", LANGS)
async def test_switching_between_participants_and_back(
    screen: Screen, catalogs: Catalogs, lang: str
) -> None:
    shown = await screen.type(f":newuser {lang}", "/start")
    assert f"you are now Aibek, a new participant (Telegram language '{lang}')" in shown
    assert catalogs.t(lang, "welcome_extra").split("\n")[0][:40] in shown
    shown = await screen.type(":user 1", "/start")
    assert "you are now Aida Asanova, participant" in shown
    assert catalogs.t("ru", "welcome_extra").split("\n")[0][:40] in shown
    shown = await screen.type(":user Aibek")
    assert "you are now Aibek, participant" in shown
    assert "buttons: [1] " in shown  # Aibek's language picker is pressable again
    shown = await screen.type(":users", ":user Nurlan")
    assert f"5. Aibek · participant · {lang}   ← you" in shown
    assert "nobody is 'Nurlan': say :user N or :user NAME" in shown
    assert screen.demo.chat.user_id == CAST[-1][0] + 1


async def test_a_programme_file_sent_in_the_chat_reaches_the_import_preview(
    screen: Screen, catalogs: Catalogs, tmp_path: Path
) -> None:
    """The organiser moves the opening (on now) to the small hall in a copy of the programme
    and sends it: the preview names the change, and once confirmed /now says so."""
    text = DEFAULT_DATA.read_text(encoding="utf-8")
    at = text.index("- id: opening")
    moved = text[:at] + text[at:].replace("room: main-hall", "room: small-hall", 1)
    (path := tmp_path / "forum-moved.yaml").write_text(moved, encoding="utf-8")
    shown = await screen.type("/start", f":file {path}")
    assert f"(you sent the document {path.name}, {path.stat().st_size} bytes)" in shown
    assert catalogs.t("ru", "import_only_organisers") in shown
    shown = await screen.type(":organiser", "/start", "/now")
    assert "Opening of the forum" in shown and "Small hall" not in shown
    shown = await screen.type(f":send {path}")
    assert catalogs.t("en", "import_checked", source=path.name, count=7) in shown
    assert catalogs.t("en", "import_changes") in shown and "Small hall" in shown
    await screen.type(screen.number(catalogs.t("en", "import_confirm")))
    shown = await screen.type("/now")
    assert "Opening of the forum" in shown and "Small hall" in shown


async def test_a_photo_goes_into_an_announcement(
    screen: Screen, catalogs: Catalogs, tmp_path: Path
) -> None:
    (tmp_path / "map.png").write_bytes(image := png(64, 48))
    (tmp_path / "notes.txt").write_text("not an image")
    await screen.type(":organiser", "/start", "/announce")
    await screen.type(screen.number(catalogs.t("en", "announce_mode_one")))
    shown = await screen.type(f":photo {tmp_path}/notes.txt", f":photo {tmp_path}/map.png Hall A")
    assert "(not sent: IMAGE_PROCESS_FAILED" in shown
    # The preview is the photo sent back by its file_id: the same bytes, with the caption.
    assert re.search(rf"\[photo: \S+, {len(image)} bytes\]\nHall A", shown), shown


def test_the_readme_lists_every_demo_command() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("Demo commands:") : readme.index("The bot's log lines go to")]
    helped = set(re.findall(r"^\s+(:[a-z]+)", DEMO_HELP + TERMINAL_HELP, re.MULTILINE))
    assert helped == set(re.findall(r"`(:[a-z]+)", table))
    assert {":user", ":users", ":photo", ":file", ":organiser"} <= helped
