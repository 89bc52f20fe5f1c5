"""An organiser's posts: the kept draft offered again, the post's card with edit and delete,
and the questions asked once before publishing or deleting. Pure."""

from __future__ import annotations

from forumbot.render.context import RenderCtx, View, keyboard
from forumbot.render.menu import LANGUAGE_NAMES
from forumbot.store.drafts import PostDraft


def render_post_resume(ctx: RenderCtx, draft: PostDraft) -> View:
    """/post while a draft is kept: continue it, or start anew (the draft is then dropped)."""
    kind = ctx.t("post_kind_summary" if draft.kind == "summary" else "post_kind_news")
    written = ", ".join(LANGUAGE_NAMES.get(code, code) for code in draft.texts)
    text = ctx.t("post_resume", kind=kind, languages=written or "—")
    return View(
        text,
        keyboard(
            [ctx.button("▶️ " + ctx.label("post_resume_go"), "presume", "go")],
            [ctx.button("🆕 " + ctx.label("post_resume_new"), "presume", "new")],
            [ctx.button(ctx.label("compose_cancel"), "pcancel")],
        ),
    )
