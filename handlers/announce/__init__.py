"""/announce: compose (one text, or a variant per language, optionally one photo or
document), preview exactly as recipients will see it, edit, choose the audience and the time,
send a test to oneself, confirm. /announce again with a draft waiting offers to go on with it
or start afresh; any broadcast can be copied into a new draft (📄 on its card, or the notice
of a missed one). Every step checks again that an organiser is asking. The writing is in
``write``, the sending in ``send``."""

from __future__ import annotations

from typing import Any

from telegram.ext import (
    Application,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from forumbot.render.callbacks import pattern
from forumbot.render.menu import menu_labels
from handlers.announce import send, write
from handlers.announce.common import (
    AUDIENCE,
    CONFIRM,
    DEFAULT,
    MODE,
    TYPE_TIME,
    WHEN,
    WRITE,
)
from handlers.composer import composer_conversation


def build_announce_conversation(menu: list[str]) -> ConversationHandler:
    """The draft is kept in the store (AnnounceDraft), its step persisted: a restart
    continues it. A main-menu button (``menu``, its labels) is never taken as the text: the
    menu answers it and the draft waits."""
    text = filters.TEXT & ~filters.COMMAND & ~filters.Text(menu)
    content = text | filters.PHOTO | filters.Document.ALL
    duplicate = CallbackQueryHandler(write.on_duplicate, pattern=pattern("bdup"))
    anytime: list[BaseHandler[Any, Any, Any]] = [
        CommandHandler("announce", write.start),
        CallbackQueryHandler(write.on_continue, pattern=pattern("acont")),
        CallbackQueryHandler(write.on_discard, pattern=pattern("adiscard")),
        duplicate,
    ]
    edit_text = CallbackQueryHandler(write.on_edit, pattern=pattern("aedit"))
    return composer_conversation(
        "announce",
        entry_points=[CommandHandler("announce", write.start), duplicate],
        states={
            MODE: [CallbackQueryHandler(write.on_mode, pattern=pattern("amode"))],
            WRITE: [
                MessageHandler(content, write.on_message),
                CallbackQueryHandler(write.on_skip, pattern=pattern("askip")),
                CallbackQueryHandler(write.on_done, pattern=pattern("adone")),
            ],
            DEFAULT: [CallbackQueryHandler(write.on_default, pattern=pattern("adef"))],
            AUDIENCE: [CallbackQueryHandler(send.on_audience, pattern=pattern("aud")), edit_text],
            WHEN: [CallbackQueryHandler(send.on_when, pattern=pattern("when")), edit_text],
            TYPE_TIME: [MessageHandler(text, send.on_typed_time)],
            CONFIRM: [
                CallbackQueryHandler(send.on_confirm, pattern=pattern("aok")),
                CallbackQueryHandler(send.on_test, pattern=pattern("atest")),
                edit_text,
            ],
        },
        cancel_pattern=pattern("acancel"),
        stored=True,
        anytime=anytime,
    )


def register(app: Application) -> None:
    labels = list(menu_labels(app.bot_data["catalogs"]))  # set by the builder, before start
    app.add_handler(build_announce_conversation(labels))
