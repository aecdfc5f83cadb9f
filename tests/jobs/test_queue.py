"""The jobs table through ``StoreQueue``, on a clock that moves only when told: keys, the
quiet that supersedes, leases, retries with backoff, one job per user at a time, erase."""

from datetime import timedelta

import pytest

from os1.jobs import Context, FakeQueue, Later, StoreQueue
from os1.jobs.queue import backoff
from os1.memory.store import Store

from .conftest import START


@pytest.fixture
def store(tmp_path, clock):
    store = Store(tmp_path / "jobs.db", clock=clock)
    yield store
    store.close()


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


def test_a_key_makes_deferring_the_same_work_twice_a_no_op(store):
    queue, user = StoreQueue(store), store.user()
    first = queue.defer("note", user, {"n": 1}, key="note:1")
    assert first is not None
    assert queue.defer("note", user, {"n": 2}, key="note:1") is None
    calls = []
    queue.run_ready(context(store), {"note": recorder(calls)})
    assert calls == [(user, {"n": 1})]
    assert queue.defer("note", user, key="note:1") is None  # done, and still not again
    other = store.user("someone else")
    assert queue.defer("note", other, key="note:1") is not None  # keys are per user


def test_a_job_waits_for_its_time(store, clock):
    queue, user, calls = StoreQueue(store), store.user(), []
    queue.defer("note", user, run_after=START + timedelta(seconds=60))
    assert queue.run_ready(context(store), {"note": recorder(calls)}) == []
    clock.move(60)
    assert [o.state for o in queue.run_ready(context(store), {"note": recorder(calls)})] == ["done"]
    assert store.jobs(user)[0].state == "done"


def test_superseding_keeps_only_the_newest_waiting_job(store, clock):
    queue, user = StoreQueue(store), store.user()
    for turn in (1, 2, 3):
        queue.defer("reflect", user, key=f"reflect:{turn}", supersede=True,
                    run_after=clock() + timedelta(seconds=60))
        clock.move(10)
    other = store.user("other")
    queue.defer("reflect", other, key="reflect:9", supersede=True)
    assert [j.key for j in store.jobs(user)] == ["reflect:3"]
    assert [j.key for j in store.jobs(other)] == ["reflect:9"]  # another user's is theirs


def test_a_failing_job_is_retried_with_backoff_then_fails_for_good(store, clock):
    queue, user, calls = StoreQueue(store, attempts=3, backoff_s=10), store.user(), []
    job = {"note": recorder(calls, fail=5)}
    queue.defer("note", user)
    assert [o.state for o in queue.run_ready(context(store), job)] == ["retry"]
    waiting = store.jobs(user)[0]
    assert waiting.state == "todo" and waiting.attempts == 1
    assert waiting.last_error == "RuntimeError: broken run 1"  # one line
    clock.move(9)
    assert queue.run_ready(context(store), job) == []  # not before its backoff
    clock.move(1)
    assert [o.state for o in queue.run_ready(context(store), job)] == ["retry"]
    clock.move(19)
    assert queue.run_ready(context(store), job) == []  # the second wait is twice as long
    clock.move(1)
    assert [o.state for o in queue.run_ready(context(store), job)] == ["failed"]
    failed = store.jobs(user)[0]
    assert (failed.state, failed.attempts, failed.last_error) == ("failed", 3, "RuntimeError: broken run 3")
    clock.move(3600)
    assert queue.run_ready(context(store), job) == [] and len(calls) == 3


def test_backoff_doubles_and_is_bounded():
    assert [backoff(n, 30).total_seconds() for n in (1, 2, 3)] == [30, 60, 120]
    assert backoff(40, 30).total_seconds() == 3600


def test_a_job_put_back_for_later_is_not_an_attempt(store, clock):
    queue, user = StoreQueue(store, attempts=1), store.user()
    runs = []

    def shy(ctx, user_id, args):
        runs.append(1)
        if len(runs) == 1:
            raise Later(30)
        return "ran"

    queue.defer("shy", user)
    assert [o.state for o in queue.run_ready(context(store), {"shy": shy})] == ["later"]
    job = store.jobs(user)[0]
    assert (job.state, job.attempts) == ("todo", 0)
    clock.move(30)
    assert [o.state for o in queue.run_ready(context(store), {"shy": shy})] == ["done"]


def test_a_lease_that_ran_out_lets_another_runner_take_the_job(store, clock):
    first = StoreQueue(store, worker="first", lease_s=60)
    second = StoreQueue(store, worker="second", lease_s=60)
    user = store.user()
    first.defer("note", user)
    taken = first.claim(["note"])  # and then its process died
    assert taken is not None and second.claim(["note"]) is None
    clock.move(59)
    first.renew()  # while it lives, it holds on
    clock.move(59)
    assert second.claim(["note"]) is None
    first.running.clear()  # it died: no more renewals
    clock.move(61)
    calls = []
    outcomes = second.run_ready(context(store), {"note": recorder(calls)})
    assert [o.state for o in outcomes] == ["done"] and len(calls) == 1
    job = store.jobs(user)[0]
    assert (job.state, job.attempts, job.worker) == ("done", 2, "second")
    assert not store.finish_job(taken)  # the dead run's late word changes nothing


def test_a_job_whose_runner_died_on_its_last_attempt_fails(store, clock):
    queue = StoreQueue(store, worker="w", attempts=1, lease_s=60)
    user = store.user()
    queue.defer("note", user)
    assert queue.claim(["note"]) is not None
    clock.move(61)
    assert queue.claim(["note"]) is None
    job = store.jobs(user)[0]
    assert job.state == "failed" and "stopped mid-job" in job.last_error


def test_one_job_per_user_runs_at_a_time(store):
    a, b = StoreQueue(store, worker="a"), StoreQueue(store, worker="b")
    user, other = store.user(), store.user("other")
    a.defer("note", user, key="1")
    a.defer("note", user, key="2")
    a.defer("note", other, key="3")
    first = a.claim(["note"])
    second = b.claim(["note"])
    assert (first.user_id, second.user_id) == (user, other)  # not the user's second job
    assert b.claim(["note"]) is None


def test_a_runner_takes_only_the_jobs_it_knows(store):
    queue, user = StoreQueue(store), store.user()
    queue.defer("mail_sync", user)
    assert queue.run_ready(context(store), {"note": recorder([])}) == []
    assert store.jobs(user)[0].state == "todo"


def test_erase_removes_a_users_jobs_and_only_theirs(store):
    from os1.memory.embed import HashingEmbedder
    from os1.memory.memories import Memories

    queue, user, other = StoreQueue(store), store.user(), store.user("other")
    queue.defer("reflect", user, key="reflect:1")
    queue.defer("reflect", other, key="reflect:2")
    Memories(store, HashingEmbedder()).erase(user)
    assert store.jobs(user) == [] and len(store.jobs(other)) == 1
    assert queue.defer("reflect", user, key="reflect:1") is not None  # a new life starts clean


def test_finished_jobs_are_purged_after_a_while_failed_ones_stay(store, clock):
    queue, user = StoreQueue(store, attempts=1), store.user()
    queue.defer("ok", user)
    queue.defer("bad", user)
    queue.run_ready(context(store), {"ok": recorder([]), "bad": recorder([], fail=1)})
    clock.move(3600)
    assert store.purge_jobs(clock() - timedelta(minutes=1)) == 1
    assert [j.state for j in store.jobs(user)] == ["failed"]


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
