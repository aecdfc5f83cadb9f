"""The in-process runner (``os1 serve``, ``os1 chat``, ``os1 talk``, ``os1 jobs run``): a
daemon thread that runs ready jobs, and another that renews its hold on them (the leases of
the jobs it is running; on PostgreSQL, its worker's heartbeat). And the one
rule for what a turn leaves behind (``AfterTurn``), whichever door it came through."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from os1.jobs.queue import JobQueue, Outcome, RunQueue, StoreQueue
from os1.jobs.tasks import JOBS, Context, JobFn, defer_memorise

if TYPE_CHECKING:
    from os1 import config
    from os1.memory.memories import Memories
    from os1.memory.store_protocol import StoreProtocol
    from os1.models.base import Model

KEEP_DONE = timedelta(days=7)  # finished jobs stay this long, to be listed


@dataclass
class AfterTurn:
    """After a turn through any door: the turn is read for standing facts (``memorise``, due
    now, once per turn; ``read_facts`` off: not) and reflection is deferred to ``reflect_after_s`` of quiet
    (0: never). Each turn's job replaces the one still waiting, so it runs once the user has
    been quiet that long; its key (user and turn) means the same quiet is never reflected on
    twice."""

    queue: JobQueue
    reflect_after_s: float
    read_facts: bool = False  # as memory.read_facts: off until shown precise enough

    def __call__(self, user_id: int, turn_id: int) -> None:
        if turn_id and self.read_facts:  # the model reads the turn for standing facts when free
            defer_memorise(self.queue, user_id, turn_id)
        quiet = self.reflect_after_s
        if not quiet or not turn_id:
            return
        self.queue.defer("reflect", user_id, {"quiet_s": quiet}, key=f"reflect:{user_id}:{turn_id}",
                         run_after=self.queue.clock() + timedelta(seconds=quiet), supersede=True)


def owe_backfill(queue: JobQueue, store: StoreProtocol, model_id: str) -> int:
    """An ``embed_backfill`` job for each user with memories lacking a ``model_id`` vector."""
    users = store.users_to_embed(model_id)
    for user_id in users:
        queue.defer("embed_backfill", user_id, {"model": model_id}, supersede=True)
    return len(users)


class Runner:
    """Runs ready jobs on a daemon thread, looking every ``poll_s`` seconds (jobs another
    process deferred are seen then). ``pause()`` while a user has the model: a running job
    stops within a token and is put back, and none starts until ``resume()``."""

    def __init__(self, queue: RunQueue, context: Context, jobs: Mapping[str, JobFn] = JOBS,
                 poll_s: float = 2.0, on_done: Callable[[Outcome], None] | None = None):
        self.queue, self.context, self.jobs = queue, context, jobs
        self.poll_s = poll_s
        self.on_done = on_done
        self.done: deque[Outcome] = deque(maxlen=200)  # the latest outcomes, for a look
        self.errors: deque[str] = deque(maxlen=20)  # the runner's own troubles (a locked file)
        self._paused = False
        self._holds = 0  # turns under way (``pause`` without its ``resume`` yet)
        self._closed = threading.Event()
        self._wake = threading.Condition()
        self.busy = False
        self._thread = threading.Thread(target=self._run, name="os1-jobs", daemon=True)
        self._keeper = threading.Thread(target=self._keep, name="os1-jobs-lease", daemon=True)

    def start(self) -> "Runner":
        self._thread.start()
        self._keeper.start()
        return self

    def drain(self) -> list[Outcome]:
        """Run every job due now in the calling thread (leases renewed meanwhile), then return."""
        if not self._keeper.is_alive():
            self._keeper.start()
        return self.queue.run_ready(self.context, self.jobs)

    def wake(self) -> None:
        with self._wake:
            self._wake.notify_all()

    def pause(self) -> None:
        """A user is taking a turn: stop the job under way (if it can stop) and start none.
        Counted: with several turns at once (a server), jobs wait until the last has ended."""
        with self._wake:
            self._holds += 1
            self._paused = True
            self.context.stop.set()

    def resume(self) -> None:
        """One turn has ended; jobs go on when no other is under way."""
        with self._wake:
            self._holds = max(0, self._holds - 1)
            if self._holds or self._closed.is_set():
                return
            self._paused = False
            self.context.stop.clear()
            self._wake.notify_all()

    def close(self, timeout: float = 30.0) -> None:
        """Stop: a job under way is asked to stop (and put back); waits up to ``timeout``."""
        self._closed.set()
        self.pause()
        self.wake()
        for thread in (self._thread, self._keeper):
            if thread.is_alive():
                thread.join(timeout)
        try:
            self.queue.close()
        except Exception as exc:  # the store closing first: its jobs are put back by others
            self.errors.append(f"{type(exc).__name__}: {exc}")

    def _run(self) -> None:
        while not self._closed.is_set():
            with self._wake:
                if self._paused:
                    self._wake.wait(self.poll_s)
                    continue
            self.busy = True
            try:
                outcomes = self.queue.run_ready(self.context, self.jobs)
            except Exception as exc:  # the store was busy or closing: look again later
                self.errors.append(f"{type(exc).__name__}: {exc}")
                outcomes = []
            finally:
                self.busy = False
            for outcome in outcomes:
                self.done.append(outcome)
                if self.on_done is not None and not self._paused:  # never while a user waits
                    try:
                        self.on_done(outcome)
                    except Exception as exc:  # a caller's hook never stops the runner
                        self.errors.append(f"{type(exc).__name__}: {exc}")
            if self._closed.is_set():
                break
            with self._wake:
                self._wake.wait(self.poll_s)

    def _keep(self) -> None:
        every = max(self.queue.lease.total_seconds() / 3, 0.05)
        while not self._closed.wait(every):
            try:
                self.queue.renew()
            except Exception as exc:  # a lease not renewed only lets another runner take over
                self.errors.append(f"{type(exc).__name__}: {exc}")


def background(settings: config.Settings, store: StoreProtocol, memories: Memories | None,
               model: Callable[[], Model | None],
               on_done: Callable[[Outcome], None] | None = None) -> Runner:
    """A started runner for this process, with finished jobs older than a week cleared and
    embedding backfill deferred for anyone owed it."""
    queue = queue_for(settings, store)
    queue.purge(store.clock() - KEEP_DONE)
    if memories is not None:
        owe_backfill(queue, store, memories.embedder.model_id)
    return Runner(queue, Context(store, memories, model), poll_s=settings.jobs.poll_s,
                  on_done=on_done).start()


def queue_for(settings: config.Settings, store: StoreProtocol) -> RunQueue:
    """The store's queue, with the retries and lease of the ``[jobs]`` settings: on
    PostgreSQL procrastinate's (``pgqueue.PgQueue``), on SQLite the store's own table."""
    from os1.jobs.pgqueue import PgQueue, on_postgres

    jobs = settings.jobs
    kind = PgQueue if on_postgres(store) else StoreQueue
    return kind(store, attempts=jobs.attempts, backoff_s=jobs.backoff_s, lease_s=jobs.lease_s)


def after_turn(settings: config.Settings, store: StoreProtocol) -> AfterTurn:
    """The hook every door's companion gets (``Companion.after_turn``)."""
    return AfterTurn(queue_for(settings, store), settings.memory.reflect_after_s,
                     settings.memory.read_facts)
