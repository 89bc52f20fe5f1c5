"""What a programme file's check reports, shown by the import and by a new edition's
confirmation alike."""

from __future__ import annotations

from forumbot.programme import Problem
from forumbot.render.context import RenderCtx
from forumbot.render.html import esc

REPORT_LIMIT = 3000  # characters of a refusal's report: one message with the words around it
MAX_WARNINGS = 10


def pre(text: str, limit: int = REPORT_LIMIT) -> str:
    """Plain text in a <pre> block, escaped, cut at a line to fit one message."""
    if len(text) > limit:
        text = text[:limit].rsplit("\n", 1)[0] + "\n…"
    return f"<pre>{esc(text)}</pre>"


def warnings_block(ctx: RenderCtx, source: str, warnings: tuple[Problem, ...]) -> list[str]:
    """What the check noticed without refusing the file: the lines to show, if any."""
    if not warnings:
        return []
    # Plain words (ctx.label: not escaped), escaped once by pre().
    listed = "\n".join(w.describe(source, ctx.label) for w in warnings[:MAX_WARNINGS])
    if len(warnings) > MAX_WARNINGS:
        listed += "\n…"
    return [ctx.t("import_warnings", count=len(warnings)), pre(listed, 1500), ""]
