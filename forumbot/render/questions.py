"""Round-table questions: asking, the public list with votes, the moderators' queue, the
moderators of a session, and the notices to the asker. Pure; questions are participants'
text, so they are always escaped (and shown as plain text on buttons)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from telegram import KeyboardButton, KeyboardButtonRequestUsers, ReplyKeyboardMarkup

from forumbot.models import Session
from forumbot.render.context import RenderCtx, View, keyboard
from forumbot.render.html import esc
from forumbot.render.programme import clip
from forumbot.rules.questions import (
    ANSWERED,
    APPROVED,
    PENDING,
    Blocked,
    Person,
    Question,
    by_votes,
)

PICK_MODERATOR = 2  # request_id of the "pick a moderator" button (1 picks organisers)
QUEUE_SHOWN = 10  # pending questions with buttons at once; the rest follow as they go


def _title(ctx: RenderCtx, s: Session) -> str:
    return f"«{ctx.text(s.title)}»"


def _line(q: Question) -> str:
    return f"<b>#{q.id}</b> {esc(q.text)}"


def person_plain(ctx: RenderCtx, person: Person) -> str:
    """ "Aida Bekova (@aida)", "@aida", or in words who it is when no name is known: never
    a bare id. Plain text (for buttons); ``person_html`` for messages."""
    handle = f"@{person.username}" if person.username else ""
    if person.name:
        return f"{person.name} ({handle})" if handle else person.name
    return handle or ctx.label("person_unknown", id=person.chat_id)


def person_html(ctx: RenderCtx, person: Person) -> str:
    return esc(person_plain(ctx, person))


def render_ask_prompt(ctx: RenderCtx, s: Session, max_length: int) -> View:
    return View(ctx.tr("q_ask_prompt", session=_title(ctx, s), count=max_length))


def render_ask_pick(ctx: RenderCtx, sessions: Sequence[Session]) -> View:
    """Several sessions on now take questions: which one is it for?"""
    rows = [[ctx.button(clip("❓ " + ctx.plain(s.title)), "qask", s.id)] for s in sessions]
    return View(ctx.t("q_ask_pick"), keyboard(*rows))


def render_public(ctx: RenderCtx, s: Session, questions: list[Question]) -> View:
    """The approved questions by votes (answered ones after), a vote button for each open
    one (✓ when the reader voted), ask, and back to the card."""
    lines = [f"👍 <b>{ctx.t('q_list_title')}</b>", _title(ctx, s), ""]
    rows = []
    for q in by_votes(questions):
        done = f" ✅ <i>{ctx.t('q_answered_mark')}</i>" if q.status == ANSWERED else ""
        lines.append(f"👍 {q.votes} · {_line(q)}{done}")
        if q.status == APPROVED:
            mark = "✓ " if q.voted else ""
            label = clip(f"{mark}👍 {q.votes} · #{q.id} {q.text}", 40)
            rows.append([ctx.button(label, "qvote", q.id)])
    if not questions:
        lines.append(ctx.t("q_list_empty"))
    else:
        lines += ["", ctx.t("q_list_how")]
    rows.append([ctx.button("❓ " + ctx.label("q_ask_button"), "qask", s.id)])
    rows.append([ctx.back("ses", s.id)])
    return View("\n".join(lines), keyboard(*rows))


def render_queue(ctx: RenderCtx, s: Session, questions: list[Question], blocked: int = 0) -> View:
    """A moderator's queue: pending questions with one tap each (approve, reject, answered,
    block the asker), then the approved ones by votes with "answered"."""
    pending = [q for q in questions if q.status == PENDING]
    approved = by_votes([q for q in questions if q.status == APPROVED])
    lines = [f"🛡 <b>{ctx.t('q_queue_title')}</b>", _title(ctx, s), ""]
    lines.append(f"⏳ <b>{ctx.t('q_queue_pending', count=len(pending))}</b>")
    lines += [_line(q) for q in pending] or [ctx.t("q_queue_none")]
    rows = []
    for q in pending[:QUEUE_SHOWN]:
        rows.append(
            [
                ctx.button(f"✅ #{q.id}", "qmod", q.id, "approve"),
                ctx.button(f"❌ #{q.id}", "qmod", q.id, "reject"),
                ctx.button(f"🎤 #{q.id}", "qmod", q.id, "answer"),
                ctx.button(f"🚫 #{q.id}", "qmod", q.id, "block"),
            ]
        )
    lines += ["", f"👍 <b>{ctx.t('q_queue_approved', count=len(approved))}</b>"]
    lines += [f"👍 {q.votes} · {_line(q)}" for q in approved] or [ctx.t("q_queue_none")]
    rows += [[ctx.button(f"🎤 #{q.id} " + ctx.label("q_answer_button"), "qmod", q.id, "answer")]
             for q in approved[:QUEUE_SHOWN]]  # fmt: skip
    lines += ["", ctx.t("q_queue_legend")]
    rows.append(
        [
            ctx.button(ctx.label("q_history"), "qhist", s.id),
            ctx.button(ctx.label("q_blocked_button", count=blocked), "qblocked", s.id),
        ]
    )
    rows.append([ctx.button("🔄 " + ctx.label("q_refresh"), "qq", s.id)])
    return View("\n".join(lines), keyboard(*rows))


def render_block_confirm(ctx: RenderCtx, s: Session, q: Question) -> View:
    """Block asks once, naming the person and saying how to lift it."""
    person = q.asker or Person(q.chat_id)
    text = ctx.tr("q_block_confirm", person=person_html(ctx, person), id=q.id)
    text += f"\n\n{_line(q)}"
    yes = clip(ctx.label("q_block_yes", person=person_plain(ctx, person)), 60)
    return View(
        text,
        keyboard(
            [ctx.button(yes, "qblock", q.id)],
            [ctx.button("← " + ctx.label("q_back_queue"), "qq", s.id)],
        ),
    )


def render_history(ctx: RenderCtx, s: Session, decided: list[Question]) -> View:
    """The session's answered and rejected questions, latest first, each one tap from
    reopening."""
    lines = [f"🗂 <b>{ctx.t('q_history_title')}</b>", _title(ctx, s), ""]
    rows = []
    for q in decided:
        mark = ctx.t("q_history_answered" if q.status == ANSWERED else "q_history_rejected")
        when = f", {ctx.hhmm(q.decided_at)}" if q.decided_at else ""
        lines.append(f"{_line(q)} — <i>{mark}{when}</i>")
        rows.append([ctx.button(ctx.label("q_reopen", id=q.id), "qreopen", q.id)])
    lines += ["", ctx.t("q_history_how")] if decided else [ctx.t("q_history_none")]
    rows.append([ctx.button("← " + ctx.label("q_back_queue"), "qq", s.id)])
    return View("\n".join(lines), keyboard(*rows))


def render_blocked(ctx: RenderCtx, s: Session, blocked: list[Blocked]) -> View:
    """Everyone blocked from asking at this forum, by name, each with "unblock"."""
    lines = [f"🚫 <b>{ctx.t('q_blocked_title')}</b>", ""]
    rows = []
    for b in blocked:
        when = f"{ctx.short_date(ctx.local(b.at).date())}, {ctx.hhmm(b.at)}"
        lines.append("• " + ctx.tr("q_blocked_line", person=person_html(ctx, b.person),
                                   when=esc(when)))  # fmt: skip
        label = clip(ctx.label("q_unblock", person=person_plain(ctx, b.person)), 60)
        rows.append([ctx.button(label, "qunblock", s.id, b.person.chat_id)])
    lines += ["", ctx.t("q_blocked_how")] if blocked else [ctx.t("q_blocked_none")]
    rows.append([ctx.button("← " + ctx.label("q_back_queue"), "qq", s.id)])
    return View("\n".join(lines), keyboard(*rows))


def render_queue_pick(ctx: RenderCtx, sessions: Sequence[Session], counts: Mapping[str, int]):
    """No session of theirs on now: the sessions with questions waiting."""
    if not sessions:
        return View(ctx.t("q_queue_nothing"))
    rows = [
        [ctx.button(clip(f"{ctx.plain(s.title)} ({counts.get(s.id, 0)})"), "qq", s.id)]
        for s in sessions
    ]
    return View(ctx.t("q_queue_pick"), keyboard(*rows))


def render_moderators(ctx: RenderCtx, s: Session, moderators: list[tuple[Person, str]]) -> View:
    """An organiser's screen: the session's moderators by name (the file's stay; those
    assigned in the chat can be removed), and the way to add one."""
    lines = [f"🛡 <b>{ctx.t('q_mods_title')}</b>", _title(ctx, s), ""]
    rows = []
    for person, origin in moderators:
        lines.append(f"• {person_html(ctx, person)} — {ctx.t('q_mods_' + origin)}")
        if origin == "chat":
            label = clip(ctx.label("q_mods_remove", user=person_plain(ctx, person)), 60)
            rows.append([ctx.button(label, "qmoddel", s.id, person.chat_id)])
    if not moderators:
        lines.append(ctx.t("q_mods_none"))
    lines += ["", ctx.t("q_mods_how")]
    rows.append([ctx.button("➕ " + ctx.label("q_mods_add"), "qmodadd", s.id)])
    rows.append([ctx.back("ses", s.id)])
    return View("\n".join(lines), keyboard(*rows))


def pick_moderator_keyboard(ctx: RenderCtx) -> ReplyKeyboardMarkup:
    """Telegram's user picker, asking for the name and @username (shown instead of the id),
    and a Cancel button that brings the menu back."""
    request = KeyboardButtonRequestUsers(
        request_id=PICK_MODERATOR,
        user_is_bot=False,
        max_quantity=1,
        request_name=True,
        request_username=True,
    )
    button = KeyboardButton(ctx.label("q_mods_pick"), request_users=request)
    cancel = KeyboardButton(ctx.label("q_mods_pick_cancel_button"))
    return ReplyKeyboardMarkup([[button], [cancel]], resize_keyboard=True, one_time_keyboard=True)


def render_notice(ctx: RenderCtx, s: Session, q: Question) -> View:
    """To the asker, when their question is approved or picked on stage."""
    key = "q_notice_answered" if q.status == ANSWERED else "q_notice_approved"
    text = ctx.tr(key, session=_title(ctx, s)) + f"\n\n<i>{esc(q.text)}</i>"
    return View(text, keyboard([ctx.button("👍 " + ctx.label("q_list_button"), "qlist", s.id)]))


def render_waiting(ctx: RenderCtx, s: Session) -> View:
    """To a session's moderators, when its queue gets a question to moderate."""
    return View(
        "🛡 " + ctx.tr("q_waiting", session=_title(ctx, s)),
        keyboard([ctx.button(ctx.label("q_waiting_open"), "qq", s.id)]),
    )
