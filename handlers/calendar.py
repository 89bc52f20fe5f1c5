"""/ics (/calendar): my agenda, or the whole programme, as a calendar file to import."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Mapping, Sequence

from telegram import InlineKeyboardMarkup, InputFile, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from forumbot.models import Room, Session, Speaker
from forumbot.render.calendar import render_calendar
from forumbot.render.callbacks import pattern
from forumbot.render.context import RenderCtx, View, keyboard
from handlers.context import ForumContext, chat_id_of, current_user, query_of, render_ctx, send

# which file: (the end of its file name, the catalog key of its caption)
_MINE = ("my-agenda", "ics_mine_caption")
_WHOLE = ("programme", "ics_all_caption")


async def ics(update: Update, context: ForumContext) -> None:
    """/ics: the starred sessions as an .ics file, with the whole programme on offer."""
    await current_user(update, context)
    ctx = await render_ctx(update, context)
    repo = context.services.store.programme
    whole = keyboard([ctx.button("📆 " + ctx.label("ics_whole"), "icsall")])
    starred = await repo.starred_sessions(chat_id_of(update))
    if not starred:
        await send(update, context, View(ctx.t("ics_empty"), whole))
        return
    full = await repo.sessions_by_ids([s.id for s in starred], full=True)  # descriptions
    sessions = [full[s.id] for s in starred if s.id in full]
    people = await repo.speakers(sorted({i for s in sessions for i in _people_of(s)}))
    lead = await context.services.store.personal.lead(chat_id_of(update))  # 0: reminders off
    await _send_calendar(update, context, ctx, sessions, people, _MINE, whole, lead)


async def on_ics(update: Update, context: ForumContext) -> None:
    """ "Calendar file" under /my: the same as /ics, as a new message."""
    await query_of(update).answer()
    await ics(update, context)


async def on_ics_all(update: Update, context: ForumContext) -> None:
    """ "The whole programme": every session, cancelled ones marked so, in one file."""
    await query_of(update).answer()
    await current_user(update, context)
    ctx = await render_ctx(update, context)
    programme = await context.services.store.programme.load()
    people = {p.id: p for p in programme.speakers}
    await _send_calendar(update, context, ctx, programme.sessions, people, _WHOLE, None)


async def _send_calendar(
    update: Update,
    context: ForumContext,
    ctx: RenderCtx,
    sessions: Sequence[Session],
    people: Mapping[str, Speaker],
    kind: tuple[str, str],
    markup: InlineKeyboardMarkup | None,
    alarm_minutes: int = 0,
) -> None:
    """Render the file in the reader's language and send it, its caption naming the zone;
    ``alarm_minutes`` before each session an alarm (the whole programme has none)."""
    svc = context.services
    rooms: Mapping[str, Room] = await svc.store.programme.rooms()
    now = svc.clock.now()
    body = await asyncio.to_thread(  # the whole of a large programme takes a while
        render_calendar,
        sessions,
        rooms,
        people,
        ctx.forum,
        ctx.lang,
        lambda s: ctx.deep_link(f"s_{s.id}"),
        catalogs=ctx.catalogs,
        now=now,
        alarm_minutes=alarm_minutes,
    )
    name, caption = kind
    await context.bot.send_document(
        chat_id_of(update),
        document=InputFile(body, filename=f"{ctx.forum.id}-{name}.ics"),
        caption=ctx.t(caption, zone=_zone(ctx, sessions[0].start if sessions else now)),
        reply_markup=markup,
    )


def _people_of(s: Session) -> tuple[str, ...]:
    return (*s.moderator_ids, *s.speaker_ids)


def _zone(ctx: RenderCtx, moment: dt.datetime) -> str:
    """The zone as the catalogs name it, with its offset then: "Bishkek time (UTC+6)"."""
    offset = ctx.local(moment).utcoffset() or dt.timedelta()
    hours, rest = divmod(int(offset.total_seconds()), 3600)
    label = f"UTC{hours:+d}" + (f":{rest // 60:02d}" if rest else "")
    key = f"zone_{ctx.forum.timezone.replace('/', '_')}"
    if key in ctx.catalogs.keys(ctx.lang):
        zone = ctx.label(key)
    else:
        zone = ctx.label("zone_generic", zone=ctx.forum.timezone)
    return f"{zone} ({label})"


def register(app: Application) -> None:
    app.add_handler(CommandHandler(["ics", "calendar"], ics))
    app.add_handler(CallbackQueryHandler(on_ics, pattern=pattern("ics")))
    app.add_handler(CallbackQueryHandler(on_ics_all, pattern=pattern("icsall")))
