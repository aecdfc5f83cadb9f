"""What every part of the store shares: the connection, its transactions and clock, the
small helpers its queries use (the full-text index's owner token, new row ids), and the
``Dialect``: the few things SQLite and PostgreSQL say differently, named once, so each query
is written once for both."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable, Iterable, Mapping
from contextlib import AbstractContextManager
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

Clock = Callable[[], datetime]


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def stamp(at: datetime) -> str:
    return at.astimezone(timezone.utc).isoformat(timespec="milliseconds")


class Cursor(Protocol):
    """What a query returns on either backend (``sqlite3.Cursor`` or ``pg_db.PgCursor``)."""

    @property
    def rowcount(self) -> int: ...
    @property
    def lastrowid(self) -> int | None: ...
    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...
    def __iter__(self) -> Any: ...


class Db(Protocol):
    """The connection the queries use: rows indexable by name and by position, ``?``
    placeholders (or ``:name`` with a dict), and the backend's ``dialect``."""

    @property
    def dialect(self) -> Dialect: ...
    def execute(self, sql: str, parameters: Any = (), /) -> Any: ...


def new_id(cursor: Cursor) -> int:
    """The id an INSERT gave its row (``lastrowid`` is typed optional; after an INSERT into a
    table with an ``id`` it is always set, on PostgreSQL through ``RETURNING id``)."""
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def has_turn(db: Db, user_id: int, turn_id: int) -> bool:
    """Whether the turn is still stored (a forget may have taken it while it was being said)."""
    return db.execute("SELECT 1 FROM turns WHERE user_id = ? AND id = ?",
                      (user_id, turn_id)).fetchone() is not None


def stored_turns(db: Db, user_id: int, turn_ids: Iterable[int | None]) -> set[int]:
    """Which of these turns of the user's are still stored, asked in one query."""
    wanted = sorted({int(t) for t in turn_ids if t is not None})
    if not wanted:
        return set()
    return {int(r[0]) for r in db.execute(
        f"SELECT id FROM turns WHERE user_id = ? AND id IN {db.dialect.ids}",
        (user_id, json.dumps(wanted))).fetchall()}


def sources_kept(db: Db, user_id: int, turn_ids: Iterable[int | None] = ()) -> bool:
    """Whether the user and every one of these turns of theirs are still stored: asked, in
    its transaction, by every write made from a turn (a memory, a fact, a person), which
    writes nothing if not. A forget or an erase may come at any moment, from any worker:
    each takes the user's row for update first (``hold_user``), and this takes it to share,
    so the two never overlap (PostgreSQL; SQLite writes one transaction at a time anyway).
    Whichever commits first, the other sees it: the forget finds the new rows, or the write
    finds its turn gone."""
    if db.execute(f"SELECT 1 FROM users WHERE id = ?{db.dialect.share}",
                  (user_id,)).fetchone() is None:
        return False
    wanted = {int(t) for t in turn_ids if t is not None}
    if not wanted:
        return True
    stored = db.execute(f"SELECT count(*) FROM turns WHERE user_id = ? AND id IN {db.dialect.ids}",
                        (user_id, json.dumps(sorted(wanted)))).fetchone()[0]
    return bool(stored == len(wanted))


def hold_user(db: Db, user_id: int) -> None:
    """The first statement of a forget or an erase: the user's row, held for update until it
    commits, so no write made from their turns (``sources_kept``) runs alongside it. It
    counts the forget too (caches of what the user said let go when the count moves)."""
    db.execute("UPDATE users SET forgets = forgets + 1 WHERE id = ?", (user_id,))


def hold_row(db: Db, user_id: int) -> None:
    """The user's row, held until this transaction commits, for a write that first looks for
    what it would add: under PostgreSQL's read committed, two tellings at once ("my sister
    Anna…" in two turns) would both find nothing and both add it. SQLite writes one at a time
    already. Unlike ``hold_user`` it counts nothing."""
    db.execute("UPDATE users SET id = id WHERE id = ?", (user_id,))


def owner(user_id: int) -> str:
    """The token that marks a user's entries in the full-text index."""
    return f"u{int(user_id)}"


def index_text(db: Db, user_id: int, memory_id: int, text: str, context: str = "") -> None:
    """Make a memory findable by its words (and by the words around it, ``context``)."""
    db.dialect.words.add(db, user_id, memory_id, text, context)


def plain(row: Any) -> dict[str, Any] | None:
    """A row as a plain dict (what the store hands out: no backend's row type leaves it)."""
    return dict(row) if row is not None else None


def plains(rows: list[Any]) -> list[dict[str, Any]]:
    return [dict(r) for r in rows]


class WordIndex(Protocol):
    """Finding memories by their words, ranked by BM25 (text weighing 1.0, its context 0.5),
    per user: SQLite's FTS5 table (``store_words``), or PostgreSQL tables of the same words
    and statistics (``pg_words``). Ids lists are JSON text, as ``Dialect.ids`` reads them."""

    def add(self, db: Db, user_id: int, memory_id: int, text: str, context: str) -> None: ...
    def context(self, db: Db, user_id: int, memory_id: int) -> str | None: ...
    def remove(self, db: Db, user_id: int, ids: str) -> None: ...
    def erase(self, db: Db, user_id: int) -> None: ...
    def search(self, db: Db, user_id: int, terms: list[str], limit: int) -> list[tuple[int, float]]: ...
    def phrase(self, db: Db, user_id: int, words: list[str]) -> set[int]: ...
    def contexts(self, db: Db, user_id: int) -> list[tuple[int, str]]: ...
    def clear_context(self, db: Db, user_id: int, memory_id: int) -> None: ...
    def unname(self, db: Db, user_id: int, ids: str, name: str) -> None: ...
    def optimize(self, db: Db) -> None: ...


