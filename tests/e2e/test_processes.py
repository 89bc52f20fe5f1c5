"""The commands a newcomer and the Docker image run, as separate processes.

`python bot.py run` is the Dockerfile's command: here it runs against the local emulator
through FORUMBOT_API_BASE_URL, exactly as it would against Telegram or a self-hosted Bot API.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
from pathlib import Path

from forumbot.emulator import BotAPIEmulator

ROOT = Path(__file__).parents[2]


def env_for(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FORUMBOT_")}
    env.update({"FORUMBOT_DB": str(tmp_path / "bot.sqlite3"), "FORUMBOT_LOG_LEVEL": "INFO"})
    env.update(extra)
    return env


async def run_cli(*args: str, env: dict[str, str], stdin: bytes = b"") -> tuple[int, str]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "bot.py", *args, cwd=ROOT, env=env,
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    out, _ = await asyncio.wait_for(proc.communicate(stdin), timeout=60)
    return proc.returncode or 0, out.decode("utf-8")


async def test_run_without_a_token_points_at_the_demo(tmp_path: Path) -> None:
    code, out = await run_cli("run", env=env_for(tmp_path))
    assert code == 2
    assert "FORUMBOT_TOKEN" in out and "python bot.py demo" in out


async def test_a_bad_setting_is_named(tmp_path: Path) -> None:
    code, out = await run_cli("run", env=env_for(tmp_path, FORUMBOT_ORGANISERS="12,abc"))
    assert code == 2 and "FORUMBOT_ORGANISERS" in out and "'abc'" in out


async def test_the_docker_command_serves_participants(tmp_path: Path) -> None:
    async with BotAPIEmulator(token="42:PROCESS") as emu:
        env = env_for(
            tmp_path,
            FORUMBOT_TOKEN=emu.token,
            FORUMBOT_API_BASE_URL=emu.base_url,
            FORUMBOT_CLOCK_START="2023-06-22T10:45",
            FORUMBOT_CLOCK_SPEED="0",
            FORUMBOT_HEALTH_PORT="0",  # another process may hold the default port
        )
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "bot.py", "run", cwd=ROOT, env=env,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
        )  # fmt: skip
        try:
            emu.add_user(60, language_code="en")
            welcome, _picker = await emu.ask(60, "/start", count=2, timeout=30)
            assert "Cholpon-Ata" in welcome.text
            [now] = await emu.ask(60, "/now", timeout=30)
            assert "10:45" in now.text
        finally:
            proc.send_signal(signal.SIGINT)  # run_polling stops cleanly on SIGINT/SIGTERM
            out, _ = await asyncio.wait_for(proc.communicate(), timeout=30)
        log = out.decode("utf-8")
        assert proc.returncode == 0, log
        assert emu.token not in log  # the token never reaches the log


async def test_import_and_check_commands(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    good = ROOT / "tests" / "fixtures" / "mini.yaml"
    bad.write_text(good.read_text(encoding="utf-8").replace('end: "12:30"', 'end: "09:00"'))
    code, out = await run_cli("check", str(bad), env=env_for(tmp_path))
    assert code == 1 and f"{bad}:" in out and "ends" in out
    code, out = await run_cli("import", str(good), env=env_for(tmp_path))
    assert code == 0 and "Imported 3 sessions" in out
    code, out = await run_cli("import", str(bad), env=env_for(tmp_path))
    assert code == 1 and "unchanged" in out


async def test_the_offline_demo_chat(tmp_path: Path) -> None:
    script = "/start\n3\n/now\n:time +1d\n/next\n:organiser\n/status\n:quit\n"
    code, out = await run_cli("demo", "--lang", "ru", env=env_for(tmp_path), stdin=script.encode())
    assert code == 0, out
    assert "Добро пожаловать" in out  # the welcome, in the Telegram app's language
    assert "✅ Language: English" in out  # button 3 of the picker
    assert "Opening of the forum" in out or "on now" in out  # /now at 10:15 on day one
    assert "Fri 23 Jun 2023 10:15" in out  # the demo clock moved a day
    assert "Bot status" in out  # the organiser's command
    # Log lines (INFO here) go to the file the demo names, never into the chat.
    [log] = re.findall(r"The bot's log lines go to (\S+)", out)
    assert f"The demo's log is in {log}" in out
    logged = Path(log).read_text(encoding="utf-8")
    assert "INFO forumbot: forumbot is up as @" in logged
    # The day skipped by :time +1d: its digest was never sent (this used to print in the chat).
    assert "WARNING forumbot.runtime.planner: The digest of 2023-06-22 was not sent" in logged
    assert not re.search(r"\b(DEBUG|INFO|WARNING|ERROR) [\w.]+: ", out), out
    Path(log).unlink()
