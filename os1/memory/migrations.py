"""Schema changes: named, ordered functions, each applied once and recorded when the store opens.

This is the SQLite store's schema, and the one place outside the store's own modules
(``store.py``, ``store_*.py``) where SQL is written; another backend brings its own.
Append new migrations to ``MIGRATIONS``; never edit or reorder one that has shipped.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from datetime import datetime, timezone


def run_script(db: sqlite3.Connection, sql: str) -> None:
    """Run statements one by one: ``executescript`` would commit the migration's transaction."""
    statement = ""
    for line in sql.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""
    if statement.strip() and not statement.strip().startswith("--"):
        raise ValueError(f"incomplete SQL statement in migration: {statement.strip()[:60]}")


def m001_initial(db: sqlite3.Connection) -> None:
    run_script(
        db,
        """
        CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL
        );
        CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id),
            channel TEXT NOT NULL,
            started_at TEXT NOT NULL,
            ended_at TEXT
        );
        CREATE INDEX sessions_user ON sessions(user_id, id);
        CREATE TABLE turns (
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id),
            session_id INTEGER NOT NULL REFERENCES sessions(id),
            role TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
            content TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'complete'
                CHECK (status IN ('complete', 'streaming', 'interrupted', 'failed')),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            model TEXT,
            prompt_tokens INTEGER,
            completion_tokens INTEGER,
            ttft_ms REAL,
            duration_ms REAL,
            error TEXT,
            meta TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX turns_user ON turns(user_id, id);
        CREATE VIRTUAL TABLE turns_fts USING fts5(content, content='turns', content_rowid='id');
        CREATE TRIGGER turns_ai AFTER INSERT ON turns BEGIN
            INSERT INTO turns_fts(rowid, content) VALUES (new.id, new.content);
        END;
        CREATE TRIGGER turns_ad AFTER DELETE ON turns BEGIN
            INSERT INTO turns_fts(turns_fts, rowid, content) VALUES ('delete', old.id, old.content);
        END;
        CREATE TRIGGER turns_au AFTER UPDATE OF content ON turns BEGIN
            INSERT INTO turns_fts(turns_fts, rowid, content) VALUES ('delete', old.id, old.content);
            INSERT INTO turns_fts(rowid, content) VALUES (new.id, new.content);
        END;
        -- The user model: facts about the user; a changed fact is superseded, never overwritten.
        CREATE TABLE facts (
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id),
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            source TEXT NOT NULL,
            valid_from TEXT NOT NULL,
            valid_to TEXT
        );
        CREATE INDEX facts_user_key ON facts(user_id, key, valid_to);
        -- The companion as it is for this user: its chosen name and why.
        CREATE TABLE persona (
            user_id INTEGER PRIMARY KEY REFERENCES users(id),
            name TEXT NOT NULL,
            name_reason TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE affect (
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id),
            at TEXT NOT NULL,
            valence REAL NOT NULL,
            arousal REAL NOT NULL,
            mood TEXT NOT NULL,
            cause TEXT NOT NULL
        );
        CREATE INDEX affect_user ON affect(user_id, id);
        """
    )


def m002_memories(db: sqlite3.Connection) -> None:
    """One table for everything remembered (turns, facts, insights), searchable by words and
    by meaning; facts move into it, and full-text search moves from turns to memories."""
    run_script(
        db,
        """
        CREATE TABLE memories (
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id),
            kind TEXT NOT NULL CHECK (kind IN ('turn', 'fact', 'insight')),
            key TEXT,
            text TEXT NOT NULL,
            speaker TEXT,
            session_id INTEGER,
            turn_id INTEGER,
            at TEXT NOT NULL,
            created_at TEXT NOT NULL,
            valid_to TEXT,
            importance REAL NOT NULL DEFAULT 0.5,
            source TEXT NOT NULL,
            embedding BLOB,
            embed_model TEXT
        );
        CREATE INDEX memories_user ON memories(user_id, kind, valid_to);
        CREATE INDEX memories_user_at ON memories(user_id, at);
        CREATE INDEX memories_turn ON memories(user_id, turn_id);
        CREATE VIRTUAL TABLE memories_fts USING fts5(text, context, tokenize='porter unicode61');
        INSERT INTO memories (user_id, kind, key, text, at, created_at, valid_to, source)
            SELECT user_id, 'fact', key, value, valid_from, valid_from, valid_to, source FROM facts
            ORDER BY id;
        INSERT INTO memories_fts (rowid, text, context)
            SELECT id, replace(key, '_', ' ') || ': ' || text, '' FROM memories;
        DROP TABLE facts;
        DROP TRIGGER turns_ai;
        DROP TRIGGER turns_ad;
        DROP TRIGGER turns_au;
        DROP TABLE turns_fts;
        """,
    )


