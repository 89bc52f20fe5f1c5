"""Welcome, language choice, help, the main-menu keyboard and the organisers' status."""

from __future__ import annotations

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    MenuButtonWebApp,
    ReplyKeyboardMarkup,
    WebAppInfo,
)

from forumbot.infra.i18n import Catalogs
from forumbot.models import UI_LANGUAGES
from forumbot.render.context import RenderCtx, View, keyboard
from forumbot.render.html import esc

# Main-menu buttons: catalog key of the label -> the command it stands for.
MENU_BUTTONS: dict[str, str] = {
    "menu_programme": "programme",
    "menu_my": "my",
    "menu_now": "now",
    "menu_next": "next",
    "menu_speakers": "speakers",
    "menu_news": "news",
    "menu_search": "search",
    "menu_language": "language",
    "menu_settings": "settings",
    "menu_help": "help",
    "menu_info": "info",
}
_MENU_ROWS = (
    ("menu_programme", "menu_my", "menu_now", "menu_next"),
    ("menu_speakers", "menu_news", "menu_search"),
    ("menu_info", "menu_language", "menu_settings", "menu_help"),
)
LANGUAGE_NAMES = {"ky": "Кыргызча", "ru": "Русский", "en": "English"}

# Commands shown in Telegram's menu, in this order (each has a "cmd_<name>" description).
COMMANDS = (
    "programme", "my", "now", "next", "speakers", "news", "info", "venue", "search", "ics",
    "settings", "language", "help", "privacy", "ask", "archive",
)  # fmt: skip


# Organiser commands, listed in /help for organisers only (never in Telegram's public menu).
OWNER_COMMANDS = ("organisers",)  # listed in /help for owners only
ORGANISER_COMMANDS = (
    "announce", "scheduled", "deliveries", "post", "status", "stats", "audit", "organisers",
    "digesttime", "export", "reload", "feedback", "questions", "welcomeback", "poll", "invite",
    "invites",
)  # fmt: skip


def main_keyboard(ctx: RenderCtx) -> ReplyKeyboardMarkup:
    rows = [[KeyboardButton(ctx.label(key)) for key in row] for row in _MENU_ROWS]
    return ReplyKeyboardMarkup(
        rows,
        resize_keyboard=True,
        is_persistent=True,
        input_field_placeholder=ctx.label("search_placeholder"),
    )


def menu_commands(catalogs: Catalogs, lang: str) -> list[tuple[str, str]]:
    """(command, description) pairs for Telegram's command menu in ``lang``."""
    return [(name, catalogs.t(lang, f"cmd_{name}")) for name in COMMANDS]


def menu_labels(catalogs: Catalogs) -> dict[str, str]:
    """Every main-menu label in every language -> the command it stands for."""
    return {
        label: command
        for key, command in MENU_BUTTONS.items()
        for label in catalogs.all_of(key).values()
    }


def render_welcome(ctx: RenderCtx, dates: str) -> View:
    city = ctx.text(ctx.forum.city)  # an imported schedule may name none
    place = ", ".join(part for part in (city, esc(dates)) if part)
    text = ctx.tr("welcome", forum=ctx.text(ctx.forum.title), place=place)
    return View(text + "\n\n" + ctx.t("welcome_extra"), main_keyboard(ctx))


def render_open_app(ctx: RenderCtx, url: str) -> View:
    """The Mini App offered in the chat: "Open the programme" under a line on what it holds."""
    button = InlineKeyboardButton(ctx.label("webapp_open_button"), web_app=WebAppInfo(url))
    return View(ctx.t("webapp_open_text"), InlineKeyboardMarkup([[button]]))


def app_menu_button(catalogs: Catalogs, lang: str, url: str) -> MenuButtonWebApp:
    """The chat's menu button opening the Mini App, labelled in ``lang``."""
    return MenuButtonWebApp(catalogs.t(lang, "webapp_menu_button"), WebAppInfo(url))


def render_language_picker(ctx: RenderCtx, current: str, from_settings: bool = False) -> View:
    """The picker; opened from the settings screen, it leads back there."""
    # Written in all three languages: the reader may not read the one preselected for them.
    text = "🌐 " + " / ".join(
        f"<b>{esc(ctx.catalogs.t(lang, 'choose_language'))}</b>" for lang in UI_LANGUAGES
    )
    origin = ("s",) if from_settings else ()
    row = [
        ctx.button(
            ("✅ " if lang == current else "") + LANGUAGE_NAMES[lang], "lang", lang, *origin
        )
        for lang in UI_LANGUAGES
    ]
    if from_settings:
        return View(text, keyboard(row, [ctx.back("settings")]))
    return View(text, keyboard(row))


def render_language_set(ctx: RenderCtx) -> View:
    return View(ctx.t("language_set", language=LANGUAGE_NAMES[ctx.lang]), main_keyboard(ctx))


def render_help(ctx: RenderCtx, organiser: bool = False, owner: bool = False) -> View:
    """The commands; an organiser's too for organisers, and /organisers for owners only."""
    lines = [f"❓ <b>{ctx.t('help_title')}</b>", ""]
    lines += [f"/{name} — {ctx.t('cmd_' + name)}" for name in COMMANDS]
    lines += ["", ctx.t("help_search"), ctx.t("help_deep_links"), "", f"🕒 {ctx.t('help_zone')}"]
    if organiser:
        lines += ["", f"🛠 <b>{ctx.t('help_organiser')}</b>"]
        shown = [n for n in ORGANISER_COMMANDS if owner or n not in OWNER_COMMANDS]
        lines += [f"/{name} — {ctx.t('cmd_' + name)}" for name in shown]
    return View("\n".join(lines), main_keyboard(ctx))


def render_status(ctx: RenderCtx, facts: dict[str, object]) -> View:
    lines = [f"🛠 <b>{ctx.t('status_title')}</b>", ""]
    lines += [ctx.t("status_" + key, value=str(value)) for key, value in facts.items()]
    return View("\n".join(lines))
