"""The operations settings: webhook, health endpoint, log format; each refused value is named."""

from __future__ import annotations

import pytest

from forumbot.infra.settings import Settings, SettingsError

HOOK = {"FORUMBOT_WEBHOOK_URL": "https://bot.example.org/tg", "FORUMBOT_WEBHOOK_SECRET": "s3_-X"}


def test_polling_with_a_local_health_endpoint_by_default() -> None:
    s = Settings.from_env({})
    assert s.webhook_url is None and s.webhook_secret is None
    assert (s.webhook_listen, s.webhook_port) == ("0.0.0.0", 8443)
    assert (s.health_listen, s.health_port, s.log_format) == ("127.0.0.1", 8080, "text")


def test_webhook_mode_reads_every_variable() -> None:
    s = Settings.from_env(
        {
            **HOOK,
            "FORUMBOT_WEBHOOK_LISTEN": "127.0.0.1",
            "FORUMBOT_WEBHOOK_PORT": "8000",
            "FORUMBOT_HEALTH_PORT": "0",
            "FORUMBOT_HEALTH_LISTEN": "::",
            "FORUMBOT_LOG_FORMAT": "JSON",
        }
    )
    assert (s.webhook_url, s.webhook_secret) == ("https://bot.example.org/tg", "s3_-X")
    assert (s.webhook_listen, s.webhook_port) == ("127.0.0.1", 8000)
    assert (s.health_listen, s.health_port, s.log_format) == ("::", 0, "json")


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"FORUMBOT_WEBHOOK_URL": "https://bot.example.org/tg"}, "FORUMBOT_WEBHOOK_SECRET"),
        ({**HOOK, "FORUMBOT_WEBHOOK_SECRET": "has space"}, "FORUMBOT_WEBHOOK_SECRET"),
        ({**HOOK, "FORUMBOT_WEBHOOK_SECRET": "x" * 257}, "FORUMBOT_WEBHOOK_SECRET"),
        ({**HOOK, "FORUMBOT_WEBHOOK_SECRET": "pässword"}, "FORUMBOT_WEBHOOK_SECRET"),
        ({**HOOK, "FORUMBOT_WEBHOOK_URL": "bot.example.org/tg"}, "FORUMBOT_WEBHOOK_URL"),
        ({**HOOK, "FORUMBOT_WEBHOOK_URL": "ftp://bot.example.org"}, "FORUMBOT_WEBHOOK_URL"),
        ({"FORUMBOT_WEBHOOK_PORT": "0"}, "FORUMBOT_WEBHOOK_PORT"),
        ({"FORUMBOT_WEBHOOK_PORT": "https"}, "FORUMBOT_WEBHOOK_PORT"),
        ({"FORUMBOT_HEALTH_PORT": "65536"}, "FORUMBOT_HEALTH_PORT"),
        ({**HOOK, "FORUMBOT_HEALTH_PORT": "8443"}, "FORUMBOT_HEALTH_PORT"),
        ({"FORUMBOT_WEBHOOK_LISTEN": "0.0.0.0:80"}, "FORUMBOT_WEBHOOK_LISTEN"),
        ({"FORUMBOT_HEALTH_LISTEN": "any where"}, "FORUMBOT_HEALTH_LISTEN"),
        ({"FORUMBOT_LOG_FORMAT": "yaml"}, "FORUMBOT_LOG_FORMAT"),
    ],
)
def test_a_bad_value_stops_the_bot_naming_the_variable(env: dict[str, str], named: str) -> None:
    with pytest.raises(SettingsError, match=named):
        Settings.from_env(env)


def test_the_secret_is_never_echoed_in_the_error() -> None:
    with pytest.raises(SettingsError) as info:
        Settings.from_env({**HOOK, "FORUMBOT_WEBHOOK_SECRET": "almost-secret!"})
    assert "almost-secret" not in str(info.value)


def test_the_longest_secret_telegram_allows_is_accepted() -> None:
    secret = "A-z_9" * 51 + "x"  # 256 characters
    assert Settings.from_env({**HOOK, "FORUMBOT_WEBHOOK_SECRET": secret}).webhook_secret == secret
