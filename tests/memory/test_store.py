import sqlite3
from datetime import timedelta

import pytest

from os1.memory.migrations import MIGRATIONS, migrate
from os1.memory.store import Store, utcnow


@pytest.fixture
def store(make_store):
    return make_store()


def test_migrations_apply_once_and_are_recorded(tmp_path):
    db = sqlite3.connect(tmp_path / "m.db", isolation_level=None)
    assert migrate(db) == [name for name, _ in MIGRATIONS]
    assert migrate(db) == []
    recorded = [r[0] for r in db.execute("SELECT name FROM migrations")]
    assert recorded == [name for name, _ in MIGRATIONS]


def test_a_failing_migration_leaves_nothing_half_done(tmp_path, monkeypatch):
    def broken(db):
        db.execute("CREATE TABLE half (x)")
        raise RuntimeError("boom")

    monkeypatch.setattr("os1.memory.migrations.MIGRATIONS", [*MIGRATIONS, ("999_broken", broken)])
    db = sqlite3.connect(tmp_path / "m.db", isolation_level=None)
    with pytest.raises(RuntimeError):
        migrate(db)
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
    assert "half" not in tables and "turns" in tables
    assert "999_broken" not in {r[0] for r in db.execute("SELECT name FROM migrations")}


def test_turns_are_scoped_to_their_user(store):
    alice, bob = store.user("alice"), store.user("bob")
    sa, sb = store.start_session(alice, "t"), store.start_session(bob, "t")
    t = store.add_turn(alice, sa, "user", "my secret garden")
    store.add_turn(bob, sb, "user", "a garden of my own")
    assert [x.content for x in store.recent_turns(bob, 10)] == ["a garden of my own"]
    assert store.turn(bob, t) is None
    store.update_turn(bob, t, content="overwritten by bob")
    assert store.turn(alice, t).content == "my secret garden"
    store.erase_user(bob)
    assert store.count_turns(bob) == 0 and store.count_turns(alice) == 1


