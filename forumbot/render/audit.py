"""The audit log in words: who (by name), what, when (the forum's time), and for a changed
session what it was and what it became; filtered by kind, and the same lines as a CSV."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from forumbot.models import Role, Room, Session, Speaker, Text
from forumbot.render.agenda import describe_change
from forumbot.render.context import RenderCtx, View, keyboard
from forumbot.render.html import esc
from forumbot.render.menu import LANGUAGE_NAMES
from forumbot.render.roles import role_label
from forumbot.rules.changes import Change, State
from forumbot.rules.spreadsheet import csv_bytes
from forumbot.store.staff import AuditEntry, Person

# The audit's filters: a kind -> the actions it shows ("all" shows every action).
KINDS: dict[str, tuple[str, ...]] = {
    "programme": (
        "imported", "edition_opened", "changed", "digest_time", "info_edited", "link",
        "poll_started", "poll_closed", "presenter_link_created", "presenter_link_revoked",
    ),
    "news": (
        "sent", "scheduled", "sent_urgent", "scheduled_urgent", "rescheduled", "cancelled",
        "restored", "sent_now", "withdrew", "edited", "posted", "post_edited", "post_deleted",
        "welcome_back",
    ),
    "people": (
        "organiser_added", "organiser_removed", "moderator_added", "moderator_removed",
        "question_block", "question_unblock", "question_reopened", "question_approve",
        "question_reject", "question_answer", "invite_created", "invite_revoked", "invite_used",
    ),
}  # fmt: skip
FILTERS = ("all", *KINDS)
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True, slots=True)
class AuditFacts:
    """What the lines name besides the entries: people, sessions and halls."""

    people: Mapping[int, Person]
    sessions: Mapping[str, Session]
    rooms: Mapping[str, Room]
    roles: Mapping[str, Role] = field(default_factory=dict)  # invitations: the role given
    speakers: Mapping[str, Speaker] = field(default_factory=dict)  # ... and linked to
    forums: Mapping[str, Text] = field(default_factory=dict)  # a forum's id -> its title


def person_ids(entries: Collection[AuditEntry]) -> set[int]:
    """Everyone the entries name: who acted, and who was added or removed."""
    found = {e.actor for e in entries if e.actor is not None}
    for e in entries:
        found |= {v for k in ("user_id", "user") if isinstance(v := e.detail.get(k), int)}
    return found


def person(ctx: RenderCtx, uid: object, people: Mapping[int, Person]) -> str:
    """A person by name and @username, escaped; never a bare id."""
    if uid is None:
        return ctx.t("audit_system")
    if not isinstance(uid, int):  # erased with /forget
        return ctx.t("person_forgotten")
    known = people.get(uid)
    if known is None:
        return ctx.t("person_unseen")
    at = f" (@{known.username})" if known.username else ""
    return esc(known.name + at)


def when(ctx: RenderCtx, moment: dt.datetime) -> str:
    """ "Thu, 22 June, 10:45": the forum's date and time."""
    return f"{ctx.date(ctx.local(moment).date())}, {ctx.hhmm(moment)}"


def action(ctx: RenderCtx, entry: AuditEntry) -> str:
    key = "audit_" + entry.action
    return ctx.t(key) if key in ctx.catalogs.keys(ctx.lang) else esc(entry.action)


def details(ctx: RenderCtx, entry: AuditEntry, facts: AuditFacts) -> list[str]:
    """The entry's detail in words, one HTML line each; never raw JSON."""
    d, lines = entry.detail, []
    after, before = d.get("after"), d.get("before")
    if isinstance(after, dict):
        was = State.from_dict(before) if isinstance(before, dict) else None
        change = Change(str(d.get("session", "")), was, State.from_dict(after))
        lines.append(describe_change(ctx, change, facts.rooms))
    elif "session" in d:
        s = facts.sessions.get(str(d["session"]))
        lines.append("• " + (ctx.text(s.title) if s else esc(str(d["session"]))))
    elif isinstance(after, str):  # a question reopened: its status before → after
        lines.append(f"{_status(ctx, before)} → {_status(ctx, after)}")
    if "old" in d and "new" in d:  # a new edition: the forum it replaced → the new one
        lines.append(f"{_forum(ctx, d['old'], facts)} → {_forum(ctx, d['new'], facts)}")
    if isinstance(d.get("title"), dict):  # a post, by its title
        lines.append("• " + ctx.tr("audit_quoted", text=ctx.text(d["title"])))  # type: ignore[arg-type]
    titled = isinstance(d.get("title"), dict)
    for key, value in d.items():
        if key in _SHOWN_ABOVE or value is None or (titled and key in _NAMED_BY_TITLE):
            continue
        lines.append(_detail(ctx, key, value, facts))
    return lines


_SHOWN_ABOVE = ("session", "before", "after", "kinds", "old", "new", "title", "post", "forum")
_NAMED_BY_TITLE = ("post", "page")  # newer entries carry the title; older ones the id
# Numbers the detail carries, each said with its own plural words.
_COUNTS = ("people", "recipients", "stars_ended", "questions_ended", "feedback_archived")
# References by number (the organiser sees them as №5 on the card or in /questions).
_NUMBERED = ("broadcast", "copy_of", "question", "poll", "invite")


def _forum(ctx: RenderCtx, forum_id: object, facts: AuditFacts) -> str:
    """A forum by its title in the reader's language; by its id when no title is known."""
    title = facts.forums.get(str(forum_id))
    return ctx.text(title) if title else esc(str(forum_id))


