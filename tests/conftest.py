"""Shared test setup. Fixtures of one layer live in that layer's conftest.py."""

import os

# PTB 22 warns when RetryAfter.retry_after is read as seconds; opt in to timedelta, as bot.py
# does, so warnings-as-errors only catches real problems.
os.environ.setdefault("PTB_TIMEDELTA", "1")