def test_facts_move_into_memories_when_an_old_database_is_migrated(tmp_path):
    """A database at the oldest schema keeps its user model through every later migration."""
    db = sqlite3.connect(tmp_path / "old.db", isolation_level=None)
    db.execute("CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    MIGRATIONS[0][1](db)
    db.execute("INSERT INTO migrations VALUES ('001_initial', '2026-01-01')")
    db.execute("INSERT INTO users (name, created_at) VALUES ('local', '2026-01-01')")
    db.execute("INSERT INTO facts (user_id, key, value, source, valid_from, valid_to) "
               "VALUES (1, 'city', 'Boston', 'interview', '2026-01-01', '2026-05-01')")
    db.execute("INSERT INTO facts (user_id, key, value, source, valid_from) "
               "VALUES (1, 'city', 'Los Angeles', 'chat', '2026-05-01')")
    db.close()
    store = Store(tmp_path / "old.db")
    assert [(f.value, f.valid_to) for f in store.facts(1, history=True)] == [
        ("Boston", "2026-05-01"), ("Los Angeles", None)]
    hits = store.db.execute("SELECT rowid FROM memories_fts WHERE memories_fts MATCH 'city'")
    assert len(hits.fetchall()) == 2
    owned = store.db.execute("SELECT rowid FROM memories_fts WHERE memories_fts MATCH 'owner:u1'")
    assert len(owned.fetchall()) == 2  # every entry knows whose it is


def test_changed_fact_is_superseded_not_overwritten(store):
    u = store.user()
    store.set_fact(u, "city", "Boston", "interview")
    store.set_fact(u, "city", "Boston", "chat")  # same value: no new row
    store.set_fact(u, "city", "Los Angeles", "chat")
    current = store.facts(u)
    assert [(f.key, f.value) for f in current] == [("city", "Los Angeles")]
    history = store.facts(u, history=True)
    assert [f.value for f in history] == ["Boston", "Los Angeles"]
    assert history[0].valid_to == history[1].valid_from


def test_stale_streaming_turn_is_marked_interrupted_on_open(make_store):
    store = make_store()
    u = store.user()
    t = store.add_turn(u, store.start_session(u, "t"), "assistant", "half a tho", status="streaming")
    store.close()
    assert make_store().turn(u, t).status == "streaming"  # its writer may still be alive
    later = make_store(clock=lambda: utcnow() + timedelta(minutes=5))
    turn = later.turn(u, t)
    assert (turn.status, turn.content) == ("interrupted", "half a tho")


def test_looking_for_turns_left_streaming_reads_an_index_not_every_turn(tmp_path, pg_url):
    from os1.memory.store import open_store

    query = "SELECT id FROM turns WHERE status = 'streaming'"
    lite = Store(tmp_path / "s.db")
    plan = " ".join(str(tuple(r)) for r in lite.db.execute(f"EXPLAIN QUERY PLAN {query}"))
    lite.close()
    assert "turns_streaming" in plan, plan
    pg = open_store(pg_url)
    try:
        with pg.tx() as db:
            db.execute("SET LOCAL enable_seqscan = off")  # an empty table is read whole otherwise
            plan = " ".join(r[0] for r in db.execute(f"EXPLAIN {query}"))
        assert "turns_streaming" in plan, plan
    finally:
        pg.close()


def test_unreadable_database_is_one_clear_line(tmp_path):
    path = tmp_path / "bad.db"
    path.write_bytes(b"this is not a database" * 100)
    from os1.errors import OS1Error

    with pytest.raises(OS1Error, match="move it aside"):
        Store(path)


def _dead_pid() -> int:
    import subprocess
    import sys

    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_turn_whose_process_died_is_recovered_at_once(make_store):
    import socket

    from os1.memory.store import writer

    store = make_store()
    u = store.user()
    session = store.start_session(u, "t")
    dead = store.add_turn(u, session, "assistant", "half a tho", status="streaming",
                          meta={"writer": f"{socket.gethostname()}:{_dead_pid()}:1"})
    other = store.start_session(u, "t")
    alive = store.add_turn(u, other, "assistant", "still going", status="streaming",
                           meta={"writer": writer()})
    elsewhere = store.add_turn(u, other, "assistant", "on another host", status="streaming",
                               meta={"writer": "another-host:1:1"})
    store.close()
    again = make_store()  # within a second, not 60
    assert (again.turn(u, dead).status, again.turn(u, dead).content) == ("interrupted", "half a tho")
    assert again.turn(u, alive).status == "streaming"  # this very process is still writing it
    assert again.turn(u, elsewhere).status == "streaming"  # can't tell: wait until it is stale
    ended = {c["id"]: c["ended_at"] for c in again.conversations(u, 10)}
    assert ended[session] is not None and ended[other] is None
    asked, reply = again.unremembered(u)[0]
    assert asked is None and reply.id == dead


def test_a_reused_pid_does_not_keep_a_dead_turn_alive():
    import os
    import socket

    from os1.memory.store import writer_gone

    me = os.getpid()
    assert not writer_gone(f"{socket.gethostname()}:{me}:")  # start unknown: alive
    assert writer_gone(f"{socket.gethostname()}:{me}:1")  # same pid, another start: reused
    assert not writer_gone("not-a-writer")


def test_threads_searching_while_another_writes_and_rolls_back_share_the_store_safely(make_store):
    """A server's threads share one store: searches of the full-text index go on while
    another thread remembers and a write fails and is rolled back. Once, on SQLite, that
    aborted the searches ("query aborted") or corrupted the process's memory."""
    import threading

    from os1.memory.embed import HashingEmbedder
    from os1.memory.memories import Memories, New

    store = make_store()
    mem = Memories(store, HashingEmbedder())
    user = store.user()
    for i in range(100):
        mem.remember(user, New(f"I walked the dog {i} along the river"))
    errors: list[str] = []
    found: list[int] = []
    writing = threading.Event()

    def search() -> None:
        writing.wait(10)
        for _ in range(60):
            try:
                found.append(len(store.search_words(user, ["dog", "river", "walked"], 10)))
            except Exception as exc:  # every failure is the finding
                errors.append(repr(exc))

    def write() -> None:
        writing.set()
        for i in range(300):
            mem.remember(user, New(f"the river dog walked again, {i}"))
            if i % 5 == 0:
                with pytest.raises(ValueError), store.tx() as db:
                    db.execute("UPDATE memories SET text = 'x' WHERE user_id = ?", (user,))
                    raise ValueError("a write that fails")

    threads = [threading.Thread(target=search) for _ in range(2)] + [threading.Thread(target=write)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert found == [10] * 120
    assert all(m.text != "x" for m in mem.list(user, limit=500))  # the failed write left nothing
