"""What the terminal chat reads: lines from stdin, files to upload (``:photo``, ``:file``)
and a choice in Telegram's user picker."""

from __future__ import annotations

import asyncio
import re
import sys
import threading
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from forumbot.emulator.terminal_render import button_rows

_QUOTED = re.compile(r"""(["'])(.+?)\1\s*(.*)""", re.DOTALL)


async def stdin_lines() -> AsyncIterator[str]:
    """Yield stdin lines without blocking the loop; EOF ends the iteration."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[str | None] = asyncio.Queue()

    # A daemon thread (not the default executor) so a pending readline never blocks exit.
    def reader() -> None:
        for line in sys.stdin:
            loop.call_soon_threadsafe(queue.put_nowait, line.rstrip("\n"))
        loop.call_soon_threadsafe(queue.put_nowait, None)

    threading.Thread(target=reader, name="stdin-lines", daemon=True).start()
    while (line := await queue.get()) is not None:
        yield line


def user_label(user: dict[str, Any]) -> str:
    """A person as Telegram shows them: "Elena Sokolova (@elena)"."""
    name = " ".join(user[k] for k in ("first_name", "last_name") if user.get(k))
    return f"{name} (@{user['username']})" if user.get("username") else name


def split_path(rest: str) -> tuple[str, str]:
    """``PATH [caption]`` -> (path, caption); a path with spaces is quoted: "my map.png"."""
    rest = rest.strip()
    if quoted := _QUOTED.fullmatch(rest):
        return quoted.group(2), quoted.group(3)
    path, _, caption = rest.partition(" ")
    return path, caption.strip()


def read_upload(path_text: str) -> tuple[str, bytes]:
    """(file name, bytes) of a file to send; OSError with a readable reason otherwise."""
    path = Path(path_text).expanduser()
    if not path.is_file():
        raise OSError(f"no file {path}")
    return path.name, path.read_bytes()


def picker_menu(request: dict[str, Any], people: list[dict[str, Any]]) -> str:
    """Telegram's user picker as terminal lines: the people numbered, and how to choose."""
    limit = int(request.get("max_quantity", 1))
    if not people:
        return "── Telegram: choose a person ──\n(nobody to choose: Telegram knows no one else)"
    rows = [[user_label(u)] for u in people]
    listing, _flat = button_rows(rows, 1)
    how = "a number or a name" if limit == 1 else f"up to {limit} numbers or names"
    return (
        f"── Telegram: choose a person ──\n{listing}\n"
        f"(type {how}; an empty line closes the picker)"
    )


def parse_choice(line: str, people: list[dict[str, Any]], limit: int) -> list[int] | str:
    """The user ids chosen by numbers or names ("2", "bakyt", "@elena", "1 3"); a reason
    string when the line chooses nobody or too many."""
    chosen: list[int] = []
    for word in line.replace(",", " ").split():
        found = find_user(word, people)
        if found is None:
            return f"nobody in the picker is {word!r}"
        if found not in chosen:
            chosen.append(found)
    if len(chosen) > limit:
        return f"this picker takes at most {limit}"
    return chosen or "choose someone"


def find_user(word: str, people: list[dict[str, Any]]) -> int | None:
    """A person by their number in the list (from 1), @username or first name (any case,
    or the start of it when only one name starts so)."""
    if word.isdigit():
        index = int(word) - 1
        return people[index]["id"] if 0 <= index < len(people) else None
    key = word.lower().lstrip("@")
    for field in ("username", "first_name"):
        exact = [u["id"] for u in people if str(u.get(field, "")).lower() == key]
        if exact:
            return exact[0]
    starts = [u["id"] for u in people if user_label(u).lower().startswith(key)]
    return starts[0] if len(starts) == 1 else None
