"""Correcting and withdrawing a sent broadcast: which variant, the corrected text's
confirmation with how many chats it changes, and the withdrawal's question."""

from __future__ import annotations

from forumbot.delivery.models import Broadcast
from forumbot.render.context import RenderCtx, View, keyboard
from forumbot.render.menu import LANGUAGE_NAMES

ALL = "all"  # one text for everyone: every variant is replaced by it


def languages_label(ctx: RenderCtx, codes: list[str] | tuple[str, ...]) -> str:
    return ", ".join(LANGUAGE_NAMES.get(code, code) for code in codes) or ctx.label(
        "correct_one_text"
    )


def _cancel(ctx: RenderCtx, broadcast_id: int) -> list:
    return [ctx.button(ctx.label("compose_cancel"), "bfixno", broadcast_id)]


def render_correct_pick(ctx: RenderCtx, b: Broadcast) -> View:
    """A broadcast with variants: which one is corrected (the others stay)."""
    rows = [
        [ctx.button(LANGUAGE_NAMES.get(code, code), "bfixl", b.id, code)]
        for code in b.content.texts
    ]
    return View(ctx.t("correct_pick", id=b.id), keyboard(*rows, _cancel(ctx, b.id)))


def render_correct_write(ctx: RenderCtx, broadcast_id: int, lang: str) -> View:
    """Ask for the corrected text (its current text was just shown above)."""
    if lang == ALL:
        text = ctx.t("correct_write", id=broadcast_id)
    else:
        text = ctx.t("correct_write_lang", id=broadcast_id, language=LANGUAGE_NAMES[lang])
    return View(text, keyboard(_cancel(ctx, broadcast_id)))


def render_correct_preview_heading(ctx: RenderCtx, lang: str) -> View:
    codes = [] if lang == ALL else [lang]
    return View(ctx.t("correct_preview", language=languages_label(ctx, codes)))


def render_correct_confirm(
    ctx: RenderCtx, broadcast_id: int, count: int, readers: tuple[str, ...]
) -> View:
    """How many chats the correction edits (readers of the languages it changes), and ask
    once: correct, correct and tell them, or drop it."""
    return View(
        ctx.t("correct_confirm", count=count, language=languages_label(ctx, readers)),
        keyboard(
            [ctx.button("✏️ " + ctx.label("correct_yes"), "bfixok", broadcast_id, 0)],
            [ctx.button("📣 " + ctx.label("correct_yes_tell"), "bfixok", broadcast_id, 1)],
            _cancel(ctx, broadcast_id),
        ),
    )


def render_withdraw_ask(ctx: RenderCtx, broadcast_id: int, count: int) -> View:
    return View(
        ctx.t("withdraw_confirm", id=broadcast_id, count=count),
        keyboard(
            [ctx.button("🗑 " + ctx.label("broadcast_withdraw"), "bdelok", broadcast_id)],
            [ctx.button(ctx.label("keep_it"), "bview", broadcast_id)],
        ),
    )
