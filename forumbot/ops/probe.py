"""The container's health check: ``python -m forumbot.ops.probe`` exits 0 when the bot's
/healthz answers 200, else 1. Slim images have no curl; this uses urllib and reads the same
FORUMBOT_HEALTH_PORT and FORUMBOT_HEALTH_LISTEN as the bot."""

from __future__ import annotations

import sys
import urllib.error
import urllib.request

from forumbot.infra.settings import Settings, SettingsError

TIMEOUT = 5.0


def healthz_url(settings: Settings) -> str | None:
    """Where the bot serves /healthz, seen from the same machine; None if it serves nothing."""
    if not settings.health_port:
        return None
    # An address that means "every interface" is reached through the loopback one.
    host = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(settings.health_listen)
    host = host or settings.health_listen
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{settings.health_port}/healthz"


def main() -> int:
    try:
        settings = Settings.from_env()
    except SettingsError as exc:
        print(f"Bad setting: {exc}", file=sys.stderr)
        return 1
    url = healthz_url(settings)
    if url is None:
        print("FORUMBOT_HEALTH_PORT is 0: there is no health endpoint to check")
        return 0
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
            print(response.read().decode("utf-8", "replace"))
            return 0
    except urllib.error.HTTPError as exc:
        print(f"unhealthy: HTTP {exc.code} {exc.read().decode('utf-8', 'replace')}")
    except (urllib.error.URLError, OSError) as exc:
        print(f"unhealthy: {url}: {exc}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
