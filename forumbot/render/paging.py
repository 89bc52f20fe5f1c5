"""Pages of a long list: which items one page shows, and the row "← · page 2 of 3 · →" that
moves between them (arrows only where there is somewhere to go; no row for a single page)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from telegram import InlineKeyboardButton

from forumbot.render.context import RenderCtx

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: Sequence[T]  # the ones this page shows
    page: int  # 0-based, within the pages there are
    pages: int

    @classmethod
    def of(cls, items: Sequence[T], page: int, size: int) -> Page[T]:
        """Page ``page`` of ``items``; a page past the end (the list shrank, a forged button)
        is the last one."""
        pages = max(1, -(-len(items) // size))
        page = min(max(page, 0), pages - 1)
        return cls(items[page * size : (page + 1) * size], page, pages)

    def words(self, ctx: RenderCtx) -> str:
        """ "page 2 of 3" in the reader's language ("" for a single page)."""
        if self.pages == 1:
            return ""
        return ctx.label("page_of", page=self.page + 1, pages=self.pages)

    def row(self, ctx: RenderCtx, action: str, *args: object) -> list[InlineKeyboardButton]:
        """← page 2 of 3 →: each arrow opens its page with ``action:args:page``."""
        if self.pages == 1:
            return []
        row = []
        if self.page > 0:
            row.append(ctx.button("←", action, *args, self.page - 1))
        row.append(ctx.button(self.words(ctx), "noop"))
        if self.page + 1 < self.pages:
            row.append(ctx.button("→", action, *args, self.page + 1))
        return row
