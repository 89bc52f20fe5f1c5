"""`.env.example` documents every setting, holds no token, and its values are accepted."""

from __future__ import annotations

import re

import pytest

from forumbot.infra.settings import Settings

from . import ROOT, setting_names

ENV_EXAMPLE = ROOT / ".env.example"
ASSIGNMENT = re.compile(r"(#\s*)?(FORUMBOT_[A-Z0-9_]+)=(.*)")
# Settings that are refused alone: each is tried with its companions' examples.
NEEDS = {"FORUMBOT_WEBHOOK_URL": ("FORUMBOT_WEBHOOK_SECRET",)}


def lines() -> list[str]:
    return ENV_EXAMPLE.read_text(encoding="utf-8").splitlines()


def assignments(*, commented: bool) -> dict[str, str]:
    """Active KEY=VALUE lines, or the commented-out examples (``# KEY=VALUE``)."""
    found: dict[str, str] = {}
    for line in lines():
        match = ASSIGNMENT.fullmatch(line.strip())
        if match and bool(match.group(1)) == commented:
            found[match.group(2)] = match.group(3).strip()
    return found


def test_lists_exactly_the_settings_the_bot_reads() -> None:
    listed = [*assignments(commented=False), *assignments(commented=True)]
    assert sorted(listed) == sorted(setting_names())


def test_every_setting_has_a_comment_saying_what_it_is() -> None:
    text = lines()
    for index, line in enumerate(text):
        if not ASSIGNMENT.fullmatch(line.strip()):
            continue
        prose = []
        for previous in reversed(text[:index]):
            if not previous.startswith("#") or ASSIGNMENT.fullmatch(previous.strip()):
                break
            prose.append(previous)
        assert prose, f"no comment above {line!r}"


def test_holds_no_real_token() -> None:
    assert assignments(commented=False).get("FORUMBOT_TOKEN") == ""
    assert "FORUMBOT_TOKEN" not in assignments(commented=True)
    assert not re.search(r"\d{5,}:[\w-]{30,}", ENV_EXAMPLE.read_text(encoding="utf-8"))


def test_active_values_are_accepted() -> None:
    """Copied as it is, .env.example gives the defaults (only the empty token is active)."""
    values = {k: v for k, v in assignments(commented=False).items() if v}
    assert Settings.from_env(values) == Settings.from_env({})


@pytest.mark.parametrize("name", sorted(assignments(commented=True)))
def test_each_commented_example_is_accepted_and_changes_something(name: str) -> None:
    examples = assignments(commented=True)
    companions = {other: examples[other] for other in NEEDS.get(name, ())}
    alone = Settings.from_env(companions)
    assert Settings.from_env({**companions, name: examples[name]}) != alone


def test_the_examples_together_give_a_rehearsal_setup() -> None:
    settings = Settings.from_env(assignments(commented=True))
    assert settings.clock_start is not None and settings.clock_start.tzinfo is None
    assert settings.clock_speed > 1
    assert settings.organiser_ids
