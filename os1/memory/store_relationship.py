"""The store's queries about the relationship (tables from the check-ins migration, and the
turns it is read from): how much they have talked and shared, the moments the user felt
most, and the check-ins the companion owes. The rules (when to ask, how close they are)
live in ``os1.mind.relationship``; this is only storage."""

from __future__ import annotations

from os1.memory.records import Talked
from os1.memory.store_base import Queries, hold_row


class RelationshipQueries(Queries):
    """Mixed into ``Store``: every query scoped by ``user_id``."""

    def talked(self, user_id: int) -> Talked:
        valence = self.db.dialect.json_number("meta", "valence")
        row = self.db.execute(
            "SELECT count(DISTINCT session_id), min(created_at), max(created_at), "
            f"sum(CASE WHEN abs(coalesce({valence}, 0)) >= 0.5 THEN 1 ELSE 0 END) "
            "FROM turns WHERE user_id = ? AND role = 'user'", (user_id,)).fetchone()
        return Talked(row[0], row[1], row[2], row[3] or 0)

    def felt_moments(self, user_id: int, k: int) -> list[tuple[str, str]]:
        """The user's messages with the strongest feeling, (when, what), leaving out a
        question about ways to die and a crisis (not moments to quote back)."""
        d = self.db.dialect
        valence = d.json_number("meta", "valence")
        rows = self.db.execute(
            "SELECT created_at, content FROM turns WHERE user_id = ? AND role = 'user' "
            f"AND abs(coalesce({valence}, 0)) >= 0.5 "
            f"AND {d.json_text('meta', 'withheld')} IS NULL "
            f"AND {d.json_text('meta', 'risk')} IS NULL "
            f"ORDER BY abs({valence}) DESC, id DESC LIMIT ?",
            (user_id, k)).fetchall()
        return [(r[0], r[1]) for r in rows]

    def drop_checkins(self, user_id: int, every: bool) -> None:
        """The user asked not to be asked: every pending check-in (``every``), else the one
        asked last."""
        with self.tx() as db:
            if every:
                db.execute("UPDATE checkins SET status = 'dropped' WHERE user_id = ? "
                           "AND status = 'pending'", (user_id,))
                return
            last = db.execute("SELECT id FROM checkins WHERE user_id = ? AND status = 'asked' "
                              "ORDER BY asked_at DESC LIMIT 1", (user_id,)).fetchone()
            if last:
                db.execute("UPDATE checkins SET status = 'dropped' WHERE user_id = ? AND id = ?",
                           (user_id, last[0]))

    def add_checkin(self, user_id: int, about: str, due_at: str, turn_id: int | None,
                    now: str, once: bool = False) -> bool:
        """A check-in to ask at ``due_at``; with ``once``, not when one about the same is
        already pending. Whether it was added."""
        with self.tx() as db:
            if once:
                hold_row(db, user_id)  # two at once: the second looks after the first adds
            if once and db.execute("SELECT 1 FROM checkins WHERE user_id = ? AND about = ? "
                                   "AND status = 'pending'", (user_id, about)).fetchone():
                return False
            db.execute("INSERT INTO checkins (user_id, about, due_at, turn_id, created_at) "
                       "VALUES (?, ?, ?, ?, ?)", (user_id, about, due_at, turn_id, now))
        return True

    def last_checkin_asked(self, user_id: int) -> str | None:
        return self.db.execute("SELECT max(asked_at) FROM checkins WHERE user_id = ?",
                               (user_id,)).fetchone()[0]

    def due_checkin(self, user_id: int, now: str, oldest: str) -> tuple[int, str] | None:
        """The pending check-in due first between ``oldest`` and ``now``: (id, about)."""
        row = self.db.execute(
            "SELECT id, about FROM checkins WHERE user_id = ? AND status = 'pending' "
            "AND due_at <= ? AND due_at >= ? ORDER BY due_at LIMIT 1",
            (user_id, now, oldest)).fetchone()
        return (row[0], row[1]) if row else None

    def checkin_asked(self, user_id: int, checkin_id: int, at: str) -> None:
        with self.tx() as db:
            db.execute("UPDATE checkins SET status = 'asked', asked_at = ? WHERE user_id = ? "
                       "AND id = ?", (at, user_id, checkin_id))
