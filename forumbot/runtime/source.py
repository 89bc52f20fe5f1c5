"""The programme's source: pulled from a URL on a refresh, or checked before an import.

A refresh costs one conditional request when nothing changed (the validators live in the
store's meta table). One that fails keeps the programme in service; the organisers are told
the first time, and again only after a success in between (the state lives in meta too).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit, urlunsplit

from forumbot.delivery.service import DeliveryService
from forumbot.models import Programme
from forumbot.programme import ProgrammeError
from forumbot.programme.fetch import (
    DEFAULT_RULES,
    Fetched,
    FetchFailed,
    FetchResult,
    FetchRules,
    NotModified,
    fetch,
)
from forumbot.programme.worker import DEFAULT_LIMITS, Limits, parse_in_worker
from forumbot.rules.changes import Change
from forumbot.runtime.editions import edition_change
from forumbot.runtime.services import put_in_service
from forumbot.runtime.speaker_notices import told_of
from forumbot.store import Store
from forumbot.store.editions import EditionChange
from forumbot.store.programme import ProgrammeRepo

logger = logging.getLogger(__name__)

ETAG = "source_etag"
LAST_MODIFIED = "source_last_modified"
DIGEST = "source_sha256"  # of the last file put in service from the URL
FAILING = "source_failing"  # why the last refresh failed; unset while the source works
OTHER = "source_other_forum"  # digest of another forum's file the organisers were told of


@dataclass(frozen=True, slots=True)
class Refresh:
    """What a refresh did; ``tell`` is "failed" or "recovered" when organisers hear of it."""

    outcome: Literal["unchanged", "imported", "failed", "other_forum"]
    reason: str | None = None
    tell: Literal["failed", "recovered", "other_forum"] | None = None
    sessions: int = 0
    edition: EditionChange | None = None  # another forum's file: what it would open
    refused: ProgrammeError | None = None  # a refused file: its problems, said per reader


@dataclass(frozen=True, slots=True)
class Preview:
    """What an import would do to the programme in service, before anyone confirms it."""

    changes: list[Change]
    people: int  # who starred a changed session, and will be told
    other_forum: bool  # another forum (or none in service): nobody is told of changes
    edition: EditionChange | None = None  # another forum: a new edition, if confirmed

    def count(self, kind: str) -> int:
        return sum(1 for c in self.changes if kind in c.kinds)

    @property
    def modified(self) -> list[Change]:
        """The changes other than sessions added or cancelled (listed one by one)."""
        return [c for c in self.changes if not {"added", "cancelled"} & set(c.kinds)]


async def preview(
    store: Store, programme: Programme, delivery: DeliveryService | None = None
) -> Preview:
    repo = store.programme
    if not await repo.has_programme() or (await repo.forum()).id != programme.forum.id:
        edition = await edition_change(store, programme, delivery)
        return Preview([], 0, other_forum=True, edition=edition)
    changes = await repo.preview(programme)
    people = await told_of(store, {c.session_id for c in changes})
    return Preview(changes, len(people), other_forum=False)


def public_url(url: str) -> str:
    """The URL to show and log: without its query, which may hold an access token."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc.rsplit("@", 1)[-1], parts.path, "", ""))


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


async def remember(repo: ProgrammeRepo, fetched: Fetched) -> None:
    """The validators and digest of a file from the URL that is now in service."""
    await repo.set_meta(
        {
            ETAG: fetched.etag,
            LAST_MODIFIED: fetched.last_modified,
            DIGEST: digest(fetched.data),
        }
    )


async def refresh(
    store: Store,
    url: str,
    zone: str | None,
    now: dt.datetime,
    fetcher=fetch,
    *,
    rules: FetchRules = DEFAULT_RULES,
    limits: Limits = DEFAULT_LIMITS,
) -> Refresh:
    """Fetch the URL (conditionally, within ``rules``) and put a new, valid file in service
    (checked in the worker, within ``limits``), named by the URL it came from at last."""
    repo = store.programme
    result: FetchResult = await fetcher(
        url,
        etag=await repo.meta(ETAG),
        last_modified=await repo.meta(LAST_MODIFIED),
        rules=rules,
    )
    if isinstance(result, FetchFailed):
        return await _failed(repo, result.reason)
    if isinstance(result, NotModified) or digest(result.data) == await repo.meta(DIGEST):
        if isinstance(result, Fetched):
            await remember(repo, result)  # the same file, with new validators
        return await _worked(repo, Refresh("unchanged"))
    name = public_url(result.url or url)
    try:
        loaded = await parse_in_worker(result.data, name, zone, limits=limits)
    except ProgrammeError as exc:
        return await _failed(repo, exc.report(limit=8), exc)
    edition = await edition_change(store, loaded.programme)
    if edition is not None:  # never a new edition by itself: the organisers confirm it
        return await _other_forum(repo, result, edition)
    await put_in_service(store, loaded, name, now)
    await remember(repo, result)
    sessions = len(loaded.programme.sessions)
    logger.info("Imported %d sessions from %s", sessions, name)
    return await _worked(repo, Refresh("imported", sessions=sessions))


async def _other_forum(repo: ProgrammeRepo, fetched: Fetched, edition: EditionChange) -> Refresh:
    """The URL holds another forum: the programme in service stays; the organisers are told
    once per file (they open the new edition with /reload and its confirmation)."""
    logger.warning("The programme's URL holds another forum (%s): not imported", edition.new.id)
    if await repo.meta(OTHER) == digest(fetched.data):
        return Refresh("other_forum", edition=edition)
    await repo.set_meta({OTHER: digest(fetched.data), FAILING: None})
    return Refresh("other_forum", tell="other_forum", edition=edition)


async def _failed(
    repo: ProgrammeRepo, reason: str, refused: ProgrammeError | None = None
) -> Refresh:
    logger.warning("Refreshing the programme failed; it stays as it is: %s", reason)
    if await repo.meta(FAILING) is not None:
        return Refresh("failed", reason, refused=refused)  # the organisers know already
    await repo.set_meta({FAILING: reason})
    return Refresh("failed", reason, tell="failed", refused=refused)


async def _worked(repo: ProgrammeRepo, done: Refresh) -> Refresh:
    if await repo.meta(FAILING) is None:
        return done
    await repo.set_meta({FAILING: None})
    return Refresh(done.outcome, tell="recovered", sessions=done.sessions)
