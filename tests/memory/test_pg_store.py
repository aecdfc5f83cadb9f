"""The PostgreSQL store against the SQLite one: the same schema steps, the same records, the
same BM25 scores, and a store chosen by its URL."""

import numpy as np
import pytest

from os1.errors import OS1Error
from os1.memory import migrations, pg_migrations
from os1.memory.embed import HashingEmbedder
from os1.memory.memories import Memories, New, turn_memory
from os1.memory.pg_store import PgStore, shown
from os1.memory.store import Store, open_store

from .conftest import NOW

TEXTS = ["I adopted a cat called Miso last spring", "My sister Anna came to visit with her cat",
         "We went hiking in the mountains near Boulder", "The well-known bakery sells cat cookies",
         "Anna's well-known lasagne is the best", "I am running a marathon in Boulder",
         "cats and dogs and cats again", "Nothing to see here"]
QUERIES = [["cat"], ["anna", "cat"], ["boulder", "running"], ["well-known"], ["lasagne", "cats"],
           ["nothing"], ["zebra"], ["cat", "cat"]]


def test_both_stores_have_the_same_schema_steps():
    assert [n for n, _ in pg_migrations.MIGRATIONS] == [n for n, _ in migrations.MIGRATIONS]


def _fill(store):
    mem = Memories(store, HashingEmbedder())
    user = store.user("theo")
    session = store.start_session(user, "t")
    previous = ""
    for i, text in enumerate(TEXTS):
        turn = store.add_turn(user, session, "user", text, meta={"valence": 0.1 * i})
        mem.remember(user, turn_memory(text, "Theo", NOW, session, turn, previous=previous))
        previous = f"Theo: {text}"
    mem.remember(user, New("Theo likes cats", kind="insight"))
    store.set_fact(user, "city", "Boulder", "interview")
    return mem, user


def test_the_same_life_reads_back_the_same_from_both_stores(tmp_path, pg_url):
    lite, pg = Store(tmp_path / "a.db", clock=lambda: NOW), open_store(pg_url, clock=lambda: NOW)
    (mem_a, a), (mem_b, b) = _fill(lite), _fill(pg)
    assert a == b
    for name, args in [("recent_turns", (a, 50)), ("all_memories", (a,)), ("facts", (a, True)),
                       ("talked", (a,)), ("felt_moments", (a, 3)), ("all_turns", (a,)),
                       ("conversations", (a, 5)), ("memory_speakers", (a,)),
                       ("list_memories", (a, None, None, True)), ("acquaintance", (a,))]:
        assert getattr(lite, name)(*args) == getattr(pg, name)(*args), name
    ids_a, vectors_a, sessions_a = lite.memory_vectors(a, mem_a.embedder.model_id)
    ids_b, vectors_b, sessions_b = pg.memory_vectors(b, mem_b.embedder.model_id)
    assert (ids_a, sessions_a) == (ids_b, sessions_b)
    assert vectors_a is not None and vectors_b is not None
    assert np.array_equal(vectors_a, vectors_b)
    lite.close()
    pg.close()


def test_bm25_scores_are_those_of_sqlite_fts5(tmp_path, pg_url):
    """With one user, SQLite's statistics are that user's, as PostgreSQL's always are: the
    same memories, in the same order, with the same scores."""
    lite, pg = Store(tmp_path / "a.db", clock=lambda: NOW), open_store(pg_url, clock=lambda: NOW)
    (_, a), (_, b) = _fill(lite), _fill(pg)
    for terms in QUERIES:
        want, got = lite.search_words(a, terms, 10), pg.search_words(b, terms, 10)
        assert [i for i, _ in got] == [i for i, _ in want], terms
        assert [s for _, s in got] == pytest.approx([s for _, s in want], rel=1e-9), terms
    assert pg.search_words(b, ["cat"], 10)  # something to compare
    other = pg.user("someone else")
    assert pg.search_words(other, ["cat"], 10) == []  # per user
    lite.close()
    pg.close()


