"""The PostgreSQL connection as the store's queries use it: ``execute(sql, params)`` with
SQLite's ``?`` placeholders (or ``:name`` with a dict), rows indexable by name and by position
(``dict(row)`` works), a cursor with ``fetchone``, ``fetchall``, ``rowcount`` and ``lastrowid``
(an INSERT into a table with an ``id`` gets ``RETURNING id``), and PostgreSQL's ``Dialect``.

Parameters are bound on the client (``psycopg.ClientCursor``): like SQLite, a parameter takes
its type from where it stands (``? IS NULL``, ``CASE WHEN ? …``), not from a prepared plan.

A store's threads share a small pool of connections (``psycopg_pool``): a statement outside a
transaction takes one for itself, a transaction holds one for all its statements on its
thread, so one person's turn does not wait for another's queries.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from functools import lru_cache
from typing import Any

import numpy as np
import psycopg
from psycopg.pq import ExecStatus
from psycopg_pool import ConnectionPool

from os1.memory.store_base import Db, Dialect, without_nul

TOKEN = re.compile(r"'(?:[^']|'')*'|\"[^\"]*\"|::|\?|%|(?<![:\w]):([A-Za-z_]\w*)")
INSERT = re.compile(r"^\s*INSERT\s+INTO\s+\"?(\w+)\"?", re.I)
TUPLES_OK = ExecStatus.TUPLES_OK


@lru_cache(maxsize=2048)
def translate(sql: str, named: bool) -> str:
    """SQLite's placeholders as psycopg's: ``?`` → ``%s``, ``:name`` → ``%(name)s`` (with a
    dict), a literal ``%`` doubled; nothing inside quotes changes but ``%``."""
    def one(match: re.Match[str]) -> str:
        token = match.group(0)
        if token.startswith(("'", '"')):
            return token.replace("%", "%%")
        if token == "?":
            return "%s"
        if token == "%":
            return "%%"
        if match.group(1) and named:
            return f"%({match.group(1)})s"
        return token
    return TOKEN.sub(one, sql)


class Row(tuple):
    """A row as sqlite3.Row is: by position, by column name, ``keys()``, ``dict(row)``."""

    names: dict[str, int]

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return tuple.__getitem__(self, self.names[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self.names)


def _rows(cursor: Any) -> Any:
    # the names straight from the result: ``cursor.description`` builds a Column object for
    # each column of every statement, a tenth of a busy worker's time in the store
    names: dict[str, int] = {}
    result = cursor.pgresult
    for i in range(result.nfields if result is not None else 0):
        names.setdefault(result.fname(i).decode(), i)  # the first of two of a name, as sqlite3.Row

    def make(values: Sequence[Any]) -> Row:
        row = Row(values)
        row.names = names
        return row
    return make


class PgCursor:
    """A finished query's rows, read in full while it held its connection, and what it
    changed."""

    def __init__(self, cursor: psycopg.Cursor[Any], returning: bool):
        self.rowcount = cursor.rowcount
        self.lastrowid: int | None = None
        result = cursor.pgresult
        self._rows: list[Any] = cursor.fetchall() if result is not None \
            and result.status == TUPLES_OK else []
        self._next = 0
        if returning:
            self.lastrowid = self._rows[0][0] if self._rows else None
            self._rows = []

    def fetchone(self) -> Any:
        if self._next >= len(self._rows):
            return None
        self._next += 1
        return self._rows[self._next - 1]

    def fetchall(self) -> list[Any]:
        rest, self._next = self._rows[self._next:], len(self._rows)
        return rest

    def __iter__(self) -> Iterator[Any]:
        return iter(self.fetchall())


class PgDialect(Dialect):
    """PostgreSQL's way of saying what the shared queries need (see ``Dialect``)."""

    name = "postgresql"
    ids = "(SELECT jsonb_array_elements_text(?::jsonb)::bigint)"
    id_texts = "(SELECT jsonb_array_elements_text(?::jsonb))"
    no_limit = None
    defer_references = "SET CONSTRAINTS ALL DEFERRED"
    share = " FOR SHARE"

    def erase_jobs(self, db: Db, user_id: int) -> None:
        from os1.memory.pg_jobs import erase

        erase(db, user_id)

    def same_text(self, column: str) -> str:
        return f"lower({column}) = lower(?)"

    def json_text(self, column: str, key: str) -> str:
        return f"({column}::jsonb ->> '{key}')"

    def json_number(self, column: str, key: str) -> str:
        return f"({column}::jsonb ->> '{key}')::double precision"

    def json_with_true(self, column: str, key: str) -> str:
        return f"({column}::jsonb || '{{\"{key}\": true}}'::jsonb)::text"

    def json_any(self, column: str, key: str, test: str) -> str:
        field = f"{column}::jsonb -> '{key}'"
        return (f"EXISTS (SELECT 1 FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof({field}) "
                f"= 'array' THEN {field} ELSE '[]'::jsonb END) AS value WHERE value {test})")

    def text_agg(self, expr: str, separator: str) -> str:
        return f"string_agg({expr}, {separator})"

    def vector(self, vector: np.ndarray) -> Any:
        return np.asarray(vector, dtype=np.float32)

    def matrix(self, stored: list[Any]) -> np.ndarray:
        return np.stack([np.asarray(v.to_numpy() if hasattr(v, "to_numpy") else v,
                                    dtype=np.float32) for v in stored])


