"""The channel's settings: unset, nothing changes; each refused value is named with what it
must be."""

from __future__ import annotations

import pytest

from forumbot.infra.settings import Settings, SettingsError


def test_no_channel_by_default() -> None:
    s = Settings.from_env({})
    assert s.channel is None and s.channel_languages == ()
    assert not s.channel_pin_programme and not s.channel_changes
    assert s.channel_starting_now == frozenset()


def test_every_channel_variable_is_read() -> None:
    s = Settings.from_env(
        {
            "FORUMBOT_CHANNEL": "-1001234567890",
            "FORUMBOT_CHANNEL_LANGUAGES": "RU, ky,ru",
            "FORUMBOT_CHANNEL_PIN_PROGRAMME": "1",
            "FORUMBOT_CHANNEL_STARTING_NOW": "main-hall, small-hall",
            "FORUMBOT_CHANNEL_CHANGES": "yes",
        }
    )
    assert (s.channel, s.channel_languages) == ("-1001234567890", ("ru", "ky"))
    assert s.channel_pin_programme and s.channel_changes
    assert s.channel_starting_now == {"main-hall", "small-hall"}
    assert Settings.from_env({"FORUMBOT_CHANNEL_STARTING_NOW": "*"}).channel_starting_now == {"*"}
    assert Settings.from_env({"FORUMBOT_CHANNEL": "@issykkulforum"}).channel == "@issykkulforum"


@pytest.mark.parametrize(
    ("name", "value", "said"),
    [
        ("FORUMBOT_CHANNEL", "issykkulforum", "chat id (e.g. -1001234567890) or its public"),
        ("FORUMBOT_CHANNEL", "12345", "is not a channel or group"),
        ("FORUMBOT_CHANNEL_LANGUAGES", "ky,de", "among ky, ru, en"),
        ("FORUMBOT_CHANNEL_STARTING_NOW", ",", "halls' ids"),
    ],
)
def test_a_bad_value_is_named(name: str, value: str, said: str) -> None:
    with pytest.raises(SettingsError, match=name) as refused:
        Settings.from_env({name: value})
    assert said in str(refused.value)
