"""The job queue of a PostgreSQL store: procrastinate's (3.10) tables and SQL functions in the
store's database, run by the same ``Runner`` and job functions as the SQLite store's queue.

Why procrastinate (and not pgqueuer): what our queue promises, procrastinate's schema does in
the database, in one place every worker shares. ``lock`` runs one job of a lock at a time and
in order (our one job per user at a time); ``scheduled_at`` is our ``run_after``; its retry
puts a failed job back for a time we choose, and a job's last failure ends ``failed``; workers
send heartbeats and a worker that stopped sending them is pruned, its ``doing`` jobs found and
retried (our kill -9 recovery); fetching skips rows another worker is locking, so two runners
never take one job. pgqueuer 1.6 serialises per entrypoint (a concurrency limit per job name),
not per key of our choosing, which is what one-job-per-user needs.

What is ours, in ``os1.memory.pg_jobs``: procrastinate's ``queueing_lock`` is unique only
among waiting jobs, and our ``key`` is once per user whatever the job's state, so a defer
checks the user's keys under an advisory lock, with ``supersede`` in the same transaction;
a job put back for later (``Later``) is not counted as an attempt, which procrastinate's retry
always does. We run its SQL functions through the store's own pool of connections from our
``Runner`` thread, not its asyncio worker: the job functions are synchronous, must stop within
a token when a user takes the model (``Runner.pause``), and a process keeps one small pool.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from os1.jobs.queue import ATTEMPTS, BACKOFF_S, LEASE_S, Outcome, run_one
from os1.memory.store_jobs import STATES, Job

if TYPE_CHECKING:
    from os1.jobs.tasks import Context, JobFn
    from os1.memory.store_protocol import StoreProtocol


def on_postgres(store: StoreProtocol) -> bool:
    """Whether the store is a PostgreSQL one (its jobs then go through procrastinate)."""
    return str(store.path).startswith(("postgresql://", "postgres://"))


class PgQueue:
    """Jobs in procrastinate's tables. This queue is one procrastinate worker, registered on
    its first run; ``renew`` (every third of ``lease_s``) is its heartbeat, and a worker
    silent for ``lease_s`` is taken for dead: its jobs run again elsewhere."""

    def __init__(self, store: StoreProtocol, worker: str | None = None, attempts: int = ATTEMPTS,
                 backoff_s: float = BACKOFF_S, lease_s: float = LEASE_S):
        from os1.memory.pg_jobs import PgJobs
        from os1.memory.store import writer

        self.tables = PgJobs(store)
        self.clock = store.clock
        self.worker = worker or writer()
        self.attempts, self.backoff_s = attempts, backoff_s
        self.lease = timedelta(seconds=lease_s)
        self.worker_id: int | None = None

    def defer(self, name: str, user_id: int, args: dict[str, Any] | None = None, *,
              key: str | None = None, run_after: datetime | None = None,
              supersede: bool = False) -> int | None:
        return self.tables.defer(user_id, name, args or {}, key, run_after, self.attempts, supersede)

    def _registered(self) -> int:
        if self.worker_id is None:
            self.worker_id = self.tables.register()
        return self.worker_id

    def claim(self, names: Collection[str]) -> Job | None:
        return self.tables.fetch(names, self._registered(), self.worker)

    def run_ready(self, context: Context, jobs: Mapping[str, JobFn],
                  limit: int | None = None) -> list[Outcome]:
        """Take up jobs of dead workers, then run jobs that are due, one after another,
        until none is (or ``limit`` ran)."""
        self.renew()
        self.tables.recover(list(jobs), self.lease.total_seconds())
        done: list[Outcome] = []
        while limit is None or len(done) < limit:
            if context.stop.is_set():
                break
            job = self.claim(list(jobs))
            if job is None:
                break
            done.append(run_one(self, job, context, jobs[job.name], self.clock, self.backoff_s))
        return done

    def renew(self) -> None:
        """The worker's heartbeat; a worker pruned meanwhile (silent too long) registers anew,
        and what it held is no longer its own."""
        if self.worker_id is not None and not self.tables.heartbeat(self.worker_id):
            self.worker_id = None
        self._registered()

    def finish(self, job: Job) -> bool:
        return self.tables.finish(job, self._registered())

    def retry(self, job: Job, error: str, run_after: datetime | None) -> bool:
        return self.tables.retry(job, self._registered(), error, run_after)

    def later(self, job: Job, run_after: datetime) -> bool:
        return self.tables.later(job, self._registered(), run_after)

    def user_jobs(self, user_id: int, states: Collection[str] = STATES,
                  limit: int = 100) -> list[Job]:
        return self.tables.jobs(user_id, states, limit)

    def user_job(self, user_id: int, job_id: int) -> Job | None:
        return self.tables.job(user_id, job_id)

    def purge(self, before: datetime) -> int:
        return self.tables.purge(before)

    def close(self) -> None:
        """The worker leaves (a job it still held is taken up by the next worker's run)."""
        if self.worker_id is not None:
            self.tables.unregister(self.worker_id)
            self.worker_id = None
