"""Hiding tracks or kinds: the settings screen, and the line a shortened list carries."""

from __future__ import annotations

import dataclasses

from telegram import InlineKeyboardMarkup

from forumbot.render.context import RenderCtx, View, keyboard
from forumbot.render.html import esc
from forumbot.render.programme import clip
from forumbot.rules.hidden import Hidden

SHOWN, HIDDEN = "✅", "🚫"


def render_hide(ctx: RenderCtx, tracks: list[str], kinds: list[str], hidden: Hidden) -> View:
    """One toggle per track and kind of the programme (names in the reader's language)."""
    lines = [f"🙈 <b>{ctx.t('hide_title')}</b>", "", ctx.t("hide_about"), ""]
    rows = []
    for facet, action, values in (("track", "hidet", tracks), ("kind", "hidek", kinds)):
        if not values:
            continue
        lines.append(f"<b>{ctx.t('hide_' + facet + 's')}</b>")
        for i, value in enumerate(values):
            mark = HIDDEN if value in hidden.values(facet) else SHOWN
            name = value if facet == "track" else ctx.label("kind_" + value)
            lines.append(f"{mark} {esc(name)}")
            rows.append([ctx.button(clip(f"{mark} {name}"), action, i)])
        lines.append("")
    if not rows:
        lines += [ctx.t("hide_nothing"), ""]
    lines.append(ctx.t("hide_count", count=len(hidden)) if hidden else ctx.t("hide_none"))
    rows.append([ctx.back("settings")])
    return View("\n".join(lines), keyboard(*rows))


def with_hidden(ctx: RenderCtx, view: View, left_out: int) -> View:
    """``view`` with "N hidden — show" and its button, when it left sessions out."""
    if not left_out:
        return view
    line = f"\n\n🙈 {ctx.t('hidden_line', count=left_out)}"
    row = [ctx.button(ctx.label("hidden_show"), "hide", "n")]
    markup = view.keyboard
    old = list(markup.inline_keyboard) if isinstance(markup, InlineKeyboardMarkup) else []
    return dataclasses.replace(
        view, text=view.text + line, keyboard=InlineKeyboardMarkup([*old, row])
    )
