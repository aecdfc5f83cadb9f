"""``os1 jobs list`` and ``os1 jobs run``: what waits, what failed and why, for you alone."""

from datetime import timedelta

import pytest

from os1 import config
from os1.memory.store import open_store


@pytest.fixture(params=["sqlite", "postgresql"])
def store_kind(request):
    """The CLI on either store: on PostgreSQL its jobs are procrastinate's."""
    if request.param == "postgresql":
        config.save_setting("store.url", request.getfixturevalue("pg_url"))
    return request.param


def test_a_turn_through_ask_leaves_a_reflection_waiting(run, store_kind):
    config.save_setting("memory.reflect_after_s", 120)
    config.save_setting("memory.read_facts", True)
    assert run("ask", "I spent the whole day at the pottery wheel.").exit_code == 0
    listed = run("jobs", "list")
    assert listed.exit_code == 0
    assert "reflect" in listed.output and "waiting" in listed.output and "0/5" in listed.output
    assert "memorise" in listed.output  # the turn, read for standing facts when the model is free
    ran = run("jobs", "run").output
    assert "memorise #1: done" in ran and "reflect" not in ran  # not before the quiet is over
    assert "Nothing is due." in run("jobs", "run").output


def test_failed_jobs_show_their_error_and_other_peoples_jobs_are_not_listed(run):
    store = open_store()
    me, other = store.user(), store.user("someone else")
    store.defer_job(me, "reflect", {}, "mine", store.clock() - timedelta(seconds=1), 1)
    store.defer_job(other, "reflect", {}, "theirs", store.clock(), 1)
    job = store.claim_job(["reflect"], "w", timedelta(seconds=60))
    assert job.user_id == me
    store.retry_job(job, "ModelError: the model server at http://127.0.0.1:9 is down", None)
    store.close()
    listed = " ".join(run("jobs", "list").output.split())  # the table may wrap the error
    assert "failed" in listed and "the model server at http://127.0.0.1:9 is down" in listed
    assert listed.count("reflect") == 1  # the other user's job is theirs


def test_jobs_run_runs_what_is_due(run, store_kind):
    config.save_setting("memory.reflect_after_s", 0.001)
    config.save_setting("memory.read_facts", True)
    run("ask", "Hello.")
    out = run("jobs", "run").output
    assert "memorise #1: done (nothing to do)" in out and "reflect #2: done (nothing to do)" in out
    assert "No background work waiting or failed." in run("jobs", "list").output
    assert "done" in run("jobs", "list", "--all").output
