"""YAML to plain Python values, remembering the line of every value.

Dates and times stay strings (PyYAML would turn "2023-06-22" into a date and "10:30" into
the sexagesimal integer 630); duplicate keys are reported instead of silently overwritten.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml

from forumbot.programme.depth import MAX_DEPTH, nested_message
from forumbot.programme.errors import Msg, Problem, english, msg

# Anchors and aliases may repeat a part of the file (a room's name, a list of speakers), but
# not multiply it: all the aliases of a document together repeat at most this many values.
MAX_REPEATED = 10_000
REPEATED = msg("repeated", limit=f"{MAX_REPEATED:,}")

Path = tuple[str | int, ...]


class LocatedYaml:
    def __init__(self, value: Any, lines: dict[Path, int], problems: list[Problem]) -> None:
        self.value = value
        self.lines = lines
        self.problems = problems

    def line_of(self, path: Path) -> int | None:
        """The line of ``path``, or of its nearest ancestor that has one."""
        for cut in range(len(path), -1, -1):
            line = self.lines.get(path[:cut])
            if line is not None:
                return line
        return None


def format_path(path: Path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class TooComplex(yaml.MarkedYAMLError):
    """YAML that is valid but refused: its aliases repeat too much, or it nests too deep."""

    def __init__(self, what: Msg, mark: yaml.Mark | None) -> None:
        super().__init__(None, None, what.text(english), mark)
        self.what = what


class _GuardedLoader(yaml.SafeLoader):
    """Composes a document while counting what its aliases repeat and how deep it nests:
    a "billion laughs" of nested aliases is refused at the alias that passes the cap, before
    anything is expanded."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.sizes: dict[int, int] = {}  # a collection node's values, its aliases expanded
        self.repeated = 0  # values the aliases have repeated so far
        self.depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> Any:
        event = self.peek_event()
        mark: Any = event.start_mark
        if isinstance(event, yaml.AliasEvent):
            node = self.anchors.get(event.anchor)
            self.repeated += self.sizes.get(id(node), 1)
            if self.repeated > MAX_REPEATED:
                raise TooComplex(REPEATED, mark)
            return super().compose_node(parent, index)
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise TooComplex(nested_message(), mark)
        node = super().compose_node(parent, index)
        self.depth -= 1
        if isinstance(node, yaml.SequenceNode):
            self.sizes[id(node)] = 1 + sum(self.sizes.get(id(n), 1) for n in node.value)
        elif isinstance(node, yaml.MappingNode):
            self.sizes[id(node)] = 1 + sum(self.sizes.get(id(v), 1) for _, v in node.value)
        return node


def load_located(text: str) -> LocatedYaml:
    """Parse ``text``; raise yaml.YAMLError (with a mark) when it is not YAML at all, or
    when its aliases repeat too much or it nests too deep."""
    loader = _GuardedLoader(text)
    try:
        node = loader.get_single_node()
    finally:
        loader.dispose()
    lines: dict[Path, int] = {}
    problems: list[Problem] = []
    value = None if node is None else _convert(node, (), lines, problems)
    return LocatedYaml(value, lines, problems)


_PLAIN_TAGS: dict[str, Callable[[str], Any]] = {
    "tag:yaml.org,2002:bool": lambda s: s.lower() in {"true", "yes", "on"},
    "tag:yaml.org,2002:null": lambda s: None,
    "tag:yaml.org,2002:float": float,
}


def _scalar(node: yaml.ScalarNode) -> Any:
    value = node.value
    if node.tag == "tag:yaml.org,2002:int":
        return value if ":" in value else int(value.replace("_", ""), 0)
    convert = _PLAIN_TAGS.get(node.tag)
    if convert is None:
        return value  # str, timestamps and anything else stay text
    try:
        return convert(value)
    except ValueError:
        return value


def _convert(node: yaml.Node, path: Path, lines: dict[Path, int], problems: list[Problem]):
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, (*path, i), lines, problems) for i, item in enumerate(node.value)]
    result: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = _scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else str(key_node)
        key = str(key)
        if key in result:
            line = key_node.start_mark.line + 1
            problems.append(Problem(line, format_path((*path, key)), msg("duplicate_key")))
        result[key] = _convert(value_node, (*path, key), lines, problems)
    return result
