"""Programme files are untrusted: each is read, parsed and validated in a child process.

The child (``python -m forumbot.programme.worker``) gets the request on stdin, lowers its own
address-space limit (``RLIMIT_AS``) before it touches the file, and writes its answer on
stdout. The parent waits without blocking the event loop, and kills the child when it takes
too long or when the waiting task is cancelled. A file that exhausts the memory is refused
as "too complex", one that runs out of time as "took too long"; the parsers' own caps
(YAML aliases, nesting depth, size) refuse the known bombs long before either.

    result = await load_in_worker(path, zone, limits=Limits.from_settings(settings))
    result = await parse_in_worker(data, "upload.yaml", zone, limits=limits)
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import pickle
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from forumbot.programme.errors import ProgrammeError, refusal, too_big
from forumbot.programme.formats import load_any, parse_any
from forumbot.programme.interchange import LoadResult

logger = logging.getLogger(__name__)

MB = 1024 * 1024
TOO_COMPLEX = 3  # the child's exit status when it ran out of memory
PROJECT_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True, slots=True)
class Limits:
    """How big a programme file may be, and how long and how much memory checking it may take."""

    max_bytes: int = 20 * MB
    seconds: float = 30.0
    memory_mb: int = 1024

    @classmethod
    def from_settings(cls, settings: Any) -> Limits:
        """FORUMBOT_IMPORT_MAX_MB, FORUMBOT_IMPORT_SECONDS, FORUMBOT_IMPORT_MEMORY_MB."""
        return cls(settings.import_max_mb * MB, settings.import_seconds, settings.import_memory_mb)


DEFAULT_LIMITS = Limits()


async def load_in_worker(
    path: Path | str, zone: str | None = None, *, limits: Limits = DEFAULT_LIMITS
) -> LoadResult:
    """``load_any(path, zone=zone)`` in a child process; raises ProgrammeError (also for a
    file too big, too complex or too slow to check)."""
    request = {"path": str(path), "source": str(path), "zone": zone}
    return await _run(request, str(path), limits)


async def parse_in_worker(
    data: bytes, source: str, zone: str | None = None, *, limits: Limits = DEFAULT_LIMITS
) -> LoadResult:
    """``parse_any(data, source, zone=zone)`` in a child process; raises ProgrammeError."""
    if len(data) > limits.max_bytes:
        raise too_big(source, limits.max_bytes)
    return await _run({"data": data, "source": source, "zone": zone}, source, limits)


def _child_env() -> dict[str, str]:
    """The bot's environment without its settings (the token stays in the parent)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FORUMBOT_")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")]))
    return env


async def _run(request: dict[str, Any], source: str, limits: Limits) -> LoadResult:
    request |= {"max_bytes": limits.max_bytes, "memory_mb": limits.memory_mb}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "forumbot.programme.worker",
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE, env=_child_env(),
    )  # fmt: skip
    try:
        async with asyncio.timeout(limits.seconds):
            out, err = await proc.communicate(pickle.dumps(request))
    except TimeoutError:
        raise refusal(source, "too_slow", seconds=f"{limits.seconds:g}") from None
    finally:
        if proc.returncode is None:  # timed out, or the caller was cancelled
            with contextlib.suppress(ProcessLookupError):
                proc.kill()
            await proc.wait()
    return _answer(proc.returncode, out, err, source, limits)


def _answer(code: int | None, out: bytes, err: bytes, source: str, limits: Limits) -> LoadResult:
    if code == 0 and out:
        kind, *rest = pickle.loads(out)  # written by our own child, below
        if kind == "ok":
            return rest[0]
        raise ProgrammeError(rest[0], rest[1])
    # Past RLIMIT_AS: the child's own code, a signal, or a MemoryError that escaped while
    # Python handled the first one (it can, when no memory is left for the traceback).
    out_of_memory = b"MemoryError" in err
    if code == TOO_COMPLEX or (code is not None and code < 0) or out_of_memory:
        raise refusal(source, "too_much_memory", mb=limits.memory_mb)
    logger.error("The programme checker failed (exit %s): %s", code, err.decode(errors="replace"))
    raise refusal(source, "checker_failed")


def _limit_memory(memory_mb: int) -> None:
    import resource

    limit = memory_mb * MB
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def child_main() -> int:
    """The child: read the request, lower the memory limit, check, answer on stdout."""
    request = pickle.loads(sys.stdin.buffer.read())
    source, zone, max_bytes = request["source"], request["zone"], request["max_bytes"]
    _limit_memory(request["memory_mb"])
    try:
        answer = _check(request, source, zone, max_bytes)
    except (MemoryError, RecursionError):  # the parsers' caps should have refused it first
        return TOO_COMPLEX
    try:
        sys.stdout.buffer.write(pickle.dumps(answer))
    except MemoryError:
        return TOO_COMPLEX
    return 0


def _check(
    request: dict[str, Any], source: str, zone: str | None, max_bytes: int
) -> tuple[Any, ...]:
    try:
        if "data" in request:
            result = parse_any(request["data"], source, zone=zone)
        else:
            result = load_any(request["path"], zone=zone, max_bytes=max_bytes)
        return ("ok", result)
    except ProgrammeError as exc:
        return ("refused", exc.source, exc.problems)


if __name__ == "__main__":
    try:
        status = child_main()
    except MemoryError:  # out of memory again while handling it: leave without allocating
        os._exit(TOO_COMPLEX)
    sys.exit(status)
