"""Speakers: the paginated list and a speaker's card with their sessions."""

from __future__ import annotations

from forumbot.models import Session, Speaker
from forumbot.render import callbacks
from forumbot.render.context import RenderCtx, View, keyboard
from forumbot.render.html import esc
from forumbot.render.programme import clip, person_line, session_label, share_button

PAGE_SIZE = 8


def pages(total: int, size: int = PAGE_SIZE) -> int:
    return max(1, -(-total // size))


def pager(ctx: RenderCtx, action: str, page: int, total_pages: int) -> list:
    """‹ 2/5 › — arrows only where there is somewhere to go."""
    row = []
    if page > 0:
        row.append(ctx.button("‹", action, page - 1))
    row.append(ctx.button(f"{page + 1}/{total_pages}", "noop"))
    if page + 1 < total_pages:
        row.append(ctx.button("›", action, page + 1))
    return row if total_pages > 1 else []


def render_speakers(ctx: RenderCtx, speakers: list[Speaker], page: int, total: int) -> View:
    lines = [f"🎤 <b>{ctx.t('speakers_title')}</b> ({total})", ""]
    rows = []
    for person in speakers:
        lines.append(f"• {person_line(ctx, person)}")
        rows.append([ctx.button("👤 " + clip(ctx.plain(person.name)), "spk", person.id, page)])
    if not speakers:
        lines.append(ctx.t("speakers_empty"))
    return View("\n".join(lines), keyboard(*rows, pager(ctx, "spkl", page, pages(total))))


def render_speaker(
    ctx: RenderCtx,
    person: Speaker,
    sessions: list[Session],
    back: tuple[str, ...],
) -> View:
    """``back`` is the callback to return to: ("spkl", page) or ("ses", session_id)."""
    lines = [f"👤 <b>{ctx.text(person.name)}</b>"]
    if person.position:
        lines.append(ctx.text(person.position))
    if person.organisation and person.organisation != person.position:
        lines.append(f"<i>{ctx.text(person.organisation)}</i>")
    if person.bio:
        lines += ["", ctx.rich(person.bio, person.bio_html)]
    rows = []
    if sessions:
        lines += ["", f"🗓 <b>{ctx.t('speaker_sessions')}</b>"]
    for s in sessions:
        role = ctx.t("as_moderator") if person.id in s.moderator_ids else ""
        when = f"{esc(ctx.short_date(s.day))}, {ctx.span(s.start, s.end)}"
        lines.append(f"• {when} — {ctx.text(s.title)}" + (f" ({role})" if role else ""))
        if callbacks.fits("sesp", s.id, person.id):
            rows.append([ctx.button(session_label(ctx, s, True), "sesp", s.id, person.id)])
        else:
            rows.append([ctx.button(session_label(ctx, s, True), "ses", s.id)])
    link = ctx.deep_link(f"p_{person.id}")
    share = share_button(ctx, link, ctx.plain(person.name))
    if link:
        lines += ["", f"🔗 {ctx.t('share_link')}: {esc(link)}"]
    back_button = ctx.back(*back) if callbacks.fits(*back) else ctx.back("spkl", 0)
    kb = keyboard(*rows, [back_button] + ([share] if share else []))
    return View("\n".join(lines), kb, person.photo)
