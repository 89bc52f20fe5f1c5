"""The link step of the planner's tick: when slides or a recording appear for a session
(an import or an organiser in the chat), everyone who starred or rated it gets one message
through the delivery engine, merged over the same quiet window as the programme change
notices (``FORUMBOT_CHANGE_WINDOW``): several links within it make one message."""

from __future__ import annotations

import datetime as dt
import logging

import aiosqlite

from forumbot.infra.i18n import Catalogs
from forumbot.models import Forum, Link, Session
from forumbot.render.context import RenderCtx
from forumbot.render.links import render_link_news
from forumbot.runtime.quiet import QuietWindow
from forumbot.store import Store
from forumbot.store.links import LinkNews, mark_news_told

logger = logging.getLogger(__name__)


def still_there(news: list[LinkNews], sessions: dict[str, Session]) -> dict[str, list[Link]]:
    """Session id -> its new links that are still in service (one set and removed within
    the window is not told), in the order they appeared, each once."""
    found: dict[str, list[Link]] = {}
    for n in news:
        session = sessions.get(n.session_id)
        if session is None or session.cancelled:
            continue
        link = next((x for x in session.links if (x.kind, x.url) == (n.kind, n.url)), None)
        if link is not None and link not in found.get(n.session_id, []):
            found.setdefault(n.session_id, []).append(link)
    return found


class LinkNotices:
    """Driven by ``Planner.tick`` (same job, same lock); counts into its TickReport."""

    def __init__(
        self,
        store: Store,
        catalogs: Catalogs,
        delivery,  # DeliveryService (create_personal)
        window: dt.timedelta,
        bot_username: str | None = None,
    ) -> None:
        self.store, self.catalogs, self.delivery = store, catalogs, delivery
        self.bot_username = bot_username
        self._quiet = QuietWindow(window)

    async def tick(self, forum: Forum, now: dt.datetime, report) -> None:
        news, last = await self.store.links.untold()
        if not self._quiet.due(news[-1].id if news else None, last, now):
            return
        sessions = await self.store.programme.sessions_by_ids(
            sorted({n.session_id for n in news}), full=False
        )
        new = still_there(news, sessions)
        audience = await self.store.links.audience(new)
        languages = await self.store.users.languages(list(audience))
        rows = []
        for chat_id, followed in sorted(audience.items()):
            lang = languages.get(chat_id, forum.default_language)
            items = [(sessions[sid], new[sid]) for sid in new if sid in followed]
            ctx = RenderCtx(lang, self.catalogs, forum, self.bot_username)
            rows.append(render_link_news(ctx, items).personal(chat_id, lang))

        async def told(conn: aiosqlite.Connection, broadcast_id: int | None = None) -> None:
            await mark_news_told(conn, [n.id for n in news])

        if rows:
            await self.delivery.create_personal("links", rows, told)
        else:
            async with self.store.db.transaction() as conn:
                await told(conn)
        self._quiet.told()
        report.link_notices += len(rows)
        logger.info("New slides or recordings told to %d people", len(rows))
