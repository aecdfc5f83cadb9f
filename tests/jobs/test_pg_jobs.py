"""Jobs on PostgreSQL live in procrastinate's tables alone: the ``jobs`` table of 015 is
dropped (017), the store's job queries read procrastinate's, and forgetting someone takes
every procrastinate row about their jobs and vacuums those tables too."""

from datetime import datetime, timedelta, timezone

import pytest

from os1.errors import OS1Error
from os1.jobs import Context
from os1.jobs.pgqueue import PgQueue
from os1.memory import pg_migrations
from os1.memory.pg_jobs import TABLES
from os1.memory.store import Store, open_store

LATER = datetime.now(timezone.utc) + timedelta(days=1)


def exists(store, table):
    return store.db.execute("SELECT to_regclass(?)", (table,)).fetchone()[0] is not None


def test_postgresql_has_no_jobs_table_and_sqlite_keeps_its_own(tmp_path, pg_url):
    pg, lite = open_store(pg_url), Store(tmp_path / "s.db")
    assert pg.migration_names() == lite.migration_names()  # the same steps, a move's check
    assert "017_jobs_in_procrastinate" in pg.migration_names()
    assert not exists(pg, "jobs") and "jobs" not in pg.user_tables()
    assert "jobs" in lite.user_tables()
    pg.close()
    lite.close()


def test_a_store_from_before_017_loses_its_unread_jobs_table(pg_url):
    store = open_store(pg_url)
    pg_migrations.m015_jobs(store.pg)  # as a database migrated up to 016 had it
    store.db.execute("DELETE FROM migrations WHERE name = '017_jobs_in_procrastinate'")
    assert exists(store, "jobs")
    store.close()
    again = open_store(pg_url)
    assert not exists(again, "jobs") and "017_jobs_in_procrastinate" in again.migration_names()
    again.close()


def test_the_stores_job_queries_are_procrastinates_and_leases_are_refused(pg_url):
    store = open_store(pg_url)
    user = store.user("ann")
    job_id = store.defer_job(user, "reflect", {"quiet_s": 5}, "k", LATER, 3)
    assert [j.id for j in PgQueue(store).user_jobs(user)] == [job_id]  # where a runner looks
    assert store.job(user, job_id).run_after == PgQueue(store).user_job(user, job_id).run_after
    with pytest.raises(OS1Error, match="procrastinate's workers"):
        store.claim_job(["reflect"], "w", timedelta(minutes=5))
    store.close()


def _counts(store, job_ids):
    ids = list(job_ids)
    return (store.db.execute("SELECT count(*) FROM procrastinate_jobs WHERE id = ANY(?::bigint[])",
                             (ids,)).fetchone()[0],
            store.db.execute("SELECT count(*) FROM procrastinate_events WHERE "
                             "job_id = ANY(?::bigint[])", (ids,)).fetchone()[0],
            store.db.execute("SELECT count(*) FROM procrastinate_periodic_defers WHERE "
                             "job_id = ANY(?::bigint[])", (ids,)).fetchone()[0])


def _vacuums(store):
    return {r[0]: r[1] for r in store.db.execute(
        "SELECT relname, vacuum_count FROM pg_stat_user_tables WHERE relname = ANY(?::text[])",
        (list(TABLES),))}


@pytest.mark.parametrize("account", [False, True])
def test_erasing_someone_takes_their_jobs_events_and_periodic_rows_and_vacuums_them(pg_url,
                                                                                     account):
    store = open_store(pg_url)
    ann, bob = store.user("ann"), store.user("bob")
    queue = PgQueue(store)
    for stamp, user in enumerate((ann, bob)):
        queue.defer("reflect", user, {"quiet_s": 1}, key=f"reflect:{user}:1")
        waiting = queue.defer("memorise", user, {"turn": 1}, run_after=LATER)
        store.db.execute("INSERT INTO procrastinate_periodic_defers (task_name, defer_timestamp, "
                         "job_id, periodic_id) VALUES ('memorise', ?, ?, ?)",
                         (stamp, waiting, f"user{user}"))
    ran = queue.run_ready(Context(store, None, lambda: None), {"reflect": lambda c, u, a: "ok"})
    assert len(ran) == 2  # each one's reflection ran: its events are written
    mine, theirs = [j.id for j in store.jobs(ann)], [j.id for j in store.jobs(bob)]
    jobs, events, periodic = _counts(store, mine)
    assert (jobs, periodic) == (2, 1) and events >= 4  # deferred, scheduled, started, finished
    kept = _counts(store, theirs)
    before = _vacuums(store)
    store.erase_user(ann, account=account)
    assert _counts(store, mine) == (0, 0, 0) and store.jobs(ann) == []
    assert store.db.execute("SELECT count(*) FROM procrastinate_periodic_defers WHERE "
                            "periodic_id = ?", (f"user{ann}",)).fetchone()[0] == 0
    assert _counts(store, theirs) == kept and len(store.jobs(bob)) == 2
    after = _vacuums(store)
    assert set(after) == set(TABLES) and all(after[t] > before[t] for t in TABLES)
    store.close()


def test_procrastinates_schema_is_a_migration_step_and_one_that_had_it_keeps_it(pg_url):
    store = open_store(pg_url)
    assert "018_procrastinate_schema" in store.migration_names()
    assert all(exists(store, t) for t in TABLES)  # before any job
    user = store.user("ann")
    job_id = store.defer_job(user, "reflect", {}, None, LATER, 3)
    # a database that had procrastinate's schema from its first job, before the step
    store.db.execute("DELETE FROM migrations WHERE name = '018_procrastinate_schema'")
    store.close()
    again = open_store(pg_url)
    assert "018_procrastinate_schema" in again.migration_names()
    assert [j.id for j in again.jobs(user)] == [job_id]
    again.close()
