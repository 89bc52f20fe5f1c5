"""An organiser's quick change of one session (time, hall, cancel/restore), one path for the
chat's card and the Mini App's console: what it collides with now, who starred it (they are
told by the change notices), and the change applied and audited."""

from __future__ import annotations

from forumbot.models import Session
from forumbot.rules.changes import Change
from forumbot.rules.clashes import Clashes, clashes
from forumbot.runtime.services import Services
from forumbot.runtime.speaker_notices import told_of


async def clashes_of(svc: Services, before: Session, after: Session) -> Clashes:
    """What the changed session would collide with, now."""
    others = await svc.store.programme.sessions_during(after.start, after.end)
    return clashes(before, after, others, svc.clock.now())


async def people_told(svc: Services, session_id: str) -> int:
    """How many people the change notices tell: who starred it, and its linked speakers."""
    return len(await told_of(svc.store, [session_id]))


async def apply(svc: Services, after: Session, by: int, anyway: Clashes) -> Change | None:
    """Store the changed session (logged for the change notices) and audit it, with the
    sessions it collides with when applied all the same; None when it changes nothing."""
    now = svc.clock.now()
    change = await svc.store.programme.update_session(after, now)
    if change is None:
        return None
    await svc.store.staff.audit(
        by, "changed", now, session=change.session_id,
        kinds=list(change.kinds), before=change.before.as_dict() if change.before else None,
        after=change.after.as_dict(), anyway=anyway.session_ids() or None,
    )  # fmt: skip
    return change
