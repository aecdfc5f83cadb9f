"""The queue's promises, on both queues: the store's table (``StoreQueue``, SQLite, on a clock
that moves only when told) and procrastinate's tables (``PgQueue``, a real PostgreSQL, whose
jobs are moved back in time instead): keys, the quiet that supersedes, retries with backoff,
a run put back for later, one job per user at a time, a dead runner's job taken up once,
erase."""

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest

from os1.jobs import Context, FakeQueue, Later, StoreQueue
from os1.jobs.queue import backoff
from os1.memory.store import Store


class Sqlite:
    """The store's own table, and a clock moved by hand."""

    def __init__(self, tmp_path, clock):
        self.path, self.clock = tmp_path / "jobs.db", clock
        self.store = self.open()

    def open(self):
        return Store(self.path, clock=self.clock)

    def queue(self, store=None, **settings):
        return StoreQueue(store or self.store, **settings)

    def travel(self, seconds):
        self.clock.move(seconds)


class Postgres:
    """procrastinate's tables on a real PostgreSQL, on the real clock: time passes by moving
    what waits and what was last heard of back by as much."""

    def __init__(self, url):
        self.url = url
        self.store = self.open()
        self.clock = self.store.clock

    def open(self):
        from os1.memory.store import open_store

        return open_store(self.url)

    def queue(self, store=None, **settings):
        from os1.jobs.pgqueue import PgQueue

        return PgQueue(store or self.store, **settings)

    def travel(self, seconds):
        back = (f"{seconds} seconds",)
        self.store.db.execute("UPDATE procrastinate_jobs SET scheduled_at = scheduled_at - "
                              "?::interval WHERE scheduled_at IS NOT NULL", back)
        self.store.db.execute("UPDATE procrastinate_workers SET last_heartbeat = "
                              "last_heartbeat - ?::interval", back)
        self.store.db.execute("UPDATE procrastinate_events SET at = at - ?::interval", back)


@pytest.fixture(params=["sqlite", "postgresql"])
def jobs(request, tmp_path, clock):
    kind = (Sqlite(tmp_path, clock) if request.param == "sqlite"
            else Postgres(request.getfixturevalue("pg_url")))
    yield kind
    kind.store.close()


def context(store):
    return Context(store, None, lambda: None)


def recorder(calls, fail=0):
    """A job that records each run, and raises on its first ``fail`` runs."""
    def job(ctx, user_id, args):
        calls.append((user_id, args))
        if len(calls) <= fail:
            raise RuntimeError(f"broken\nrun {len(calls)}")
        return "ok"
    return job


def test_a_key_makes_deferring_the_same_work_twice_a_no_op(jobs):
    store = jobs.store
    queue, user = jobs.queue(), store.user()
    first = queue.defer("note", user, {"n": 1}, key="note:1")
    assert first is not None
    assert queue.defer("note", user, {"n": 2}, key="note:1") is None
    calls = []
    queue.run_ready(context(store), {"note": recorder(calls)})
    assert calls == [(user, {"n": 1})]
    assert queue.defer("note", user, key="note:1") is None  # done, and still not again
    other = store.user("someone else")
    assert queue.defer("note", other, key="note:1") is not None  # keys are per user


def test_a_key_deferred_many_times_at_once_is_one_job(jobs):
    stores = [jobs.open() for _ in range(4)]
    user = jobs.store.user()
    try:
        with ThreadPoolExecutor(4) as pool:
            made = list(pool.map(lambda s: jobs.queue(s).defer("note", user, key="turn:9"),
                                 stores * 3))
    finally:
        for store in stores:
            store.close()
    assert len([m for m in made if m is not None]) == 1
    assert len(jobs.queue().user_jobs(user)) == 1


def test_a_job_waits_for_its_time(jobs):
    store = jobs.store
    queue, user, calls = jobs.queue(), store.user(), []
    queue.defer("note", user, run_after=jobs.clock() + timedelta(seconds=60))
    assert queue.run_ready(context(store), {"note": recorder(calls)}) == []
    jobs.travel(60)
    assert [o.state for o in queue.run_ready(context(store), {"note": recorder(calls)})] == ["done"]
    assert queue.user_jobs(user)[0].state == "done"


def test_superseding_keeps_only_the_newest_waiting_job(jobs):
    store = jobs.store
    queue, user = jobs.queue(), store.user()
    for turn in (1, 2, 3):
        queue.defer("reflect", user, key=f"reflect:{turn}", supersede=True,
                    run_after=jobs.clock() + timedelta(seconds=60))
        jobs.travel(10)
    other = store.user("other")
    queue.defer("reflect", other, key="reflect:9", supersede=True)
    assert [j.key for j in queue.user_jobs(user)] == ["reflect:3"]
    assert [j.key for j in queue.user_jobs(other)] == ["reflect:9"]  # another user's is theirs
    queue.defer("embed", user)
    queue.defer("reflect", user, key="reflect:4", supersede=True)  # another name stays
    assert [j.key for j in queue.user_jobs(user)] == ["reflect:4", None]


