"""``os1 migrate-store``: a whole life moved SQLite → PostgreSQL → SQLite reads back the same
through every store method, is verified by checksums, resumes after a kill, and refuses to
write over someone."""

import json
from datetime import datetime, timedelta, timezone

import pytest
from click.testing import CliRunner

from os1.cli import main
from os1.errors import OS1Error
from os1.jobs import Context, StoreQueue
from os1.jobs.pgqueue import PgQueue
from os1.memory.move import move_user
from os1.memory.store import Store, open_store
from tests.store.conftest import Clock
from tests.store.life import EMBEDDER, fill_life, vector, view_life

QUERIES = [["puppy"], ["animals"], ["porto"], ["lisbon", "anna"], ["zebra"]]


def _recall(store, user):
    return ([store.search_words(user, q, 10) for q in QUERIES],
            [store.nearest_memories(user, vector(i), EMBEDDER, 5) for i in (1, 2, 3)])


def _life(path, clock):
    """A store holding two people's lives (the second is moved alongside or left behind)."""
    store = Store(path, clock=clock)
    for name in ("alice", "bob"):
        user = store.user(name)
        fill_life(store, user, name.upper())
        clock.advance(minutes=5)
    return store


def _same(a, b, user):
    assert view_life(a, user) == view_life(b, user)
    (words_a, near_a), (words_b, near_b) = _recall(a, user), _recall(b, user)
    assert [[i for i, _ in r] for r in words_a] == [[i for i, _ in r] for r in words_b]
    # (BM25's scores differ where a SQLite file holds several people: FTS5 counts them all)
    assert [[i for i, _ in r] for r in near_a] == [[i for i, _ in r] for r in near_b]


def test_a_life_moves_to_postgresql_and_back_unchanged(tmp_path, pg_url):
    clock = Clock()
    lite = _life(tmp_path / "a.db", clock)
    alice = lite.user_named("alice")
    pg = open_store(pg_url, clock=clock)
    there = move_user(lite, pg, "alice", batch=3)
    assert there.ok and not there.resumed and there.rows > 20
    assert {c.table for c in there.checks} >= {"users", "turns", "memories", "mail_messages",
                                                "friends", "(jobs waiting)", "self_changes",
                                                "(words)"}
    assert pg.user_named("bob") is None  # only the one asked for
    _same(lite, pg, alice)
    back = Store(tmp_path / "b.db", clock=clock)
    again = move_user(pg, back, "alice", batch=4)
    assert again.ok
    assert {c.table: c.source_sum for c in there.checks} == \
        {c.table: c.target_sum for c in again.checks}  # the same checksums all the way
    _same(lite, back, alice)
    assert move_user(lite, pg, "alice").already  # a rerun after success does nothing
    # the moved store goes on: new rows get new ids, not the moved ones
    session = pg.start_session(alice, "chat")
    assert session > max(s["id"] for s in lite.conversations(alice, 100))
    for store in (lite, pg, back):
        store.close()


class Killed(Exception):
    pass


def test_a_move_killed_mid_way_resumes_without_duplicates(tmp_path, pg_url):
    clock = Clock()
    lite = _life(tmp_path / "a.db", clock)
    pg = open_store(pg_url, clock=clock)
    batches = []

    def kill(item, rows):
        batches.append(item)
        if len(batches) == 5:
            raise Killed

    with pytest.raises(Killed):
        move_user(lite, pg, "alice", batch=2, after_batch=kill)
    assert not pg.move_progress(lite.user_named("alice"))["(move)"][3]  # not finished
    resumed = move_user(lite, pg, "alice", batch=2)
    assert resumed.resumed and resumed.ok
    _same(lite, pg, lite.user_named("alice"))
    lite.close()
    pg.close()


