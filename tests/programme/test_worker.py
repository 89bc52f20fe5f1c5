"""Programme files are checked in a child process: its answer is the reader's, and a file
that takes too long or too much memory is refused, the child killed (also on cancellation)."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

from forumbot.infra.settings import DEFAULT_DATA
from forumbot.programme import ProgrammeError, load_any
from forumbot.programme.worker import Limits, _answer, load_in_worker, parse_in_worker
from tests.helpers import MINI
from tests.hostile import BILLION_LAUGHS, slow_programme


def workers() -> list[int]:
    """This process's children that are programme checkers."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            stat = (proc / "stat").read_text()
            cmdline = (proc / "cmdline").read_bytes()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == os.getpid() and b"forumbot.programme.worker" in cmdline:
            found.append(int(proc.name))
    return found


async def refused(job) -> str:
    with pytest.raises(ProgrammeError) as caught:
        await asyncio.wait_for(job, timeout=120)  # generous: the limits under test are far less
    return caught.value.report()


async def test_the_worker_answers_as_the_reader_does() -> None:
    result = await load_in_worker(DEFAULT_DATA)
    assert result == load_any(DEFAULT_DATA)
    report = await refused(load_in_worker(BILLION_LAUGHS))
    assert report.startswith(f"{BILLION_LAUGHS}:5: aliases here repeat more than 10,000")


async def test_a_file_that_takes_too_long_is_stopped_and_refused() -> None:
    report = await refused(
        parse_in_worker(slow_programme(), "slow.yaml", limits=Limits(seconds=1))
    )
    assert report == (
        "slow.yaml: took too long to check: stopped after 1 seconds (a real programme takes a few)"
    )
    assert workers() == []


async def test_a_file_that_needs_too_much_memory_is_refused_as_too_complex() -> None:
    limits = Limits(seconds=120, memory_mb=96)
    assert (await parse_in_worker(MINI.read_bytes(), "mini.yaml", limits=limits)).programme
    report = await refused(parse_in_worker(slow_programme(20_000), "big.yaml", limits=limits))
    assert report == (
        "big.yaml: is too complex to check: it needed more than 96 MB of memory "
        "(a real programme needs far less)"
    )


async def test_a_cancelled_check_kills_its_child(tmp_path: Path) -> None:
    path = tmp_path / "slow.yaml"
    path.write_bytes(slow_programme())
    task = asyncio.create_task(load_in_worker(path, limits=Limits(seconds=300)))
    async with asyncio.timeout(60):
        while not workers():
            await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert workers() == []


async def test_a_file_over_the_size_limit_is_refused_on_either_way_in(tmp_path: Path) -> None:
    limits = Limits(max_bytes=1024 * 1024)
    big = MINI.read_bytes() + b"#" * (1024 * 1024)
    expected = "big.yaml: is larger than 1 MB, the most a programme file may be"
    assert await refused(parse_in_worker(big, "big.yaml", limits=limits)) == expected
    path = tmp_path / "big.yaml"
    path.write_bytes(big)
    assert await refused(load_in_worker(path, limits=limits)) == f"{tmp_path}/{expected}"


def test_a_memory_error_that_escaped_the_child_still_reads_too_complex() -> None:
    # Seen under load: with no memory left for the traceback, the child's own handler raised
    # MemoryError again and Python exited with 1 instead of TOO_COMPLEX.
    err = b"MemoryError\n\nDuring handling of the above exception, another exception occurred:"
    with pytest.raises(ProgrammeError) as refusal:
        _answer(1, b"", err + b"\n\nMemoryError\n", "big.yaml", Limits(memory_mb=96))
    assert "is too complex to check: it needed more than 96 MB" in refusal.value.report()