def m003_fts_owner(db: sqlite3.Connection) -> None:
    """The full-text index learns whose each memory is (an ``owner`` token such as ``u7``), so
    a search walks one user's entries instead of joining every match to its row: at 100k
    memories, 32 → 20 ms median."""
    run_script(
        db,
        """
        CREATE VIRTUAL TABLE memories_fts_owned USING fts5(text, context, owner,
                                                           tokenize='porter unicode61');
        INSERT INTO memories_fts_owned (rowid, text, context, owner)
            SELECT memories_fts.rowid, memories_fts.text, memories_fts.context,
                   'u' || memories.user_id
            FROM memories_fts JOIN memories ON memories.id = memories_fts.rowid;
        DROP TABLE memories_fts;
        ALTER TABLE memories_fts_owned RENAME TO memories_fts;
        """,
    )


def m004_self(db: sqlite3.Connection) -> None:
    """The companion's self for each user, as the changes that made it: traits, interests,
    values, preferences, its self-narrative and the user's pins. Nothing is overwritten, so
    the timeline can be shown and any step undone. And the check-ins it owes: things the user
    has coming up that it will ask about afterwards."""
    run_script(
        db,
        """
        CREATE TABLE self_changes (
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id),
            at TEXT NOT NULL,
            aspect TEXT NOT NULL CHECK (aspect IN
                ('trait', 'interest', 'value', 'preference', 'narrative', 'pin')),
            key TEXT NOT NULL,
            old TEXT,
            new TEXT,
            reason TEXT NOT NULL,
            undoes INTEGER REFERENCES self_changes(id)
        );
        CREATE INDEX self_changes_user ON self_changes(user_id, id);
        CREATE TABLE checkins (
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id),
            about TEXT NOT NULL,
            due_at TEXT NOT NULL,
            turn_id INTEGER,
            created_at TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'asked', 'dropped')),
            asked_at TEXT
        );
        CREATE INDEX checkins_user ON checkins(user_id, status, due_at);
        """,
    )


def m005_accounts(db: sqlite3.Connection) -> None:
    """Accounts for the server: an email and a password hash per user, and the sign-in tokens
    (stored as hashes, so a copy of the database signs nobody in)."""
    run_script(
        db,
        """
        CREATE TABLE accounts (
            user_id INTEGER PRIMARY KEY REFERENCES users(id),
            email TEXT NOT NULL UNIQUE,
            password_hash TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE auth_tokens (
            token_hash TEXT PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id),
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL
        );
        CREATE INDEX auth_tokens_user ON auth_tokens(user_id);
        """,
    )


PLAIN_ID = re.compile(r"\bid INTEGER PRIMARY KEY\b(?!\s+AUTOINCREMENT)", re.I)


def m006_no_reused_ids(db: sqlite3.Connection) -> None:
    """Ids are never reused: without AUTOINCREMENT SQLite hands a deleted row's id to the next
    row, so a stale id (a fact's ``turn_id``, a recalled note's memory ids) could point at a new,
    unrelated row, and forgetting the old one delete the new. Every table with an integer id is
    rebuilt with AUTOINCREMENT, keeping its ids (the full-text rowids stay valid). Users also
    count their forgets, so a cache of what was said (the relationship line) knows to let go."""
    rows = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' "
                      "AND name NOT LIKE 'sqlite_%'").fetchall()
    virtual = [name for name, sql in rows if sql.upper().startswith("CREATE VIRTUAL")]
    for name, sql in rows:
        if not PLAIN_ID.search(sql) or any(name.startswith(f"{v}_") for v in virtual):
            continue  # a full-text index's own tables are its business
        indexes = [r[0] for r in db.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
            (name,))]
        new = f"{name}__rebuilt"
        created = re.sub(rf"^CREATE TABLE\s+\"?{re.escape(name)}\"?", f'CREATE TABLE "{new}"', sql,
                         count=1, flags=re.I)
        db.execute(PLAIN_ID.sub("id INTEGER PRIMARY KEY AUTOINCREMENT", created, count=1))
        db.execute(f'INSERT INTO "{new}" SELECT * FROM "{name}"')
        db.execute(f'DROP TABLE "{name}"')
        db.execute(f'ALTER TABLE "{new}" RENAME TO "{name}"')
        for index in indexes:
            db.execute(index)
    db.execute("ALTER TABLE users ADD COLUMN forgets INTEGER NOT NULL DEFAULT 0")


