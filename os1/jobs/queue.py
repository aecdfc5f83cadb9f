"""The job queue: ``defer`` work for a user, ``run_ready`` what is due. ``StoreQueue`` keeps
jobs in the store's table (they survive a restart or a kill -9), ``pgqueue.PgQueue`` in
procrastinate's tables on a PostgreSQL store; ``FakeQueue`` keeps them in a list, for tests.
All run a job the same way (``run_one``): done, put back for later (``Later``), retried with
backoff, or failed for good after its last attempt."""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from os1.memory.store_jobs import STATES, Job

if TYPE_CHECKING:
    from os1.jobs.tasks import Context, JobFn
    from os1.memory.store_protocol import StoreProtocol

ATTEMPTS = 5  # runs before a job is marked failed
BACKOFF_S = 30.0  # wait before the first retry, doubled for each one after
BACKOFF_MAX_S = 3600.0
LEASE_S = 300.0


class Later(Exception):
    """Raised by a job that cannot run now (the user came back mid-reflection): it is put
    back to run ``seconds`` from now, and the run is not counted as an attempt."""

    def __init__(self, seconds: float):
        super().__init__(f"later, in {seconds:g} s")
        self.seconds = seconds


def backoff(attempts: int, base_s: float) -> timedelta:
    """How long a job waits after its ``attempts``-th failed run: base, 2×base, 4×base…"""
    return timedelta(seconds=min(base_s * 2 ** max(attempts - 1, 0), BACKOFF_MAX_S))


def one_line(exc: BaseException) -> str:
    """An error as ``os1 jobs list`` shows it."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return f"{type(exc).__name__}: {text}"[:300]


@dataclass
class Outcome:
    job: Job
    state: str  # done, later, retry, failed, lost (another runner took it over)
    detail: str = ""  # what it did, or its error; "" when a job found nothing to do


class JobQueue(Protocol):
    """Where background work waits. ``key`` makes deferring the same work twice a no-op for
    that user; ``supersede`` drops the user's waiting jobs of that name first."""

    clock: Callable[[], datetime]

    def defer(self, name: str, user_id: int, args: dict[str, Any] | None = None, *,
              key: str | None = None, run_after: datetime | None = None,
              supersede: bool = False) -> int | None: ...

    def run_ready(self, context: Context, jobs: Mapping[str, JobFn],
                  limit: int | None = None) -> list[Outcome]: ...


class RunQueue(JobQueue, Protocol):
    """A queue a ``Runner`` runs: its hold on a running job is renewed every third of
    ``lease`` (``renew``); a user's jobs are listed for them (``os1 jobs list``)."""

    lease: timedelta

    def renew(self) -> None: ...

    def user_jobs(self, user_id: int, states: Collection[str] = STATES,
                  limit: int = 100) -> list[Job]: ...

    def user_job(self, user_id: int, job_id: int) -> Job | None: ...

    def purge(self, before: datetime) -> int: ...

    def close(self) -> None: ...


class _Settle(Protocol):
    def finish(self, job: Job) -> bool: ...
    def retry(self, job: Job, error: str, run_after: datetime | None) -> bool: ...
    def later(self, job: Job, run_after: datetime) -> bool: ...


def run_one(queue: _Settle, job: Job, context: Context, fn: JobFn, clock: Callable[[], datetime],
            backoff_s: float) -> Outcome:
    """Run a claimed job and record how it went."""
    try:
        detail = fn(context, job.user_id, job.args) or ""
    except Later as later:
        kept = queue.later(job, clock() + timedelta(seconds=later.seconds))
        return Outcome(job, "later" if kept else "lost", str(later))
    except Exception as exc:  # a job's failure is recorded and retried; the runner goes on
        error = one_line(exc)
        last = job.attempts >= job.max_attempts
        kept = queue.retry(job, error, None if last else clock() + backoff(job.attempts, backoff_s))
        return Outcome(job, ("failed" if last else "retry") if kept else "lost", error)
    return Outcome(job, "done" if queue.finish(job) else "lost", detail)


