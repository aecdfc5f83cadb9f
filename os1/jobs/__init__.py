"""Background jobs: what the companion does after a turn, whichever door the turn came through
(the terminal chat, the web app, the API, voice): reflection once the user has been quiet a
while, embedding memories that have no vector from the current embedder.

Job functions are registered by name (``tasks.JOBS``) and deferred through a small
``JobQueue`` protocol (``defer`` and ``run_ready``), run by an in-process ``Runner`` thread
whichever store holds them. With the SQLite store the queue is a table in the store
(``StoreQueue``, migration 015_jobs); with the PostgreSQL store it is procrastinate's tables
in the same database (``pgqueue.PgQueue``: its ``lock`` is our one-job-per-user rule, its
``scheduled_at`` our ``run_after``, its worker heartbeats how a killed runner's job is found);
tests use ``FakeQueue`` and a fixed clock.

Why a table of our own and not procrastinate on SQLite: procrastinate's connectors are
PostgreSQL ones (psycopg, psycopg2, aiopg, Django) plus an in-memory connector meant for
tests, which keeps nothing across a restart; none speaks SQLite. The SQLite store needs jobs
that survive a kill -9 and live in the same file as the rest of the user's life (so an erase
takes them too), which is a small table: leases, retries with backoff and idempotency keys.
"""

from os1.jobs.queue import FakeQueue, JobQueue, Later, StoreQueue
from os1.jobs.runner import AfterTurn, Runner
from os1.jobs.tasks import JOBS, Context

__all__ = ["JOBS", "AfterTurn", "Context", "FakeQueue", "JobQueue", "Later", "Runner",
           "StoreQueue"]