def m007_settings(db: sqlite3.Connection) -> None:
    """Settings get their own table: a time zone or "no check-ins" is a choice, not something
    the user told it, so it no longer sits among the facts (nor in the prompt, nor in search).
    The current values move; every remembered copy of them, with its history, goes."""
    run_script(
        db,
        """
        CREATE TABLE settings (
            user_id INTEGER NOT NULL REFERENCES users(id),
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (user_id, key)
        );
        INSERT INTO settings (user_id, key, value, updated_at)
            SELECT user_id, key, text, at FROM memories
            WHERE kind = 'fact' AND key IN ('timezone', 'checkins') AND valid_to IS NULL
            AND id IN (SELECT max(id) FROM memories WHERE kind = 'fact'
                       AND key IN ('timezone', 'checkins') AND valid_to IS NULL
                       GROUP BY user_id, key);
        DELETE FROM memories_fts WHERE rowid IN
            (SELECT id FROM memories WHERE kind = 'fact' AND key IN ('timezone', 'checkins'));
        DELETE FROM memories WHERE kind = 'fact' AND key IN ('timezone', 'checkins');
        """,
    )


def m008_signin_lockout(db: sqlite3.Connection) -> None:
    """Wrong passwords in a row per account, and until when it is locked: kept with the
    account, so every worker sees the same count and erasing the account erases them."""
    run_script(
        db,
        """
        ALTER TABLE accounts ADD COLUMN failed_signins INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE accounts ADD COLUMN locked_until TEXT;
        CREATE INDEX auth_tokens_expiry ON auth_tokens(expires_at);
        """,
    )


def m009_people(db: sqlite3.Connection) -> None:
    """The people in the user's life get their own tables: a person (relation, name) and what
    is known of them, each attribute with its source turn and validity (a changed one is
    closed, not overwritten). The "relation:<who>" facts become people; their copies as facts,
    with their history, go."""
    run_script(
        db,
        """
        CREATE TABLE people (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id INTEGER NOT NULL REFERENCES users(id),
            relation TEXT,
            name TEXT,
            turn_id INTEGER,
            source TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX people_user ON people(user_id, id);
        CREATE TABLE person_facts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id INTEGER NOT NULL REFERENCES users(id),
            person_id INTEGER NOT NULL REFERENCES people(id),
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            turn_id INTEGER,
            source TEXT NOT NULL,
            valid_from TEXT NOT NULL,
            valid_to TEXT
        );
        CREATE INDEX person_facts_user ON person_facts(user_id, person_id, key);
        INSERT INTO people (user_id, relation, name, turn_id, source, created_at)
            SELECT user_id, replace(substr(key, 10), '_', ' '), text, turn_id, source, at
            FROM memories WHERE kind = 'fact' AND key LIKE 'relation:%' AND valid_to IS NULL
            ORDER BY id;
        DELETE FROM memories_fts WHERE rowid IN
            (SELECT id FROM memories WHERE kind = 'fact' AND key LIKE 'relation:%');
        DELETE FROM memories WHERE kind = 'fact' AND key LIKE 'relation:%';
        """,
    )