class StoreQueue:
    """Jobs in the store's ``jobs`` table. Each run holds a lease, renewed while it runs
    (``renew``); a job whose runner died is taken up by another once the lease ends."""

    def __init__(self, store: StoreProtocol, worker: str | None = None, attempts: int = ATTEMPTS,
                 backoff_s: float = BACKOFF_S, lease_s: float = LEASE_S):
        from os1.memory.store import writer

        self.store = store
        self.clock = store.clock
        self.worker = worker or writer()
        self.attempts, self.backoff_s = attempts, backoff_s
        self.lease = timedelta(seconds=lease_s)
        self.running: dict[int, Job] = {}  # the jobs this queue's runs hold now, to renew
        self._lock = threading.Lock()

    def defer(self, name: str, user_id: int, args: dict[str, Any] | None = None, *,
              key: str | None = None, run_after: datetime | None = None,
              supersede: bool = False) -> int | None:
        return self.store.defer_job(user_id, name, args or {}, key, run_after or self.clock(),
                                    self.attempts, supersede)

    def claim(self, names: Collection[str]) -> Job | None:
        job = self.store.claim_job(names, self.worker, self.lease)
        if job is not None:
            with self._lock:
                self.running[job.id] = job
        return job

    def run_ready(self, context: Context, jobs: Mapping[str, JobFn],
                  limit: int | None = None) -> list[Outcome]:
        """Run jobs that are due, one after another, until none is (or ``limit`` ran)."""
        done: list[Outcome] = []
        while limit is None or len(done) < limit:
            if context.stop.is_set():
                break
            job = self.claim(list(jobs))
            if job is None:
                break
            try:
                done.append(run_one(self, job, context, jobs[job.name], self.clock,
                                    self.backoff_s))
            finally:
                with self._lock:
                    self.running.pop(job.id, None)
        return done

    def renew(self) -> None:
        """Extend the leases of the jobs being run now (called by the runner's keeper)."""
        with self._lock:
            held = list(self.running.values())
        for job in held:
            self.store.renew_job(job, self.lease)

    def finish(self, job: Job) -> bool:
        return self.store.finish_job(job)

    def retry(self, job: Job, error: str, run_after: datetime | None) -> bool:
        return self.store.retry_job(job, error, run_after)

    def later(self, job: Job, run_after: datetime) -> bool:
        return self.store.later_job(job, run_after)

    def user_jobs(self, user_id: int, states: Collection[str] = STATES,
                  limit: int = 100) -> list[Job]:
        return self.store.jobs(user_id, states, limit)

    def user_job(self, user_id: int, job_id: int) -> Job | None:
        return self.store.job(user_id, job_id)

    def purge(self, before: datetime) -> int:
        return self.store.purge_jobs(before)

    def close(self) -> None:
        """Nothing to let go of: a job still held is put back by its run, or by its lease."""


@dataclass
class FakeQueue:
    """Jobs in a list, run in order when ``run_ready`` is called at the time ``clock`` says:
    deterministic, no threads, no database. Same rules as ``StoreQueue``."""

    clock: Callable[[], datetime]
    attempts: int = ATTEMPTS
    backoff_s: float = BACKOFF_S
    jobs: list[Job] = field(default_factory=list)

    def defer(self, name: str, user_id: int, args: dict[str, Any] | None = None, *,
              key: str | None = None, run_after: datetime | None = None,
              supersede: bool = False) -> int | None:
        if key is not None and any(j.user_id == user_id and j.key == key for j in self.jobs):
            return None
        if supersede:
            self.jobs = [j for j in self.jobs if not (j.user_id == user_id and j.name == name
                                                      and j.state == "todo")]
        job_id = max((j.id for j in self.jobs), default=0) + 1
        when = (run_after or self.clock()).isoformat()
        self.jobs.append(Job(job_id, user_id, name, dict(args or {}), key, "todo", 0,
                             self.attempts, when))
        return job_id

    def waiting(self, name: str | None = None) -> list[Job]:
        return [j for j in self.jobs if j.state == "todo" and name in (None, j.name)]

    def run_ready(self, context: Context, jobs: Mapping[str, JobFn],
                  limit: int | None = None) -> list[Outcome]:
        done: list[Outcome] = []
        while limit is None or len(done) < limit:
            now = self.clock()
            ready = [j for j in self.jobs if j.state == "todo" and j.name in jobs
                     and datetime.fromisoformat(j.run_after) <= now]
            if not ready or context.stop.is_set():
                break
            job = min(ready, key=lambda j: (j.run_after, j.id))
            self._put(replace(job, state="doing", attempts=job.attempts + 1))
            taken = self._get(job.id)
            done.append(run_one(self, taken, context, jobs[job.name], self.clock, self.backoff_s))
        return done

    def _get(self, job_id: int) -> Job:
        return next(j for j in self.jobs if j.id == job_id)

    def _put(self, job: Job) -> None:
        self.jobs = [job if j.id == job.id else j for j in self.jobs]

    def finish(self, job: Job) -> bool:
        self._put(replace(job, state="done", last_error=None))
        return True

    def retry(self, job: Job, error: str, run_after: datetime | None) -> bool:
        if run_after is None:
            self._put(replace(job, state="failed", last_error=error))
        else:
            self._put(replace(job, state="todo", last_error=error, run_after=run_after.isoformat()))
        return True

    def later(self, job: Job, run_after: datetime) -> bool:
        self._put(replace(job, state="todo", attempts=job.attempts - 1,
                          run_after=run_after.isoformat()))
        return True
