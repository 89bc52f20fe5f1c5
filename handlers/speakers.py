"""/speakers: the paginated list → a speaker's card with their sessions."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from forumbot.render.people import PAGE_SIZE, pages, render_speaker, render_speakers
from handlers.context import ForumContext, callback_args, edit, render_ctx, say, send


async def speakers_view(update: Update, context: ForumContext, page: int):
    ctx = await render_ctx(update, context)
    repo = context.services.store.programme
    _, total = await repo.speakers_page(ctx.lang, 0, 0)
    page = min(max(page, 0), pages(total) - 1)
    people, total = await repo.speakers_page(ctx.lang, page * PAGE_SIZE, PAGE_SIZE)
    return render_speakers(ctx, people, page, total)


async def speakers(update: Update, context: ForumContext) -> None:
    """The first page of speakers and moderators."""
    await send(update, context, await speakers_view(update, context, 0))


async def on_speakers_page(update: Update, context: ForumContext) -> None:
    """Another page of the speakers list."""
    args = await callback_args(update, context)
    if args is None:
        return
    await update.callback_query.answer()
    await edit(update, context, await speakers_view(update, context, int(args[0])))


async def speaker_view(update: Update, context: ForumContext, speaker_id: str, back: tuple):
    repo = context.services.store.programme
    person = await repo.speaker(speaker_id)
    if person is None:
        return None
    ctx = await render_ctx(update, context)
    return render_speaker(ctx, person, await repo.sessions_of(speaker_id), back)


async def show_speaker(update: Update, context: ForumContext, speaker_id: str) -> None:
    """Send a speaker card as a new message (deep links)."""
    view = await speaker_view(update, context, speaker_id, ("spkl", 0))
    if view is None:
        await say(update, context, "speaker_gone")
    else:
        await send(update, context, view)


async def on_speaker(update: Update, context: ForumContext) -> None:
    """A speaker card, opened from the list (spk) or from a session card (spks)."""
    args = await callback_args(update, context)
    if args is None:
        return
    from_session = update.callback_query.data.startswith("spks:")
    back = ("ses", args[1]) if from_session else ("spkl", args[1])
    view = await speaker_view(update, context, args[0], back)
    if view is None:
        await say(update, context, "speaker_gone")
        return
    await update.callback_query.answer()
    await edit(update, context, view)


def register(app: Application) -> None:
    app.add_handler(CommandHandler("speakers", speakers))
    app.add_handler(CallbackQueryHandler(on_speakers_page, pattern=r"^spkl:"))
    app.add_handler(CallbackQueryHandler(on_speaker, pattern=r"^spks?:"))