def m010_letters(db: sqlite3.Connection) -> None:
    """Letters written for a client relationship (sender → recipient): what OS1 remembers of
    each relationship, the letters with their commission and every version, the sender's
    writing samples, and the clichés the user added to the checker's list."""
    run_script(
        db,
        """
        CREATE TABLE letter_clients (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id INTEGER NOT NULL REFERENCES users(id),
            sender TEXT NOT NULL,
            recipient TEXT NOT NULL,
            relation TEXT,
            history TEXT NOT NULL DEFAULT '',
            person_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE UNIQUE INDEX letter_clients_pair
            ON letter_clients(user_id, sender COLLATE NOCASE, recipient COLLATE NOCASE);
        CREATE TABLE letter_details (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id INTEGER NOT NULL REFERENCES users(id),
            client_id INTEGER NOT NULL REFERENCES letter_clients(id) ON DELETE CASCADE,
            text TEXT NOT NULL,
            source TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX letter_details_client ON letter_details(user_id, client_id);
        CREATE TABLE letters (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id INTEGER NOT NULL REFERENCES users(id),
            client_id INTEGER NOT NULL REFERENCES letter_clients(id) ON DELETE CASCADE,
            occasion TEXT NOT NULL DEFAULT '',
            commission TEXT NOT NULL,
            current_version INTEGER,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX letters_user ON letters(user_id, id);
        CREATE TABLE letter_versions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id INTEGER NOT NULL REFERENCES users(id),
            letter_id INTEGER NOT NULL REFERENCES letters(id) ON DELETE CASCADE,
            number INTEGER NOT NULL,
            text TEXT NOT NULL,
            instruction TEXT NOT NULL,
            problems TEXT NOT NULL DEFAULT '[]',
            created_at TEXT NOT NULL,
            UNIQUE (letter_id, number)
        );
        CREATE TABLE letter_samples (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id INTEGER NOT NULL REFERENCES users(id),
            sender TEXT NOT NULL,
            name TEXT NOT NULL,
            text TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX letter_samples_user ON letter_samples(user_id, sender);
        CREATE TABLE letter_cliches (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id INTEGER NOT NULL REFERENCES users(id),
            phrase TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE UNIQUE INDEX letter_cliches_phrase ON letter_cliches(user_id, phrase COLLATE NOCASE);
        """,
    )


def m011_reminders(db: sqlite3.Connection) -> None:
    """Reminders and calendar events (one table: an event is a reminder with a title and a
    length), and the log of what tools did or propose to do."""
    run_script(
        db,
        """
        CREATE TABLE reminders (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id INTEGER NOT NULL REFERENCES users(id),
            kind TEXT NOT NULL CHECK (kind IN ('reminder', 'event')),
            text TEXT NOT NULL,
            at TEXT NOT NULL,
            zone TEXT NOT NULL,
            rrule TEXT,
            minutes INTEGER,
            all_day INTEGER NOT NULL DEFAULT 0,
            status TEXT NOT NULL DEFAULT 'active'
                CHECK (status IN ('active', 'done', 'cancelled')),
            raised_at TEXT,
            uid TEXT NOT NULL,
            href TEXT,
            etag TEXT,
            synced TEXT,
            turn_id INTEGER,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX reminders_due ON reminders(user_id, status, at);
        CREATE UNIQUE INDEX reminders_uid ON reminders(user_id, uid);
        CREATE TABLE activity (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id INTEGER NOT NULL REFERENCES users(id),
            tool TEXT NOT NULL,
            args TEXT NOT NULL,
            status TEXT NOT NULL
                CHECK (status IN ('done', 'pending', 'asking', 'dropped', 'undone', 'failed')),
            summary TEXT NOT NULL,
            data TEXT NOT NULL DEFAULT '{}',
            undo TEXT,
            turn_id INTEGER,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX activity_user ON activity(user_id, id);
        """,
    )


def m012_mail(db: sqlite3.Connection) -> None:
    """Mail: the user's accounts, the messages read from them (with what the reader made of
    each), and replies drafted for the user to send or not."""
    run_script(
        db,
        """
        CREATE TABLE mail_accounts (
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id),
            name TEXT NOT NULL,
            address TEXT NOT NULL,
            imap_host TEXT, imap_port INTEGER, imap_security TEXT NOT NULL DEFAULT 'tls',
            smtp_host TEXT, smtp_port INTEGER, smtp_security TEXT NOT NULL DEFAULT 'starttls',
            username TEXT NOT NULL,
            secret TEXT,
            created_at TEXT NOT NULL,
            UNIQUE (user_id, name)
        );
        CREATE TABLE mail_messages (
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id),
            account_id INTEGER REFERENCES mail_accounts(id) ON DELETE CASCADE,
            folder TEXT NOT NULL DEFAULT 'INBOX',
            uid INTEGER,
            key TEXT NOT NULL,
            sent INTEGER NOT NULL DEFAULT 0,
            sender TEXT NOT NULL, sender_name TEXT NOT NULL DEFAULT '',
            recipients TEXT NOT NULL DEFAULT '[]',
            subject TEXT NOT NULL DEFAULT '', date TEXT NOT NULL DEFAULT '',
            body TEXT NOT NULL DEFAULT '',
            message_id TEXT NOT NULL DEFAULT '',
            list_mail INTEGER NOT NULL DEFAULT 0,
            flags TEXT NOT NULL DEFAULT '[]',
            reading TEXT,
            pile TEXT,
            added_at TEXT NOT NULL,
            UNIQUE (user_id, key)
        );
        CREATE INDEX mail_messages_user ON mail_messages(user_id, date);
        CREATE TABLE mail_drafts (
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id),
            message_id INTEGER REFERENCES mail_messages(id) ON DELETE SET NULL,
            account_id INTEGER REFERENCES mail_accounts(id) ON DELETE SET NULL,
            recipient TEXT NOT NULL, subject TEXT NOT NULL, body TEXT NOT NULL,
            in_reply_to TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'sent', 'discarded')),
            created_at TEXT NOT NULL,
            sent_at TEXT
        );
        """,
    )


