"""Errors that name the file, the line and the field, so an organiser can fix them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    line: int | None  # 1-based; None when the problem has no single place
    field: str  # e.g. "sessions[2].title.ru"; "" for the whole file
    message: str

    def describe(self, source: str) -> str:
        place = f"{source}:{self.line}" if self.line else source
        where = f" {self.field}:" if self.field else ""
        return f"{place}:{where} {self.message}"


class ProgrammeError(Exception):
    """A programme file was refused; nothing was changed."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = sorted(problems, key=lambda p: (p.line or 0, p.field))
        super().__init__(self.report())

    def report(self, limit: int = 20) -> str:
        lines = [p.describe(self.source) for p in self.problems[:limit]]
        if len(self.problems) > limit:
            lines.append(f"… and {len(self.problems) - limit} more problems")
        return "\n".join(lines)


def too_big(source: str, max_bytes: int) -> ProgrammeError:
    """The refusal of a file over the size limit, naming the limit."""
    message = f"is larger than {max_bytes / (1024 * 1024):g} MB, the most a programme file may be"
    return ProgrammeError(source, [Problem(None, "", message)])
