"""Views that are the same for everyone who reads them in one language (a day's page, /now
in a given minute, a session card without the star, the speakers, search results): rendered
once per key and reused.

A key is (view, its arguments, language, programme version[, minute]). The programme version
(``ProgrammeRepo.version``) moves after every programme write, so a change is seen at once;
views that show the time also carry the minute and are rendered at its start, so everyone in
that minute gets the same. Personal marks (the star on a card; later my time zone) are not in
the cached body: the handler overlays them on it, cheaply, per reader (see
``render.programme.with_star``). Whoever hides tracks or kinds gets their lists rendered for
them alone and never kept here (``handlers.context.sifted_view``).

Safe under concurrent updates: the version is read before anything is read from the store,
and the view is kept under that version; a write that ends meanwhile leaves it under a version
no one asks for again. Two readers missing at once both render; the second keeps its own.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable

from forumbot.render.context import View

SIZE = 2048  # views; a card is a few kB, so a few MB at most


def minute_of(moment: dt.datetime) -> dt.datetime:
    """The start of ``moment``'s minute: the "now" a per-minute view is rendered at."""
    return moment.replace(second=0, microsecond=0)


class SharedViews:
    """A small LRU of rendered views."""

    def __init__(self, size: int = SIZE) -> None:
        self._size = size
        self._views: OrderedDict[Hashable, View] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._views)

    async def get(
        self, key: Hashable, render: Callable[[], Awaitable[View | None]]
    ) -> View | None:
        """The view kept under ``key``, else ``render()``'s (None, e.g. a session gone, is
        not kept)."""
        view = self._views.get(key)
        if view is not None:
            self._views.move_to_end(key)
            self.hits += 1
            return view
        self.misses += 1
        view = await render()
        if view is not None:
            self._views[key] = view
            if len(self._views) > self._size:
                self._views.popitem(last=False)
        return view
