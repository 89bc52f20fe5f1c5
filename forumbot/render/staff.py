"""Owners' and organisers' screens: the organisers, and the audit log."""

from __future__ import annotations

import datetime as dt
import json

from telegram import KeyboardButton, KeyboardButtonRequestUsers, ReplyKeyboardMarkup

from forumbot.render.context import RenderCtx, View, keyboard
from forumbot.render.html import esc
from forumbot.store.staff import AuditEntry

PICK_ORGANISER = 1  # request_id of the "pick a person" button


def render_organisers(
    ctx: RenderCtx, fixed: list[int], added: list[tuple[int, int | None, dt.datetime]]
) -> View:
    lines = [f"🛠 <b>{ctx.t('organisers_title')}</b>", ""]
    lines += [f"• <code>{uid}</code> — {ctx.t('organisers_from_settings')}" for uid in fixed]
    rows = []
    for uid, by, at in added:
        when = f"{ctx.local(at):%Y-%m-%d %H:%M}"
        lines.append(f"• <code>{uid}</code> — {ctx.t('organisers_added_by', by=str(by), at=when)}")
        rows.append([ctx.button(ctx.label("organiser_remove", user=uid), "orgdel", uid)])
    if not fixed and not added:
        lines.append(ctx.t("organisers_none"))
    lines += ["", ctx.t("organisers_how")]
    return View("\n".join(lines), keyboard(*rows))


def pick_person_keyboard(ctx: RenderCtx) -> ReplyKeyboardMarkup:
    """Telegram's user picker: it yields the numeric id, never a username."""
    request = KeyboardButtonRequestUsers(
        request_id=PICK_ORGANISER, user_is_bot=False, max_quantity=1
    )
    button = KeyboardButton(ctx.label("organisers_pick"), request_users=request)
    return ReplyKeyboardMarkup([[button]], resize_keyboard=True, one_time_keyboard=True)


def render_audit(ctx: RenderCtx, entries: list[AuditEntry]) -> View:
    lines = [f"📋 <b>{ctx.t('audit_title')}</b>", ""]
    for e in entries:
        key = "audit_" + e.action
        action = ctx.t(key) if key in ctx.catalogs.keys(ctx.lang) else esc(e.action)
        detail = esc(json.dumps(e.detail, ensure_ascii=False)) if e.detail else ""
        who = f"<code>{e.actor}</code>" if e.actor is not None else ctx.t("audit_system")
        lines.append(f"{ctx.local(e.at):%Y-%m-%d %H:%M} · {who} · {action} {detail}".rstrip())
    if not entries:
        lines.append(ctx.t("audit_empty"))
    return View("\n".join(lines))
