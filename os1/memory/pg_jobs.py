"""Background jobs on PostgreSQL, in procrastinate's tables and through its SQL functions
(``procrastinate_defer_jobs_v1``, ``procrastinate_fetch_job_v2``, ``…_finish_job_v1``,
``…_retry_job_v2``, the workers' heartbeats and their pruning), run on the store's own
connection. ``os1.jobs.pgqueue`` is the queue over these queries; why procrastinate is said
there.

How OS1's jobs sit in procrastinate's ``procrastinate_jobs``:

- ``queue_name`` and ``task_name`` are the job's name (a runner fetches from the queues of the
  jobs it knows); ``lock`` is ``user:ID``, so procrastinate runs one job of a user at a time;
- ``priority`` is minus the second the job is due (from 2025), so procrastinate's order (priority,
  then id) is "due longest ago first", and a user's job waiting for later never holds up one of
  theirs due now (procrastinate passes over a job while a same-lock one of higher priority waits);
- ``args`` holds ``user_id`` (every query about a user's jobs, and an erase, goes by it), the
  job's own arguments, its ``key``, ``max_attempts``, the ``worker`` running it and the last
  ``error``: ids and settings, never anything a user said;
- ``attempts`` is procrastinate's count of runs ended; OS1 counts runs begun, one more while a
  job runs. A job put back for later (``later``) is a run not counted: procrastinate's retry
  always counts one, so that one is an update of ours.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from os1.errors import OS1Error
from os1.memory.store_jobs import STATES, Job, _stamp

if TYPE_CHECKING:
    from os1.memory.store_base import Db
    from os1.memory.store_protocol import StoreProtocol

DEFER_LOCK = 715519  # with the user's id: one defer of a user's jobs at a time (keys)
EPOCH = datetime(2025, 1, 1, tzinfo=timezone.utc)
# procrastinate's tables that hold rows about a user's jobs: the jobs (their args), their events,
# and periodic defers pointing at them (workers' rows say nothing of anyone)
TABLES = ("procrastinate_jobs", "procrastinate_events", "procrastinate_periodic_defers")
STATUS = {"todo": ("todo",), "doing": ("doing",), "done": ("succeeded",),
          "failed": ("failed", "cancelled", "aborted")}
STATE = {status: state for state, statuses in STATUS.items() for status in statuses}
USER = "(args->>'user_id')::bigint"
OF_USER = f"{USER} = ?"
CHANGED = "e.job_id = j.id AND e.type <> 'scheduled'"  # 'scheduled' is stamped with the time due
EVENTS = (f"(SELECT min(at) FROM procrastinate_events e WHERE {CHANGED}) AS created_at, "
          f"(SELECT max(at) FROM procrastinate_events e WHERE {CHANGED}) AS updated_at")


def priority(due: datetime) -> int:
    """Earlier due, higher priority (whole seconds; fits procrastinate's integer column)."""
    return -int((due - EPOCH).total_seconds())


def erase(db: Db, user_id: int) -> None:
    """In an erase's transaction: the user's jobs, their events (which cascade) and any
    periodic defer that pointed at one (procrastinate would only unlink it)."""
    db.execute("DELETE FROM procrastinate_periodic_defers WHERE job_id IN "
               f"(SELECT id FROM procrastinate_jobs WHERE {OF_USER})", (user_id,))
    db.execute(f"DELETE FROM procrastinate_jobs WHERE {OF_USER}", (user_id,))


def _job(row: Any) -> Job:
    args = row["args"] or {}
    ended = row["attempts"]
    return Job(row["id"], int(args["user_id"]), row["task_name"], dict(args.get("args") or {}),
               args.get("key"), STATE.get(row["status"], "failed"),
               ended + (row["status"] == "doing"), int(args.get("max_attempts", ended)),
               _stamp(row["scheduled_at"] or row["created_at"]), None, args.get("worker"),
               args.get("error"), _stamp(row["created_at"]), _stamp(row["updated_at"]))


class PgJobs:
    """The queries of ``os1.jobs.pgqueue.PgQueue`` on a PostgreSQL store."""

    def __init__(self, store: StoreProtocol):
        self.store = store  # procrastinate's schema is the store's (migration 018)

    @property
    def db(self) -> Db:
        return self.store.db  # type: ignore[attr-defined]

    def defer(self, user_id: int, name: str, args: dict[str, Any], key: str | None,
              run_after: datetime | None, max_attempts: int, supersede: bool) -> int | None:
        """As ``JobQueries.defer_job``: None when the user has a job of ``key`` in any state."""
        payload = {"user_id": user_id, "args": args, "key": key, "max_attempts": max_attempts}
        with self.store.tx() as db:  # type: ignore[attr-defined]
            db.execute(f"SELECT pg_advisory_xact_lock({DEFER_LOCK}, (? % 2147483647)::int)",
                       (user_id,))
            # Once the lock is held (its own statement: this one's snapshot is taken after it,
            # so it sees a defer that committed while this one waited), one statement: a job
            # of the key in any state means nothing is deferred; else the user's waiting jobs
            # of the name go when this one supersedes them, and it is deferred. A turn defers
            # on every message: one round trip here, not three.
            row = db.execute(
                "WITH taken AS (SELECT EXISTS (SELECT 1 FROM procrastinate_jobs WHERE "
                f"{OF_USER} AND args->>'key' = ?) AS yes), "
                f"superseded AS (DELETE FROM procrastinate_jobs WHERE ? AND {OF_USER} "
                "AND task_name = ? AND status = 'todo' AND NOT (SELECT yes FROM taken)) "
                "SELECT CASE WHEN (SELECT yes FROM taken) THEN NULL ELSE "
                "procrastinate_defer_jobs_v1(ARRAY[ROW(?, ?, ?, ?, NULL, ?::jsonb, "
                "?::timestamptz)::procrastinate_job_to_defer_v1]) END",
                (user_id, key, supersede, user_id, name,
                 name, name, priority(run_after or self.store.clock()), f"user:{user_id}",
                 json.dumps(payload), run_after)).fetchone()
            return None if row[0] is None else int(row[0][0])

    def register(self) -> int:
        """A new worker, with its first heartbeat; its id."""
        return int(self.db.execute(
            "SELECT worker_id FROM procrastinate_register_worker_v1()").fetchone()[0])

    def heartbeat(self, worker_id: int) -> bool:
        """False if the worker was pruned as stalled (its jobs are another's to take)."""
        self.db.execute("SELECT procrastinate_update_heartbeat_v1(?)", (worker_id,))
        return self.db.execute("SELECT 1 FROM procrastinate_workers WHERE id = ?",
                               (worker_id,)).fetchone() is not None

    def unregister(self, worker_id: int) -> None:
        self.db.execute("SELECT procrastinate_unregister_worker_v1(?)", (worker_id,))

    def recover(self, names: Sequence[str], stalled_s: float) -> list[Job]:
        """Jobs whose worker stopped sending heartbeats for ``stalled_s`` (killed, or its
        machine lost): put back to run again, or failed when that was their last attempt."""
        if not names:
            return []
        found = []
        with self.store.tx() as db:  # type: ignore[attr-defined]
            db.execute("SELECT procrastinate_prune_stalled_workers_v1(?)", (stalled_s,))
            rows = db.execute(
                "SELECT j.*, now() AS created_at, now() AS updated_at FROM procrastinate_jobs j "
                "WHERE status = 'doing' AND queue_name = ANY(?::varchar[]) AND (worker_id IS NULL "
                "OR worker_id NOT IN (SELECT id FROM procrastinate_workers)) "
                "FOR UPDATE SKIP LOCKED", (list(names),)).fetchall()
            for row in rows:
                job = _job(row)
                if job.attempts >= job.max_attempts:
                    self._note(db, job.id, f"its runner stopped mid-job ({job.attempts} times)")
                    db.execute("SELECT procrastinate_finish_job_v1(?, 'failed', false)", (job.id,))
                else:
                    db.execute("SELECT procrastinate_retry_job_v2(?, now(), NULL, NULL, NULL)",
                               (job.id,))
                found.append(job)
        return found

    def fetch(self, names: Collection[str], worker_id: int, worker: str) -> Job | None:
        """Take the next job due of ``names`` (procrastinate's fetch: one per lock, so one
        per user, skipping rows another worker is taking), marked as ``worker``'s."""
        if not names:
            return None
        with self.store.tx() as db:  # type: ignore[attr-defined]
            row = db.execute("SELECT id FROM procrastinate_fetch_job_v2(?::varchar[], ?)",
                             (list(names), worker_id)).fetchone()
            if row is None or row[0] is None:
                return None
            db.execute("UPDATE procrastinate_jobs SET args = args || jsonb_build_object("
                       "'worker', ?::text) WHERE id = ?", (worker, row[0]))
            return _job(db.execute(f"SELECT j.*, {EVENTS} FROM procrastinate_jobs j "
                                   "WHERE id = ?", (row[0],)).fetchone())

    def _held(self, db: Db, job: Job, worker_id: int) -> bool:
        """Whether ``job``'s run still holds it (locked for the change that follows)."""
        return db.execute(
            f"SELECT 1 FROM procrastinate_jobs WHERE id = ? AND {OF_USER} AND status = 'doing' "
            "AND worker_id = ? FOR UPDATE", (job.id, job.user_id, worker_id)).fetchone() is not None

    def _note(self, db: Db, job_id: int, error: str | None) -> None:
        db.execute("UPDATE procrastinate_jobs SET args = args || jsonb_build_object("
                   "'error', ?::text) WHERE id = ?", (error, job_id))

    def finish(self, job: Job, worker_id: int) -> bool:
        with self.store.tx() as db:  # type: ignore[attr-defined]
            if not self._held(db, job, worker_id):
                return False
            self._note(db, job.id, None)
            db.execute("SELECT procrastinate_finish_job_v1(?, 'succeeded', false)", (job.id,))
            return True

    def retry(self, job: Job, worker_id: int, error: str, run_after: datetime | None) -> bool:
        """A failed run: retried at ``run_after`` (procrastinate's retry), or failed for good."""
        with self.store.tx() as db:  # type: ignore[attr-defined]
            if not self._held(db, job, worker_id):
                return False
            self._note(db, job.id, error)
            if run_after is None:
                db.execute("SELECT procrastinate_finish_job_v1(?, 'failed', false)", (job.id,))
            else:
                db.execute("SELECT procrastinate_retry_job_v2(?, ?::timestamptz, ?, NULL, NULL)",
                           (job.id, run_after, priority(run_after)))
            return True

    def later(self, job: Job, worker_id: int, run_after: datetime) -> bool:
        """Put back to wait, the run not counted (procrastinate's retry would count it)."""
        with self.store.tx() as db:  # type: ignore[attr-defined]
            if not self._held(db, job, worker_id):
                return False
            db.execute("UPDATE procrastinate_jobs SET status = 'todo', worker_id = NULL, "
                       "scheduled_at = ?::timestamptz, priority = ? WHERE id = ?",
                       (run_after, priority(run_after), job.id))
            return True

    def jobs(self, user_id: int, states: Collection[str] = STATES, limit: int = 100) -> list[Job]:
        """This user's jobs in ``states``, newest first."""
        statuses = [s for state in states for s in STATUS.get(state, ())]
        rows = self.db.execute(
            f"SELECT j.*, {EVENTS} FROM procrastinate_jobs j WHERE {OF_USER} "
            "AND status::text = ANY(?::text[]) ORDER BY id DESC LIMIT ?",
            (user_id, statuses, limit)).fetchall()
        return [_job(r) for r in rows]

    def job(self, user_id: int, job_id: int) -> Job | None:
        row = self.db.execute(f"SELECT j.*, {EVENTS} FROM procrastinate_jobs j WHERE id = ? "
                              f"AND {OF_USER}", (job_id, user_id)).fetchone()
        return _job(row) if row else None

    def purge(self, before: datetime) -> int:
        """Drop finished jobs last touched before ``before`` (failed ones stay to be seen)."""
        return self.db.execute(
            "DELETE FROM procrastinate_jobs j WHERE status = 'succeeded' AND NOT EXISTS "
            f"(SELECT 1 FROM procrastinate_events e WHERE {CHANGED} AND e.at >= ?)",
            (before,)).rowcount


class PgJobQueries:
    """Mixed into ``PgStore`` ahead of ``Store``: the ``JobStore`` queries on PostgreSQL, whose
    jobs are in procrastinate's tables (since 017 it has no ``jobs`` table). Deferring, listing
    and purging go there. Running a job is the queue's (``PgQueue``: procrastinate's workers
    and heartbeats), not a lease handed out by the store, so the lease calls refuse."""

    @property
    def procrastinate(self) -> PgJobs:
        """The queries over procrastinate's tables."""
        found: PgJobs | None = self.__dict__.get("_procrastinate")
        if found is None:
            found = self.__dict__["_procrastinate"] = PgJobs(self)  # type: ignore[arg-type]
        return found

    def defer_job(self, user_id: int, name: str, args: dict[str, Any], key: str | None,
                  run_after: datetime, max_attempts: int, supersede: bool = False) -> int | None:
        return self.procrastinate.defer(user_id, name, args, key, run_after, max_attempts,
                                        supersede)

    def jobs(self, user_id: int, states: Collection[str] = STATES, limit: int = 100) -> list[Job]:
        return self.procrastinate.jobs(user_id, states, limit)

    def job(self, user_id: int, job_id: int) -> Job | None:
        return self.procrastinate.job(user_id, job_id)

    def purge_jobs(self, before: datetime) -> int:
        return self.procrastinate.purge(before)

    def _leased(self, *args: Any, **kwargs: Any) -> Any:
        raise OS1Error("on PostgreSQL, jobs are run by procrastinate's workers "
                       "(os1.jobs.pgqueue.PgQueue), not by leases from the store.")

    claim_job = renew_job = finish_job = retry_job = later_job = _leased
