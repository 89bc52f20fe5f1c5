"""The HTTP control API used to drive the emulator from another process."""

from __future__ import annotations

import httpx

from forumbot.emulator import BotAPIEmulator


async def test_control_api_roundtrip(emu: BotAPIEmulator) -> None:
    root = emu.base_url.removesuffix("/bot")
    async with httpx.AsyncClient(base_url=root) as client:
        sent = await client.post("/_emu/send", json={"user_id": 42, "text": "/start"})
        assert sent.json()["text"] == "/start"
        markup = {"inline_keyboard": [[{"text": "Go", "callback_data": "go"}]]}
        msg = await emu.call("sendMessage", {"chat_id": 42, "text": "hi", "reply_markup": markup})
        press = await client.post(
            "/_emu/press", json={"user_id": 42, "message_id": msg["message_id"], "data": "go"}
        )
        assert press.json()["data"] == "go"
        missing = await client.post(
            "/_emu/press", json={"user_id": 42, "message_id": msg["message_id"], "data": "x"}
        )
        assert missing.status_code == 404
        raw = await client.post(
            "/_emu/press",
            json={"user_id": 42, "message_id": msg["message_id"], "data": "x", "raw": True},
        )
        assert raw.json()["data"] == "x"
        messages = (await client.get("/_emu/chats/42/messages")).json()
        assert [(m["message_id"], m["text"]) for m in messages] == [(2, "hi")]
        events = (await client.get("/_emu/chats/42/events", params={"since": 0})).json()
        assert [e["kind"] for e in events] == ["sent"]
        stats = (await client.get("/_emu/stats")).json()
        assert stats == {"sendMessage": 1}
        updates = (await client.post(f"/bot{emu.token}/getUpdates")).json()["result"]
        assert [next(k for k in u if k != "update_id") for u in updates] == [
            "message",
            "callback_query",
            "callback_query",
        ]
