"""The store: one SQLite file, the only source of truth the handlers read."""

from __future__ import annotations

from pathlib import Path

from forumbot.store.agenda import PersonalRepo
from forumbot.store.changes import ChangeLog
from forumbot.store.db import Database
from forumbot.store.drafts import DraftRepo
from forumbot.store.editions import EditionRepo
from forumbot.store.feedback import FeedbackRepo
from forumbot.store.filters import FilterRepo
from forumbot.store.hidden import HiddenRepo
from forumbot.store.invitations import InvitationRepo
from forumbot.store.links import LinkRepo
from forumbot.store.polls import PollRepo
from forumbot.store.posts import PostRepo
from forumbot.store.presence import PresenceRepo
from forumbot.store.presenter import PresenterRepo
from forumbot.store.privacy import PrivacyRepo
from forumbot.store.programme import ProgrammeRepo, SearchResults
from forumbot.store.questions import QuestionRepo
from forumbot.store.roles import RoleRepo
from forumbot.store.staff import StaffRepo
from forumbot.store.stats import StatsRepo
from forumbot.store.users import UserRepo
from forumbot.store.zones import ZoneRepo

__all__ = [
    "Database",
    "FilterRepo",
    "PostRepo",
    "ProgrammeRepo",
    "QuestionRepo",
    "SearchResults",
    "StaffRepo",
    "Store",
    "UserRepo",
]


class Store:
    """The typed accessor handlers use: ``store.programme``, ``store.users``, ``store.staff``."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.programme = ProgrammeRepo(db)
        self.users = UserRepo(db)
        self.staff = StaffRepo(db)
        self.personal = PersonalRepo(db)
        self.changes = ChangeLog(db)
        self.filters = FilterRepo(db, self.programme)
        self.feedback = FeedbackRepo(db)
        self.questions = QuestionRepo(db)
        self.privacy = PrivacyRepo(db)
        self.drafts = DraftRepo(db)
        self.posts = PostRepo(db)
        self.stats = StatsRepo(db)
        self.presenter = PresenterRepo(db)
        self.editions = EditionRepo(db)
        self.links = LinkRepo(db, self.programme.version)
        self.presence = PresenceRepo(db)
        self.polls = PollRepo(db)
        self.hidden = HiddenRepo(db)
        self.zones = ZoneRepo(db)
        self.roles = RoleRepo(db)
        self.invitations = InvitationRepo(db)

    @classmethod
    async def open(cls, path: Path | str) -> Store:
        return cls(await Database.open(path))

    async def close(self) -> None:
        await self.db.close()
