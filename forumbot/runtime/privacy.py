"""People who erased themselves stay forgotten: only a keyed hash of their Telegram id is
kept, never the id.

Why a keyed hash (HMAC-SHA256) and not a plain one: Telegram ids are small integers (about ten
digits), so a plain SHA-256 of one is reversed by hashing every possible id, in minutes. With
a secret key that is not in the database, a copy of the database alone reveals no id, and
nobody can even test a guessed id against it. The key is ``FORUMBOT_PRIVACY_KEY`` if set (for
deployments that keep secrets apart, e.g. a secrets manager), else a random 32-byte key made
once into a 0600 file beside the store (``<store>.key``). Losing the key only forgets who is
forgotten (they would be stored again at their next message); keep it with the store's
backups, but not inside the database copy you hand anyone.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
from pathlib import Path

from forumbot.store import Store

logger = logging.getLogger(__name__)

KEY_BYTES = 32


def key_path(db_path: Path | str) -> Path:
    path = Path(db_path)
    return path.with_name(path.name + ".key")


def load_key(setting: str | None, db_path: Path | str) -> bytes:
    """The privacy key: the setting, else the key file beside the store, made if missing
    (an in-memory store gets a key for this run only)."""
    if setting:
        return setting.encode("utf-8")
    if str(db_path) == ":memory:":
        return secrets.token_bytes(KEY_BYTES)
    path = key_path(db_path)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return bytes.fromhex(path.read_text().strip())
    with os.fdopen(fd, "w") as file:
        os.fchmod(file.fileno(), 0o600)  # whatever the umask
        file.write(secrets.token_hex(KEY_BYTES) + "\n")
    logger.info("Made the privacy key %s (keep it with the store's backups)", path)
    return bytes.fromhex(path.read_text().strip())


class Forgotten:
    """Who is forgotten (their hashes, held in memory: checked on every update), erasing a
    person, and starting afresh after /start."""

    def __init__(self, store: Store, key: bytes, hashes: set[str]) -> None:
        self._store = store
        self._key = key
        self._hashes = hashes

    @classmethod
    async def open(cls, store: Store, key: bytes) -> Forgotten:
        return cls(store, key, await store.privacy.hashes())

    def digest(self, user_id: int) -> str:
        return hmac.new(self._key, str(user_id).encode(), hashlib.sha256).hexdigest()

    def is_forgotten(self, user_id: int) -> bool:
        return bool(self._hashes) and self.digest(user_id) in self._hashes

    async def forget(self, user_id: int) -> None:
        """Erase everything the store holds about the person; remember only the hash."""
        id_hash = self.digest(user_id)
        await self._store.privacy.forget(user_id, id_hash)
        self._store.users.drop_seen(user_id)
        self._store.staff.forget_name(user_id)
        self._store.hidden.drop(user_id)
        self._store.zones.drop(user_id)
        self._hashes.add(id_hash)

    async def start_fresh(self, user_id: int) -> None:
        """The person sent /start: no longer forgotten (a block on them is theirs again)."""
        id_hash = self.digest(user_id)
        await self._store.privacy.start_fresh(user_id, id_hash)
        self._hashes.discard(id_hash)
