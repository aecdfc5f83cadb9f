"""JobStore: background jobs deferred per user, claimed with a lease by any runner, retried.
Claiming looks across users (a runner serves everyone); everything else is per user.

Deferring, listing and isolation hold on every store. Leases are SQLite's table's: on
PostgreSQL jobs are in procrastinate's tables, run by its workers, and stamped with the
database's time, so those tests run on SQLite alone (both queues: tests/jobs/test_queue.py)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import timedelta

import pytest

from os1.memory.records import New
from os1.memory.store_jobs import Job

from .life import EMBEDDER, NASTY, assert_plain, at_once, check_isolation, vector

LEASE = timedelta(minutes=5)
LEASED = pytest.mark.only("sqlite", reason="run by leases from the store's table; PostgreSQL's "
                          "jobs are run by procrastinate's workers (tests/jobs/test_queue.py)")
CLOCKED = pytest.mark.only("sqlite", reason="stamped by the test's clock; procrastinate stamps "
                           "a job's changes with the database's time")


def stamp(at):
    return at.isoformat(timespec="milliseconds")


def defer(store, user, name="reflect", key=None, delay=0, attempts=3, **more):
    return store.defer_job(user, name, {"n": 1}, key, store.clock() + timedelta(seconds=delay),
                           attempts, **more)


@CLOCKED
def test_a_job_round_trips_as_a_plain_record(store, users, clock):
    a, _ = users
    run_after = clock() + timedelta(minutes=10)
    job_id = store.defer_job(a, "reflect", {"why": "quiet", "turns": [1, 2]}, "k1", run_after, 4)
    assert isinstance(job_id, int)
    assert store.job(a, job_id) == Job(job_id, a, "reflect", {"why": "quiet", "turns": [1, 2]},
                                       "k1", "todo", 0, 4, stamp(run_after), None, None, None,
                                       store.now(), store.now())
    assert store.job(a, job_id + 1) is None
    assert_plain(store.job(a, job_id))


@pytest.mark.parametrize("kind", sorted(NASTY))
def test_a_waiting_job_reads_back_as_it_was_deferred_on_every_store(store, users, clock, kind):
    a, _ = users
    text = NASTY[kind]
    run_after = clock() + timedelta(minutes=10)
    # (a job's name is OS1's own, never a user's text: procrastinate holds 128 characters)
    job_id = store.defer_job(a, "memorise", {text: [text], "n": 2}, text, run_after, 4)
    assert store.defer_job(a, "memorise", {}, text, clock(), 3) is None  # its key, once
    job = store.job(a, job_id)
    assert (job.id, job.user_id, job.name, job.args, job.key, job.state, job.attempts,
            job.max_attempts, job.run_after) == (job_id, a, "memorise", {text: [text], "n": 2},
                                                 text, "todo", 0, 4, stamp(run_after))
    assert store.jobs(a, ("todo",)) == [job] and store.jobs(a, ("done", "failed")) == []
    assert_plain(job)


@LEASED
def test_a_key_is_deferred_once_whatever_the_jobs_state(store, users, clock):
    a, _ = users
    first = defer(store, a, key="memorise:7")
    assert defer(store, a, key="memorise:7") is None
    assert [j.id for j in store.jobs(a)] == [first]
    job = store.claim_job(["reflect"], "w1", LEASE)
    store.finish_job(job)
    assert defer(store, a, key="memorise:7") is None
    assert defer(store, a) is not None and defer(store, a) is not None  # no key: each is new


def test_a_key_is_per_user(store, users):
    a, b = users
    assert defer(store, a, key="same") is not None
    assert defer(store, b, key="same") is not None


@LEASED
def test_a_job_is_claimed_with_a_lease_once_its_time_has_come(store, users, clock):
    a, _ = users
    job_id = defer(store, a, delay=60)
    assert store.claim_job(["reflect"], "w1", LEASE) is None
    clock.advance(seconds=60)
    assert store.claim_job(["other"], "w1", LEASE) is None
    assert store.claim_job([], "w1", LEASE) is None
    job = store.claim_job(["other", "reflect"], "w1", LEASE)
    assert (job.id, job.state, job.attempts, job.worker, job.leased_until) == (
        job_id, "doing", 1, "w1", stamp(clock() + LEASE))
    assert store.claim_job(["reflect"], "w2", LEASE) is None  # leased
    assert store.job(a, job_id).state == "doing"
    assert_plain(job)


@LEASED
def test_an_expired_lease_is_claimable_again_and_the_old_run_loses_it(store, users, clock):
    a, _ = users
    defer(store, a)
    first = store.claim_job(["reflect"], "w1", LEASE)
    clock.advance(minutes=4)
    assert store.renew_job(first, LEASE)
    clock.advance(minutes=4)
    assert store.claim_job(["reflect"], "w2", LEASE) is None  # renewed: still held
    clock.advance(minutes=2)
    second = store.claim_job(["reflect"], "w2", LEASE)
    assert (second.id, second.worker, second.attempts) == (first.id, "w2", 2)
    assert not store.renew_job(first, LEASE)
    assert not store.finish_job(first)
    assert not store.retry_job(first, "late", None)
    assert store.finish_job(second)
    assert store.job(a, first.id).state == "done"
    assert store.job(a, first.id).leased_until is None


@LEASED
def test_a_runner_that_died_on_the_last_attempt_fails_the_job(store, users, clock):
    a, _ = users
    job_id = defer(store, a, attempts=1)
    store.claim_job(["reflect"], "w1", LEASE)
    clock.advance(minutes=10)
    assert store.claim_job(["reflect"], "w2", LEASE) is None
    job = store.job(a, job_id)
    assert (job.state, job.leased_until) == ("failed", None)
    assert job.last_error


@LEASED
def test_a_failed_run_is_retried_later_or_fails_for_good(store, users, clock):
    a, _ = users
    job_id = defer(store, a)
    job = store.claim_job(["reflect"], "w1", LEASE)
    assert store.retry_job(job, "model busy", clock() + timedelta(minutes=1))
    kept = store.job(a, job_id)
    assert (kept.state, kept.last_error, kept.leased_until, kept.attempts) == (
        "todo", "model busy", None, 1)
    assert store.claim_job(["reflect"], "w1", LEASE) is None
    clock.advance(minutes=1)
    again = store.claim_job(["reflect"], "w1", LEASE)
    assert again.attempts == 2
    assert store.retry_job(again, "still busy", None)
    assert (store.job(a, job_id).state, store.job(a, job_id).last_error) == ("failed", "still busy")
    assert store.claim_job(["reflect"], "w1", LEASE) is None


@LEASED
def test_a_job_put_back_later_is_not_counted_as_an_attempt(store, users, clock):
    a, _ = users
    job_id = defer(store, a)
    job = store.claim_job(["reflect"], "w1", LEASE)
    assert store.later_job(job, clock() + timedelta(minutes=5))
    assert (store.job(a, job_id).state, store.job(a, job_id).attempts) == ("todo", 0)
    clock.advance(minutes=5)
    assert store.claim_job(["reflect"], "w1", LEASE).attempts == 1


@LEASED
def test_one_job_per_user_runs_at_a_time_and_other_users_go_on(store, users, clock):
    a, b = users
    a1, a2, b1 = defer(store, a), defer(store, a), defer(store, b)
    first = store.claim_job(["reflect"], "w1", LEASE)
    assert first.id == a1
    second = store.claim_job(["reflect"], "w2", LEASE)
    assert second.id == b1  # A's second job waits for A's first
    assert store.claim_job(["reflect"], "w3", LEASE) is None
    store.finish_job(first)
    assert store.claim_job(["reflect"], "w3", LEASE).id == a2


@LEASED
def test_the_job_due_longest_ago_goes_first_and_a_dead_runners_before_that(store, users, clock):
    a, b = users
    c = store.user("carol")
    late = store.defer_job(a, "reflect", {}, None, clock() - timedelta(minutes=1), 3)
    early = store.defer_job(b, "reflect", {}, None, clock() - timedelta(minutes=9), 3)
    assert store.claim_job(["reflect"], "w1", LEASE).id == early
    clock.advance(minutes=10)  # w1 died
    store.defer_job(c, "reflect", {}, None, clock() - timedelta(hours=1), 3)
    assert store.claim_job(["reflect"], "w2", LEASE).id == early
    assert store.claim_job(["reflect"], "w2", LEASE).user_id == c
    assert store.claim_job(["reflect"], "w2", LEASE).id == late


@LEASED
def test_supersede_keeps_only_the_newest_waiting_job_of_a_name(store, users, clock):
    a, b = users
    first = defer(store, a, delay=60)
    other_name = defer(store, a, name="embed", delay=60)
    theirs = defer(store, b, delay=600)
    newest = defer(store, a, delay=120, supersede=True)
    assert {j.id for j in store.jobs(a)} == {other_name, newest}
    assert store.job(a, first) is None
    assert store.job(b, theirs) is not None
    clock.advance(minutes=2)
    running = store.claim_job(["reflect"], "w1", LEASE)
    assert running.id == newest
    later = defer(store, a, delay=60, supersede=True)
    assert {j.id for j in store.jobs(a)} == {other_name, newest, later}  # a running one stays


def test_supersede_with_a_key_keeps_the_job_of_that_key(store, users):
    a, _ = users
    keyed = defer(store, a, key="k", delay=60)
    assert defer(store, a, key="k", delay=60, supersede=True) is None
    assert [j.id for j in store.jobs(a)] == [keyed]


@LEASED
def test_jobs_are_newest_first_by_state_and_limit(store, users, clock):
    a, _ = users
    ids = [defer(store, a, name=f"n{i}") for i in range(3)]
    store.finish_job(store.claim_job(["n0"], "w", LEASE))
    assert [j.id for j in store.jobs(a)] == ids[::-1]
    assert [j.id for j in store.jobs(a, states=["todo"])] == [ids[2], ids[1]]
    assert [j.id for j in store.jobs(a, states=["done"])] == [ids[0]]
    assert [j.id for j in store.jobs(a, limit=1)] == [ids[2]]


@LEASED
def test_purging_drops_old_finished_jobs_and_keeps_failed_ones(store, users, clock):
    a, _ = users
    done, failed, waiting = defer(store, a, name="x"), defer(store, a, name="y"), defer(store, a)
    store.finish_job(store.claim_job(["x"], "w", LEASE))
    store.retry_job(store.claim_job(["y"], "w", LEASE), "broke", None)
    clock.advance(days=8)
    assert store.purge_jobs(clock() - timedelta(days=7)) == 1
    assert store.job(a, done) is None
    assert store.job(a, failed).state == "failed" and store.job(a, waiting).state == "todo"
    assert store.purge_jobs(clock()) == 0


def test_users_to_embed_are_those_with_memories_missing_the_models_vector(store, users):
    a, b = users
    c = store.user("carol")
    store.add_memories(a, [New("x")], ["x"], [vector(1)], EMBEDDER)
    store.add_memories(b, [New("y")], ["y"], [vector(1)], "old-embedder")
    store.add_memories(c, [New("z")], ["z"], [vector(1)], EMBEDDER)
    assert store.users_to_embed(EMBEDDER) == [b]
    assert sorted(store.users_to_embed("new")) == sorted([a, b, c])


@LEASED
@pytest.mark.parametrize("kind", sorted(NASTY))
def test_any_text_survives_a_job(store, users, clock, kind):
    a, _ = users
    text = NASTY[kind]
    job_id = store.defer_job(a, text, {text: [text]}, text, clock(), 3)
    assert store.defer_job(a, text, {}, text, clock(), 3) is None
    job = store.claim_job([text], text, LEASE)
    assert (job.id, job.name, job.args, job.key, job.worker) == (job_id, text, {text: [text]},
                                                                  text, text)
    store.retry_job(job, text, clock())
    assert store.job(a, job_id).last_error == text


def test_user_b_never_sees_or_changes_user_as_jobs(store, users):
    def trespass(store, a, b, ids):
        assert store.job(b, ids["job"]) is None
        key = store.job(a, ids["job"]).key  # B has a job of that key too: keys are per user
        assert store.defer_job(b, "reflect", {}, key, store.clock(), 3) is None
        assert store.defer_job(b, "reflect", {}, None, store.clock(), 3, supersede=True)

    check_isolation(store, users, "jobs", trespass)


@LEASED
def test_runners_claiming_at_once_never_take_the_same_job(store, clock):
    people = [store.user(f"user{i}") for i in range(12)]
    deferred = {store.defer_job(u, "reflect", {}, None, clock(), 3) for u in people for _ in range(2)}
    taken: list[int] = []

    def run(worker: str) -> None:
        while (job := store.claim_job(["reflect"], worker, LEASE)) is not None:
            taken.append(job.id)
            assert store.finish_job(job)

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(run, ["w1", "w2", "w3", "w4"]))
    # a runner stops when every ready job is leased: the rest are taken by one more pass
    run("w5")
    assert sorted(taken) == sorted(deferred)
    assert all(store.job(u, j.id).state == "done" for u in people for j in store.jobs(u))


@LEASED
def test_a_run_is_settled_only_for_its_own_user(store, users, clock):
    a, b = users
    job_id = defer(store, a)
    taken = store.claim_job(["reflect"], "w1", LEASE)
    forged = replace(taken, user_id=b)  # the same job, said to be B's
    assert not store.renew_job(forged, LEASE)
    assert not store.later_job(forged, clock())
    assert not store.retry_job(forged, "forged", None)
    assert not store.finish_job(forged)
    assert store.job(a, job_id) == taken


def test_a_key_deferred_many_times_at_once_is_one_job(store, users, clock):
    a, _ = users
    made = at_once(8, lambda i: store.defer_job(a, "memorise", {"i": i}, "turn:9", clock(), 3))
    assert len([m for m in made if m is not None]) == 1
    assert len(store.jobs(a)) == 1
