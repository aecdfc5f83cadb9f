"""What every part of the SQLite store shares: the connection, its transactions and clock,
and the small helpers its queries use (the full-text index's owner token, new row ids)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

Clock = Callable[[], datetime]


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def stamp(at: datetime) -> str:
    return at.astimezone(timezone.utc).isoformat(timespec="milliseconds")


def new_id(cursor: sqlite3.Cursor) -> int:
    """The id an INSERT gave its row (sqlite3 types ``lastrowid`` as optional; after an INSERT
    it is always set)."""
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def has_turn(db: sqlite3.Connection, user_id: int, turn_id: int) -> bool:
    """Whether the turn is still stored (a forget may have taken it while it was being said)."""
    return db.execute("SELECT 1 FROM turns WHERE user_id = ? AND id = ?",
                      (user_id, turn_id)).fetchone() is not None


def owner(user_id: int) -> str:
    """The token that marks a user's entries in the full-text index."""
    return f"u{int(user_id)}"


def index_text(db: sqlite3.Connection, user_id: int, memory_id: int, text: str,
               context: str = "") -> None:
    """Make a memory findable by its words (and by the words around it, ``context``)."""
    db.execute("INSERT INTO memories_fts (rowid, text, context, owner) VALUES (?, ?, ?, ?)",
               (memory_id, text, context, owner(user_id)))


def plain(row: sqlite3.Row | None) -> dict[str, Any] | None:
    """A row as a plain dict (what the store hands out: no backend's row type leaves it)."""
    return dict(row) if row is not None else None


def plains(rows: list[sqlite3.Row]) -> list[dict[str, Any]]:
    return [dict(r) for r in rows]


class Queries:
    """The base of the store's query mixins: what ``Store`` gives each of them."""

    db: sqlite3.Connection
    clock: Clock
    path: str

    if TYPE_CHECKING:
        def tx(self) -> AbstractContextManager[sqlite3.Connection]: ...

        def now(self) -> str: ...

        def compact(self) -> None: ...

        def checkpoint(self) -> bool: ...
