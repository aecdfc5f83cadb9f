"""The store's queries about background jobs (table from migration 015_jobs): SQLite's.
On PostgreSQL the same queries are procrastinate's (``pg_jobs.PgJobQueries``).

A job belongs to one user and every query about jobs is scoped by ``user_id``, except taking
the next ready job (``claim_job``): a worker serves every user, so it looks across them, and
what it takes is then run for that job's user alone. Taking a job is one transaction
(``BEGIN IMMEDIATE``), so two runners, in one process or several, never take the same one.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from os1.memory.store_base import Db

STATES = ("todo", "doing", "done", "failed")


def _stamp(at: datetime) -> str:
    """As the store stamps times (``store.stamp``): UTC, to the millisecond, comparable as text."""
    return at.astimezone(timezone.utc).isoformat(timespec="milliseconds")


@dataclass
class Job:
    """One piece of background work for one user. ``attempts`` counts the runs begun (a run
    that was only put back, ``later_job``, does not count); ``worker`` is who holds it now."""

    id: int
    user_id: int
    name: str
    args: dict[str, Any] = field(default_factory=dict)
    key: str | None = None
    state: str = "todo"
    attempts: int = 0
    max_attempts: int = 5
    run_after: str = ""
    leased_until: str | None = None
    worker: str | None = None
    last_error: str | None = None
    created_at: str = ""
    updated_at: str = ""

    @classmethod
    def from_row(cls, row: Any) -> "Job":
        data = {k: row[k] for k in row.keys() if k in cls.__dataclass_fields__}
        data["args"] = json.loads(row["args"] or "{}")
        return cls(**data)


class JobQueries:
    """Mixed into ``Store``."""

    db: Db
    clock: Callable[[], datetime]
    tx: Callable[[], AbstractContextManager[Db]]

    def defer_job(self, user_id: int, name: str, args: dict[str, Any], key: str | None,
                  run_after: datetime, max_attempts: int, supersede: bool = False) -> int | None:
        """Add a job; None (and nothing added) when this user already has one with ``key``,
        whatever its state, so the same work is never queued twice. With ``supersede`` the
        user's jobs of the same name still waiting to start are dropped first: only the
        newest waits (reflection after quiet: each turn moves it later)."""
        now = _stamp(self.clock())
        with self.tx() as db:
            if supersede:
                db.execute("DELETE FROM jobs WHERE user_id = ? AND name = ? AND state = 'todo' "
                           "AND (? IS NULL OR key IS DISTINCT FROM ?)", (user_id, name, key, key))
            cursor = db.execute(
                "INSERT INTO jobs (user_id, name, args, key, run_after, max_attempts, created_at, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (user_id, name, json.dumps(args), key, _stamp(run_after), max_attempts, now, now))
            return cursor.lastrowid if cursor.rowcount else None

    def claim_job(self, names: Collection[str], worker: str, lease: timedelta) -> Job | None:
        """Take the next job that is ready (its time has come, or its lease ran out: its
        runner died) and is one of ``names``, for ``lease``; None if there is none. One job per
        user runs at a time, so a user's jobs never race each other. A job whose runner died
        on its last allowed attempt is marked failed instead of taken."""
        if not names:
            return None
        now = self.clock()
        marks = ", ".join("?" * len(names))
        at = _stamp(now)
        free = ("AND NOT EXISTS (SELECT 1 FROM jobs AS other WHERE other.user_id = jobs.user_id "
                "AND other.state = 'doing' AND other.leased_until > ?) ")
        with self.tx() as db:  # BEGIN IMMEDIATE: one claim at a time
            while True:
                # Two queries, each walking its index in order: one job whose runner died
                # (it goes first), else the one due longest ago.
                row = db.execute(
                    f"SELECT * FROM jobs WHERE state = 'doing' AND leased_until <= ? "
                    f"AND name IN ({marks}) {free}ORDER BY leased_until, id LIMIT 1",
                    (at, *names, at)).fetchone() or db.execute(
                    f"SELECT * FROM jobs WHERE state = 'todo' AND run_after <= ? "
                    f"AND name IN ({marks}) {free}ORDER BY run_after, id LIMIT 1",
                    (at, *names, at)).fetchone()
                if row is None:
                    return None
                if row["state"] == "doing" and row["attempts"] >= row["max_attempts"]:
                    db.execute("UPDATE jobs SET state = 'failed', leased_until = NULL, "
                               "last_error = ?, updated_at = ? WHERE id = ?",
                               (f"its runner stopped mid-job ({row['attempts']} times)",
                                _stamp(now), row["id"]))
                    continue
                db.execute("UPDATE jobs SET state = 'doing', attempts = attempts + 1, "
                           "leased_until = ?, worker = ?, updated_at = ? WHERE id = ?",
                           (_stamp(now + lease), worker, _stamp(now), row["id"]))
                return Job.from_row(db.execute("SELECT * FROM jobs WHERE id = ?",
                                               (row["id"],)).fetchone())

    def _settle(self, job: Job, sets: str, values: tuple) -> bool:
        """Update a job only while ``job``'s run still holds it: a run that lost its lease
        (another runner took the job over) changes nothing."""
        with self.tx() as db:
            cursor = db.execute(
                f"UPDATE jobs SET {sets}, updated_at = ? WHERE user_id = ? AND id = ? "
                "AND state = 'doing' AND worker IS NOT DISTINCT FROM ? AND attempts = ?",
                (*values, _stamp(self.clock()), job.user_id, job.id, job.worker, job.attempts))
            return cursor.rowcount == 1

    def renew_job(self, job: Job, lease: timedelta) -> bool:
        """Hold a job being run a while longer; False if its lease was lost."""
        return self._settle(job, "leased_until = ?", (_stamp(self.clock() + lease),))

    def finish_job(self, job: Job) -> bool:
        return self._settle(job, "state = 'done', leased_until = NULL, last_error = NULL", ())

    def retry_job(self, job: Job, error: str, run_after: datetime | None) -> bool:
        """A run that failed: tried again at ``run_after``, or failed for good when None."""
        if run_after is None:
            return self._settle(job, "state = 'failed', leased_until = NULL, last_error = ?",
                                (error,))
        return self._settle(job, "state = 'todo', leased_until = NULL, last_error = ?, "
                                 "run_after = ?", (error, _stamp(run_after)))

    def later_job(self, job: Job, run_after: datetime) -> bool:
        """Put a job back, not counted as an attempt (the user came back: it waits)."""
        return self._settle(job, "state = 'todo', leased_until = NULL, attempts = attempts - 1, "
                                 "run_after = ?", (_stamp(run_after),))

    def jobs(self, user_id: int, states: Collection[str] = STATES, limit: int = 100) -> list[Job]:
        """This user's jobs in ``states``, newest first."""
        marks = ", ".join("?" * len(states))
        rows = self.db.execute(
            f"SELECT * FROM jobs WHERE user_id = ? AND state IN ({marks}) ORDER BY id DESC LIMIT ?",
            (user_id, *states, limit)).fetchall()
        return [Job.from_row(r) for r in rows]

    def job(self, user_id: int, job_id: int) -> Job | None:
        row = self.db.execute("SELECT * FROM jobs WHERE user_id = ? AND id = ?",
                              (user_id, job_id)).fetchone()
        return Job.from_row(row) if row else None

    def purge_jobs(self, before: datetime) -> int:
        """Drop finished jobs last touched before ``before`` (failed ones stay to be seen)."""
        with self.tx() as db:
            return db.execute("DELETE FROM jobs WHERE state = 'done' AND updated_at < ?",
                              (_stamp(before),)).rowcount

    def users_to_embed(self, model_id: str) -> list[int]:
        """Users with memories that have no vector from ``model_id`` (stored without one, or
        with another embedder's before a switch): embedding backfill is owed to them."""
        return [r[0] for r in self.db.execute(
            "SELECT DISTINCT user_id FROM memories WHERE embedding IS NULL "
            "OR embed_model IS DISTINCT FROM ?", (model_id,))]