def test_a_failing_job_is_retried_with_backoff_then_fails_for_good(jobs):
    store = jobs.store
    queue, user, calls = jobs.queue(attempts=3, backoff_s=600), store.user(), []
    job = {"note": recorder(calls, fail=5)}
    queue.defer("note", user)
    assert [o.state for o in queue.run_ready(context(store), job)] == ["retry"]
    waiting = queue.user_jobs(user)[0]
    assert waiting.state == "todo" and waiting.attempts == 1
    assert waiting.last_error == "RuntimeError: broken run 1"  # one line
    jobs.travel(590)
    assert queue.run_ready(context(store), job) == []  # not before its backoff
    jobs.travel(10)
    assert [o.state for o in queue.run_ready(context(store), job)] == ["retry"]
    jobs.travel(1190)
    assert queue.run_ready(context(store), job) == []  # the second wait is twice as long
    jobs.travel(10)
    assert [o.state for o in queue.run_ready(context(store), job)] == ["failed"]
    failed = queue.user_jobs(user)[0]
    assert (failed.state, failed.attempts, failed.last_error) == (
        "failed", 3, "RuntimeError: broken run 3")
    jobs.travel(3600)
    assert queue.run_ready(context(store), job) == [] and len(calls) == 3


def test_backoff_doubles_and_is_bounded():
    assert [backoff(n, 30).total_seconds() for n in (1, 2, 3)] == [30, 60, 120]
    assert backoff(40, 30).total_seconds() == 3600


def test_a_job_put_back_for_later_is_not_an_attempt(jobs):
    store = jobs.store
    queue, user = jobs.queue(attempts=1), store.user()
    runs = []

    def shy(ctx, user_id, args):
        runs.append(1)
        if len(runs) == 1:
            raise Later(30)
        return "ran"

    queue.defer("shy", user)
    assert [o.state for o in queue.run_ready(context(store), {"shy": shy})] == ["later"]
    job = queue.user_jobs(user)[0]
    assert (job.state, job.attempts) == ("todo", 0)
    assert queue.run_ready(context(store), {"shy": shy}) == []  # it waits
    jobs.travel(30)
    assert [o.state for o in queue.run_ready(context(store), {"shy": shy})] == ["done"]
    assert queue.user_jobs(user)[0].attempts == 1


def test_a_job_whose_runner_died_is_taken_up_by_another_once(jobs):
    first = jobs.queue(worker="first", lease_s=60)
    second = jobs.queue(worker="second", lease_s=60)
    user, calls = jobs.store.user(), []
    first.defer("note", user)
    taken = first.claim(["note"])  # and then its process died
    assert taken is not None and second.claim(["note"]) is None
    jobs.travel(59)
    first.renew()  # while it lives, it holds on
    jobs.travel(59)
    assert second.run_ready(context(jobs.store), {"note": recorder(calls)}) == []
    jobs.travel(61)  # it died: no more renewals
    outcomes = second.run_ready(context(jobs.store), {"note": recorder(calls)})
    assert [o.state for o in outcomes] == ["done"] and len(calls) == 1
    job = second.user_jobs(user)[0]
    assert (job.state, job.attempts, job.worker) == ("done", 2, "second")
    assert not first.finish(taken)  # the dead run's late word changes nothing
    assert second.run_ready(context(jobs.store), {"note": recorder(calls)}) == []
    assert len(calls) == 1


def test_a_job_whose_runner_died_on_its_last_attempt_fails(jobs):
    dead = jobs.queue(worker="dead", attempts=1, lease_s=60)
    alive = jobs.queue(worker="alive", attempts=1, lease_s=60)
    user = jobs.store.user()
    dead.defer("note", user)
    assert dead.claim(["note"]) is not None
    jobs.travel(61)
    assert alive.run_ready(context(jobs.store), {"note": recorder([])}) == []
    job = alive.user_jobs(user)[0]
    assert job.state == "failed" and "stopped mid-job" in job.last_error


def test_one_job_per_user_runs_at_a_time(jobs):
    store = jobs.store
    a, b = jobs.queue(worker="a"), jobs.queue(worker="b")
    user, other = store.user(), store.user("other")
    a.defer("note", user, key="1")
    a.defer("note", user, key="2")
    a.defer("note", other, key="3")
    first = a.claim(["note"])
    second = b.claim(["note"])
    assert (first.user_id, second.user_id) == (user, other)  # not the user's second job
    assert b.claim(["note"]) is None
    assert a.finish(first)
    assert b.claim(["note"]).key == "2"


def test_a_job_due_now_is_not_held_up_by_the_users_job_due_later(jobs):
    queue, user, calls = jobs.queue(), jobs.store.user(), []
    queue.defer("reflect", user, run_after=jobs.clock() + timedelta(seconds=600))
    queue.defer("embed", user)
    done = queue.run_ready(context(jobs.store), {"reflect": recorder(calls),
                                                 "embed": recorder(calls)})
    assert [(o.job.name, o.state) for o in done] == [("embed", "done")]


