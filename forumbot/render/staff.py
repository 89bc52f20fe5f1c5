"""Owners' and organisers' screens: the organisers by name, removing one (asked once), and
what the new organiser is told. (The audit log is render/audit.py.)"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from telegram import KeyboardButton, KeyboardButtonRequestUsers, ReplyKeyboardMarkup

from forumbot.render.audit import person, when
from forumbot.render.context import RenderCtx, View, keyboard
from forumbot.store.staff import Person

PICK_ORGANISER = 1  # request_id of the "pick a person" button


def plain_person(ctx: RenderCtx, uid: int, people: Mapping[int, Person]) -> str:
    """A person's name for a button label or a toast (plain text, not HTML)."""
    known = people.get(uid)
    if known is None:
        return ctx.label("person_unseen")
    return known.name + (f" (@{known.username})" if known.username else "")


def render_organisers(
    ctx: RenderCtx,
    fixed: list[int],
    added: list[tuple[int, int | None, dt.datetime]],
    people: Mapping[int, Person],
) -> View:
    """Everyone who is an organiser, by name; a button to remove each added in the chat."""
    lines = [f"🛠 <b>{ctx.t('organisers_title')}</b>", ""]
    settings = ctx.t("organisers_from_settings")
    lines += [f"• {person(ctx, uid, people)} — {settings}" for uid in fixed]
    rows = []
    for uid, by, at in added:
        by_whom = person(ctx, by, people)
        lines.append(
            f"• {person(ctx, uid, people)} — "
            + ctx.tr("organisers_added_by", by=by_whom, at=when(ctx, at))
        )
        label = ctx.label("organiser_remove", user=plain_person(ctx, uid, people)[:30])
        rows.append([ctx.button(label, "orgdel", uid)])
    if not fixed and not added:
        lines.append(ctx.t("organisers_none"))
    lines += ["", ctx.t("organisers_how")]
    return View("\n".join(lines), keyboard(*rows))


def render_remove_organiser(ctx: RenderCtx, uid: int, people: Mapping[int, Person]) -> View:
    """Asked once: what removing them does, and how to undo it."""
    text = ctx.tr("organiser_remove_ask", user=person(ctx, uid, people))
    kb = keyboard(
        [ctx.button(ctx.label("organiser_remove_yes"), "orgrm", uid)],
        [ctx.button(ctx.label("organiser_remove_keep"), "orgkeep", uid)],
    )
    return View(text, kb)


def render_welcome_organiser(ctx: RenderCtx, by: str) -> View:
    """To the new organiser: who made them one, and where to start."""
    return View(ctx.tr("organiser_welcome", by=by))


def pick_person_keyboard(ctx: RenderCtx) -> ReplyKeyboardMarkup:
    """Telegram's user picker: the account's id, and its name and username to show."""
    request = KeyboardButtonRequestUsers(
        request_id=PICK_ORGANISER,
        user_is_bot=False,
        max_quantity=1,
        request_name=True,
        request_username=True,
    )
    button = KeyboardButton(ctx.label("organisers_pick"), request_users=request)
    return ReplyKeyboardMarkup([[button]], resize_keyboard=True, one_time_keyboard=True)
