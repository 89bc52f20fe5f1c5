"""PTB persistence for the organisers' composers only: the step each persistent conversation
is at, kept in the store (the drafts themselves are in forumbot/store/drafts.py), so that a
restart continues a draft where it was. Nothing else is persisted: user, chat and bot data
are rebuilt from the store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from telegram.ext import BasePersistence, PersistenceInput
from telegram.ext._utils.types import CDCData, ConversationDict, ConversationKey

from forumbot.store.db import Database
from forumbot.store.drafts import DraftRepo

UPDATE_SECONDS = 5  # PTB writes changed steps this often, and at shutdown


class StoreConversations(BasePersistence[dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """Conversation steps in the store's ``conversations`` table, over a connection of its
    own: PTB reads them in ``Application.initialize``, before the services open the store."""

    def __init__(self, db_path: Path | str) -> None:
        nothing = PersistenceInput(bot_data=False, chat_data=False, user_data=False,
                                   callback_data=False)  # fmt: skip
        super().__init__(store_data=nothing, update_interval=UPDATE_SECONDS)
        self._path = db_path
        self._db: Database | None = None

    async def _drafts(self) -> DraftRepo:
        if self._db is None:
            self._db = await Database.open(self._path)
        return DraftRepo(self._db)

    async def get_conversations(self, name: str) -> ConversationDict:
        states = await (await self._drafts()).conversations(name)
        return {key: state for key, state in states.items()}

    async def update_conversation(
        self, name: str, key: ConversationKey, new_state: object | None
    ) -> None:
        chat_id, user_id = (int(part) for part in key)
        await (await self._drafts()).set_conversation(name, (chat_id, user_id), new_state)

    async def flush(self) -> None:
        if self._db is not None:
            await self._db.close()
            self._db = None

    # Not persisted (store_data says so; PTB does not call these).
    async def get_user_data(self) -> dict[int, dict[Any, Any]]:
        return {}

    async def get_chat_data(self) -> dict[int, dict[Any, Any]]:
        return {}

    async def get_bot_data(self) -> dict[Any, Any]:
        return {}

    async def get_callback_data(self) -> CDCData | None:
        return None

    async def update_user_data(self, user_id: int, data: dict[Any, Any]) -> None:
        return None

    async def update_chat_data(self, chat_id: int, data: dict[Any, Any]) -> None:
        return None

    async def update_bot_data(self, data: dict[Any, Any]) -> None:
        return None

    async def update_callback_data(self, data: CDCData) -> None:
        return None

    async def drop_chat_data(self, chat_id: int) -> None:
        return None

    async def drop_user_data(self, user_id: int) -> None:
        return None

    async def refresh_user_data(self, user_id: int, user_data: dict[Any, Any]) -> None:
        return None

    async def refresh_chat_data(self, chat_id: int, chat_data: dict[Any, Any]) -> None:
        return None

    async def refresh_bot_data(self, bot_data: dict[Any, Any]) -> None:
        return None