class Dialect:
    """SQLite's way of saying what the shared queries need; ``pg_db.PgDialect`` overrides each
    for PostgreSQL. Values are stored alike on both (times as the same ISO text, JSON as text),
    so the records read back compare equal."""

    name = "sqlite"
    ids = "(SELECT value FROM json_each(?))"  # a JSON list of ids as a set of integers (for IN)
    id_texts = ids  # the same, to compare with the items of a JSON list in a column
    no_limit: int | None = -1  # LIMIT's value for "all"
    defer_references = "PRAGMA defer_foreign_keys=ON"  # in a transaction: check references at its end
    share = ""  # after a SELECT: hold its rows against updates until the commit (SQLite: one writer)
    words: WordIndex

    def erase_jobs(self, db: Db, user_id: int) -> None:
        """In an erase: a user's jobs kept outside the tables with a ``user_id`` (SQLite's are
        in ``jobs``, erased with the rest; PostgreSQL's in procrastinate's tables)."""

    def same_text(self, column: str) -> str:
        """``column`` equals the next parameter, letters compared without case."""
        return f"{column} = ? COLLATE NOCASE"

    def json_text(self, column: str, key: str) -> str:
        """A top-level field of a JSON text column (NULL when absent)."""
        return f"json_extract({column}, '$.{key}')"

    def json_number(self, column: str, key: str) -> str:
        return f"json_extract({column}, '$.{key}')"

    def json_with_true(self, column: str, key: str) -> str:
        """The JSON text of ``column`` with ``key`` set to true."""
        return f"json_set({column}, '$.{key}', json('true'))"

    def json_any(self, column: str, key: str, test: str) -> str:
        """Whether an item of the JSON list at ``key`` passes ``test`` (``= ?``, ``IN …``)."""
        return f"EXISTS (SELECT 1 FROM json_each({column}, '$.{key}') WHERE value {test})"

    def text_agg(self, expr: str, separator: str) -> str:
        """The texts of a group joined by ``separator`` (an SQL string literal)."""
        return f"group_concat({expr}, {separator})"

    def vector(self, vector: np.ndarray) -> Any:
        """A vector as it is stored: float32 bytes."""
        return np.asarray(vector, dtype=np.float32).tobytes()

    def matrix(self, stored: list[Any]) -> np.ndarray:
        """Stored vectors (of one size) as one float32 matrix, a row each."""
        return np.frombuffer(b"".join(stored), dtype=np.float32).reshape(len(stored), -1).copy()


NUL_ESCAPE = re.compile(r"(?<!\\)((?:\\\\)*)\\u0000")  # JSON's escape of NUL (not an escaped backslash's)


def without_nul(value: Any) -> Any:
    """Query parameters with every NUL character left out of their texts, and JSON's escape of
    it (``\\u0000``) out of JSON text: PostgreSQL's text and jsonb cannot hold it, so neither
    store keeps it, and both read back the same. Lists (arrays) and dicts (``:name``
    parameters) are cleaned item by item; other values pass as they are."""
    if isinstance(value, str):
        if "\x00" in value:
            value = value.replace("\x00", "")
        return NUL_ESCAPE.sub(r"\1", value) if "\\u0000" in value else value
    if isinstance(value, (list, tuple)):
        return type(value)(without_nul(v) for v in value)
    if isinstance(value, Mapping):
        return {k: without_nul(v) for k, v in value.items()}
    return value


class Fetched:
    """A statement's outcome, its rows read in full: what ``SqliteDb.execute`` returns."""

    __slots__ = ("_rows", "_next", "rowcount", "lastrowid", "description")

    def __init__(self, cursor: sqlite3.Cursor):
        self._rows = cursor.fetchall()
        self._next = 0
        self.rowcount, self.lastrowid = cursor.rowcount, cursor.lastrowid
        self.description = cursor.description

    def fetchone(self) -> Any:
        if self._next >= len(self._rows):
            return None
        self._next += 1
        return self._rows[self._next - 1]

    def fetchall(self) -> list[Any]:
        rest, self._next = self._rows[self._next:], len(self._rows)
        return rest

    def __iter__(self) -> Any:
        return iter(self.fetchall())


class SqliteDb(sqlite3.Connection):
    """A sqlite3 connection that knows its dialect (what the queries read off ``db``), and
    keeps NUL out of what it stores (``without_nul``), as PostgreSQL must.

    The store's threads share it, so a statement runs, and its rows are read in full, under
    the store's ``lock``, the one its transactions hold (as PostgreSQL's client reads its
    rows). A read left half-done while another thread wrote saw that thread's uncommitted
    rows, and was aborted by its rollback or by a write into the full-text index it was
    reading ("query aborted")."""

    dialect: Dialect
    lock: AbstractContextManager[Any]

    def execute(self, sql: str, parameters: Any = (), /) -> Any:
        with self.lock:
            return Fetched(super().execute(sql, without_nul(parameters)))

    def executemany(self, sql: str, parameters: Any, /) -> Any:
        with self.lock:
            return Fetched(super().executemany(sql, (without_nul(p) for p in parameters)))


class Queries:
    """The base of the store's query mixins: what ``Store`` gives each of them."""

    db: Db
    clock: Clock
    path: str

    if TYPE_CHECKING:
        def tx(self) -> AbstractContextManager[Db]: ...

        def _write(self, sql: str, parameters: Any = ()) -> Any: ...

        def now(self) -> str: ...

        def compact(self) -> None: ...

        def checkpoint(self) -> bool: ...
