"""Roles and invitation links (issue 15, part 4): organisers make links that give a role
(``make``: /invite) and list or revoke them (``manage``: /invites). Opening a link is
/start's (handlers/start.py, through forumbot/runtime/invitations.py)."""

from __future__ import annotations

from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from forumbot.infra.i18n import Catalogs
from forumbot.render.callbacks import pattern
from handlers.composer import composer_conversation
from handlers.midflow import leaves
from handlers.roles import make, manage


def build_invite_conversation(catalogs: Catalogs) -> ConversationHandler:
    """Only the typed steps: a use limit or an expiry; buttons do the rest. As in every
    typed-value conversation, a command or a main-menu button typed instead is answered by
    its own handler, and the question stays open."""
    typed = MessageHandler(filters.TEXT & ~leaves(catalogs), make.on_typed)
    return composer_conversation(
        "invite",
        entry_points=[
            CallbackQueryHandler(make.on_type_uses, pattern=pattern("invut")),
            CallbackQueryHandler(make.on_type_expiry, pattern=pattern("invet")),
        ],
        states={make.TYPING: [typed]},
        cancel_pattern=pattern("invx"),
        stored=True,
    )


def register(app: Application) -> None:
    app.add_handler(build_invite_conversation(app.bot_data["catalogs"]))
    app.add_handler(CommandHandler("invite", make.invite))
    app.add_handler(CommandHandler("invites", manage.invites))
    buttons = {
        "inv": make.on_role,
        "invsp": make.on_speaker_page,
        "invs": make.on_speaker,
        "invsa": make.on_any_speaker,
        "invu": make.on_uses,
        "inve": make.on_expiry,
        "invx": make.on_cancel,
        "invdel": manage.on_revoke_ask,
        "invrm": manage.on_revoke,
        "invkeep": manage.on_keep,
    }
    for action, handler in buttons.items():
        app.add_handler(CallbackQueryHandler(handler, pattern=pattern(action)))