def _status(ctx: RenderCtx, status: object) -> str:
    key = f"audit_q_{status}"
    return ctx.t(key) if key in ctx.catalogs.keys(ctx.lang) else esc(str(status))


def _title(sessions: Mapping[str, Session], session_id: str, ctx: RenderCtx) -> str:
    s = sessions.get(session_id)
    return ctx.tr("audit_quoted", text=ctx.text(s.title)) if s else esc(session_id)


def _detail(ctx: RenderCtx, key: str, value: object, facts: AuditFacts) -> str:
    if key in ("user_id", "user"):
        return ctx.tr("audit_about", who=person(ctx, value, facts.people))
    if key == "anyway" and isinstance(value, list):
        titles = ", ".join(_title(facts.sessions, str(i), ctx) for i in value)
        return ctx.tr("audit_anyway", sessions=titles)
    if key == "time":
        return f"🕒 {esc(str(value))}"
    if key in ("role", "uses", "until", "named"):
        return _invitation(ctx, key, value, facts)
    for prefix in ("post_kind_", "link_"):
        if key == "kind" and f"{prefix}{value}" in ctx.catalogs.keys(ctx.lang):
            return ctx.t(f"{prefix}{value}")
    if key == "languages" and isinstance(value, list):
        return "🌐 " + esc(", ".join(LANGUAGE_NAMES.get(str(v), str(v)) for v in value))
    if key == "file":
        return ctx.t("audit_file", file=str(value))
    if key in _NUMBERED:
        return ctx.t(f"audit_{key}", id=str(value))
    if key in _COUNTS and isinstance(value, int):
        return ctx.t(f"audit_{key}", count=value)
    if key == "told" and isinstance(value, bool):
        return ctx.t("audit_told" if value else "audit_not_told")
    if key == "url":
        return f"🔗 {esc(str(value))}"
    if key == "channel":  # the forum's channel got it too (or alone), by its title
        return ctx.t("audit_channel", channel=str(value))
    if key == "page":  # an entry written before titles were kept
        return ctx.t("audit_page", page=str(value))
    if key == "sessions" and isinstance(value, int):
        return ctx.t("audit_sessions", count=value)
    if key == "at" and isinstance(value, str):
        try:
            return ctx.t("audit_for", time=when(ctx, dt.datetime.fromisoformat(value)))
        except ValueError:
            pass
    return f"{esc(key)}: {esc(str(value))}"


def _invitation(ctx: RenderCtx, key: str, value: object, facts: AuditFacts) -> str:
    """An invitation link's terms: the role, who may use it, until when, the speaker."""
    if key == "role":
        return ctx.t("audit_role", role=role_label(ctx, str(value), facts.roles))
    if key == "uses":
        return ctx.t("audit_uses", count=value) if value else ctx.t("audit_uses_any")
    if key == "until":
        return ctx.t("audit_until", when=when(ctx, dt.datetime.fromisoformat(str(value))))
    speaker = facts.speakers.get(str(value))
    return ctx.t("audit_named", speaker=ctx.plain(speaker.name) if speaker else str(value))


def render_audit(
    ctx: RenderCtx,
    entries: list[AuditEntry],
    facts: AuditFacts,
    now: dt.datetime,
    kind: str = "all",
    readd: Collection[int] = (),
) -> View:
    """The newest entries in words, the filter buttons (the chosen one ticked), the CSV
    button, and "re-add" for each removed organiser ``readd`` lists (owners see those)."""
    lines = [f"📋 <b>{ctx.t('audit_title')}</b> · {ctx.t('audit_kind_' + kind)}", ""]
    rows = []
    for e in entries:
        lines.append(f"<b>{when(ctx, e.at)}</b> · {person(ctx, e.actor, facts.people)}")
        lines.append(action(ctx, e))
        lines += details(ctx, e, facts)
        lines.append("")
        target = e.detail.get("user_id")
        if e.action == "organiser_removed" and isinstance(target, int) and target in readd:
            name = _TAG.sub("", html.unescape(person(ctx, target, facts.people)))
            label = ctx.label("organiser_readd", user=name[:30])
            rows.append([ctx.button(label, "orgadd", target)])
    if not entries:
        lines.append(ctx.t("audit_empty"))
    filters = [
        ctx.button(("✓ " if k == kind else "") + ctx.label("audit_kind_" + k), "audk", k)
        for k in FILTERS
    ]
    rows += [filters[:2], filters[2:], [ctx.button(ctx.label("audit_csv"), "audcsv", kind)]]
    lines.append(f"🕒 {ctx.zone_note(now)}")
    return View("\n".join(lines), keyboard(*rows))


def _plain(text: str) -> str:
    return html.unescape(_TAG.sub("", text)).strip()


def audit_csv(ctx: RenderCtx, entries: list[AuditEntry], facts: AuditFacts) -> bytes:
    """The same lines as a spreadsheet: time (forum's zone), who, @username, what, details."""
    header = [ctx.label(f"audit_csv_{c}") for c in ("time", "who", "username", "what", "detail")]
    rows = []
    for e in entries:
        known = facts.people.get(e.actor) if e.actor is not None else None
        who = _plain(person(ctx, e.actor, facts.people))
        who = known.name if known else who
        detail = "; ".join(_plain(line).replace("\n", " ") for line in details(ctx, e, facts))
        rows.append([
            f"{ctx.local(e.at):%Y-%m-%d %H:%M}", who, (known.username or "") if known else "",
            _plain(action(ctx, e)), re.sub(r"\s+", " ", detail),
        ])  # fmt: skip
    return csv_bytes(header, rows)