def test_open_store_takes_a_url(tmp_path, pg_url, monkeypatch):
    sqlite = open_store(f"sqlite://{tmp_path / 'x.db'}")
    assert isinstance(sqlite, Store) and not isinstance(sqlite, PgStore)
    assert (tmp_path / "x.db").exists()
    sqlite.close()
    pg = open_store(pg_url)
    assert isinstance(pg, PgStore) and pg.path == pg_url
    pg.close()
    monkeypatch.setenv("OS1_STORE_URL", pg_url)  # the config names it
    chosen = open_store()
    assert isinstance(chosen, PgStore)
    chosen.close()
    with pytest.raises(OS1Error, match="unknown store 'mysql'"):
        open_store("mysql://x")


def test_a_database_that_cannot_be_reached_is_one_clear_line(pg_server):
    with pytest.raises(OS1Error, match=r"cannot open the database .*:\*\*\*@"):
        PgStore("postgresql://os1:secret@127.0.0.1:1/none")
    assert shown("postgresql://me:pw@host/db") == "postgresql://me:***@host/db"


def test_a_database_that_does_not_exist_says_to_check_the_url(pg_server):
    with pytest.raises(OS1Error, match=r'"no_such_db" does not exist\): check \[store\] url'):
        PgStore(pg_server.rstrip("/") + "/no_such_db")


def test_a_connection_whose_setup_fails_says_why_at_once(pg_url):
    """Each pooled connection is set up as it opens (pgvector's type read as numpy arrays):
    pgvector moved out of the search path after the schema was made fails that setup, and it
    is said at once, with the server's reason, not after the pool has retried it for 30 s and
    can say only that it timed out."""
    import psycopg

    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("CREATE SCHEMA hidden")
        conn.execute("ALTER EXTENSION vector SET SCHEMA hidden")
    with pytest.raises(OS1Error) as raised:
        PgStore(pg_url)
    said = str(raised.value)
    assert "vector type not found" in said and "pgvector" in said and "search_path" in said
    assert "\n" not in said


def test_nearest_memories_are_the_same_on_both_stores(tmp_path, pg_url):
    """PostgreSQL asks its HNSW index (ef_search 200); on a few hundred vectors it finds what
    comparing every vector finds."""
    lite, pg = Store(tmp_path / "a.db", clock=lambda: NOW), open_store(pg_url, clock=lambda: NOW)
    embedder = HashingEmbedder()
    texts = [f"{a} {b} {c}" for a in ("cat", "dog", "bird", "fish") for b in
             ("walks", "sleeps", "eats", "sings", "runs") for c in ("home", "park", "beach",
                                                                     "city", "lake")] * 2
    for store in (lite, pg):
        mem = Memories(store, embedder)
        user = store.user("theo")
        mem.remember_many(user, [New(t) for t in texts])
    other = pg.user("someone else")
    Memories(pg, embedder).remember(other, New("cat sleeps home"))
    query = embedder.embed(["the cat sleeps at home"], query=True)[0]
    want = lite.nearest_memories(1, query, embedder.model_id, 10)
    got = pg.nearest_memories(1, query, embedder.model_id, 10)
    assert len(got) == 10 and {i for i, _ in got} <= {i for i, _ in lite.nearest_memories(
        1, query, embedder.model_id, 14)}  # ties at the edge may fall either way
    assert [s for _, s in got] == pytest.approx([s for _, s in want], abs=1e-5)
    assert all(pg.memory(1, i) for i, _ in got)  # only this user's
    assert pg.nearest_memories(1, query, "another-embedder", 5) == []
    lite.close()
    pg.close()


def test_a_throwaway_server_stops_when_the_process_that_started_it_is_killed():
    import os
    import signal
    import subprocess
    import sys
    import time

    starter = subprocess.Popen(
        [sys.executable, "-c", "import time\nfrom os1.memory.pg_server import PgServer\n"
         "print(PgServer().start().process.pid, flush=True)\ntime.sleep(120)"],
        stdout=subprocess.PIPE, text=True)
    try:
        server = int(starter.stdout.readline())
    finally:
        starter.kill()  # kill -9: no atexit, no stop()
        starter.wait(timeout=30)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            os.kill(server, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    os.kill(server, signal.SIGKILL)
    raise AssertionError("the server outlived the process that started it")
