"""Programme files: reading, validating and turning them into domain objects."""

from forumbot.programme.errors import Problem, ProgrammeError
from forumbot.programme.loader import load_programme, parse_programme

__all__ = ["Problem", "ProgrammeError", "load_programme", "parse_programme"]
