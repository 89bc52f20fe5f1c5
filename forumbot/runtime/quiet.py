"""The quiet period that merges notices: programme changes and new slides or recordings are
told once nothing new has come for ``FORUMBOT_CHANGE_WINDOW``, so several edits make one
message. Measured on the forum clock."""

from __future__ import annotations

import datetime as dt


def notices_due(last_change: dt.datetime | None, now: dt.datetime, window: dt.timedelta) -> bool:
    """Change notices wait until the programme has been quiet for ``window``: several
    re-imports within it make one notice."""
    return last_change is not None and now - last_change >= window


class QuietWindow:
    """Whether the news logged so far (its newest id and when it was made) has been quiet
    long enough; a moment stamped by another clock (an import run beside a rehearsal's
    simulated one) counts from when this process first saw it."""

    def __init__(self, window: dt.timedelta) -> None:
        self.window = window
        self._seen: tuple[int, dt.datetime] | None = None  # (newest id, first seen at)

    def due(self, newest: int | None, last: dt.datetime | None, now: dt.datetime) -> bool:
        if newest is None or last is None:
            self._seen = None
            return False
        if self._seen is None or self._seen[0] != newest:
            self._seen = (newest, now)
        quiet_since = last if last <= now else self._seen[1]
        return notices_due(quiet_since, now, self.window)

    def told(self) -> None:
        self._seen = None
