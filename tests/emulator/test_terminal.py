"""The terminal chat UI: pure rendering and a scripted session."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator

from forumbot.emulator import BotAPIEmulator, BotMessage, TerminalChat, render_message

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
