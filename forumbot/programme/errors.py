"""Errors that name the file, the line and the field, so an organiser can fix them.

A problem's words are a catalog key with its values (``Msg``), said in the organiser's
language by the chat (``describe(source, t)``) and in English on the command line: the
English texts are the English catalog's, so no text is written twice. Values are the file's
own data (ids, times, names) or, for a problem that quotes another, a ``Msg`` in turn.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Union

if TYPE_CHECKING:
    from forumbot.infra.i18n import Catalogs

Translate = Callable[..., str]  # t(key, **values), e.g. RenderCtx.t
Value = Union[str, int, float, "Msg"]
PREFIX = "problem_"  # the catalog keys of the problems' words


@dataclass(frozen=True, slots=True)
class Msg:
    """Words from the catalogs: ``problem_<key>`` filled with ``values``."""

    key: str
    values: tuple[tuple[str, Value], ...] = ()

    def text(self, t: Translate) -> str:
        filled = {k: v.text(t) if isinstance(v, Msg) else v for k, v in self.values}
        return t(PREFIX + self.key, **filled)


def msg(key: str, /, **values: Value) -> Msg:
    return Msg(key, tuple(values.items()))


@cache
def _catalogs() -> Catalogs:
    from forumbot.infra.i18n import Catalogs  # the worker child reads them only if it must

    return Catalogs.load()


def english(key: str, **values: object) -> str:
    """The English text of ``key``: the command line's, the logs' and the tests'."""
    return _catalogs().t("en", key, **values)


def said(value: str | Msg, t: Translate) -> str:
    return value.text(t) if isinstance(value, Msg) else value


@dataclass(frozen=True, slots=True)
class Problem:
    line: int | None  # 1-based; None when the problem has no single place
    place: str | Msg  # the field, e.g. "sessions[2].title.ru", or an event by name; "" for all
    what: Msg

    @property
    def field(self) -> str:
        return said(self.place, english)

    @property
    def message(self) -> str:
        return self.what.text(english)

    def describe(self, source: str, t: Translate = english) -> str:
        """ "file:12: field: problem", in the words of ``t``'s language."""
        values: dict[str, object] = {"file": source, "problem": self.what.text(t)}
        key = PREFIX + "at"
        if self.line:
            key, values["line"] = key + "_line", self.line
        if self.place:
            key, values["field"] = key + "_field", said(self.place, t)
        return t(key, **values)


class ProgrammeError(Exception):
    """A programme file was refused; nothing was changed."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = sorted(problems, key=lambda p: (p.line or 0, p.field))
        super().__init__(self.report())

    def report(self, limit: int = 20, t: Translate = english) -> str:
        lines = [p.describe(self.source, t) for p in self.problems[:limit]]
        if len(self.problems) > limit:
            lines.append(t(PREFIX + "more", count=len(self.problems) - limit))
        return "\n".join(lines)


def refusal(source: str, key: str, line: int | None = None, /, **values: Value) -> ProgrammeError:
    """A file refused for one reason that concerns it whole (or one line of it)."""
    return ProgrammeError(source, [Problem(line, "", msg(key, **values))])


def too_big(source: str, max_bytes: int) -> ProgrammeError:
    """The refusal of a file over the size limit, naming the limit."""
    return refusal(source, "too_big", mb=f"{max_bytes / (1024 * 1024):g}")
