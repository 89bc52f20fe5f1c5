"""The participant's own things: settings (topics, language), privacy, forgetting."""

from __future__ import annotations

from forumbot.render.agenda import render_lead_picker
from forumbot.render.context import RenderCtx, View, keyboard
from forumbot.render.menu import LANGUAGE_NAMES
from forumbot.render.zones import zone_line
from forumbot.store.agenda import LEAD_CHOICES


def render_settings(ctx: RenderCtx, topics: dict[str, bool], lead: int, hidden: int = 0) -> View:
    """One screen: language, what the bot sends (topics), the reminder lead time, and how
    many tracks or kinds are hidden."""
    lines = [f"⚙️ <b>{ctx.t('settings_title')}</b>", ""]
    lines.append(ctx.t("settings_language", language=LANGUAGE_NAMES[ctx.lang]))
    lines += ["", f"🔔 <b>{ctx.t('settings_topics')}</b>"]
    rows = [[ctx.button(ctx.label("menu_language"), "langpick")]]
    for topic, on in topics.items():
        mark = "✅" if on else "⬜"
        lines.append(f"{mark} {ctx.t('topic_' + topic)} — {ctx.t('topic_' + topic + '_about')}")
        rows.append([ctx.button(f"{mark} {ctx.label('topic_' + topic)}", "topic", topic)])
    lines += ["", f"⏰ <b>{ctx.t('settings_reminders')}</b>"]
    now = (
        ctx.t("settings_reminders_now", minutes=lead) if lead else ctx.t("settings_reminders_off")
    )
    lines.append(now)
    rows += render_lead_picker(ctx, lead, LEAD_CHOICES)
    lines += ["", f"🙈 <b>{ctx.t('hide_title')}</b>"]
    lines.append(ctx.t("hide_count", count=hidden) if hidden else ctx.t("hide_none"))
    rows.append([ctx.button(ctx.label("hide_open"), "hide")])
    lines += ["", f"🕒 <b>{ctx.t('tz_title')}</b>", zone_line(ctx)]
    rows.append([ctx.button(ctx.label("tz_open"), "tz")])
    lines += ["", ctx.t("settings_hint")]
    return View("\n".join(lines), keyboard(*rows))


def render_privacy(ctx: RenderCtx) -> View:
    return View(ctx.t("privacy_text"))


def render_forget_confirm(ctx: RenderCtx) -> View:
    return View(
        ctx.t("forget_confirm"),
        keyboard([ctx.button(ctx.label("forget_yes"), "forget", "yes")],
                 [ctx.button(ctx.label("forget_no"), "forget", "no")]),
    )  # fmt: skip