def test_a_move_refuses_a_target_holding_the_user_or_their_ids(tmp_path, pg_url):
    clock = Clock()
    lite = _life(tmp_path / "a.db", clock)
    pg = open_store(pg_url, clock=clock)
    pg.user("alice")
    with pytest.raises(OS1Error, match="already holds 'alice'"):
        move_user(lite, pg, "alice")
    other = Store(tmp_path / "other.db", clock=clock)
    other.user("carol")  # takes id 1, alice's
    with pytest.raises(OS1Error, match="keeps ids"):
        move_user(lite, other, "alice")
    assert other.user_named("alice") is None  # refused before writing anything
    with pytest.raises(OS1Error, match="same store"):
        move_user(lite, lite, "alice")
    with pytest.raises(OS1Error, match="no user 'zoe'"):
        move_user(lite, other, "zoe")
    newer = Store(tmp_path / "newer.db", clock=clock)
    newer.db.execute("INSERT INTO migrations (name, applied_at) VALUES ('099_future', 'x')")
    with pytest.raises(OS1Error, match="099_future"):
        move_user(lite, newer, "alice")
    for store in (lite, pg, other, newer):
        store.close()


def test_the_command_moves_everyone_and_fails_on_a_mismatch(tmp_path):
    clock = Clock()
    _life(tmp_path / "a.db", clock).close()
    source, target = f"sqlite://{tmp_path / 'a.db'}", f"sqlite://{tmp_path / 'b.db'}"
    run = CliRunner().invoke(main, ["migrate-store", "--from", source, "--to", target, "--all"])
    assert run.exit_code == 0, run.output
    assert "alice" in run.output and "bob" in run.output and "MISMATCH" not in run.output
    again = CliRunner().invoke(main, ["migrate-store", "--from", source, "--to", target])
    assert again.exit_code == 0 and again.output.count("nothing to do") == 2
    # a move cut off, whose target then lost a row, is not passed as verified
    lite, third = Store(tmp_path / "a.db", clock=clock), Store(tmp_path / "c.db", clock=clock)
    with pytest.raises(Killed):
        move_user(lite, third, "alice", batch=1, after_batch=lambda item, rows: (
            (_ for _ in ()).throw(Killed) if item == "(words)" else None))
    assert third.db.execute("DELETE FROM settings WHERE user_id = 1").rowcount >= 1
    lite.close()
    third.close()
    bad = CliRunner().invoke(main, ["migrate-store", "--from", source, "--to",
                                    f"sqlite://{tmp_path / 'c.db'}", "--user", "alice"])
    assert bad.exit_code == 1 and "MISMATCH" in bad.output


def _waiting(store, user):
    return sorted((j.name, json.dumps(j.args), j.key, j.run_after, j.max_attempts)
                  for j in store.jobs(user, ("todo",)))


def _recorder(calls):
    def job(ctx, user_id, args):
        calls.append((user_id, args))
        return "ok"
    return job


def test_waiting_jobs_move_into_the_targets_queue_both_ways_and_run_there(tmp_path, pg_url):
    clock = Clock()  # (its time is past: what is due on it is due on the database's clock)
    lite = _life(tmp_path / "a.db", clock)
    alice, bob = lite.user_named("alice"), lite.user_named("bob")
    tomorrow = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(days=1)
    lite.defer_job(alice, "memorise", {"turn": 3}, f"memorise:{alice}:3", clock(), 5)
    lite.defer_job(alice, "embed_backfill", {"model": "m"}, None, tomorrow, 2)
    assert lite.finish_job(_taken(lite, alice))
    _taken(lite, alice)  # running while the move reads: it goes on there, not here
    assert len(lite.jobs(alice, ("todo",))) == 3  # fill_life's reflection, and these two
    pg = open_store(pg_url, clock=clock)
    there = move_user(lite, pg, "alice", batch=2)
    assert there.ok
    check = next(c for c in there.checks if c.table == "(jobs waiting)")
    assert (check.source_rows, check.target_rows) == (3, 3)
    assert _waiting(pg, alice) == _waiting(lite, alice)
    assert pg.jobs(alice, ("doing", "done", "failed")) == []  # running or done: left behind
    assert pg.jobs(bob) == [] and pg.user_named("bob") is None
    calls: list = []
    jobs = {name: _recorder(calls) for name in ("reflect", "memorise", "embed_backfill")}
    ran = PgQueue(pg).run_ready(Context(pg, None, lambda: None), jobs)
    assert sorted(o.job.name for o in ran) == ["memorise", "reflect"]  # due; backfill tomorrow
    assert {u for u, _ in calls} == {alice}

    pg.defer_job(alice, "memorise", {"turn": 4}, f"memorise:{alice}:4", tomorrow, 5)
    back = Store(tmp_path / "b.db", clock=clock)
    again = move_user(pg, back, "alice", batch=1)
    assert again.ok
    check = next(c for c in again.checks if c.table == "(jobs waiting)")
    assert (check.source_rows, check.target_rows) == (2, 2)
    assert _waiting(back, alice) == _waiting(pg, alice)
    assert {j.name for j in back.jobs(alice)} == {"embed_backfill", "memorise"}
    clock.at = tomorrow
    ran = StoreQueue(back).run_ready(Context(back, None, lambda: None), jobs)
    assert sorted(o.job.name for o in ran) == ["embed_backfill", "memorise"]
    assert back.defer_job(alice, "memorise", {}, f"memorise:{alice}:4", clock(), 5) is None
    for store in (lite, pg, back):
        store.close()


