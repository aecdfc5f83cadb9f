"""The store's queries for moving a whole life to another store (``os1 migrate-store``): read a
user's rows table by table in batches, write them with their ids into the other store, and keep
the move's progress in that store (the ``moves`` table) so a move cut off mid-way resumes.
What moves and how it is checked is decided in ``os1.memory.move``; here are only the queries.

The full-text index is not copied: it is read as each memory's indexed text and context and
added again through the target's own ``WordIndex`` (FTS5 on SQLite, word tables on PostgreSQL).
A stored vector (the only binary value) is read as float32 and written as the target stores
vectors (bytes on SQLite, pgvector on PostgreSQL).

Jobs are not copied as rows either: each store keeps them its own way (SQLite in ``jobs``,
PostgreSQL in procrastinate's tables), so the jobs still waiting are deferred again through the
target's own ``defer_job``, with their progress in the same transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import numpy as np

from os1.memory.store_base import Queries, owner, plains
from os1.memory.store_jobs import Job

WORDS = "(words)"  # the progress item of the full-text index
WHOLE = "(move)"  # the progress item of the whole move: finished when verified
JOBS = "(jobs)"  # the progress item of the jobs waiting: deferred again, never copied
WORD_TABLES = {"memory_words", "memory_terms"}  # PostgreSQL's index: rebuilt, never copied
JOB_TABLE = "jobs"  # SQLite's queue (PostgreSQL's is procrastinate's): jobs move as jobs
PROGRESS = "moves"
CHUNK = 100  # rows in one INSERT (SQLite takes up to 32,766 values in one statement)

# What each database says differently about its own schema (the queries' Dialect does not
# cover reading a schema: only a move needs it).
_SCHEMA = {
    "sqlite": {
        "columns": "SELECT name FROM pragma_table_info(?) ORDER BY cid",
        "references": "SELECT \"table\" FROM pragma_foreign_key_list(?)",
        "words": ("SELECT rowid, text, context FROM memories_fts WHERE memories_fts MATCH ? "
                  "AND rowid > ? ORDER BY rowid LIMIT ?"),
    },
    "postgresql": {
        "columns": ("SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                    "AND table_schema = current_schema() ORDER BY ordinal_position"),
        "references": ("SELECT DISTINCT ccu.table_name FROM information_schema.table_constraints tc "
                       "JOIN information_schema.constraint_column_usage ccu "
                       "ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema "
                       "WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_name = ? "
                       "AND tc.table_schema = current_schema()"),
        "words": ("SELECT memory_id, text, context FROM memory_words WHERE user_id = ? "
                  "AND memory_id > ? ORDER BY memory_id LIMIT ?"),
    },
}


def _stored_vector(value: Any) -> np.ndarray:
    """A vector read from either store as float32 numbers."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return np.frombuffer(bytes(value), dtype=np.float32)
    return np.asarray(value.to_numpy() if hasattr(value, "to_numpy") else value, dtype=np.float32)


def is_vector(value: Any) -> bool:
    return isinstance(value, (bytes, bytearray, memoryview, np.ndarray)) or hasattr(value, "to_numpy")


