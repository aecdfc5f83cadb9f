"""The default Store: one SQLite file in the data dir (WAL), every query scoped to one user."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from os1.errors import OS1Error
from os1.memory.migrations import migrate
from os1.memory.records import Fact, Turn, fact_label
from os1.memory.store_base import (Clock, Db, SqliteDb, has_turn, hold_row, index_text, new_id,
                                    sources_kept, stamp, utcnow)
from os1.memory.store_accounts import AccountQueries
from os1.memory.store_forget import ForgetQueries
from os1.memory.store_friends import FriendQueries
from os1.memory.store_jobs import JobQueries
from os1.memory.store_letters import LetterQueries
from os1.memory.store_mail import MailQueries
from os1.memory.store_memories import MemoryQueries
from os1.memory.store_move import MoveQueries
from os1.memory.store_people import PeopleQueries
from os1.memory.store_relationship import RelationshipQueries
from os1.memory.store_reminders import ReminderQueries
from os1.memory.store_self import SelfQueries
from os1.memory.store_turns import TurnQueries
from os1.memory.store_words import SQLITE

STALE_STREAM = timedelta(seconds=60)  # a 'streaming' turn not touched this long lost its writer
STOPPED = "the writer stopped"  # the error of a reply whose process died mid-turn


def _started(pid: int) -> str:
    """When process ``pid`` started, in clock ticks since boot (Linux), or "" where unknown:
    with the pid it names one process, even after the pid is reused."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rsplit(b")", 1)[1].split()[19].decode()
    except (OSError, IndexError):
        return ""


def writer() -> str:
    """This process, as a streaming turn records who is writing it: host, pid, start time."""
    return f"{socket.gethostname()}:{os.getpid()}:{_started(os.getpid())}"


def writer_gone(who: str) -> bool:
    """Whether the process that wrote ``who`` has surely ended (only knowable on this host)."""
    host, pid_text, started = (who.rsplit(":", 2) + ["", ""])[:3]
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        pass  # alive, another user's
    return bool(started) and _started(pid) not in ("", started)  # the pid was reused


TURN_FIELDS = {"content", "status", "model", "prompt_tokens", "completion_tokens",
               "ttft_ms", "duration_ms", "error", "meta"}


