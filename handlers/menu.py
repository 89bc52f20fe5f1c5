"""The main menu's router: each area names the menu buttons it answers (``add``) when it
registers; one handler maps a pressed label, in whichever language, to that answer. Areas
never import each other to reach one another's screens."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Update
from telegram.ext import Application, MessageHandler, filters

from forumbot.render.menu import menu_labels
from handlers.context import ForumContext, message_of

MenuAction = Callable[[Update, ForumContext], Awaitable[None]]
_ACTIONS = "menu_actions"  # bot_data: command -> the area's answer


def add(app: Application, command: str, action: MenuAction) -> None:
    """The menu button ``command`` (a key of forumbot.render.menu's labels) runs ``action``."""
    app.bot_data.setdefault(_ACTIONS, {})[command] = action


async def menu_button(update: Update, context: ForumContext) -> None:
    """A main-menu button, in whichever language its label is."""
    labels = menu_labels(context.services.catalogs)
    command = labels.get(message_of(update).text or "")
    if command:
        await context.bot_data[_ACTIONS][command](update, context)


def register(app: Application) -> None:
    """The labels' handler: after every conversation that takes text, before plain text is a
    search (handlers/__init__.py)."""
    labels = list(menu_labels(app.bot_data["catalogs"]))  # set by the builder, before start
    app.add_handler(MessageHandler(filters.Text(labels), menu_button))
