"""The programme from the chat and from its URL: an organiser sends a file (or /reload),
sees the validation report or what would change, and confirms (another forum's file gets
the new edition's own confirmation, forumbot/runtime/editions.py); /export gives the programme
in service as a file; the URL is refreshed on a timer, and the organisers hear, once, when
that fails.

Who asks is checked on every step, on the server side.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Awaitable
from dataclasses import dataclass
from functools import partial
from pathlib import PurePath

from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from forumbot.infra.timeutil import zone_or_none
from forumbot.programme import LoadResult, ProgrammeError
from forumbot.programme.export import export_yaml
from forumbot.programme.fetch import Fetched, FetchFailed, FetchRules, fetch
from forumbot.programme.schedule import needs_zone
from forumbot.programme.worker import Limits, load_in_worker, parse_in_worker
from forumbot.render.callbacks import pattern
from forumbot.render.context import View
from forumbot.render.dataimport import (
    render_import_preview,
    render_refused,
    render_source_failed,
    render_source_recovered,
    render_zone_picker,
)
from forumbot.render.editions import (
    render_edition_confirm,
    render_edition_opened,
    render_source_other,
)
from forumbot.runtime import editions, source
from forumbot.runtime.services import put_in_service
from forumbot.store.editions import OtherForum
from handlers import notices
from handlers.composer import END, composer_conversation
from handlers.context import (
    ForumContext,
    callback_args,
    chat_id_of,
    edit,
    is_organiser,
    message_of,
    organiser_args,
    query_of,
    render_ctx,
    say,
    send,
    services_of,
    user_id_of,
    waiting_draft,
)

logger = logging.getLogger(__name__)

PENDING = "dataimport"  # user_data: the checked file waiting for a confirmation
ZONE_WANTED = "impzone"  # user_data (and the conversation's name): a file waiting for a zone
ZONE = 0  # the conversation's one step: waiting for the file's zone
SUFFIXES = {".yaml", ".yml", ".json", ".xml"}


@dataclass(frozen=True, slots=True)
class ZoneWanted:
    """A file sent in the chat whose times carry no zone, waiting for one."""

    token: str
    source: str
    data: bytes


@dataclass(frozen=True, slots=True)
class Pending:
    token: str  # in the buttons: an older preview's buttons are stale
    source: str
    result: LoadResult
    fetched: Fetched | None = None  # from the URL: its validators are kept once in service


async def on_document(update: Update, context: ForumContext) -> int:
    """A file sent to the bot: an organiser's programme file is checked and previewed; one
    whose times carry no zone first asks for the zone (the conversation waits for it)."""
    if not await is_organiser(update, context):
        await say(update, context, "import_only_organisers")
        return END
    document = message_of(update).document
    if document is None:  # the handler's filter lets documents only
        return END
    name = document.file_name or "programme"
    if PurePath(name).suffix.lower() not in SUFFIXES:
        await say(update, context, "import_not_programme")
        return END
    limits = Limits.from_settings(context.services.settings)
    if (document.file_size or 0) > limits.max_bytes:
        await say(update, context, "import_too_big", mb=context.services.settings.import_max_mb)
        return END
    tg_file = await context.bot.get_file(document.file_id)
    data = bytes(await tg_file.download_as_bytearray())
    loading = parse_in_worker(data, name, _zone(context), limits=limits)
    zone_wanted = None if _zone(context) else ZoneWanted(secrets.token_hex(4), name, data)
    return await _check(update, context, loading, name, zone_wanted=zone_wanted)


async def _with_zone(update: Update, context: ForumContext, zone: str) -> int:
    """The waiting file read again in ``zone``: its preview (or report) as for any file."""
    wanted = context.user_data.pop(ZONE_WANTED, None)
    if not isinstance(wanted, ZoneWanted):
        await say(update, context, "stale_button")
        return END
    limits = Limits.from_settings(context.services.settings)
    loading = parse_in_worker(wanted.data, wanted.source, zone, limits=limits)
    return await _check(update, context, loading, wanted.source)


async def on_zone_picked(update: Update, context: ForumContext) -> int:
    """impz:<token>:<zone> — the zone of the waiting file, from the picker."""
    args = await organiser_args(update, context)
    if args is None:
        return END
    waiting = context.user_data.get(ZONE_WANTED)
    wanted = await waiting_draft(
        update, context, waiting, ZoneWanted, lambda w: w.token == args[0]
    )
    if wanted is None or zone_or_none(args[1]) is None:
        return END
    await query_of(update).answer()
    ctx = await render_ctx(update, context)
    await edit(
        update, context, View(ctx.t("import_zone_chosen", source=wanted.source, zone=args[1]))
    )
    return await _with_zone(update, context, args[1])


async def on_zone_typed(update: Update, context: ForumContext) -> int:
    """A zone typed as Area/City; asked again until it is one."""
    if not await is_organiser(update, context):
        return END
    typed = (message_of(update).text or "").strip()
    if not typed or zone_or_none(typed) is None:
        await say(update, context, "import_zone_unknown", zone=typed[:60])
        return ZONE
    await say(update, context, "import_zone_chosen", source=_waiting_source(context), zone=typed)
    return await _with_zone(update, context, typed)


def _waiting_source(context: ForumContext) -> str:
    wanted = context.user_data.get(ZONE_WANTED)
    return wanted.source if isinstance(wanted, ZoneWanted) else ""


async def reload(update: Update, context: ForumContext) -> None:
    """/reload — read the configured source again (the URL, else FORUMBOT_DATA) and preview."""
    if not await is_organiser(update, context):
        await say(update, context, "unknown_command")
        return
    settings = context.services.settings
    limits = Limits.from_settings(settings)
    if not settings.source_url:
        name = str(settings.data_path)
        await _check(update, context, load_in_worker(name, _zone(context), limits=limits), name)
        return
    got = await fetch(settings.source_url, rules=FetchRules.from_settings(settings))
    if isinstance(got, FetchFailed):
        name = source.public_url(settings.source_url)
        await _fetch_failed(update, context, name, got.reason)
        return
    assert isinstance(got, Fetched)  # no validators were sent: never "not modified"
    name = source.public_url(got.url)  # where the file came from, after the redirects
    loading = parse_in_worker(got.data, name, _zone(context), limits=limits)
    await _check(update, context, loading, name, got)


def _zone(context: ForumContext) -> str | None:
    return context.services.settings.source_zone


async def _fetch_failed(update: Update, context: ForumContext, name: str, reason: str) -> None:
    ctx = await render_ctx(update, context)
    await send(update, context, render_refused(ctx, reason, "import_fetch_failed", name))


async def _check(
    update: Update,
    context: ForumContext,
    loading: Awaitable[LoadResult],
    name: str,
    fetched: Fetched | None = None,
    zone_wanted: ZoneWanted | None = None,
) -> int:
    """Await the worker's check; show the report, or what changes with the confirm and drop
    buttons; or, for a file sent here without a zone (``zone_wanted``), the zone picker."""
    svc = context.services
    ctx = await render_ctx(update, context)
    try:
        result = await loading
    except ProgrammeError as exc:
        context.user_data.pop(PENDING, None)
        if zone_wanted is not None and needs_zone(exc.problems):
            context.user_data[ZONE_WANTED] = zone_wanted
            await send(update, context, render_zone_picker(ctx, name, zone_wanted.token))
            return ZONE
        await send(update, context, render_refused(ctx, exc.report(t=ctx.label)))
        return END
    token = secrets.token_hex(4)
    context.user_data[PENDING] = Pending(token, name, result, fetched)
    preview = await source.preview(svc.store, result.programme, svc.delivery)
    rooms = {**await svc.store.programme.rooms(), **{r.id: r for r in result.programme.rooms}}
    sessions = len(result.programme.sessions)
    view = render_import_preview(ctx, name, sessions, result.warnings, preview, rooms, token)
    if preview.edition is not None:  # another forum: old and new side by side, its own button
        view = render_edition_confirm(ctx, name, sessions, result.warnings, preview.edition, token)
    await send(update, context, view)
    return END


async def _confirmed(update: Update, context: ForumContext) -> Pending | None:
    """The pending file these buttons were for (asked by an organiser), now taken."""
    args = await organiser_args(update, context)
    if args is None:
        return None
    waiting = context.user_data.get(PENDING)
    pending = await waiting_draft(update, context, waiting, Pending, lambda p: p.token == args[0])
    if pending is not None:
        context.user_data.pop(PENDING, None)
    return pending


async def _remember_source(context: ForumContext, pending: Pending) -> None:
    """The pending file from the URL is in service: its validators are kept."""
    repo = context.services.store.programme
    if pending.fetched is not None:
        await source.remember(repo, pending.fetched)
        await repo.set_meta({source.FAILING: None})


async def on_confirm(update: Update, context: ForumContext) -> None:
    """impok:<token> — put the checked file in service; the change notices follow."""
    pending = await _confirmed(update, context)
    if pending is None:
        return
    svc = context.services
    actor = user_id_of(update)
    try:
        await put_in_service(svc.store, pending.result, pending.source, svc.clock.now(), actor)
    except OtherForum:  # only the new edition's button opens another forum
        await say(update, context, "edition_needs_confirm")
        return
    await _remember_source(context, pending)
    sessions = len(pending.result.programme.sessions)
    logger.info("Organiser %s imported %s (%d sessions)", actor, pending.source, sessions)
    await query_of(update).answer()
    ctx = await render_ctx(update, context)
    await edit(update, context, View(ctx.t("import_done", count=sessions)))


async def on_new_edition(update: Update, context: ForumContext) -> None:
    """edok:<token> — another forum's file, confirmed: the new edition opens, the old one goes
    to the archive; then the welcome-back message is offered, with its count."""
    pending = await _confirmed(update, context)
    if pending is None:
        return
    svc = context.services
    actor = user_id_of(update)
    now = svc.clock.now()
    change = await editions.open_edition(svc.store, pending.result, pending.source, now, actor)
    await _remember_source(context, pending)
    await query_of(update).answer()
    ctx = await render_ctx(update, context)
    sessions = len(pending.result.programme.sessions)
    if change is None:  # the same forum after all (a forged button): an ordinary import
        await edit(update, context, View(ctx.t("import_done", count=sessions)))
        return
    opened = editions.facts_of(pending.result.programme)
    await edit(update, context, View(render_edition_opened(ctx, opened, sessions)))
    await send(update, context, await editions.welcome_ask(svc.store, svc.delivery, ctx))


async def on_drop(update: Update, context: ForumContext) -> None:
    """impno:<token> — nothing changes (the pending file is forgotten)."""
    args = await callback_args(update, context)
    if args is None:
        return
    waiting = context.user_data.get(PENDING)
    pending = await waiting_draft(update, context, waiting, Pending, lambda p: p.token == args[0])
    if pending is None:
        return
    context.user_data.pop(PENDING, None)
    await query_of(update).answer()
    ctx = await render_ctx(update, context)
    await edit(update, context, View(ctx.t("import_dropped")))


async def export(update: Update, context: ForumContext) -> None:
    """/export — the programme in service as the bot's YAML, a file to edit and send back."""
    if not await is_organiser(update, context):
        await say(update, context, "unknown_command")
        return
    programme = await context.services.store.programme.load()
    ctx = await render_ctx(update, context)
    caption = ctx.t("export_caption", count=len(programme.sessions))
    text = await asyncio.to_thread(export_yaml, programme)  # a large forum takes a while
    await context.bot.send_document(
        chat_id_of(update),
        text.encode("utf-8"),
        filename=f"{programme.forum.id}.yaml",
        caption=caption,
    )


