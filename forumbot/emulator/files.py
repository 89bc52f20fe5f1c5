"""Files users send: getFile, and the download path under base_file_url that serves them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import tornado.web

from forumbot.emulator.state import EmuState, bad_request

if TYPE_CHECKING:
    from forumbot.emulator.server import BotAPIEmulator


def get_file(state: EmuState, p: dict[str, Any]) -> dict[str, Any]:
    """getFile: the file's path for a download, for files users sent in the emulator."""
    file_id = str(p.get("file_id") or "")
    found = state.files.get(file_id)
    if found is None:
        raise bad_request("invalid file_id")
    path, data = found
    return {
        "file_id": file_id,
        "file_unique_id": file_id[-16:],
        "file_size": len(data),
        "file_path": path,
    }


class _DownloadHandler(tornado.web.RequestHandler):
    """GET /file/bot<token>/<file_path>: the bytes, as Telegram's file server answers."""

    def initialize(self, emu: BotAPIEmulator) -> None:
        self.emu = emu

    def get(self, token: str, path: str) -> None:
        """Serve one file, or 404 for a wrong token or an unknown path."""
        by_path = {p: data for p, data in self.emu.state.files.values()}
        if token != self.emu.token or path not in by_path:
            self.set_status(404)
            self.finish({"ok": False, "error_code": 404, "description": "Not Found"})
            return
        self.set_header("Content-Type", "application/octet-stream")
        self.finish(by_path[path])


def routes(emu: BotAPIEmulator) -> list[tuple[str, type, dict[str, Any]]]:
    return [(r"/file/bot([^/]+)/(.+)", _DownloadHandler, {"emu": emu})]


METHODS = {"getfile": get_file}
