"""The lean Bot API client against the emulator: answers, errors, time-outs, the token."""

from __future__ import annotations

import logging

import pytest

from forumbot.delivery import BotApi
from forumbot.delivery.models import Personal
from forumbot.emulator import BotAPIEmulator


@pytest.fixture
def person(emu: BotAPIEmulator) -> int:
    emu.add_user(42)
    emu.state.known_chats.add(42)
    return 42


async def test_a_message_goes_as_html_without_a_link_preview(emu, person) -> None:
    async with BotApi(emu.base_url, emu.token) as api:
        result = await api.send_message(person, "<b>Hall B</b> https://example.org")
    assert result.ok and result.message_id == 1
    (msg,) = emu.messages(person)
    assert msg.html == "<b>Hall B</b> https://example.org"
    assert msg.options["link_preview_options"] == {"is_disabled": True}
    assert "allow_paid_broadcast" not in emu.calls[-1][1]


async def test_paid_broadcasts_are_asked_for_when_on(emu, person) -> None:
    async with BotApi(emu.base_url, emu.token, paid_broadcasts=True) as api:
        await api.send_photo(person, "https://example.org/hall.jpg", "<i>Hall B</i>")
    method, params = emu.calls[-1]
    assert (method, params["allow_paid_broadcast"]) == ("sendPhoto", True)
    assert emu.messages(person)[0].caption == "Hall B"


async def test_a_small_file_is_uploaded_with_its_caption_and_buttons(emu, person) -> None:
    markup = {"inline_keyboard": [[{"text": "Card", "callback_data": "card:rt1"}]]}
    async with BotApi(emu.base_url, emu.token, paid_broadcasts=True) as api:
        result = await api.send_file(person, "talk.ics", "BEGIN:VCALENDAR", "<b>Moved</b>", markup)
        too_long = await api.send_file(person, "talk.ics", "BEGIN:VCALENDAR", "x" * 1025)
    assert result.ok and too_long.error_code == 400
    (msg,) = emu.messages(person)
    assert (msg.kind, msg.document_name, msg.document_bytes) == (
        "document",
        "talk.ics",
        b"BEGIN:VCALENDAR",
    )
    assert msg.html == "<b>Moved</b>" and msg.inline_buttons()[0]["callback_data"] == "card:rt1"
    assert emu.calls[-2][1]["allow_paid_broadcast"] is True


def test_a_personal_row_keeps_its_file_through_the_outbox() -> None:
    row = Personal(7, "ky", "<b>Moved</b>", None, {"name": "a.ics", "body": "BEGIN"})
    assert Personal.from_row(7, "ky", row.to_json()) == row
    plain = Personal(7, "ky", "Hi")
    assert (
        "document" not in plain.to_json() and Personal.from_row(7, "ky", plain.to_json()) == plain
    )


async def test_errors_come_back_as_results(emu, person) -> None:
    emu.fail_next("sendMessage", 429, "Too Many Requests: retry after 3", retry_after=3)
    emu.fail_next("sendMessage", 502, "Bad Gateway")
    async with BotApi(emu.base_url, emu.token) as api:
        limited = await api.send_message(person, "x")
        bad_gateway = await api.send_message(person, "x")
        unknown_chat = await api.send_message(7, "x")
    assert (limited.error_code, limited.retry_after) == (429, 3)
    assert (bad_gateway.error_code, bad_gateway.description) == (502, "Bad Gateway")
    assert (unknown_chat.error_code, unknown_chat.description) == (
        400,
        "Bad Request: chat not found",
    )


async def test_time_outs_and_drops_are_network_results_without_the_token(
    emu, person, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    emu.hang_next("sendMessage", seconds=0.5)
    emu.drop_next("sendMessage")
    async with BotApi(emu.base_url, emu.token, timeout=0.1) as api:
        timed_out = await api.send_message(person, "x")
        dropped = await api.send_message(person, "x")
    assert timed_out.network and dropped.network
    assert timed_out.maybe_done and dropped.maybe_done  # the client cannot know
    assert emu.messages(person) == []  # neither was done
    secret = emu.token.split(":")[1]
    assert secret not in (timed_out.description or "") + (dropped.description or "")
    assert secret not in caplog.text


async def test_no_server_is_a_network_result(emu) -> None:
    async with BotApi("http://127.0.0.1:9/bot", emu.token, timeout=1) as api:
        result = await api.delete_message(42, 1)
    assert result.network and not result.maybe_done  # refused: it never left
    assert emu.token not in (result.description or "")


async def test_a_call_done_but_unanswered_looks_the_same_to_the_client(emu, person) -> None:
    emu.hang_next("sendMessage", seconds=0.5, done=True)
    emu.drop_next("sendMessage", done=True)
    async with BotApi(emu.base_url, emu.token, timeout=0.1) as api:
        late = await api.send_message(person, "late")
        cut = await api.send_message(person, "cut")
    assert late.maybe_done and cut.maybe_done
    assert [m.text for m in emu.messages(person)] == ["late", "cut"]  # both were delivered