class MoveQueries(Queries):
    """Mixed into ``Store``: reading a user's rows for a move, and writing them into this store."""

    def _schema(self, what: str) -> str:
        return _SCHEMA[self.db.dialect.name][what]

    def migration_names(self) -> set[str]:
        """The schema steps this store has taken (a move needs the same on both sides)."""
        return {r[0] for r in self.db.execute("SELECT name FROM migrations")}

    def move_users(self) -> list[tuple[int, str]]:
        """Every user (id, name), for moving everyone: the one query across users."""
        return [(r[0], r[1]) for r in self.db.execute("SELECT id, name FROM users ORDER BY id")]

    def user_row(self, user_id: int) -> dict[str, Any] | None:
        row = self.db.execute("SELECT * FROM users WHERE id = ?", (user_id,)).fetchone()
        return dict(row) if row else None

    def user_named(self, name: str) -> int | None:
        """The id of the user of this name, without making one (``user`` makes one)."""
        row = self.db.execute("SELECT id FROM users WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    def columns(self, table: str) -> list[str]:
        """A table's columns (read once per store: a move reads them for every batch)."""
        known: dict[str, list[str]] = self.__dict__.setdefault("_columns", {})
        if table not in known:
            known[table] = [r[0] for r in self.db.execute(self._schema("columns"), (table,))]
        return known[table]

    def move_tables(self) -> list[str]:
        """Every table of a user's rows (as erase finds them) but the word index's, the jobs'
        and the moves' own, in an order where each comes after the tables it refers to."""
        skip = WORD_TABLES | {JOB_TABLE, PROGRESS}
        tables = [t for t in self.user_tables() if t not in skip]  # type: ignore[attr-defined]
        refers = {t: {r[0] for r in self.db.execute(self._schema("references"), (t,))} - {t}
                  for t in tables}
        ordered: list[str] = []
        while len(ordered) < len(tables):
            ready = [t for t in tables if t not in ordered
                     and all(r in ordered or r not in refers for r in refers[t])]
            if not ready:  # a cycle: references are checked at each batch's commit anyway
                ready = [t for t in tables if t not in ordered][:1]
            ordered += ready
        return ordered

    def move_batch(self, user_id: int, table: str, after: int | None, offset: int,
                   limit: int) -> list[dict[str, Any]]:
        """The next ``limit`` rows of this user in ``table``: by id after ``after`` where the
        table has ids, else by every column from ``offset`` (the order is the store's own,
        the same on every read of an unchanged store)."""
        columns = self.columns(table)
        if "id" in columns:
            return plains(self.db.execute(
                f'SELECT * FROM "{table}" WHERE user_id = ? AND id > ? ORDER BY id LIMIT ?',
                (user_id, after if after is not None else -1, limit)).fetchall())
        order = ", ".join(str(i + 1) for i in range(len(columns)))
        return plains(self.db.execute(
            f'SELECT * FROM "{table}" WHERE user_id = ? ORDER BY {order} LIMIT ? OFFSET ?',
            (user_id, limit, offset)).fetchall())

    def word_batch(self, user_id: int, after: int, limit: int) -> list[tuple[int, str, str]]:
        """The next ``limit`` entries of this user's full-text index: memory id, the text
        indexed (a fact's label with its value) and the words around it."""
        key: Any = f"owner:{owner(user_id)}" if self.db.dialect.name == "sqlite" else user_id
        return [(r[0], r[1], r[2]) for r in self.db.execute(self._schema("words"), (key, after, limit))]

    def clashes(self, user_id: int, table: str, low: int, high: int) -> int:
        """How many rows of other users in ``table`` have ids between ``low`` and ``high``
        (a move keeps ids, so none may)."""
        return self.db.execute(f'SELECT count(*) FROM "{table}" WHERE user_id != ? '
                               "AND id BETWEEN ? AND ?", (user_id, low, high)).fetchone()[0]

    def id_range(self, user_id: int, table: str) -> tuple[int | None, int | None]:
        row = self.db.execute(f'SELECT min(id), max(id) FROM "{table}" WHERE user_id = ?',
                              (user_id,)).fetchone()
        return row[0], row[1]

    def move_progress(self, user_id: int) -> dict[str, tuple[int, int | None, str | None, str | None]]:
        """How far a move of this user into this store went: per item (a table, ``(words)``,
        ``(move)``) the rows written, the last id, where they came from, and when it finished."""
        return {r[0]: (r[1], r[2], r[3], r[4]) for r in self.db.execute(
            f"SELECT item, done, last_id, source, finished_at FROM {PROGRESS} WHERE user_id = ?",
            (user_id,))}

    def begin_move(self, user: dict[str, Any], source: str, items: list[str]) -> None:
        """Start a move: the user's row as it was, and no progress yet on any item."""
        with self.tx() as db:
            names = list(user)
            db.execute(f"INSERT INTO users ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                       list(user.values()))
            for item in [*items, WORDS, JOBS, WHOLE]:
                db.execute(f"INSERT INTO {PROGRESS} (user_id, item, done, source) VALUES (?, ?, 0, ?)",
                           (user["id"], item, source))

    def put_batch(self, user_id: int, table: str, rows: list[dict[str, Any]], done: int,
                  last_id: int | None) -> None:
        """Write rows (ids kept) and the progress they make, in one transaction: a move cut
        off between batches leaves whole batches, and knows which."""
        with self.tx() as db:
            db.execute(db.dialect.defer_references)
            for start in range(0, len(rows), CHUNK):  # many rows a statement: fewer round trips
                chunk = rows[start:start + CHUNK]
                names = list(chunk[0])
                one = f"({', '.join('?' * len(names))})"
                values = [db.dialect.vector(_stored_vector(row[n])) if is_vector(row[n]) else row[n]
                          for row in chunk for n in names]
                db.execute(f'INSERT INTO "{table}" ({", ".join(names)}) '
                           f"VALUES {', '.join([one] * len(chunk))}", values)
            self._advance(db, user_id, table, done, last_id)

    def put_words(self, user_id: int, entries: list[tuple[int, str, str]], done: int) -> None:
        """Index memories' words anew (the target's own index), with the progress made."""
        with self.tx() as db:
            for memory_id, text, context in entries:
                db.dialect.words.add(db, user_id, memory_id, text, context)
            self._advance(db, user_id, WORDS, done, entries[-1][0] if entries else None)

    def put_jobs(self, user_id: int, jobs: list[Job], done: int) -> None:
        """Defer jobs waiting in another store into this one's queue (name, arguments, key,
        time due and attempts allowed kept; a new id, no attempt made yet), with the progress
        made, in one transaction: a move cut off never defers one twice."""
        with self.tx() as db:
            for job in jobs:
                self.defer_job(user_id, job.name, job.args, job.key,  # type: ignore[attr-defined]
                               datetime.fromisoformat(job.run_after), job.max_attempts)
            self._advance(db, user_id, JOBS, done, jobs[-1].id if jobs else None)

    def _advance(self, db: Any, user_id: int, item: str, done: int, last_id: int | None) -> None:
        # an upsert: a move begun before an item was known (``(jobs)``) records it too
        db.execute(f"INSERT INTO {PROGRESS} (user_id, item, done, last_id) VALUES (?, ?, ?, ?) "
                   "ON CONFLICT (user_id, item) DO UPDATE SET done = excluded.done, "
                   "last_id = excluded.last_id", (user_id, item, done, last_id))

    def finish_move(self, user_id: int, tables: list[str]) -> None:
        """Mark the move done, and (on PostgreSQL) start each table's ids after those moved in."""
        with self.tx() as db:
            if db.dialect.name == "postgresql":
                for table in ["users", *tables]:
                    if "id" in self.columns(table):
                        db.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                   f'(SELECT max(id) FROM "{table}"))')
            db.execute(f"UPDATE {PROGRESS} SET finished_at = ? WHERE user_id = ? AND item = ?",
                       (self.now(), user_id, WHOLE))