def _taken(store, user):
    """A job of the user's, taken by a runner."""
    store.defer_job(user, "taken", {}, None, store.clock(), 1)
    return store.claim_job(["taken"], "w", timedelta(minutes=5))


def test_a_move_killed_while_deferring_jobs_defers_none_twice(tmp_path, pg_url):
    clock = Clock()
    lite = _life(tmp_path / "a.db", clock)
    alice = lite.user_named("alice")
    for turn in range(5):
        lite.defer_job(alice, "memorise", {"turn": turn}, None, clock(), 5)  # no key to hold it
    pg = open_store(pg_url, clock=clock)

    def kill(item, rows):
        if item == "(jobs)" and pg.move_progress(alice)["(jobs)"][0] >= 4:
            raise Killed

    with pytest.raises(Killed):
        move_user(lite, pg, "alice", batch=2, after_batch=kill)
    assert len(pg.jobs(alice, ("todo",))) == 4
    resumed = move_user(lite, pg, "alice", batch=2)
    assert resumed.resumed and resumed.ok
    assert _waiting(pg, alice) == _waiting(lite, alice) and len(_waiting(pg, alice)) == 6
    lite.close()
    pg.close()


def test_erasing_a_moved_user_takes_the_record_of_their_move_too(tmp_path, pg_url):
    clock = Clock()
    lite = _life(tmp_path / "a.db", clock)
    pg = open_store(pg_url, clock=clock)
    alice = lite.user_named("alice")
    assert move_user(lite, pg, "alice").ok
    assert pg.move_progress(alice)
    pg.erase_user(alice, account=True)
    assert not any(pg.row_counts(alice).values()) and pg.move_progress(alice) == {}
    assert move_user(lite, pg, "alice").ok  # and they can be moved again
    assert lite.row_counts(alice)["turns"] > 0  # the source was only read
    lite.close()
    pg.close()


def test_the_command_says_in_one_line_when_there_is_no_source(tmp_path):
    run = CliRunner().invoke(main, ["migrate-store", "--from", f"sqlite://{tmp_path / 'nope.db'}",
                                    "--to", f"sqlite://{tmp_path / 'b.db'}"])
    assert run.exit_code == 1 and "no store at" in run.output
    assert not (tmp_path / "nope.db").exists() and not (tmp_path / "b.db").exists()


def test_a_stopped_move_says_how_to_go_on(tmp_path, monkeypatch):
    _life(tmp_path / "a.db", Clock()).close()

    def stopped(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("os1.cli.move.move_user", stopped)
    run = CliRunner().invoke(main, ["migrate-store", "--from", f"sqlite://{tmp_path / 'a.db'}",
                                    "--to", f"sqlite://{tmp_path / 'b.db'}", "--user", "alice"])
    assert run.exit_code == 1 and "run the same command again" in run.output