class Store(PeopleQueries, LetterQueries, ReminderQueries, MailQueries, FriendQueries,
            AccountQueries, RelationshipQueries, SelfQueries, TurnQueries, MemoryQueries,
            ForgetQueries, JobQueries, MoveQueries):
    """All of a user's state, in one SQLite file: the default ``StoreProtocol``, one mixin
    per concern. Methods take ``user_id`` first; no method reads across users."""

    def __init__(self, path: Path | str, clock: Clock = utcnow):
        self.path = str(path)
        self.clock = clock
        self._lock = threading.RLock()
        self._closed = False
        if self.path != ":memory:" and not Path(self.path).exists():
            Path(self.path).touch(mode=0o600)
        try:
            db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False,
                                 timeout=30, factory=SqliteDb)
            db.dialect = SQLITE
            db.lock = self._lock
            db.row_factory = sqlite3.Row
            self.db: Db = db
            self.sqlite = db
            self.db.execute("PRAGMA journal_mode=WAL")
            # In WAL mode NORMAL keeps every commit across a crash or kill -9 of the process;
            # only a power cut can lose the last few. FULL would fsync each streamed save.
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            # Deleted content is overwritten with zeros, not left in free pages for a reader of
            # the file to find (whatever this machine's SQLite was built with).
            self.db.execute("PRAGMA secure_delete=ON")
            migrate(db)
        except sqlite3.DatabaseError as exc:
            raise OS1Error(
                f"cannot open the database {self.path} ({exc}); move it aside and OS1 will start a new one."
            ) from None
        self.recover()

    def close(self) -> None:
        """Fold the write-ahead log into the database and close: no copy of anything deleted
        waits in ``os1.db-wal`` for the next start. Safe to call twice."""
        with self._lock:
            if self._closed:
                return
            try:
                self.checkpoint()
            finally:
                self._closed = True
                self.sqlite.close()

    def checkpoint(self) -> bool:
        """Write the log into the database and empty it; False if a reader kept part of it."""
        with self._lock:
            if self._closed:
                return True  # closing checkpointed it
            try:
                busy = self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc):
                    raise
                return False  # another thread of this connection is mid-read: the next one empties it
        return not busy or busy[0] == 0

    def ping(self) -> None:
        """Raises if the database cannot be read (the server is not ready)."""
        self.db.execute("SELECT 1").fetchone()

    def _write(self, sql: str, parameters: Any = ()) -> Any:
        """One statement that changes something, atomic on its own: here in a transaction
        of its own (``tx``); on PostgreSQL, outside one, as it stands (one round trip, not
        three)."""
        with self.tx() as db:
            return db.execute(sql, parameters)

    @contextmanager
    def tx(self) -> Iterator[Db]:
        """One transaction; inside another (this thread holds the lock), a savepoint of it,
        undone alone if it fails, as PostgreSQL's nested transactions are."""
        with self._lock:
            if self.sqlite.in_transaction:
                with self._savepoint():
                    yield self.db
                return
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            try:
                self.db.execute("COMMIT")
            except BaseException:  # a deferred check or a full disk: nothing of it stays
                self.db.execute("ROLLBACK")
                raise

    @contextmanager
    def _savepoint(self) -> Iterator[None]:
        self.db.execute("SAVEPOINT inner_tx")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK TO inner_tx")
            self.db.execute("RELEASE inner_tx")
            raise
        self.db.execute("RELEASE inner_tx")

    def now(self) -> str:
        return stamp(self.clock())

    def recover(self) -> set[int]:
        """Turns left 'streaming' by a process that died keep their text, marked interrupted,
        and their conversation is closed: at once when the writer was a process of this
        machine that has ended, else once nothing has written to them for a while. Their
        words become memories when the user's companion next starts
        (``Companion.memorise_interrupted``). Run when the store opens, and now and then by
        a server (another worker may die while this one runs); returns the users concerned."""
        cutoff = stamp(self.clock() - STALE_STREAM)
        with self.tx() as db:
            rows = db.execute("SELECT id, user_id, session_id, updated_at, "
                              f"{db.dialect.json_text('meta', 'writer')} FROM turns "
                              "WHERE status = 'streaming'").fetchall()
            users = set()
            for turn_id, user_id, session_id, updated, who in rows:
                if updated >= cutoff and not (who and writer_gone(who)):
                    continue  # its writer may still be at work
                db.execute("UPDATE turns SET status = 'interrupted', error = ? "
                           "WHERE user_id = ? AND id = ?", (STOPPED, user_id, turn_id))
                db.execute("UPDATE sessions SET ended_at = ? WHERE user_id = ? AND id = ? "
                           "AND ended_at IS NULL", (updated, user_id, session_id))
                users.add(user_id)
        return users

    def unremembered(self, user_id: int) -> list[tuple[Turn | None, Turn]]:
        """Replies cut off by a process that died, not yet made into memories: (the user's
        turn, the reply so far), oldest first. ``remembered`` marks one done."""
        rows = self.db.execute(
            "SELECT * FROM turns WHERE user_id = ? AND role = 'assistant' AND error = ? "
            f"AND {self.db.dialect.json_text('meta', 'remembered')} IS NULL ORDER BY id",
            (user_id, STOPPED)).fetchall()
        found = []
        for row in rows:
            asked = self.db.execute(
                "SELECT * FROM turns WHERE user_id = ? AND session_id = ? AND role = 'user' "
                "AND id < ? ORDER BY id DESC LIMIT 1",
                (user_id, row["session_id"], row["id"])).fetchone()
            found.append((self._turn(asked) if asked else None, self._turn(row)))
        return found

    def remembered(self, user_id: int, turn_id: int) -> None:
        with self.tx() as db:
            db.execute(f"UPDATE turns SET meta = {db.dialect.json_with_true('meta', 'remembered')} "
                       "WHERE user_id = ? AND id = ?", (user_id, turn_id))

    # users and sessions
    def user(self, name: str = "local") -> int:
        with self.tx() as db:
            # two servers starting on one new database both create it: the second finds it
            db.execute("INSERT INTO users (name, created_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
                       (name, self.now()))
            return db.execute("SELECT id FROM users WHERE name = ?", (name,)).fetchone()[0]

    def start_session(self, user_id: int, channel: str) -> int:
        return new_id(self._write("INSERT INTO sessions (user_id, channel, started_at) "
                                 "VALUES (?, ?, ?)", (user_id, channel, self.now())))

    def end_session(self, user_id: int, session_id: int) -> None:
        self._write("UPDATE sessions SET ended_at = ? WHERE user_id = ? AND id = ?",
                   (self.now(), user_id, session_id))

    # turns
    def add_turn(self, user_id: int, session_id: int, role: str, content: str,
                 status: str = "complete", **fields: Any) -> int:
        now = self.now()
        cols = {k: v for k, v in fields.items() if k in TURN_FIELDS}
        if "meta" in cols:
            cols["meta"] = json.dumps(cols["meta"])
        names = ["user_id", "session_id", "role", "content", "status", "created_at", "updated_at",
                 *cols]
        values = [user_id, session_id, role, content, status, now, now, *cols.values()]
        # one statement, the conversation's check in it: a turn is written on every message
        added = self._write(
            f"INSERT INTO turns ({', '.join(names)}) SELECT {', '.join('?' * len(names))} "
            "WHERE EXISTS (SELECT 1 FROM sessions WHERE user_id = ? AND id = ?)",
            [*values, user_id, session_id])
        if not added.rowcount:
            raise ValueError(f"user {user_id} has no conversation {session_id}")
        return new_id(added)

    def update_turn(self, user_id: int, turn_id: int, **fields: Any) -> None:
        unknown = set(fields) - TURN_FIELDS
        if unknown:
            raise ValueError(f"unknown turn fields: {sorted(unknown)}")
        if "meta" in fields:
            fields["meta"] = json.dumps(fields["meta"])
        sets = ", ".join(f"{k} = ?" for k in fields)
        self._write(f"UPDATE turns SET {sets}, updated_at = ? WHERE user_id = ? AND id = ?",
                   [*fields.values(), self.now(), user_id, turn_id])

    def drop_orphan_reply(self, user_id: int, asked: int, reply: int) -> bool:
        """Delete the reply to a turn that is gone (forgotten or erased while she answered),
        and empty the log of what it said; False, and nothing done, if the turn is there."""
        if has_turn(self.db, user_id, asked):  # nearly always: one query, no transaction
            return False
        with self.tx() as db:
            if has_turn(db, user_id, asked):
                return False
            db.execute("DELETE FROM turns WHERE user_id = ? AND id = ?", (user_id, reply))
        self.checkpoint()
        return True

    def recent_turns(self, user_id: int, limit: int) -> list[Turn]:
        """The last ``limit`` turns, oldest first."""
        rows = self.db.execute(
            "SELECT * FROM turns WHERE user_id = ? ORDER BY id DESC LIMIT ?", (user_id, limit)
        ).fetchall()
        return [self._turn(r) for r in reversed(rows)]

    def turn(self, user_id: int, turn_id: int) -> Turn | None:
        row = self.db.execute("SELECT * FROM turns WHERE user_id = ? AND id = ?",
                              (user_id, turn_id)).fetchone()
        return self._turn(row) if row else None

    def said_lately(self, user_id: int, limit: int = 100) -> list[tuple[datetime, str]]:
        """The user's last ``limit`` messages with when they were said, newest first."""
        rows = self.db.execute(
            "SELECT created_at, content FROM turns WHERE user_id = ? AND role = 'user' "
            "ORDER BY id DESC LIMIT ?", (user_id, limit)).fetchall()
        return [(datetime.fromisoformat(r[0]), r[1]) for r in rows]

    def said_with_ids(self, user_id: int, limit: int = 100) -> list[tuple[int, str]]:
        """The user's last ``limit`` messages with their turn ids, newest first (for work drawn
        from them, which goes when one of them is forgotten)."""
        rows = self.db.execute(
            "SELECT id, content FROM turns WHERE user_id = ? AND role = 'user' "
            "ORDER BY id DESC LIMIT ?", (user_id, limit)).fetchall()
        return [(r[0], r[1]) for r in rows]

    def last_marked(self, user_id: int, mark: str) -> datetime | None:
        """When a reply last carried ``mark`` in its ``meta["safety"]`` list."""
        row = self.db.execute(
            "SELECT max(created_at) FROM turns WHERE user_id = ? AND role = 'assistant' "
            f"AND {self.db.dialect.json_any('meta', 'safety', '= ?')}",
            (user_id, mark)).fetchone()
        return datetime.fromisoformat(row[0]) if row and row[0] else None

    def acquaintance(self, user_id: int) -> tuple[str | None, int]:
        """When this user first spoke, and in how many sessions they have spoken since."""
        row = self.db.execute(
            "SELECT min(created_at), count(DISTINCT session_id) FROM turns "
            "WHERE user_id = ? AND role = 'user'", (user_id,)).fetchone()
        return row[0], row[1]

    def count_turns(self, user_id: int) -> int:
        return self.db.execute("SELECT count(*) FROM turns WHERE user_id = ?",
                               (user_id,)).fetchone()[0]

    @staticmethod
    def _turn(row: Any) -> Turn:
        data = {k: row[k] for k in row.keys() if k in Turn.__dataclass_fields__}
        data["meta"] = json.loads(row["meta"] or "{}")
        return Turn(**data)

    # the user model: facts are memories with a key; a changed fact is closed, not overwritten
    def set_fact(self, user_id: int, key: str, value: str, source: str,
                 turn_id: int | None = None) -> int | None:
        """Record a fact; returns its memory id, or None when it was already known."""
        now = self.now()
        with self.tx() as db:
            hold_row(db, user_id)  # one fact told twice at once is kept once
            if not sources_kept(db, user_id, [turn_id]):
                return None  # the turn it came from was forgotten while it was being said
            current = db.execute(
                "SELECT id, text FROM memories WHERE user_id = ? AND kind = 'fact' AND key = ? "
                "AND valid_to IS NULL", (user_id, key)).fetchone()
            if current and " ".join(current["text"].split()).lower() == " ".join(value.split()).lower():
                return None  # already known (a duplicate, whatever its case or spacing)
            if current:
                db.execute("UPDATE memories SET valid_to = ? WHERE id = ?", (now, current["id"]))
            memory_id = new_id(db.execute(
                "INSERT INTO memories (user_id, kind, key, text, turn_id, at, created_at, source) "
                "VALUES (?, 'fact', ?, ?, ?, ?, ?, ?)", (user_id, key, value, turn_id, now, now, source)
            ))
            index_text(db, user_id, memory_id, f"{fact_label(key)}: {value}")
            return memory_id

    def user_name(self, user_id: int) -> str | None:
        """What the user asked to be called, if they said."""
        return next((f.value for f in self.facts(user_id) if f.key == "name"), None)

    def facts(self, user_id: int, history: bool = False) -> list[Fact]:
        where = "" if history else "AND valid_to IS NULL"
        rows = self.db.execute(
            f"SELECT key, text AS value, source, at AS valid_from, valid_to, turn_id FROM memories "
            f"WHERE user_id = ? AND kind = 'fact' {where} ORDER BY id", (user_id,)).fetchall()
        return [Fact(**dict(r)) for r in rows]

    # settings: what the user chose (time zone, check-ins); never remembered text, never in a prompt
    def setting(self, user_id: int, key: str, default: str | None = None) -> str | None:
        row = self.db.execute("SELECT value FROM settings WHERE user_id = ? AND key = ?",
                              (user_id, key)).fetchone()
        return row[0] if row else default

    def set_setting(self, user_id: int, key: str, value: str) -> None:
        with self.tx() as db:
            db.execute("INSERT INTO settings (user_id, key, value, updated_at) VALUES (?, ?, ?, ?) "
                       "ON CONFLICT(user_id, key) DO UPDATE SET value = excluded.value, "
                       "updated_at = excluded.updated_at", (user_id, key, value, self.now()))

    def settings(self, user_id: int) -> dict[str, str]:
        rows = self.db.execute("SELECT key, value FROM settings WHERE user_id = ? ORDER BY key",
                               (user_id,)).fetchall()
        return {r[0]: r[1] for r in rows}


def open_store(url: str | None = None, clock: Clock = utcnow,
               connections: int | None = None) -> Store:
    """The store at ``url``: ``sqlite:///path/to/os1.db`` or ``postgresql://user@host/db``.
    With none, the one the config names (``store.url``, or ``OS1_STORE_URL``), else
    ``os1.db`` in the data dir. ``connections``: the size of this process's pool of PostgreSQL
    connections (by default ``store.connections``'s)."""
    from os1 import config

    if url is None:
        settings = config.load().store
        url, connections = settings.url, connections or settings.connections
    connections = connections or config.StoreSettings().connections
    if not url:
        return Store(config.home() / "os1.db", clock=clock)
    if url.startswith(("postgresql://", "postgres://")):
        try:
            from os1.memory.pg_store import PgStore
        except ImportError:
            raise OS1Error("a PostgreSQL store needs the postgres extra: "
                           "pip install 'os1[postgres]'.") from None
        return PgStore(url, clock=clock, connections=connections)
    if url.startswith("sqlite://") and len(url) > len("sqlite://"):
        return Store(url[len("sqlite://"):], clock=clock)
    raise OS1Error(f"unknown store {url.split('://')[0]!r}: use sqlite:///path/os1.db or "
                   "postgresql://user@host/database.")
