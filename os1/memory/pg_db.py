"""The PostgreSQL connection as the store's queries use it: ``execute(sql, params)`` with
SQLite's ``?`` placeholders (or ``:name`` with a dict), rows indexable by name and by position
(``dict(row)`` works), a cursor with ``fetchone``, ``fetchall``, ``rowcount`` and ``lastrowid``
(an INSERT into a table with an ``id`` gets ``RETURNING id``), and PostgreSQL's ``Dialect``.

Parameters are bound on the client (``psycopg.ClientCursor``): like SQLite, a parameter takes
its type from where it stands (``? IS NULL``, ``CASE WHEN ? …``), not from a prepared plan.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

import numpy as np
import psycopg
from pgvector.psycopg import register_vector

from os1.memory.store_base import Db, Dialect, without_nul

TOKEN = re.compile(r"'(?:[^']|'')*'|\"[^\"]*\"|::|\?|%|(?<![:\w]):([A-Za-z_]\w*)")
INSERT = re.compile(r"^\s*INSERT\s+INTO\s+\"?(\w+)\"?", re.I)


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
    names: dict[str, int] = {}
    for i, column in enumerate(cursor.description or []):
        names.setdefault(column.name, i)  # the first of two of a name, as sqlite3.Row

    def make(values: Sequence[Any]) -> Row:
        row = Row(values)
        row.names = names
        return row
    return make


class PgCursor:
    """A finished query's rows (read from the server already) and what it changed."""

    def __init__(self, cursor: psycopg.Cursor[Any], returning: bool):
        self._cursor = cursor
        self.rowcount = cursor.rowcount
        self.lastrowid: int | None = None
        if returning:
            row = cursor.fetchone()
            self.lastrowid = row[0] if row else None

    def fetchone(self) -> Any:
        return self._cursor.fetchone() if self._cursor.description else None

    def fetchall(self) -> list[Any]:
        return self._cursor.fetchall() if self._cursor.description else []

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


class PgDb:
    """One connection to PostgreSQL (autocommit outside ``transaction()``), shared by the
    store's threads under ``lock``, as the SQLite store shares its one connection."""

    def __init__(self, url: str, dialect: Dialect, lock: threading.RLock):
        self.dialect = dialect
        self.lock = lock
        self.conn = psycopg.connect(url, autocommit=True, cursor_factory=psycopg.ClientCursor,
                                    row_factory=_rows)
        self.id_tables: set[str] = set()

    def vectors(self) -> None:
        """Read and write pgvector's ``vector`` as numpy arrays (once the extension exists)."""
        register_vector(self.conn)

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
        with self.lock:
            cursor = self.conn.cursor()
            cursor.execute(query, parameters if named else tuple(parameters))
            return PgCursor(cursor, returning)

    @contextmanager
    def transaction(self) -> Iterator[PgDb]:
        with self.lock, self.conn.transaction():
            yield self

    def close(self) -> None:
        self.conn.close()
