"""The terminal chat UI: pure rendering and a scripted session."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from pathlib import Path

from forumbot.emulator import BotAPIEmulator, BotMessage, TerminalChat, render_message
from tests.helpers import png

KEYBOARD = {
    "inline_keyboard": [
        [{"text": "Programme", "callback_data": "prog"}, {"text": "Now", "callback_data": "now"}],
        [{"text": "Site", "url": "https://example.org"}],
    ]
}


def make(html: str, **kwargs: object) -> BotMessage:
    """A bot message as the emulator stores it."""
    return BotMessage(
        message_id=7, chat_id=42, date=0, text="", html=html, parse_mode="HTML", **kwargs
    )


def test_render_plain() -> None:
    msg = make(
        '<b>Day 1</b> &amp; <i>more</i>\n<a href="https://x.kg">site</a> <code>x&lt;y</code>'
        "\n<blockquote>line one\nline two</blockquote>tail",
        reply_markup=KEYBOARD,
    )
    text, buttons = render_message(msg, 1, color=False)
    assert text == (
        "── bot ──\n"
        "Day 1 & more\n"
        "site (https://x.kg) x<y\n"
        "  │ line one\n"
        "  │ line two\n"
        "tail\n"
        "[1] Programme  [2] Now\n"
        "[3] Site ↗"
    )
    assert [b["text"] for b in buttons] == ["Programme", "Now", "Site"]


def test_render_color_and_edit_header() -> None:
    text, buttons = render_message(make("<b>B</b>x", edited=2), 5, color=True)
    assert text.splitlines()[0] == "── bot (edited #7) ──"
    assert "\033[0m\033[1mB\033[0mx" in text
    assert buttons == []


def test_render_document_and_numbering_start() -> None:
    msg = BotMessage(
        message_id=3,
        chat_id=42,
        date=0,
        kind="document",
        text="Programme",
        document_name="programme.pdf",
        document_bytes=b"12345",
        reply_markup={"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]},
    )
    text, _buttons = render_message(msg, 4, color=False)
    assert text == "── bot ──\n[document: programme.pdf, 5 bytes]\nProgramme\n[4] A"


async def play_bot(emu: BotAPIEmulator) -> AsyncIterator[str]:
    """Type lines as the user and, between them, act as the bot in-process."""
    yield "/start"
    assert emu.state.updates[-1]["message"]["text"] == "/start"
    # play the bot in-process
    sent = await emu.call(
        "sendMessage",
        {
            "chat_id": 42,
            "text": "<b>Hi</b> &amp; welcome",
            "parse_mode": "HTML",
            "reply_markup": KEYBOARD,
        },
    )
    await emu.call(
        "sendMessage",
        {"chat_id": 42, "text": "Agree?", "reply_markup": {"keyboard": [["Yes", "No"]]}},
    )
    yield "1"
    query = emu.state.updates[-1]["callback_query"]
    assert query["data"] == "prog"
    await emu.call("answerCallbackQuery", {"callback_query_id": query["id"], "text": "ok!"})
    await emu.call(
        "editMessageText",
        {
            "chat_id": 42,
            "message_id": sent["message_id"],
            "text": "Programme: day 1",
            "reply_markup": KEYBOARD,
        },
    )
    yield "3"
    yield "4"
    assert emu.state.updates[-1]["message"]["text"] == "Yes"
    await emu.call("sendDocument", {"chat_id": 42, "document": "https://x.kg/p.pdf"})
    yield ":clock 10:00"
    yield ":help"
    yield ":quit"
    yield "never sent"


async def test_terminal_chat_session(emu: BotAPIEmulator) -> None:
    out = io.StringIO()
    metas: list[str] = []

    def on_meta(line: str) -> str | None:
        metas.append(line)
        return "clock moved to 10:00" if line.startswith(":clock") else None

    # The bot is played between lines here, so the chat must not wait for its replies.
    chat = TerminalChat(emu, 42, out=out, on_meta=on_meta, reply_wait=0)
    await chat.run(play_bot(emu))
    shown = out.getvalue()
    assert "── bot ──\nHi & welcome\n[1] Programme  [2] Now\n[3] Site ↗" in shown
    assert "── bot ──\nAgree?\nkeyboard: [4] Yes  [5] No" in shown
    assert "(popup) ok!" in shown
    assert "── bot (edited #2) ──\nProgramme: day 1" in shown
    assert "(link) https://example.org" in shown
    assert "[document: p.pdf, 0 bytes]" in shown
    assert "clock moved to 10:00" in shown
    assert ":quit" in shown  # from :help
    assert metas == [":clock 10:00", ":help"]
    assert all(u.get("message", {}).get("text") != "never sent" for u in emu.state.updates)


PICKER = {
    "keyboard": [[{"text": "Pick a person", "request_users": {"request_id": 1}}]],
    "one_time_keyboard": True,
}


async def test_the_user_picker_in_the_terminal(emu: BotAPIEmulator) -> None:
    """A "pick a person" button opens Telegram's picker: the chosen person reaches the bot
    as users_shared; an unknown name asks again; an empty line closes it sending nothing."""
    emu.add_user(51, first_name="Bakyt", username="bakyt_a")
    emu.add_user(52, first_name="Elena", last_name="Sokolova")
    out = io.StringIO()
    chat = TerminalChat(emu, 42, out=out, reply_wait=0)
    await emu.send_text(42, "/organisers")
    await emu.call("sendMessage", {"chat_id": 42, "text": "Who?", "reply_markup": PICKER})
    await chat.handle_line("1")
    assert "── Telegram: choose a person ──\n[1] Bakyt (@bakyt_a)\n[2] Elena Sokolova" in (
        out.getvalue()
    )
    assert "users_shared" not in emu.state.updates[-1]["message"]  # nothing sent yet
    await chat.handle_line("Nurlan")
    assert "nobody in the picker is 'Nurlan'" in out.getvalue()
    await chat.handle_line("")
    assert "(picker closed; nothing was sent)" in out.getvalue()
    await chat.handle_line("1")
    await chat.handle_line("elena")
    assert emu.state.updates[-1]["message"]["users_shared"] == {
        "request_id": 1,
        "users": [{"user_id": 52}],
    }
    await chat.handle_line("1")  # the picker again, and a command closes it
    await chat.handle_line("/cancel")
    assert emu.state.updates[-1]["message"]["text"] == "/cancel"


async def test_photos_and_files_from_the_terminal(emu: BotAPIEmulator, tmp_path: Path) -> None:
    (tmp_path / "venue map.png").write_bytes(png(8, 4))
    (tmp_path / "schedule.xml").write_bytes(b"<schedule/>")
    (tmp_path / "notes.txt").write_text("not an image")
    out = io.StringIO()
    chat = TerminalChat(emu, 42, out=out, reply_wait=0)
    await chat.handle_line(f':photo "{tmp_path}/venue map.png" The venue\\nmap')
    photo = emu.state.updates[-1]["message"]
    assert (photo["photo"][0]["width"], photo["caption"]) == (8, "The venue\nmap")
    await chat.handle_line(f":file {tmp_path}/schedule.xml")
    document = emu.state.updates[-1]["message"]["document"]
    assert emu.state.files[document["file_id"]][1] == b"<schedule/>"
    assert document["file_name"] == "schedule.xml"
    count = len(emu.state.updates)
    await chat.handle_line(f":photo {tmp_path}/notes.txt")
    await chat.handle_line(f":file {tmp_path}/missing.yaml")
    assert len(emu.state.updates) == count
    assert "(not sent: IMAGE_PROCESS_FAILED" in out.getvalue()
    assert f"(not sent: no file {tmp_path}/missing.yaml)" in out.getvalue()


async def test_switching_back_restores_that_person_s_buttons(emu: BotAPIEmulator) -> None:
    emu.add_user(43, first_name="Nurlan")
    await emu.send_text(43, "/start")
    await emu.send_text(42, "/start")
    out = io.StringIO()
    chat = TerminalChat(emu, 42, out=out, reply_wait=0)
    await emu.call("sendMessage", {"chat_id": 42, "text": "Menu", "reply_markup": KEYBOARD})
    await chat.handle_line("")
    chat.switch_user(43)
    await chat.handle_line("1")  # Nurlan has no buttons: "1" is text
    assert emu.state.updates[-1]["message"]["text"] == "1"
    chat.switch_user(42)
    assert "buttons: [1] Programme  [2] Now  [3] Site ↗" in out.getvalue()
    await chat.handle_line("2")
    assert emu.state.updates[-1]["callback_query"]["data"] == "now"
