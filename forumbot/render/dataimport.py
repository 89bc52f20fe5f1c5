"""Importing a programme from the chat: the validation report, what changes, and the word
to the organisers when the programme's URL fails or works again."""

from __future__ import annotations

from collections.abc import Mapping

from forumbot.models import Room
from forumbot.programme import Problem, ProgrammeError
from forumbot.render.agenda import describe_change
from forumbot.render.context import RenderCtx, View, keyboard
from forumbot.render.report import pre as _pre
from forumbot.render.report import warnings_block
from forumbot.runtime.source import Preview

MAX_LISTED = 15  # changed sessions listed one by one; the rest are counted


def render_refused(
    ctx: RenderCtx, report: str, key: str = "import_refused", source: str = ""
) -> View:
    """The file was refused (or could not be read): every problem with its place."""
    head = ctx.t(key, source=source) if source else ctx.t(key)
    return View("\n".join([f"⛔️ <b>{head}</b>", "", _pre(report)]))


def render_import_preview(
    ctx: RenderCtx,
    source: str,
    sessions: int,
    warnings: tuple[Problem, ...],
    preview: Preview,
    rooms: Mapping[str, Room],
    token: str,
) -> View:
    """What the file would change, and the buttons to put it in service or drop it."""
    lines = [f"📥 <b>{ctx.t('import_checked', source=source, count=sessions)}</b>", ""]
    lines += warnings_block(ctx, source, warnings)
    if preview.other_forum:
        lines.append(ctx.t("import_other_forum"))
    elif not preview.changes:
        lines.append(ctx.t("import_no_changes"))
    else:
        added, cancelled = preview.count("added"), preview.count("cancelled")
        lines.append(ctx.t("import_counts", added=added, cancelled=cancelled))
        modified = preview.modified
        if modified:
            lines += ["", ctx.t("import_changes"), ""]
            lines += [describe_change(ctx, c, rooms) for c in modified[:MAX_LISTED]]
            if len(modified) > MAX_LISTED:
                lines.append(ctx.t("import_more", count=len(modified) - MAX_LISTED))
        lines += ["", ctx.t("import_people", count=preview.people)]
    kb = keyboard(
        [ctx.button(ctx.label("import_confirm"), "impok", token)],
        [ctx.button(ctx.label("import_drop"), "impno", token)],
    )
    return View("\n".join(lines), kb)


def render_source_failed(
    ctx: RenderCtx, url: str, reason: str, refused: ProgrammeError | None = None
) -> View:
    """The programme's URL failed: the programme in service stays; said once. A refused
    file's problems are said in the organiser's words (plain: escaped once by pre)."""
    head = f"⚠️ <b>{ctx.t('source_failed', url=url)}</b>"
    if refused is not None:
        reason = refused.report(limit=8, t=ctx.label)
    return View("\n".join([head, "", _pre(reason, 2000), "", ctx.t("source_failed_kept")]))


def render_source_recovered(ctx: RenderCtx, url: str) -> View:
    return View(f"✅ {ctx.t('source_recovered', url=url)}")


# The zones offered for a file without one, after the forum's own: those of the formats'
# usual conferences, and UTC.
COMMON_ZONES = ("Europe/Brussels", "Europe/Berlin", "Europe/London", "Europe/Moscow", "UTC")


def zone_choices(forum_zone: str) -> list[str]:
    """The forum's zone first, then the common ones (each once)."""
    return list(dict.fromkeys((forum_zone, *COMMON_ZONES)))


def render_zone_picker(ctx: RenderCtx, source: str, token: str) -> View:
    """A file whose times carry no zone: which zone are they in? Buttons, or type one."""
    text = "\n".join(
        [f"🕒 <b>{ctx.t('import_zone_title', source=source)}</b>", "", ctx.t("import_zone_ask")]
    )
    rows = []
    for i, zone in enumerate(zone_choices(ctx.forum.timezone)):
        label = ctx.label("import_zone_forum", zone=zone) if i == 0 else zone
        rows.append([ctx.button(label, "impz", token, zone)])
    rows.append([ctx.button(ctx.label("import_zone_drop"), "impno", token)])
    return View(text, keyboard(*rows))