async def refresh_source(app: Application) -> source.Refresh | None:
    """Refresh the programme from its URL; tell the organisers when it fails or recovers."""
    svc = services_of(app)
    url = svc.settings.source_url
    if not url:
        return None
    done = await source.refresh(
        svc.store,
        url,
        svc.settings.source_zone,
        svc.clock.now(),
        rules=FetchRules.from_settings(svc.settings),
        limits=Limits.from_settings(svc.settings),
    )
    shown = source.public_url(url)
    if done.tell == "failed":
        reason, refused = done.reason or "", done.refused
        told = partial(render_source_failed, url=shown, reason=reason, refused=refused)
        await notices.tell_organisers(app, told)
    elif done.tell == "recovered":
        await notices.tell_organisers(app, lambda ctx: render_source_recovered(ctx, shown))
    elif done.tell == "other_forum" and done.edition is not None:
        change = done.edition
        await notices.tell_organisers(app, lambda ctx: render_source_other(ctx, shown, change))
    return done


async def refresh_job(context: ForumContext) -> None:
    try:
        await refresh_source(context.application)
    except Exception:  # a bad refresh must not stop the next one
        logger.exception("Refreshing the programme from its URL failed")
    finally:
        services_of(context.application).source_refreshed.set()


def schedule_refresh(app: Application) -> None:
    """At start, then every FORUMBOT_SOURCE_REFRESH (0: at start only), when a URL is set."""
    settings = services_of(app).settings
    if not settings.source_url:
        return
    assert app.job_queue is not None
    every = settings.source_refresh.total_seconds()
    if every:
        app.job_queue.run_repeating(refresh_job, interval=every, first=0.0, name="source")
    else:
        app.job_queue.run_once(refresh_job, 0.0, name="source")


def build_document_conversation() -> ConversationHandler:
    """A file starts it; it ends with the report or the preview, or waits for the zone of a
    file without one (picked or typed; a new file starts over)."""
    document = MessageHandler(filters.Document.ALL & filters.ChatType.PRIVATE, on_document)
    return composer_conversation(
        ZONE_WANTED,
        entry_points=[document],
        states={
            ZONE: [
                CallbackQueryHandler(on_zone_picked, pattern=pattern("impz")),
                MessageHandler(filters.TEXT & ~filters.COMMAND, on_zone_typed),
                document,
            ]
        },
        cancel_pattern=pattern("impno"),
    )


def register(app: Application) -> None:
    app.add_handler(build_document_conversation())
    app.add_handler(CommandHandler("export", export))
    app.add_handler(CommandHandler("reload", reload))
    app.add_handler(CallbackQueryHandler(on_confirm, pattern=pattern("impok")))
    app.add_handler(CallbackQueryHandler(on_drop, pattern=pattern("impno")))
    app.add_handler(CallbackQueryHandler(on_new_edition, pattern=pattern("edok")))
