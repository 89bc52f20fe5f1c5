"""How deep a programme file may nest: far deeper than any real one, far shallower than the
recursion that a hostile file would otherwise drive into a RecursionError (or a crash)."""

from __future__ import annotations

import re
from typing import Any

from forumbot.programme.errors import Msg, Problem, ProgrammeError, msg

MAX_DEPTH = 32  # a schedule.json nests about 9 levels, the bot's YAML about 5
_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]|\n')


def nested_message(limit: int = MAX_DEPTH) -> Msg:
    return msg("nested", limit=limit)


def check_depth(value: Any, source: str, limit: int = MAX_DEPTH) -> None:
    """Raise ProgrammeError naming the first place nested deeper than ``limit`` (iterative:
    the check itself cannot recurse too deep)."""
    stack: list[tuple[Any, tuple[Any, ...]]] = [(value, ())]
    while stack:
        item, path = stack.pop()
        if len(path) > limit:
            raise ProgrammeError(source, [Problem(None, _format(path), nested_message(limit))])
        if isinstance(item, dict):
            stack += [(v, (*path, k)) for k, v in item.items()]
        elif isinstance(item, list):
            stack += [(v, (*path, i)) for i, v in enumerate(item)]


def _format(path: tuple[Any, ...], shown: int = 6) -> str:
    out = ""
    for part in path[:shown]:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out + ("…" if len(path) > shown else "")


def too_deep(text: str, limit: int = MAX_DEPTH) -> Problem:
    """The line of JSON ``text`` where it first nests deeper than ``limit`` (when the parser
    itself gave up on the depth)."""
    depth, line = 0, 1
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token == "\n":
            line += 1
        elif token in "[{":
            depth += 1
            if depth > limit:
                return Problem(line, "", nested_message(limit))
        elif token in "]}":
            depth -= 1
        else:
            line += token.count("\n")
    return Problem(None, "", nested_message(limit))
