"""The store's queries that read conversations as a whole: the user's conversations with
how long each ran, one conversation's turns, what the user said over a stretch of time.
(Writing a turn, and the turn-by-turn reads of a conversation in progress, are in ``Store``.)"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from os1.memory.store_base import Queries, plains, stamp


class TurnQueries(Queries):
    """Mixed into ``Store``: every query scoped by ``user_id``. Rows come out as dicts."""

    def conversations(self, user_id: int, limit: int) -> list[dict[str, Any]]:
        """The newest ``limit`` conversations: id, channel, started_at, ended_at, turns."""
        return plains(self.db.execute(
            "SELECT sessions.id, sessions.channel, sessions.started_at, sessions.ended_at, "
            "count(turns.id) AS turns FROM sessions LEFT JOIN turns ON turns.session_id = "
            "sessions.id AND turns.user_id = sessions.user_id WHERE sessions.user_id = ? "
            "GROUP BY sessions.id ORDER BY sessions.id DESC LIMIT ?", (user_id, limit)).fetchall())

    def conversation(self, user_id: int, session_id: int) -> list[dict[str, Any]] | None:
        """A conversation's turns (id, role, content, status, created_at), oldest first;
        None when the user has no such conversation."""
        if not self.db.execute("SELECT 1 FROM sessions WHERE id = ? AND user_id = ?",
                               (session_id, user_id)).fetchone():
            return None
        return plains(self.db.execute(
            "SELECT id, role, content, status, created_at FROM turns WHERE user_id = ? "
            "AND session_id = ? ORDER BY id", (user_id, session_id)).fetchall())

    def all_turns(self, user_id: int) -> list[dict[str, Any]]:
        """Every turn (id, session_id, role, content, status, created_at, model), oldest first."""
        return plains(self.db.execute(
            "SELECT id, session_id, role, content, status, created_at, model FROM turns "
            "WHERE user_id = ? ORDER BY id", (user_id,)).fetchall())

    def said_since(self, user_id: int, since: datetime) -> list[tuple[str, dict[str, Any]]]:
        """What the user said from ``since`` on, with what was noticed of it (its meta),
        oldest first."""
        rows = self.db.execute(
            "SELECT content, meta FROM turns WHERE user_id = ? AND role = 'user' "
            "AND created_at >= ? ORDER BY id", (user_id, stamp(since))).fetchall()
        return [(r[0], json.loads(r[1] or "{}")) for r in rows]
