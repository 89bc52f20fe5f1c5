"""Programme files: reading, validating and turning them into domain objects."""

from forumbot.programme.errors import Problem, ProgrammeError
from forumbot.programme.formats import load_any, parse_any
from forumbot.programme.interchange import LoadResult
from forumbot.programme.loader import load_programme, parse_programme

__all__ = [
    "LoadResult",
    "Problem",
    "ProgrammeError",
    "load_any",
    "load_programme",
    "parse_any",
    "parse_programme",
]
