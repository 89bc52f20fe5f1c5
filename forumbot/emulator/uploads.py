"""What users upload: photos and documents go to the emulator's file store, as on Telegram,
so the bot can fetch them (getFile, download) or send them on by file_id."""

from __future__ import annotations

import struct
from typing import Any

from forumbot.emulator.state import EmuState


class MediaSide:
    """Mixin for BotAPIEmulator: users sending photos and documents."""

    state: EmuState

    def _queue_message(
        self, user_id: int, text: str, chat_id: int | None = None, **fields: Any
    ) -> dict[str, Any]:
        raise NotImplementedError  # UserSide queues the message

    async def send_media(
        self, user_id: int, kind: str, caption: str = "", file_id: str = "AgACAgIAAx0CdemoPhoto"
    ) -> dict[str, Any]:
        """Queue a photo or a document (with a caption) sent by the user, by file_id only."""
        unique = f"u{file_id[-8:]}"
        if kind == "photo":
            media: Any = [
                {"file_id": file_id, "file_unique_id": unique, "width": 1280, "height": 720}
            ]
        else:
            media = {"file_id": file_id, "file_unique_id": unique, "file_name": "programme.pdf"}
        return self._queue_message(user_id, "", **{kind: media, "caption": caption})

    async def send_document(
        self, user_id: int, filename: str, data: bytes, caption: str = ""
    ) -> dict[str, Any]:
        """Queue a document with real bytes, which the bot can fetch (getFile, download)."""
        document = upload(self.state, user_id, "document", filename, data)
        return self._queue_message(user_id, "", document=document, caption=caption)

    async def send_photo(
        self, user_id: int, filename: str, data: bytes, caption: str = ""
    ) -> dict[str, Any]:
        """Queue a photo with real bytes (a JPEG, PNG or GIF; ValueError otherwise), which the
        bot can fetch or send on by its file_id."""
        photo = upload(self.state, user_id, "photo", filename, data)
        return self._queue_message(user_id, "", photo=photo, caption=caption)


def upload(state: EmuState, user_id: int, kind: str, filename: str, data: bytes) -> Any:
    """Keep what a user uploads in the file store, as Telegram does; returns what the message
    carries: a Document, or a photo's PhotoSize list (ValueError if it is no image)."""
    number = len(state.files) + 1
    suffix = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    if kind == "photo":
        size = image_size(data)
        if size is None:
            raise ValueError("IMAGE_PROCESS_FAILED: a photo must be a JPEG, PNG or GIF image")
        file_id = f"AgACAgIAAxkBPHO{user_id}D{number:04d}"
        state.files[file_id] = (f"photos/file_{number}.{suffix}", bytes(data))
        width, height = size
        unique = f"AQAD{number:04d}"
        sizes = {"file_size": len(data), "width": width, "height": height}
        return [{"file_id": file_id, "file_unique_id": unique, **sizes}]
    file_id = f"BQACAgIAAxkBEMU{user_id}D{number:04d}"
    state.files[file_id] = (f"documents/file_{number}.{suffix}", bytes(data))
    return {
        "file_id": file_id,
        "file_unique_id": f"AgAD{number:04d}",
        "file_name": filename,
        "mime_type": "application/octet-stream",
        "file_size": len(data),
    }


def image_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) of a PNG, GIF or JPEG image; None for anything else."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return width, height
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return width, height
    if data.startswith(b"\xff\xd8"):
        return _jpeg_size(data)
    return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    """Walk the JPEG segments to the frame header (SOFn), which holds the size."""
    at = 2
    while at + 9 <= len(data) and data[at] == 0xFF:
        marker, length = data[at + 1], int.from_bytes(data[at + 2 : at + 4], "big")
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[at + 5 : at + 9])
            return width, height
        at += 2 + length
    return None