CONNECTING: dict[str, Any] = {"autocommit": True, "cursor_factory": psycopg.ClientCursor, "row_factory": _rows}


class PgDb:
    """PostgreSQL as the store's queries use it (autocommit outside ``transaction()``):
    ``PgDb.one`` is a single connection its threads take in turn (for migrating), ``PgDb.pool``
    a pool of ``size``, each new connection set up by ``configure`` (vectors, settings)."""

    def __init__(self, dialect: Dialect, borrow: Callable[[], AbstractContextManager[Any]],
                 close: Callable[[], None]):
        self.dialect = dialect
        self._borrow, self._close = borrow, close
        self._held = threading.local()  # this thread's transaction's connection, if any
        self.id_tables: set[str] = set()

    @classmethod
    def one(cls, url: str, dialect: Dialect) -> PgDb:
        conn = psycopg.connect(url, **CONNECTING)
        lock = threading.RLock()

        @contextmanager
        def borrow() -> Iterator[Any]:
            with lock:
                yield conn
        return cls(dialect, borrow, conn.close)

    @classmethod
    def pool(cls, url: str, dialect: Dialect, size: int,
             configure: Callable[[Any], None]) -> PgDb:
        """Up to ``size`` connections, opened as they are needed (one kept open); a broken
        one is replaced. A statement waits for a free connection up to 30 s."""
        pool = ConnectionPool(url, min_size=1, max_size=size, kwargs=CONNECTING,
                              configure=configure, open=False, name="os1-store")
        pool.open(wait=True, timeout=30)
        return cls(dialect, pool.connection, pool.close)

    @property
    def in_transaction(self) -> bool:
        """Whether this thread is inside ``transaction()``."""
        return getattr(self._held, "conn", None) is not None

    @contextmanager
    def connection(self) -> Iterator[Any]:
        """The connection this thread's statement runs on: its transaction's, else one of
        its own for as long as the statement."""
        held = getattr(self._held, "conn", None)
        if held is not None:
            yield held
            return
        with self._borrow() as conn:
            yield conn

    def learn_tables(self) -> None:
        """The tables with an ``id`` column: an INSERT into one returns the new id."""
        self.id_tables = {r[0] for r in self.execute(
            "SELECT table_name FROM information_schema.columns WHERE column_name = 'id' "
            "AND table_schema = current_schema()")}

    def execute(self, sql: str, parameters: Any = ()) -> PgCursor:
        parameters = without_nul(parameters)  # PostgreSQL's text cannot hold NUL
        named = isinstance(parameters, Mapping)
        query = translate(sql, named)
        insert = INSERT.match(sql)
        returning = bool(insert and insert.group(1) in self.id_tables
                         and "RETURNING" not in sql.upper())
        if returning:
            query += " RETURNING id"
        with self.connection() as conn:
            cursor = conn.cursor()
            cursor.execute(query, parameters if named else tuple(parameters))
            return PgCursor(cursor, returning)

    @contextmanager
    def transaction(self) -> Iterator[PgDb]:
        """One transaction holding one connection for every statement of this thread until
        it ends; inside another, a savepoint of it (psycopg's nested transaction)."""
        with self.connection() as conn, conn.transaction():
            outer = getattr(self._held, "conn", None)
            self._held.conn = conn
            try:
                yield self
            finally:
                self._held.conn = outer

    def close(self) -> None:
        self._close()
