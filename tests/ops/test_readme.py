"""The README tells a newcomer the truth: every setting, the demo and test commands."""

from __future__ import annotations

import re

from tests.ops import ROOT, setting_names

README = (ROOT / "README.md").read_text(encoding="utf-8")
CI = (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_every_setting_is_documented_and_nothing_else() -> None:
    documented = set(re.findall(r"\| `(FORUMBOT_[A-Z0-9_]+)` \|", README))
    assert documented == set(setting_names())


def test_the_test_command_is_the_one_ci_runs() -> None:
    assert ".venv/bin/python -m pytest -q" in README
    assert ".venv/bin/python -m pytest -q" in CI


def test_the_demo_command_is_the_real_one() -> None:
    assert ".venv/bin/python bot.py demo" in README
    assert "demo" in (ROOT / "bot.py").read_text(encoding="utf-8")