def m013_friends(db: sqlite3.Connection) -> None:
    """Friends: the user's companion's key pair and public handle, the invitations it gave,
    the links to other companions (each with what the user lets cross it, and the last
    sequence number seen each way), and every message that went over a link, kept for the
    user to read, blocked and refused ones too."""
    run_script(
        db,
        """
        CREATE TABLE friend_identity (
            user_id INTEGER PRIMARY KEY REFERENCES users(id),
            private_key TEXT NOT NULL,
            public_key TEXT NOT NULL,
            handle TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL
        );
        CREATE TABLE friend_invites (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id INTEGER NOT NULL REFERENCES users(id),
            token TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            scope TEXT NOT NULL DEFAULT '{}',
            expires_at TEXT NOT NULL,
            created_at TEXT NOT NULL,
            used_at TEXT
        );
        CREATE TABLE friends (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id INTEGER NOT NULL REFERENCES users(id),
            name TEXT NOT NULL,
            my_name TEXT NOT NULL,
            their_key TEXT NOT NULL,
            their_address TEXT NOT NULL,
            scope TEXT NOT NULL DEFAULT '{}',
            status TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'active', 'withdrawn')),
            out_seq INTEGER NOT NULL DEFAULT 0,
            in_seq INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            withdrawn_at TEXT,
            UNIQUE (user_id, their_key)
        );
        CREATE TABLE friend_messages (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id INTEGER NOT NULL REFERENCES users(id),
            friend_id INTEGER REFERENCES friends(id) ON DELETE CASCADE,
            direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
            type TEXT NOT NULL,
            seq INTEGER,
            nonce TEXT,
            body TEXT NOT NULL DEFAULT '{}',
            status TEXT NOT NULL CHECK (status IN ('sent', 'received', 'blocked', 'refused', 'failed')),
            reason TEXT NOT NULL DEFAULT '',
            at TEXT NOT NULL
        );
        CREATE INDEX friend_messages_user ON friend_messages(user_id, friend_id, id);
        CREATE UNIQUE INDEX friend_messages_nonce ON friend_messages(user_id, friend_id, direction, nonce)
            WHERE nonce IS NOT NULL AND status = 'received';
        """,
    )


def m014_day(db: sqlite3.Connection) -> None:
    """An alarm ahead of a reminder or event: ``alarm`` minutes before its time, rung once for
    each time it falls on (``alarm_rung`` holds the time it was rung for, in UTC)."""
    run_script(
        db,
        """
        ALTER TABLE reminders ADD COLUMN alarm INTEGER CHECK (alarm IS NULL OR alarm >= 0);
        ALTER TABLE reminders ADD COLUMN alarm_rung TEXT;
        """,
    )


