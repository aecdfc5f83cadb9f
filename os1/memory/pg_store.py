"""The PostgreSQL store: the same ``Store`` (every query of its mixins, written once) on a
PostgreSQL database with pgvector, chosen by a ``postgresql://`` URL (``open_store``).

Only what is PostgreSQL's own is here: connecting and migrating, transactions, the schema
reading behind an erase, and cleaning up after deleting. The dialect of the shared queries
is ``pg_db.PgDialect``; the words memories are found by, ``pg_words``.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from typing import Any

import numpy as np
import psycopg
from pgvector.psycopg import register_vector

from os1.errors import OS1Error
from os1.memory import pg_jobs, pg_migrations
from os1.memory.pg_db import PgDb, PgDialect
from os1.memory.pg_words import PgWords
from os1.memory.store import Store
from os1.memory.store_base import Clock, Db, utcnow

POSTGRES = PgDialect()
POSTGRES.words = PgWords()
EF_SEARCH = 200  # HNSW candidates per query: recall ~0.5 at pgvector's default 40, ~0.85 at 200


def shown(url: str) -> str:
    """A database URL fit to print: without its password."""
    return re.sub(r"(://[^:/@]+):[^@/]*@", r"\1:***@", url)


class PgStore(pg_jobs.PgJobQueries, Store):
    """All of every user's state in one PostgreSQL database: ``StoreProtocol`` with the
    SQLite store's queries, and jobs in procrastinate's tables (``pg_jobs.PgJobQueries``).
    ``path`` is the URL without its password."""

    def __init__(self, url: str, clock: Clock = utcnow, connections: int = 4):
        # not Store.__init__: no file. ``connections``: the pool's size (``[store] connections``)
        self.path = shown(url)
        self.clock = clock
        self._lock = threading.RLock()
        self._closed = False
        try:
            migrating = PgDb.one(url, POSTGRES)  # before the pool: its connections need vectors
            try:
                pg_migrations.migrate(migrating)
                # what the pool does to each of its connections, done here once first: if it
                # fails, the pool would retry it until its 30 s were up and then say only that
                with migrating.connection() as conn:
                    _configure(conn)
            finally:
                migrating.close()
            self.pg = PgDb.pool(url, POSTGRES, connections, _configure)
        except psycopg.Error as exc:
            raise OS1Error(f"cannot open the database {self.path} "
                           f"({str(exc).strip().splitlines()[0]}): {_advice(exc)}") from None
        self.pg.learn_tables()
        self._indexed: set[int] = set()
        self.db: Db = self.pg
        self.recover()

    def close(self) -> None:
        with self._lock:
            if not self._closed:
                self._closed = True
                self.pg.close()

    def checkpoint(self) -> bool:
        """Nothing waits to be written: every commit is in the database (and its log)."""
        return True

    @contextmanager
    def tx(self) -> Iterator[Db]:
        with self.pg.transaction() as db:
            yield db

    def _write(self, sql: str, parameters: Any = ()) -> Any:
        """One statement, atomic on its own: as it stands (autocommit), or within this
        thread's transaction as a savepoint of it, as ``tx`` would."""
        if self.pg.in_transaction:
            with self.tx() as db:
                return db.execute(sql, parameters)
        return self.pg.execute(sql, parameters)

    def nearest_memories(self, user_id: int, vector: np.ndarray, embed_model: str,
                         k: int) -> list[tuple[int, float]]:
        """As ``Store.nearest_memories``, by pgvector's HNSW index over vectors of this size
        (one partial index per size, made when a size is first searched)."""
        query = np.asarray(vector, dtype=np.float32)
        size = int(query.shape[0])
        if k <= 0 or not size:
            return []
        self._hnsw(size)
        typed = f"embedding::vector({size})"
        rows = self.db.execute(
            f"SELECT id, 1 - ({typed} <=> ?::vector({size})) FROM memories WHERE user_id = ? "
            f"AND embed_model = ? AND vector_dims(embedding) = {size} "
            f"ORDER BY {typed} <=> ?::vector({size}) LIMIT ?",
            (query, user_id, embed_model, query, k)).fetchall()
        rows = sorted(rows, key=lambda r: -r[1])  # relaxed order: nearly sorted, sorted here
        return [(r[0], float(r[1])) for r in rows]

    def _hnsw(self, size: int) -> None:
        if size in self._indexed:
            return
        try:
            self.db.execute(f"CREATE INDEX IF NOT EXISTS memories_hnsw_{size} ON memories "
                            f"USING hnsw ((embedding::vector({size})) vector_cosine_ops) "
                            f"WHERE vector_dims(embedding) = {size}")
        except psycopg.errors.UniqueViolation:
            pass  # another worker made it at the same moment
        self._indexed.add(size)

    def user_tables(self) -> list[str]:
        return [r[0] for r in self.db.execute(
            "SELECT c.table_name FROM information_schema.columns c JOIN information_schema.tables t "
            "ON t.table_name = c.table_name AND t.table_schema = c.table_schema "
            "WHERE c.column_name = 'user_id' AND c.table_schema = current_schema() "
            "AND t.table_type = 'BASE TABLE' ORDER BY c.table_name")]

    def compact(self) -> None:
        """After deleting: deleted rows are invisible to every query at once; ``VACUUM``
        frees their space for reuse (their bytes stay on disk until overwritten), in every
        table of a user's rows and in procrastinate's, where their jobs were."""
        with self._lock:
            tables = self.user_tables() + list(pg_jobs.TABLES)
            self.db.execute(f"VACUUM {', '.join(tables)}")


def _advice(exc: psycopg.Error) -> str:
    """What to do about a database that would not open, in a few words."""
    said = str(exc)
    if 'extension "vector"' in said:
        return ("install pgvector on that server (its package, such as postgresql-18-pgvector), "
                "then start OS1 again.")
    if "vector type not found" in said:
        return ("pgvector's schema is not on the role's search_path: ALTER ROLE … SET "
                "search_path to include it, or CREATE EXTENSION vector in this database.")
    state = exc.sqlstate or ""  # none: the client could not reach it at all
    if not state or state.startswith(("08", "28")) or state == "3D000":  # no connection,
        # wrong password or role, no such database
        return ("check [store] url (host, port, user, password, database) and that PostgreSQL "
                "is running there.")
    return "the server refused OS1's setup; fix what it says there, then start OS1 again."


def _configure(conn: Any) -> None:
    """Each new connection of the pool: pgvector's ``vector`` read and written as numpy
    arrays, and HNSW searches with enough candidates, of one user's rows."""
    register_vector(conn)
    conn.execute(f"SET hnsw.ef_search = {EF_SEARCH}")
    conn.execute("SET hnsw.iterative_scan = relaxed_order")
