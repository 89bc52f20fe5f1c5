"""Programme data with markup characters and very long texts reaches people intact."""

from __future__ import annotations

from pathlib import Path

import pytest

from forumbot.emulator import BotAPIEmulator
from tests.e2e.conftest import start_in

MINI = Path(__file__).parents[1] / "fixtures" / "mini.yaml"
TITLE = '<b>Bold</b> & <script>alert(1)</script> «quotes» "double"'
LONG = " ".join(f"Paragraph {i}: ӨҮҢ & <tag> 🗳 voters' trust." for i in range(400))


@pytest.fixture
def data_path(tmp_path: Path) -> Path:
    """mini.yaml with a hostile title on rt1 and a description far over 4096 characters."""
    text = MINI.read_text(encoding="utf-8")
    text = text.replace('en: "Technology of authenticity"', f"en: {TITLE!r}")  # YAML '…'
    text = text.replace('en: "Ways of development."', f'en: "{LONG}"')
    path = tmp_path / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    return path


async def test_markup_in_data_is_shown_as_text(emu: BotAPIEmulator, bot) -> None:
    await start_in(emu, 50, "en")
    [results] = await emu.ask(50, "/search script")
    assert TITLE in results.text  # the emulator parsed the HTML: the tags arrived as text
    assert "&lt;script&gt;" in results.html


async def test_a_long_card_is_split_without_breaking_markup(emu: BotAPIEmulator, bot) -> None:
    await start_in(emu, 51, "en")
    before = len(emu.messages(51))
    [days] = await emu.ask(51, "/programme")
    await emu.tap(51, days.message_id, data="day:20230622:0", count=1)
    mark = emu.mark(51)
    await emu.press(51, days.message_id, data="ses:rt1")
    events = await emu.wait_events(51, mark, count=3)  # answered, edited, then a new message
    parts = [e.message for e in events if e.message is not None]
    while len(parts) < 2 or not parts[-1].inline_buttons():
        events = await emu.wait_events(51, events[-1].seq, count=1)
        parts += [e.message for e in events if e.message is not None]
    assert all(len(p.text.encode("utf-16-le")) // 2 <= 4096 for p in parts)
    shown = " ".join(p.text for p in parts)
    assert "Paragraph 0:" in shown and "Paragraph 399:" in shown
    assert TITLE in parts[0].text
    assert parts[-1].inline_buttons()  # the keyboard rides on the last part
    assert len(emu.messages(51)) == before + 1 + (len(parts) - 1)
