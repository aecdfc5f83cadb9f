"""The store's queries about the companion itself, per user: its name, the append-only log
of changes to its self (replayed by ``os1.mind.persona``), and its moods."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from os1.memory.store_base import Queries, new_id, plain, plains, stamp

MOOD_FIELDS = "at, valence, arousal, mood, cause"


class SelfQueries(Queries):
    """Mixed into ``Store``: every query scoped by ``user_id``. Rows come out as dicts."""

    def persona(self, user_id: int) -> tuple[str, str] | None:
        row = self.db.execute("SELECT name, name_reason FROM persona WHERE user_id = ?",
                              (user_id,)).fetchone()
        return (row["name"], row["name_reason"]) if row else None

    def set_persona(self, user_id: int, name: str, reason: str) -> None:
        with self.tx() as db:
            db.execute(
                "INSERT INTO persona (user_id, name, name_reason, created_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(user_id) DO UPDATE SET name = excluded.name, "
                "name_reason = excluded.name_reason", (user_id, name, reason, self.now()))

    def self_changes(self, user_id: int, after: int = 0) -> list[dict[str, Any]]:
        """Every change to the companion's self for this user (with an id above ``after``),
        oldest first; ``old`` and ``new`` as the JSON they are kept in."""
        return plains(self.db.execute("SELECT * FROM self_changes WHERE user_id = ? AND id > ? "
                                      "ORDER BY id", (user_id, after)).fetchall())

    def self_changes_seen(self, user_id: int) -> tuple[int, int]:
        """How many changes there are and the newest one's id (0 for none): whether a replay
        kept from before is still whole."""
        row = self.db.execute("SELECT count(*), coalesce(max(id), 0) FROM self_changes "
                              "WHERE user_id = ?", (user_id,)).fetchone()
        return row[0], row[1]

    def last_growth(self, user_id: int) -> str | None:
        """When the self last changed by itself: not a pin, not an undo."""
        return self.db.execute("SELECT max(at) FROM self_changes WHERE user_id = ? "
                               "AND aspect != 'pin' AND undoes IS NULL", (user_id,)).fetchone()[0]

    def add_self_changes(self, user_id: int, changes: list[dict[str, Any]]) -> list[int]:
        """Store changes (aspect, key, old, new, reason[, undoes]); values are kept as JSON."""
        now, ids = self.now(), []
        with self.tx() as db:
            for c in changes:
                ids.append(new_id(db.execute(
                    "INSERT INTO self_changes (user_id, at, aspect, key, old, new, reason, undoes) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (user_id, now, c["aspect"], c["key"], json.dumps(c.get("old")),
                     json.dumps(c.get("new")), c["reason"], c.get("undoes")))))
        return ids

    # moods
    def affect_since(self, user_id: int, since: datetime) -> list[dict[str, Any]]:
        return plains(self.db.execute("SELECT * FROM affect WHERE user_id = ? AND at >= ? "
                                      "ORDER BY id", (user_id, stamp(since))).fetchall())

    def add_affect(self, user_id: int, valence: float, arousal: float, mood: str,
                   cause: str) -> None:
        self._write("INSERT INTO affect (user_id, at, valence, arousal, mood, cause) "
                   "VALUES (?, ?, ?, ?, ?, ?)", (user_id, self.now(), valence, arousal, mood, cause))

    def last_affect(self, user_id: int) -> dict[str, Any] | None:
        return plain(self.db.execute("SELECT * FROM affect WHERE user_id = ? ORDER BY id DESC "
                                     "LIMIT 1", (user_id,)).fetchone())

    def moods(self, user_id: int, limit: int | None = None) -> list[dict[str, Any]]:
        """The moods (at, valence, arousal, mood, cause), oldest first: all, or the last
        ``limit``."""
        rows = self.db.execute(f"SELECT {MOOD_FIELDS} FROM affect WHERE user_id = ? "
                               "ORDER BY id DESC LIMIT ?", (user_id, self.db.dialect.no_limit if limit is None else limit))
        return plains(rows.fetchall())[::-1]
