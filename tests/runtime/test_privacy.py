"""Privacy that holds: /forget leaves no trace of the person's id in any table (only a keyed
hash, where named), the key lives outside the database, and the store is private on disk."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from forumbot.delivery.models import Audience, Content, Personal
from forumbot.delivery.outbox import Outbox
from forumbot.runtime.privacy import Forgotten, key_path, load_key
from forumbot.store import Store
from forumbot.store.agenda import record_reminders
from forumbot.store.feedback import PromptCandidate, record_prompts
from forumbot.store.polls import create_poll
from tests.helpers import bishkek, open_store

ME, OTHER, ORGANISER, OWNER = 777001234, 777005678, 1, 2
NOW = bishkek(22, 9, 0)
# The tables allowed to mention a forgotten person, and only by their keyed hash.
HASHED = {"forgotten": "id_hash", "question_blocks_forgotten": "id_hash"}


async def did_everything(store: Store, who: int) -> None:
    """Every trace a participant (made a moderator and an organiser, too) leaves."""
    await store.users.record(who, "en", NOW)
    await store.users.set_language(who, "ky", NOW)
    await store.users.set_topics(who, {"digest": True, "announcements": False})
    await store.personal.star(who, "rt1", NOW)
    await store.personal.set_lead(who, 15, NOW)
    for candidate in await store.personal.reminder_candidates(bishkek(22, 10, 20)):
        async with store.db.transaction() as conn:
            await record_reminders(conn, [candidate], "sent", NOW, None)
    await store.feedback.rate(who, "rt1", 4, NOW)
    await store.feedback.set_comment(who, "rt1", "Good panel", NOW)
    await store.feedback.set_named(who, "rt1", "Aida")
    async with store.db.transaction() as conn:
        await record_prompts(conn, [PromptCandidate(who, "en", "rt1", NOW)], "sent", NOW, None)
    mine = await store.questions.ask("rt1", who, "Why?", NOW)
    theirs = await store.questions.ask("rt1", OTHER, "How?", NOW)
    await store.questions.toggle_vote(theirs, who, NOW)
    await store.questions.toggle_vote(mine, OTHER, NOW)
    await store.questions.block("mini-forum", who, ORGANISER, NOW)
    await store.questions.add_moderator("school", who, ORGANISER, NOW)
    await store.staff.audit(ORGANISER, "moderator_added", NOW, session="school", user=who)
    await store.questions.move(theirs, "pending", "approved", who, NOW)
    await store.staff.audit(who, "question_approve", NOW, question=theirs)
    await store.staff.add_organiser(who, OWNER, NOW)
    await store.staff.add_organiser(OTHER, who, NOW)
    await store.links.set_link("rt1", "slides", "https://x.org/deck.pdf", who, NOW)
    await store.presence.check_in("rt1", who, NOW)
    async with store.db.transaction() as conn:
        poll_id = await create_poll(conn, "rt1", "Q?", ("A", "B"), False, who, NOW)
    poll = await store.polls.get(poll_id)
    assert poll is not None
    await store.polls.choose(poll, who, 1, NOW)
    await store.polls.close(poll_id, who, NOW)
    invite = await store.invitations.create("press", None, 5, bishkek(23, 9, 0), who, NOW)
    await store.invitations.redeem(invite.token, who, NOW)
    await store.invitations.revoke(invite.id, who, NOW)
    mine_too = await store.invitations.create("speaker", "sp1", 1, bishkek(23, 9, 0), OTHER, NOW)
    await store.invitations.redeem(mine_too.token, who, NOW)  # linked to a programme speaker
    outbox = Outbox(store.db, ("announcements", "summaries"))
    sent = await outbox.create(
        kind="announcement", audience=Audience.everyone(), content=Content({"en": "Hi"}),
        now=NOW, created_by=who,
    )  # fmt: skip
    await outbox.materialise(sent, NOW)
    rows = [Personal(chat_id, "ky", "Reminder") for chat_id in sorted({who, OTHER})]
    await outbox.create_personal(purpose="reminder", rows=rows, now=NOW)


async def mentions(store: Store, who: int) -> dict[str, list[str]]:
    """Table -> the columns in which ``who`` appears (as an integer, or inside any text),
    over every table of the store, listed from sqlite_master now."""
    tables = await store.db.fetchall(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name NOT LIKE 'search_index_%'"
    )
    found: dict[str, list[str]] = {}
    for (table,) in tables:
        columns = [r[1] for r in await store.db.fetchall(f'PRAGMA table_info("{table}")')]
        for column in columns:
            hit = await store.db.fetchone(
                f'SELECT 1 FROM "{table}" WHERE "{column}" = :id '
                f'OR instr(CAST("{column}" AS TEXT), :text) > 0 LIMIT 1',
                {"id": who, "text": str(who)},
            )
            if hit:
                found.setdefault(table, []).append(column)
    return found


async def test_forget_leaves_the_id_in_no_table(store: Store) -> None:
    await did_everything(store, ME)
    await did_everything(store, OTHER)
    assert len(await mentions(store, ME)) >= 15  # the scan sees what there is to erase
    forgotten = await Forgotten.open(store, b"k" * 32)
    await forgotten.forget(ME)
    assert await mentions(store, ME) == {}
    digest = forgotten.digest(ME)
    for table, column in HASHED.items():
        rows = await store.db.fetchall(f"SELECT {column} FROM {table}")
        assert [r[0] for r in rows] == [digest], table
    assert forgotten.is_forgotten(ME) and not forgotten.is_forgotten(OTHER)
    assert len(await mentions(store, OTHER)) >= 15  # the other person is untouched
    entries = await store.staff.audit_log()
    assert {"session": "school", "user": "forgotten"} in [e.detail for e in entries]


async def test_start_after_forgetting_is_fresh_and_the_block_comes_back(
    store: Store, tmp_path: Path
) -> None:
    await did_everything(store, ME)
    key = load_key(None, tmp_path / "s.sqlite3")
    await (await Forgotten.open(store, key)).forget(ME)
    again = await Forgotten.open(store, key)  # a restart: read back from the store
    assert again.is_forgotten(ME)
    await again.start_fresh(ME)
    assert not again.is_forgotten(ME)
    assert await store.privacy.hashes() == set()
    assert await store.questions.is_blocked("mini-forum", ME)
    assert await store.users.get(ME) is None  # nothing until they write: a newcomer then


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)  # os.stat, as ls -l shows it


@pytest.mark.parametrize("umask", [0o022, 0o000])
async def test_a_new_store_and_its_key_are_private_whatever_the_umask(
    tmp_path: Path, umask: int
) -> None:
    path = tmp_path / "var" / "bot.sqlite3"
    old = os.umask(umask)
    try:
        store = await open_store(path)
        key = load_key(None, path)
    finally:
        os.umask(old)
    try:
        await store.users.record(ME, "en", NOW)  # written: the WAL and SHM exist
        assert mode(path.parent) == 0o700
        for name in ("bot.sqlite3", "bot.sqlite3-wal", "bot.sqlite3-shm", "bot.sqlite3.key"):
            assert mode(path.parent / name) == 0o600, name
        assert load_key(None, path) == key and len(key) == 32
        assert key.hex() not in (path.read_bytes() + key_path(path).name.encode()).hex()
    finally:
        await store.close()


async def test_an_existing_directory_keeps_its_mode(tmp_path: Path) -> None:
    tmp_path.chmod(0o755)
    store = await open_store(tmp_path / "bot.sqlite3")
    await store.close()
    assert mode(tmp_path) == 0o755
    assert mode(tmp_path / "bot.sqlite3") == 0o600


def test_the_setting_is_the_key_when_given(tmp_path: Path) -> None:
    assert load_key("x" * 40, tmp_path / "s.sqlite3") == b"x" * 40
    assert not key_path(tmp_path / "s.sqlite3").exists()