def m015_jobs(db: sqlite3.Connection) -> None:
    """Background jobs (``os1/jobs``): one row per job, for one user. ``key`` makes deferring
    the same work twice a no-op (unique per user); a job being run holds a lease
    (``leased_until``), so one whose process died is taken up again once the lease ends."""
    run_script(
        db,
        """
        CREATE TABLE jobs (
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id),
            name TEXT NOT NULL,
            args TEXT NOT NULL DEFAULT '{}',
            key TEXT,
            state TEXT NOT NULL DEFAULT 'todo' CHECK (state IN ('todo', 'doing', 'done', 'failed')),
            attempts INTEGER NOT NULL DEFAULT 0,
            max_attempts INTEGER NOT NULL DEFAULT 5 CHECK (max_attempts >= 1),
            run_after TEXT NOT NULL,
            leased_until TEXT,
            worker TEXT,
            last_error TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE UNIQUE INDEX jobs_key ON jobs(user_id, key) WHERE key IS NOT NULL;
        CREATE INDEX jobs_ready ON jobs(state, run_after);
        CREATE INDEX jobs_user ON jobs(user_id, state, id);
        """,
    )


def m016_streaming_moves(db: sqlite3.Connection) -> None:
    """Two things that were missing. Turns still streaming are looked for every few seconds
    by each server (``Store.recover``): a partial index finds the few without reading every
    turn. And a move's progress (``os1 migrate-store``) has its table from the start, not
    made on a move's first use (``IF NOT EXISTS``: a store that moved before has it)."""
    run_script(
        db,
        """
        CREATE INDEX turns_streaming ON turns(status) WHERE status = 'streaming';
        CREATE TABLE IF NOT EXISTS moves (
            user_id INTEGER NOT NULL REFERENCES users(id),
            item TEXT NOT NULL,
            done INTEGER NOT NULL,
            last_id INTEGER,
            source TEXT,
            finished_at TEXT,
            PRIMARY KEY (user_id, item)
        );
        """,
    )


def m017_jobs_in_procrastinate(db: sqlite3.Connection) -> None:
    """Nothing on SQLite, whose jobs stay in ``jobs``: on PostgreSQL, whose jobs are
    procrastinate's, this step drops the ``jobs`` table 015 made there and nothing read."""


def m018_procrastinate_schema(db: sqlite3.Connection) -> None:
    """Nothing on SQLite: on PostgreSQL, procrastinate's schema, where its jobs are kept."""


MIGRATIONS: list[tuple[str, Callable[[sqlite3.Connection], None]]] = [
    ("001_initial", m001_initial),
    ("002_memories", m002_memories),
    ("003_fts_owner", m003_fts_owner),
    ("004_self_and_checkins", m004_self),
    ("005_accounts", m005_accounts),
    ("006_no_reused_ids", m006_no_reused_ids),
    ("007_settings", m007_settings),
    ("008_signin_lockout", m008_signin_lockout),
    ("009_people", m009_people),
    ("010_letters", m010_letters),
    ("011_reminders", m011_reminders),
    ("012_mail", m012_mail),
    ("013_friends", m013_friends),
    ("014_day", m014_day),
    ("015_jobs", m015_jobs),
    ("016_streaming_moves", m016_streaming_moves),
    ("017_jobs_in_procrastinate", m017_jobs_in_procrastinate),
    ("018_procrastinate_schema", m018_procrastinate_schema),
]


def migrate(db: sqlite3.Connection) -> list[str]:
    """Apply every migration not yet recorded, each in its own transaction; return their names."""
    db.execute(
        "CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    done = {row[0] for row in db.execute("SELECT name FROM migrations")}
    if all(name in done for name, _ in MIGRATIONS):
        return []
    # A migration may rebuild a table others point at; foreign keys are checked once it is done
    # (they can only be switched off outside a transaction).
    checks = db.execute("PRAGMA foreign_keys").fetchone()[0]
    db.execute("PRAGMA foreign_keys=OFF")
    try:
        return _apply(db, done)
    finally:
        db.execute(f"PRAGMA foreign_keys={'ON' if checks else 'OFF'}")


def _apply(db: sqlite3.Connection, done: set[str]) -> list[str]:
    applied = []
    for name, step in MIGRATIONS:
        if name in done:
            continue
        db.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have applied it between our read and our lock.
            if db.execute("SELECT 1 FROM migrations WHERE name = ?", (name,)).fetchone():
                db.execute("COMMIT")
                continue
            step(db)
            broken = db.execute("PRAGMA foreign_key_check").fetchone()
            if broken:
                raise sqlite3.IntegrityError(f"migration {name} broke a reference in {broken[0]}")
            db.execute(
                "INSERT INTO migrations (name, applied_at) VALUES (?, ?)",
                (name, datetime.now(timezone.utc).isoformat()),
            )
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        applied.append(name)
    return applied
