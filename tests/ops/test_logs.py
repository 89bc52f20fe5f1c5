"""Log lines, text or JSON, never hold the bot token or the webhook secret."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from forumbot.ops.logs import (
    REDACTED,
    JsonFormatter,
    RedactingFormatter,
    configure_logging,
    log_to_file,
)

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
SECRET = "webhook-Secret_42"


def log_to(formatter: logging.Formatter) -> tuple[logging.Logger, io.StringIO]:
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(formatter)
    logger = logging.getLogger(f"test.redaction.{id(formatter)}")
    logger.handlers[:] = [handler]
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    return logger, out


def say_everything(logger: logging.Logger) -> None:
    # What httpx logs for every Bot API call, with the token in the URL.
    url = f"https://api.telegram.org/bot{TOKEN}/sendMessage"
    logger.info('HTTP Request: %s %s "%s %d %s"', "POST", url, "HTTP/1.1", 200, "OK")
    logger.warning("A token in the message itself: %s", TOKEN)
    logger.debug("Request had the wrong secret token: %s, expected %s", "nope", SECRET)
    try:
        raise ConnectionError(f"Cannot connect to http://localhost:8081/bot{TOKEN}/getMe")
    except ConnectionError:
        logger.exception("Network trouble")
    logger.info("Another bot's URL: https://api.telegram.org/bot42:OTHER-token_x/getMe")


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_the_token_and_the_secret_never_reach_a_log_line(fmt: str) -> None:
    formatter = (
        JsonFormatter([TOKEN, SECRET]) if fmt == "json" else RedactingFormatter([TOKEN, SECRET])
    )
    logger, out = log_to(formatter)
    say_everything(logger)
    text = out.getvalue()
    assert TOKEN not in text and "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw" not in text
    assert SECRET not in text and "OTHER-token_x" not in text
    assert f"/bot{REDACTED}/sendMessage" in text  # the line stays useful
    assert "Network trouble" in text and "ConnectionError" in text


def test_json_lines_are_one_object_each_with_the_traceback_inside() -> None:
    logger, out = log_to(JsonFormatter([TOKEN]))
    say_everything(logger)
    entries = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(entries) == 5
    assert entries[0]["level"] == "INFO" and entries[0]["message"].startswith("HTTP Request")
    assert {"time", "level", "logger", "message"} <= entries[3].keys()
    assert "Traceback" in entries[3]["exception"] and REDACTED in entries[3]["exception"]
    assert entries[3]["time"].endswith("+00:00")


@pytest.fixture
def root_logging() -> Iterator[None]:
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    yield
    root.handlers[:], level = saved
    root.setLevel(level)
    logging.captureWarnings(False)


def test_configure_logging_turns_down_the_noisy_libraries(root_logging: None) -> None:
    configure_logging("DEBUG", "json", [TOKEN, None])
    root = logging.getLogger()
    assert root.level == logging.DEBUG
    assert [type(h.formatter) for h in root.handlers] == [JsonFormatter]
    assert logging.getLogger("httpx").level == logging.WARNING


def test_log_to_file_moves_every_line_there_redacted(
    root_logging: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging("INFO", "text", [TOKEN])
    log_to_file(tmp_path / "demo.log")
    logging.getLogger("forumbot.test").warning("Sending with %s", TOKEN)
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert capsys.readouterr().err == ""
    line = (tmp_path / "demo.log").read_text(encoding="utf-8")
    assert f"WARNING forumbot.test: Sending with {REDACTED}" in line
    assert TOKEN not in line
    for handler in logging.getLogger().handlers:
        handler.close()
