"""Bot API behaviour over HTTP: errors with Telegram's wording, validation, long polling."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import AsyncIterator

import httpx
import pytest
from telegram import Bot, BotCommand, BotCommandScopeChat, InlineKeyboardButton
from telegram import InlineKeyboardMarkup as Markup
from telegram.error import BadRequest, Forbidden, RetryAfter

from forumbot.emulator import BotAPIEmulator


@pytest.fixture
async def bot(emu: BotAPIEmulator) -> AsyncIterator[Bot]:
    """A PTB Bot talking to the emulator (user 42 has written to it already)."""
    await emu.send_text(42, "hi")
    async with Bot(emu.token, base_url=emu.base_url) as ptb_bot:
        yield ptb_bot


async def call(api: httpx.AsyncClient, method: str, **params: object) -> tuple[int, dict]:
    """POST a JSON body and return (status, decoded answer)."""
    response = await api.post(method, json=params)
    return response.status_code, response.json()


async def test_wrong_token_and_unknown_method(emu: BotAPIEmulator) -> None:
    async with httpx.AsyncClient() as client:
        wrong = await client.get(f"{emu.base_url}999:NOPE/getMe")
        unknown = await client.post(f"{emu.base_url}{emu.token}/sendTelepathy")
        lower = await client.get(f"{emu.base_url}{emu.token}/getme")
    assert wrong.status_code == 401
    assert wrong.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}
    assert unknown.status_code == 404
    assert unknown.json()["description"] == "Not Found: method not found"
    assert lower.json()["result"]["username"] == "forumbot_demo_bot"


async def test_chat_not_found_and_blocked(emu: BotAPIEmulator, bot: Bot, api) -> None:
    status, body = await call(api, "sendMessage", chat_id=777, text="hello?")
    assert (status, body["description"]) == (400, "Bad Request: chat not found")
    with pytest.raises(BadRequest, match=r"[Cc]hat not found"):
        await bot.send_message(777, "hello?")
    emu.block(42)
    status, body = await call(api, "sendMessage", chat_id=42, text="still there?")
    assert (status, body["description"]) == (403, "Forbidden: bot was blocked by the user")
    with pytest.raises(Forbidden):
        await bot.send_message(42, "still there?")
    emu.unblock(42)
    assert (await bot.send_message(42, "welcome back")).text == "welcome back"


async def test_callback_data_is_limited_to_64_utf8_bytes(emu: BotAPIEmulator, bot: Bot) -> None:
    ok_markup = Markup([[InlineKeyboardButton("ok", callback_data="я" * 32)]])  # 64 bytes
    sent = await bot.send_message(42, "fits", reply_markup=ok_markup)
    assert sent.reply_markup.inline_keyboard[0][0].callback_data == "я" * 32
    too_long = Markup([[InlineKeyboardButton("no", callback_data="я" * 32 + "a")]])  # 65
    with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
        await bot.send_message(42, "too long", reply_markup=too_long)
    bad_url = Markup([[InlineKeyboardButton("x", url="javascript:alert(1)")]])
    with pytest.raises(BadRequest, match=r"(?i)button_url_invalid"):
        await bot.send_message(42, "bad url", reply_markup=bad_url)
    assert [m.text for m in emu.messages(42)] == ["fits"]


async def test_empty_button_data_raw(emu: BotAPIEmulator, bot: Bot, api) -> None:
    markup = {"inline_keyboard": [[{"text": "empty", "callback_data": ""}]]}
    status, body = await call(api, "sendMessage", chat_id=42, text="x", reply_markup=markup)
    assert (status, body["description"]) == (400, "Bad Request: BUTTON_DATA_INVALID")


async def test_form_encoded_values_are_decoded(emu: BotAPIEmulator, bot: Bot, api) -> None:
    markup = json.dumps({"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]})
    response = await api.post(
        "sendMessage",
        data={"chat_id": "42", "text": "123", "reply_markup": markup, "protect_content": "true"},
    )
    result = response.json()["result"]
    assert result["text"] == "123"
    msg = emu.last_message(42)
    assert msg.reply_markup == json.loads(markup)
    assert msg.options["protect_content"] is True


async def test_edit_rules(emu: BotAPIEmulator, bot: Bot) -> None:
    markup = Markup([[InlineKeyboardButton("A", callback_data="a")]])
    sent = await bot.send_message(42, "<b>v1</b>", parse_mode="HTML", reply_markup=markup)
    with pytest.raises(BadRequest, match=r"[Mm]essage is not modified"):
        await bot.edit_message_text(
            "<b>v1</b>", 42, sent.message_id, parse_mode="HTML", reply_markup=markup
        )
    await bot.edit_message_text(
        "<i>v2</i>", 42, sent.message_id, parse_mode="HTML", reply_markup=markup
    )
    with pytest.raises(BadRequest, match=r"[Mm]essage to edit not found"):
        await bot.edit_message_text("x", 42, 9999)
    # Telegram drops the inline keyboard when an edit omits reply_markup.
    await bot.edit_message_text("v3", 42, sent.message_id)
    msg = emu.last_message(42)
    assert (msg.text, msg.edited, msg.reply_markup) == ("v3", 2, None)
    assert await bot.delete_message(42, sent.message_id)
    with pytest.raises(BadRequest, match=r"[Mm]essage to delete not found"):
        await bot.delete_message(42, sent.message_id)
    assert [e.kind for e in emu.events(42)] == ["sent", "edited", "edited", "deleted"]


async def test_answer_unknown_callback_query(emu: BotAPIEmulator, bot: Bot, api) -> None:
    status, body = await call(api, "answerCallbackQuery", callback_query_id="nope")
    assert status == 400
    assert body["description"] == (
        "Bad Request: query is too old and response timeout expired or query ID is invalid"
    )


async def test_a_callback_answer_longer_than_200_characters_is_refused(
    emu: BotAPIEmulator, bot: Bot, api
) -> None:
    markup = {"inline_keyboard": [[{"text": "b", "callback_data": "b"}]]}
    sent = await call(api, "sendMessage", chat_id=42, text="x", reply_markup=markup)
    query = await emu.press(42, sent[1]["result"]["message_id"], data="b")
    status, body = await call(api, "answerCallbackQuery", callback_query_id=query["id"],
                              text="x" * 201)  # fmt: skip
    assert (status, body["description"]) == (400, "Bad Request: MESSAGE_TOO_LONG")
    status, _ = await call(api, "answerCallbackQuery", callback_query_id=query["id"], text="ok")
    assert status == 200


async def test_fail_next_429(
    emu: BotAPIEmulator, bot: Bot, api, monkeypatch: pytest.MonkeyPatch
) -> None:
    # PTB 22 warns (an error under our filterwarnings) when RetryAfter is built without this.
    monkeypatch.setenv("PTB_TIMEDELTA", "1")
    emu.fail_next("sendMessage", 429, "Too Many Requests: retry after 3", retry_after=3)
    status, body = await call(api, "sendMessage", chat_id=42, text="x")
    assert status == 429
    assert body == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 3",
        "parameters": {"retry_after": 3},
    }
    emu.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1, times=2)
    for _ in range(2):
        with pytest.raises(RetryAfter) as info:
            await bot.send_message(42, "again")
        assert info.value.retry_after == dt.timedelta(seconds=1)
    assert (await bot.send_message(42, "third time")).text == "third time"


async def test_fail_next_only_for_matching_chat(emu: BotAPIEmulator, bot: Bot) -> None:
    await emu.send_text(43, "hello")
    emu.fail_next("sendMessage", 403, "Forbidden: bot was blocked by the user", chat_id=43)
    assert (await bot.send_message(42, "to 42")).text == "to 42"
    with pytest.raises(Forbidden):
        await bot.send_message(43, "to 43")


async def test_rate_limit_per_chat(emu: BotAPIEmulator, bot: Bot, api) -> None:
    emu.rate_limit(per_chat_per_second=2)
    for text in ("1", "2"):
        assert (await call(api, "sendMessage", chat_id=42, text=text))[0] == 200
    status, body = await call(api, "sendMessage", chat_id=42, text="3")
    assert status == 429 and body["parameters"]["retry_after"] >= 1
    emu.rate_limit()
    assert (await call(api, "sendMessage", chat_id=42, text="4"))[0] == 200


async def test_long_poll_returns_when_update_arrives(emu: BotAPIEmulator, api) -> None:
    loop = asyncio.get_running_loop()
    started = loop.time()
    poll = asyncio.create_task(call(api, "getUpdates", timeout=20))
    await asyncio.sleep(0.05)
    assert not poll.done()
    await emu.send_text(42, "wake up")
    status, body = await asyncio.wait_for(poll, 5)
    assert status == 200
    assert loop.time() - started < 5
    [update] = body["result"]
    assert update["message"]["text"] == "wake up"
    # offset confirms it: the next poll does not return it again
    _status, again = await call(api, "getUpdates", offset=update["update_id"] + 1)
    assert again["result"] == []


async def test_long_poll_times_out_empty(emu: BotAPIEmulator, api) -> None:
    _status, body = await call(api, "getUpdates", timeout=0.2)
    assert body == {"ok": True, "result": []}


async def test_stop_answers_pending_long_poll() -> None:
    emu = BotAPIEmulator()
    await emu.start()
    async with httpx.AsyncClient(base_url=f"{emu.base_url}{emu.token}/") as client:
        poll = asyncio.create_task(client.post("getUpdates", json={"timeout": 30}))
        # Stop once the poll is held (not merely sent: an unread request would be refused).
        assert await emu.state.wait_for(lambda: emu.state.long_polls == 1, 10)
        await emu.stop()
        response = await asyncio.wait_for(poll, 5)
    assert response.json() == {"ok": True, "result": []}


async def test_command_entity_on_user_messages(emu: BotAPIEmulator) -> None:
    msg = await emu.send_text(42, "/start abc")
    assert msg["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]
    assert "entities" not in await emu.send_text(42, "no command")


async def test_files_and_venue(emu: BotAPIEmulator, bot: Bot) -> None:
    doc = await bot.send_document(42, b"%PDF-1.4 fake", filename="programme.pdf", caption="PDF")
    assert doc.document.file_name == "programme.pdf"
    photo = await bot.send_photo(
        42, "https://example.org/hall.jpg", caption="<b>Hall</b>", parse_mode="HTML"
    )
    assert photo.caption == "Hall"
    venue = await bot.send_venue(42, 42.87, 74.59, "Ala-Too", "Bishkek, Chuy 1")
    assert venue.venue.title == "Ala-Too"
    first, second, third = emu.messages(42)
    assert (first.kind, first.document_name, first.document_bytes) == (
        "document",
        "programme.pdf",
        b"%PDF-1.4 fake",
    )
    assert (second.kind, second.file_id, second.text) == (
        "photo",
        "https://example.org/hall.jpg",
        "Hall",
    )
    assert third.kind == "venue"


@pytest.mark.parametrize(
    ("latitude", "longitude"), [(90.5, 77.0), (42.6, -180.1), (float("nan"), 1.0)]
)
async def test_a_venue_or_location_off_the_globe_is_refused(
    emu: BotAPIEmulator, bot: Bot, latitude: float, longitude: float
) -> None:
    with pytest.raises(BadRequest, match="Wrong latitude or longitude"):
        await bot.send_venue(42, latitude, longitude, "Somewhere", "Nowhere 1")
    with pytest.raises(BadRequest, match="Wrong latitude or longitude"):
        await bot.send_location(42, latitude, longitude)
    assert emu.messages(42) == []
    pin = await bot.send_location(42, -90, 180)  # the edges are on the globe
    assert (pin.location.latitude, pin.location.longitude) == (-90, 180)


async def test_commands_per_scope_and_language(emu: BotAPIEmulator, bot: Bot) -> None:
    await bot.set_my_commands([BotCommand("start", "Начать")], language_code="ru")
    await bot.set_my_commands(
        [BotCommand("admin", "Organiser tools")], scope=BotCommandScopeChat(42)
    )
    assert emu.commands(language_code="ru") == [{"command": "start", "description": "Начать"}]
    assert emu.commands({"type": "chat", "chat_id": 42})[0]["command"] == "admin"
    assert emu.commands() is None
    assert [c.command for c in await bot.get_my_commands(language_code="ru")] == ["start"]
    with pytest.raises(BadRequest):
        await bot.set_my_commands([BotCommand("Bad-Name", "x")])
    await bot.delete_my_commands(language_code="ru")
    assert emu.commands(language_code="ru") is None


async def test_wait_events_timeout_names_chat_and_history(emu: BotAPIEmulator) -> None:
    await emu.send_text(42, "hi")
    since = emu.mark(42)
    await emu.call("sendMessage", {"chat_id": 42, "text": "only one"})
    with pytest.raises(TimeoutError, match=r"chat 42: .*2 event\(s\).*'only one'"):
        await emu.wait_events(42, since, count=2, timeout=0.1)
    [event] = await emu.wait_events(42, since, count=1)
    assert (event.kind, event.message.text) == ("sent", "only one")
    assert emu.mark(42) == event.seq


async def test_auto_registered_user_and_bot_message_shape(emu: BotAPIEmulator) -> None:
    message = await emu.send_text(555, "hello")
    assert message["from"]["first_name"] == "Aida"
    assert message["chat"] == {"id": 555, "type": "private", "first_name": "Aida"}
    sent = await emu.call(
        "sendMessage", {"chat_id": 555, "text": "<b>x</b>", "parse_mode": "HTML"}
    )
    assert sent["from"]["is_bot"] is True
    assert sent["entities"] == [{"type": "bold", "offset": 0, "length": 1}]


async def test_get_chat_names_a_known_person_and_refuses_an_unknown_chat(
    emu: BotAPIEmulator, bot: Bot
) -> None:
    emu.add_user(43, first_name="Bakyt", username="bakyt", last_name="Osmonov")
    emu.state.known_chats.add(43)
    chat = await bot.get_chat(43)
    assert (chat.type, chat.full_name, chat.username) == ("private", "Bakyt Osmonov", "bakyt")
    emu.block(43)  # Telegram still answers for someone who blocked the bot
    assert (await bot.get_chat(43)).first_name == "Bakyt"
    with pytest.raises(BadRequest, match=r"[Cc]hat not found"):
        await bot.get_chat(778)


# (Paths that exist, PTB would upload: the importer refuses local paths before that.)
@pytest.mark.parametrize("source", ["photos/hall.jpg", "../hall.png", "hall.jpg", "ftp://h/a.jpg"])
async def test_send_photo_refuses_what_is_neither_a_url_nor_a_file_id(
    emu: BotAPIEmulator, bot: Bot, source: str
) -> None:
    with pytest.raises(BadRequest, match=r"(?i)wrong file identifier/http url specified"):
        await bot.send_photo(42, source)
    with pytest.raises(BadRequest, match=r"(?i)caption is too long"):
        await bot.send_photo(42, "AgACAgIAAxkBAAIB-photo", caption="x" * 1025)
    assert emu.messages(42) == []
