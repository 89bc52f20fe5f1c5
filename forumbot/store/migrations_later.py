"""The store's schema from version 11 on: the organisers' day, the Mini App and the forum beyond
the chat (people's names, links, round tables, roles, the channel). Append, never edit; the
list continues ``migrations.FIRST``."""

LATER: list[str] = [
    # 11: people by name in the organisers' screens: an asker's name and @username as they
    # asked (for the moderator's "block Aida (@aida)?" and the list of blocked people, which
    # keeps them), a moderator's as the user picker gave them; the broadcast that carried a
    # summary post to its subscribers (deleting the post withdraws it, withdrawing it deletes
    # the post, a scheduled one is published at the broadcast's time).
    """
    ALTER TABLE questions ADD COLUMN asker_name TEXT;
    ALTER TABLE questions ADD COLUMN asker_username TEXT;
    ALTER TABLE question_blocks ADD COLUMN name TEXT;
    ALTER TABLE question_blocks ADD COLUMN username TEXT;
    ALTER TABLE session_moderators ADD COLUMN name TEXT;
    ALTER TABLE session_moderators ADD COLUMN username TEXT;
    ALTER TABLE posts ADD COLUMN broadcast_id INTEGER
    """,
    # 12: the names of staff and of the people they act on, so that /organisers and /audit
    # name people instead of showing ids: an organiser's own (from their updates), or one
    # picked with Telegram's user picker (which gives it when asked). Erased by /forget.
    """
    CREATE TABLE people (
        chat_id INTEGER PRIMARY KEY, name TEXT NOT NULL, username TEXT
    )
    """,
    # 13: a speaker's photo from the programme file (YAML `photo`, pretalx `avatar`): an
    # https:// URL or a Telegram file id, checked on import (forumbot/programme/pictures.py).
    """
    ALTER TABLE speakers ADD COLUMN photo TEXT
    """,
    # 14: links. Each hall's live stream; each session's links (stream, slides, recording,
    # other), from the file (origin 'file', rewritten by each import) or set in the chat
    # (origin 'chat', kept by re-imports; a chat row of a kind hides the file's of that kind,
    # an empty url removes it); slides and recordings that appeared, waiting to be told.
    """
    ALTER TABLE rooms ADD COLUMN stream TEXT;
    CREATE TABLE session_links (
        session_id TEXT NOT NULL, kind TEXT NOT NULL, url TEXT NOT NULL, title TEXT,
        origin TEXT NOT NULL, ord INTEGER NOT NULL,
        added_by INTEGER, added_at INTEGER
    );
    CREATE INDEX session_links_session ON session_links (session_id, origin, ord);
    CREATE TABLE link_news (
        id INTEGER PRIMARY KEY, at INTEGER NOT NULL, session_id TEXT NOT NULL,
        kind TEXT NOT NULL, url TEXT NOT NULL, told INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX link_news_told ON link_news (told, at)
    """,
    # 15: round tables. Who pressed "I'm here" on a running session (presence: shown to
    # organisers as a count, read by the feedback prompts as "attended"); polls started for a
    # running session (inline-button polls: the question and answers as typed, one answer or
    # several), and one row per person and chosen answer.
    """
    CREATE TABLE presence (
        session_id TEXT NOT NULL,
        chat_id INTEGER NOT NULL REFERENCES users (chat_id) ON DELETE CASCADE,
        at INTEGER NOT NULL,
        PRIMARY KEY (session_id, chat_id)
    );
    CREATE INDEX presence_chat ON presence (chat_id);
    CREATE TABLE polls (
        id INTEGER PRIMARY KEY,
        session_id TEXT NOT NULL,
        question TEXT NOT NULL,
        options TEXT NOT NULL,
        multiple INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL DEFAULT 'open',
        created_by INTEGER, created_at INTEGER NOT NULL,
        closed_by INTEGER, closed_at INTEGER,
        broadcast_id INTEGER
    );
    CREATE INDEX polls_session ON polls (session_id, status);
    CREATE TABLE poll_votes (
        poll_id INTEGER NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
        chat_id INTEGER NOT NULL,
        option INTEGER NOT NULL,
        at INTEGER NOT NULL,
        PRIMARY KEY (poll_id, chat_id, option)
    );
    CREATE INDEX poll_votes_chat ON poll_votes (chat_id)
    """,
    # 16: tracks or kinds a person hides (issue 15, part 6): gone from their lists, digest
    # and /now, still found by search; /forget erases them with the person.
    """
    CREATE TABLE hidden (
        chat_id INTEGER NOT NULL REFERENCES users (chat_id) ON DELETE CASCADE,
        facet TEXT NOT NULL CHECK (facet IN ('track', 'kind')), value TEXT NOT NULL,
        PRIMARY KEY (chat_id, facet, value)
    )
    """,
    # 17: the Mini App's presenter links (webapp/): per session, an unguessable token that shows
    # the approved questions on the hall's screen without signing in; revoked, it shows nothing.
    """
    CREATE TABLE presenter_links (
        token TEXT PRIMARY KEY,
        session_id TEXT NOT NULL,
        created_by INTEGER,
        created_at INTEGER NOT NULL,
        revoked_at INTEGER
    );
    CREATE INDEX presenter_links_session ON presenter_links (session_id)
    """,
    # 18: the time zone a person follows from (issue 15, part 5): times they are shown keep the
    # forum's and add theirs; no row is the forum's zone. /forget erases it with the person.
    """
    CREATE TABLE user_zones (
        chat_id INTEGER PRIMARY KEY REFERENCES users (chat_id) ON DELETE CASCADE,
        zone TEXT NOT NULL
    )
    """,
    # 19: roles and invitations (issue 15, part 4). Each person has at most one role (a new
    # link replaces it), a speaker's possibly linked to their programme entry; invitation
    # links by an unguessable token, one-time or with a use limit (NULL: none), until a
    # moment; who used each link (so nobody counts twice). /forget erases a person's role and
    # uses; the counts on the links stay.
    """
    CREATE TABLE user_roles (
        chat_id INTEGER PRIMARY KEY REFERENCES users (chat_id) ON DELETE CASCADE,
        role TEXT NOT NULL,
        speaker_id TEXT,
        invitation_id INTEGER,
        granted_at INTEGER NOT NULL
    );
    CREATE INDEX user_roles_role ON user_roles (role);
    CREATE INDEX user_roles_speaker ON user_roles (speaker_id);
    CREATE TABLE invitations (
        id INTEGER PRIMARY KEY,
        token TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL,
        speaker_id TEXT,
        max_uses INTEGER,
        uses INTEGER NOT NULL DEFAULT 0,
        expires_at INTEGER NOT NULL,
        created_by INTEGER, created_at INTEGER NOT NULL,
        revoked_by INTEGER, revoked_at INTEGER
    );
    CREATE TABLE invitation_uses (
        invitation_id INTEGER NOT NULL REFERENCES invitations (id) ON DELETE CASCADE,
        chat_id INTEGER NOT NULL,
        at INTEGER NOT NULL,
        PRIMARY KEY (invitation_id, chat_id)
    );
    CREATE INDEX invitation_uses_chat ON invitation_uses (chat_id)
    """,
    # 20: what the bot posted in the forum's channel (issue 15, part 1), by key: the pinned
    # programme ("programme": its broadcast, the text it shows, when pinned), each "starting
    # now" post ("start:<session>"), the changes told ("changes": the last change id).
    # Written with the broadcast it queues, so a restart neither repeats nor loses a post.
    """
    CREATE TABLE channel_posts (
        key TEXT PRIMARY KEY,
        broadcast_id INTEGER,
        text TEXT,
        at INTEGER NOT NULL,
        pinned INTEGER NOT NULL DEFAULT 0
    )
    """,
]