def test_the_job_due_longest_ago_runs_first(jobs):
    queue, store = jobs.queue(), jobs.store
    now, early, late = store.user(), store.user("early"), store.user("late")
    queue.defer("note", now)
    queue.defer("note", early, run_after=jobs.clock() - timedelta(minutes=9))
    queue.defer("note", late, run_after=jobs.clock() - timedelta(minutes=1))
    done = queue.run_ready(context(store), {"note": recorder([])})
    assert [o.job.user_id for o in done] == [early, late, now]


def test_runners_at_once_never_run_the_same_job(jobs):
    people = [jobs.store.user(f"user{i}") for i in range(8)]
    queue = jobs.queue()
    deferred = {queue.defer("note", u, {"i": i}) for u in people for i in range(3)}
    ran: list[int] = []

    def note(ctx, user_id, args):
        ran.append(args["i"] * 1000 + user_id)
        return "ok"

    def run(n: int) -> list[int]:
        store = jobs.open()
        try:
            mine = jobs.queue(store, worker=f"w{n}")
            got = []
            for _ in range(20):
                got += [o.job.id for o in mine.run_ready(context(store), {"note": note})
                        if o.state == "done"]
            return got
        finally:
            store.close()

    with ThreadPoolExecutor(4) as pool:
        taken = [i for got in pool.map(run, range(4)) for i in got]
    taken += [o.job.id for o in queue.run_ready(context(jobs.store), {"note": note})]
    assert sorted(taken) == sorted(deferred)  # each once, by one runner
    assert len(ran) == len(set(ran)) == len(deferred)


def test_a_runner_takes_only_the_jobs_it_knows(jobs):
    queue, user = jobs.queue(), jobs.store.user()
    queue.defer("mail_sync", user)
    assert queue.run_ready(context(jobs.store), {"note": recorder([])}) == []
    assert queue.user_jobs(user)[0].state == "todo"


def test_erase_removes_a_users_jobs_and_only_theirs(jobs):
    from os1.memory.embed import HashingEmbedder
    from os1.memory.memories import Memories

    store = jobs.store
    queue, user, other = jobs.queue(), store.user(), store.user("other")
    queue.defer("reflect", user, key="reflect:1")
    queue.defer("reflect", other, key="reflect:2")
    queue.run_ready(context(store), {"reflect": recorder([])}, limit=1)
    Memories(store, HashingEmbedder()).erase(user)
    assert queue.user_jobs(user) == [] and len(queue.user_jobs(other)) == 1
    assert queue.defer("reflect", user, key="reflect:1") is not None  # a new life starts clean


def test_finished_jobs_are_purged_after_a_while_failed_ones_stay(jobs):
    store = jobs.store
    queue, user = jobs.queue(attempts=1), store.user()
    queue.defer("ok", user)
    queue.defer("bad", user)
    queue.run_ready(context(store), {"ok": recorder([]), "bad": recorder([], fail=1)})
    jobs.travel(3600)
    assert queue.purge(jobs.clock() - timedelta(minutes=1)) == 1
    assert [j.state for j in queue.user_jobs(user)] == ["failed"]


def test_the_fake_queue_keeps_the_same_rules(clock):
    queue, calls = FakeQueue(clock, attempts=2, backoff_s=5), []
    assert queue.defer("note", 1, key="k", run_after=clock() + timedelta(seconds=5)) == 1
    assert queue.defer("note", 1, key="k") is None
    ctx = Context(None, None, lambda: None)
    job = {"note": recorder(calls, fail=1)}
    assert queue.run_ready(ctx, job) == []
    clock.move(5)
    assert [o.state for o in queue.run_ready(ctx, job)] == ["retry"]
    clock.move(5)
    assert [o.state for o in queue.run_ready(ctx, job)] == ["done"]
    assert queue.jobs[0].attempts == 2 and len(calls) == 2


def test_a_turns_job_holds_ids_and_settings_never_the_users_words(jobs):
    from os1.jobs import AfterTurn
    from os1.memory.embed import HashingEmbedder
    from os1.memory.memories import Memories
    from os1.mind.turn import Companion
    from os1.models.fake import FakeModel

    store = jobs.store
    user = store.user()
    store.set_persona(user, "Samantha", "test")
    companion = Companion(store, FakeModel(), user, memories=Memories(store, HashingEmbedder()))
    queue = jobs.queue()
    companion.after_turn = AfterTurn(queue, reflect_after_s=60)
    companion.ask("My sister Anna moved to Lisbon with her cello.", store.start_session(user, "t"))
    [job] = queue.user_jobs(user)
    kept = repr((job.name, job.args, job.key, job.worker, job.last_error)).lower()
    assert job.name == "reflect" and job.args == {"quiet_s": 60}
    assert not any(word in kept for word in ("sister", "anna", "lisbon", "cello"))
