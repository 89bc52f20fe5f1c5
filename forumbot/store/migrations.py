"""The store's schema, one entry per version (PRAGMA user_version). Append, never edit: new
versions go at the end of ``migrations_later.LATER``."""

from forumbot.store.migrations_later import LATER

FIRST: list[str] = [
    # 1: the programme (texts are JSON objects {lang: text}; times are UTC epoch seconds),
    # its full-text search index (FTS5 over words already folded by forumbot.rules.search), users.
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE days (date TEXT PRIMARY KEY, title TEXT);
    CREATE TABLE rooms (id TEXT PRIMARY KEY, name TEXT NOT NULL, ord INTEGER NOT NULL);
    CREATE TABLE speakers (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, position TEXT, organisation TEXT, bio TEXT,
        sort_ky TEXT NOT NULL, sort_ru TEXT NOT NULL, sort_en TEXT NOT NULL
    );
    CREATE INDEX speakers_sort_ky ON speakers (sort_ky);
    CREATE INDEX speakers_sort_ru ON speakers (sort_ru);
    CREATE INDEX speakers_sort_en ON speakers (sort_en);
    CREATE TABLE sessions (
        id TEXT PRIMARY KEY, day TEXT NOT NULL REFERENCES days (date),
        start INTEGER NOT NULL, "end" INTEGER NOT NULL,
        room_id TEXT NOT NULL REFERENCES rooms (id), kind TEXT NOT NULL,
        title TEXT NOT NULL, description TEXT
    );
    CREATE INDEX sessions_day ON sessions (day, start);
    CREATE INDEX sessions_start ON sessions (start);
    CREATE INDEX sessions_end ON sessions ("end");
    CREATE TABLE session_people (
        session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        speaker_id TEXT NOT NULL REFERENCES speakers (id) ON DELETE CASCADE,
        role TEXT NOT NULL, ord INTEGER NOT NULL,
        PRIMARY KEY (session_id, role, speaker_id)
    );
    CREATE INDEX session_people_speaker ON session_people (speaker_id);
    CREATE TABLE posts (
        id TEXT PRIMARY KEY, kind TEXT NOT NULL, published INTEGER NOT NULL,
        title TEXT NOT NULL, body TEXT NOT NULL
    );
    CREATE INDEX posts_published ON posts (published);
    CREATE VIRTUAL TABLE search_index USING fts5 (
        kind UNINDEXED, ref UNINDEXED, head, body,
        tokenize = 'unicode61 remove_diacritics 0', prefix = '1 2 3'
    );
    CREATE TABLE users (
        chat_id INTEGER PRIMARY KEY, language TEXT NOT NULL,
        language_chosen INTEGER NOT NULL DEFAULT 0,
        first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL
    )
    """,
    # 2: posts published in the chat (origin 'chat': a re-import keeps them), subscriptions
    # (status, topics), the persistent outbox (a broadcast and one delivery
    # row per recipient), organisers added in the chat, and the audit log.
    """
    ALTER TABLE posts ADD COLUMN origin TEXT NOT NULL DEFAULT 'file';
    ALTER TABLE users ADD COLUMN status TEXT NOT NULL DEFAULT 'active';
    ALTER TABLE users ADD COLUMN status_changed INTEGER;
    CREATE INDEX users_status ON users (status, chat_id);
    CREATE TABLE user_topics (
        chat_id INTEGER NOT NULL REFERENCES users (chat_id) ON DELETE CASCADE,
        topic TEXT NOT NULL, enabled INTEGER NOT NULL,
        PRIMARY KEY (chat_id, topic)
    );
    CREATE TABLE broadcasts (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        operation TEXT NOT NULL DEFAULT 'send',
        parent_id INTEGER REFERENCES broadcasts (id),
        audience TEXT NOT NULL,
        content TEXT NOT NULL,
        status TEXT NOT NULL,
        created_at INTEGER NOT NULL, created_by INTEGER,
        scheduled_at INTEGER, started_at INTEGER, finished_at INTEGER
    );
    CREATE INDEX broadcasts_status ON broadcasts (status, scheduled_at);
    CREATE TABLE deliveries (
        broadcast_id INTEGER NOT NULL REFERENCES broadcasts (id) ON DELETE CASCADE,
        chat_id INTEGER NOT NULL,
        language TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending',
        attempts INTEGER NOT NULL DEFAULT 0,
        uncertain INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        message_id INTEGER,
        updated_at INTEGER,
        PRIMARY KEY (broadcast_id, chat_id)
    );
    CREATE INDEX deliveries_status ON deliveries (broadcast_id, status, chat_id);
    CREATE INDEX deliveries_chat ON deliveries (chat_id);
    CREATE TABLE organisers (
        chat_id INTEGER PRIMARY KEY, added_by INTEGER, added_at INTEGER NOT NULL
    );
    CREATE TABLE audit (
        id INTEGER PRIMARY KEY, at INTEGER NOT NULL, actor INTEGER, action TEXT NOT NULL,
        detail TEXT
    )
    """,
    # 3: the personal agenda. Stars; each person's reminder lead (minutes, 0 = off);
    # "already decided" keys for reminders and digests (a restart neither repeats nor drops);
    # personal delivery rows (their own text); cancelled sessions kept visible; programme
    # changes waiting to be told.
    """
    CREATE TABLE stars (
        chat_id INTEGER NOT NULL REFERENCES users (chat_id) ON DELETE CASCADE,
        session_id TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (chat_id, session_id)
    );
    CREATE INDEX stars_session ON stars (session_id);
    ALTER TABLE users ADD COLUMN reminder_lead INTEGER NOT NULL DEFAULT 10;
    ALTER TABLE users ADD COLUMN starred_once INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE sessions ADD COLUMN status TEXT NOT NULL DEFAULT 'scheduled';
    CREATE TABLE reminders (
        chat_id INTEGER NOT NULL,
        session_id TEXT NOT NULL,
        start INTEGER NOT NULL,
        status TEXT NOT NULL,
        decided_at INTEGER NOT NULL,
        broadcast_id INTEGER,
        PRIMARY KEY (chat_id, session_id, start)
    );
    CREATE TABLE digests (
        day TEXT PRIMARY KEY, status TEXT NOT NULL, decided_at INTEGER NOT NULL,
        broadcast_id INTEGER
    );
    ALTER TABLE deliveries ADD COLUMN personal TEXT;
    CREATE TABLE changes (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        session_id TEXT NOT NULL,
        before TEXT,
        after TEXT,
        told INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX changes_told ON changes (told, at)
    """,
    # 4: each session's track and language (from schedule.json/xml, or the YAML's optional
    # keys), so that the programme can be browsed by them; NULL where the file has none.
    """
    ALTER TABLE sessions ADD COLUMN track TEXT;
    ALTER TABLE sessions ADD COLUMN language TEXT;
    CREATE INDEX sessions_track ON sessions (track, start);
    CREATE INDEX sessions_language ON sessions (language, start);
    CREATE INDEX sessions_room ON sessions (room_id, start)
    """,
    # 5: descriptions and bios imported from other tools are kept as Telegram-safe HTML
    # (links, emphasis, lists); the bundled YAML format's stay plain text.
    """
    ALTER TABLE sessions ADD COLUMN description_html INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE speakers ADD COLUMN bio_html INTEGER NOT NULL DEFAULT 0
    """,
    # 6: session feedback. One answer per person and session (a rating 1-5, an optional
    # comment, whether the person lets the organisers see their name); a stable pseudonym per
    # respondent (P1, P2...) for the anonymous export; the "already decided" keys of the prompt
    # after a session and of the end-of-day prompt. The feedback topic is on for everyone who
    # starred anything (a first star writes it from now on, unless the person chose already).
    """
    CREATE TABLE feedback_respondents (
        n INTEGER PRIMARY KEY AUTOINCREMENT,
        chat_id INTEGER NOT NULL UNIQUE
    );
    CREATE TABLE feedback (
        chat_id INTEGER NOT NULL REFERENCES users (chat_id) ON DELETE CASCADE,
        session_id TEXT NOT NULL,
        rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
        comment TEXT,
        named INTEGER NOT NULL DEFAULT 0,
        name TEXT,
        submitted_at INTEGER NOT NULL,
        PRIMARY KEY (chat_id, session_id)
    );
    CREATE INDEX feedback_session ON feedback (session_id);
    CREATE TABLE feedback_prompts (
        chat_id INTEGER NOT NULL,
        session_id TEXT NOT NULL,
        status TEXT NOT NULL,
        decided_at INTEGER NOT NULL,
        broadcast_id INTEGER,
        PRIMARY KEY (chat_id, session_id)
    );
    CREATE TABLE feedback_days (
        day TEXT PRIMARY KEY, status TEXT NOT NULL, decided_at INTEGER NOT NULL,
        broadcast_id INTEGER
    );
    INSERT OR IGNORE INTO user_topics SELECT DISTINCT chat_id, 'feedback', 1 FROM stars
    """,
    # 7: round-table questions. Questions wait for a moderator (pending) before anyone else
    # sees them; one vote per person per question; askers blocked per forum; moderators per
    # session by Telegram id, from the programme file (origin 'file', rewritten by each
    # import) or assigned in the chat (origin 'chat', kept by re-imports).
    """
    CREATE TABLE questions (
        id INTEGER PRIMARY KEY,
        session_id TEXT NOT NULL,
        chat_id INTEGER NOT NULL,
        text TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending',
        created_at INTEGER NOT NULL,
        decided_at INTEGER,
        decided_by INTEGER
    );
    CREATE INDEX questions_session ON questions (session_id, status);
    CREATE INDEX questions_asker ON questions (chat_id, created_at);
    CREATE TABLE question_votes (
        question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
        chat_id INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (question_id, chat_id)
    );
    CREATE INDEX question_votes_chat ON question_votes (chat_id);
    CREATE TABLE question_blocks (
        forum_id TEXT NOT NULL, chat_id INTEGER NOT NULL,
        blocked_by INTEGER, blocked_at INTEGER NOT NULL,
        PRIMARY KEY (forum_id, chat_id)
    );
    CREATE TABLE session_moderators (
        session_id TEXT NOT NULL, chat_id INTEGER NOT NULL, origin TEXT NOT NULL,
        added_by INTEGER, added_at INTEGER,
        PRIMARY KEY (session_id, chat_id)
    );
    CREATE INDEX session_moderators_chat ON session_moderators (chat_id)
    """,
    # 8: privacy that holds. People who erased themselves (/forget), as a keyed hash of their
    # Telegram id (HMAC-SHA256, the key outside the database: forumbot/runtime/privacy.py), so that
    # nothing is stored about them again until they /start; a moderator's block on asking
    # questions, kept the same way while its person is forgotten.
    """
    CREATE TABLE forgotten (id_hash TEXT PRIMARY KEY);
    CREATE TABLE question_blocks_forgotten (
        forum_id TEXT NOT NULL, id_hash TEXT NOT NULL,
        blocked_by INTEGER, blocked_at INTEGER NOT NULL,
        PRIMARY KEY (forum_id, id_hash)
    )
    """,
    # 9: organisers' drafts kept in the store, so another organiser can see them and a restart
    # keeps them: one per kind (announce, post, quick change) and organiser's chat, its body a
    # JSON object (forumbot/store/drafts.py); and the step each persistent conversation is at
    # (handlers/persistence.py), by conversation name, chat and user.
    """
    CREATE TABLE drafts (
        kind TEXT NOT NULL, chat_id INTEGER NOT NULL,
        body TEXT NOT NULL, updated_at INTEGER NOT NULL,
        PRIMARY KEY (kind, chat_id)
    );
    CREATE TABLE conversations (
        name TEXT NOT NULL, chat_id INTEGER NOT NULL, user_id INTEGER NOT NULL,
        state TEXT NOT NULL,
        PRIMARY KEY (name, chat_id, user_id)
    )
    """,
    # 10: editions. Opening a new edition (another forum id, confirmed) closes the one in
    # service: its forum row, days, sessions (hall names copied in) and every post, the chat's
    # too, stay readable in the archive (/archive); its feedback is kept without who gave it.
    # Self-contained: only new tables (forumbot/store/editions.py writes and reads them).
    """
    CREATE TABLE editions (
        n INTEGER PRIMARY KEY AUTOINCREMENT,
        forum_id TEXT NOT NULL, forum TEXT NOT NULL,
        first_day TEXT, last_day TEXT,
        closed_at INTEGER NOT NULL, closed_by INTEGER
    );
    CREATE TABLE edition_days (
        edition INTEGER NOT NULL REFERENCES editions (n) ON DELETE CASCADE,
        date TEXT NOT NULL, title TEXT,
        PRIMARY KEY (edition, date)
    );
    CREATE TABLE edition_sessions (
        edition INTEGER NOT NULL REFERENCES editions (n) ON DELETE CASCADE,
        id TEXT NOT NULL, day TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
        room TEXT, kind TEXT NOT NULL, title TEXT NOT NULL, status TEXT NOT NULL,
        PRIMARY KEY (edition, id)
    );
    CREATE INDEX edition_sessions_day ON edition_sessions (edition, day, start);
    CREATE TABLE edition_posts (
        n INTEGER PRIMARY KEY,
        edition INTEGER NOT NULL REFERENCES editions (n) ON DELETE CASCADE,
        id TEXT NOT NULL, kind TEXT NOT NULL, published INTEGER NOT NULL,
        title TEXT NOT NULL, body TEXT NOT NULL
    );
    CREATE INDEX edition_posts_kind ON edition_posts (edition, kind, published);
    CREATE TABLE edition_feedback (
        edition INTEGER NOT NULL REFERENCES editions (n) ON DELETE CASCADE,
        session_id TEXT NOT NULL, rating INTEGER NOT NULL, comment TEXT
    )
    """,
]

MIGRATIONS: list[str] = [*FIRST, *LATER]  # version n is MIGRATIONS[n - 1]
