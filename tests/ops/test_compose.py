"""compose.yaml runs the image as the Dockerfile and the settings expect: the store on a
volume at FORUMBOT_DB's directory, settings from .env, the image's health check, a restart
policy, and a webhook variant (commented) that uses real settings."""

from __future__ import annotations

import json
import re
from pathlib import PurePosixPath
from typing import Any

import yaml

from . import ROOT, setting_names
from .test_dockerfile import env_vars, instructions

COMPOSE = ROOT / "compose.yaml"
# A commented-out YAML line ("#   key: value" or "#   - item"), not a comment in prose.
COMMENTED_YAML = re.compile(r"^(\s*)# ?(\s*(?:[A-Za-z_]+:(?: |$)|- ).*)$")


def compose(uncomment: bool = False) -> dict[str, Any]:
    text = COMPOSE.read_text(encoding="utf-8")
    if uncomment:
        text = "\n".join(COMMENTED_YAML.sub(r"\1\2", line) for line in text.splitlines())
    return yaml.safe_load(text)


def service(doc: dict[str, Any]) -> dict[str, Any]:
    [bot] = doc["services"].values()
    return bot


def test_the_bot_builds_this_image_and_reads_dot_env() -> None:
    bot = service(compose())
    assert bot["build"] == "." and bot["env_file"] in (".env", [".env"])
    assert bot["restart"] in ("unless-stopped", "always", "on-failure")


def test_the_store_is_on_a_named_volume_where_forumbot_db_points() -> None:
    doc = compose()
    mounts = dict(v.split(":", 1) for v in service(doc)["volumes"])
    db = PurePosixPath(env_vars()["FORUMBOT_DB"])
    [name] = [name for name, target in mounts.items() if db.parent == PurePosixPath(target)]
    assert name in doc["volumes"]  # named, so it survives `docker compose down`


def test_the_health_check_is_the_images() -> None:
    [image_check] = [args for kw, args in instructions() if kw == "HEALTHCHECK"]
    command = json.loads(image_check[image_check.index("CMD") + 3 :].strip())
    assert service(compose())["healthcheck"]["test"] == ["CMD", *command]


def test_the_sends_in_flight_have_time_to_finish() -> None:
    grace = service(compose())["stop_grace_period"]
    assert re.fullmatch(r"\d+s", grace) and int(grace[:-1]) >= 10  # Docker's default is 10 s


def test_every_forumbot_variable_is_a_real_setting() -> None:
    used = set(re.findall(r"\bFORUMBOT_[A-Z0-9_]+", COMPOSE.read_text(encoding="utf-8")))
    assert "FORUMBOT_WEBHOOK_URL" in used and used <= set(setting_names())


def test_the_webhook_variant_uncommented_is_valid_and_publishes_the_webhook_port() -> None:
    bot = service(compose(uncomment=True))
    environment = bot["environment"]
    assert set(environment) <= set(setting_names())
    published = {mapping.rsplit(":", 1)[-1] for mapping in bot["ports"]}
    assert str(environment["FORUMBOT_WEBHOOK_PORT"]) in published
    exposed = {args for kw, args in instructions() if kw == "EXPOSE"}
    assert published <= set(" ".join(exposed).split())
