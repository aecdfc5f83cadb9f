"""Jobs on PostgreSQL live in procrastinate's tables alone: the ``jobs`` table of 015 is
dropped (017), and the store's job queries read procrastinate's."""

from datetime import datetime, timedelta, timezone

import pytest

from os1.errors import OS1Error
from os1.jobs.pgqueue import PgQueue
from os1.memory import pg_migrations
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
