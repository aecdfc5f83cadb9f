"""MoveStore: a user's rows read out in batches (ids kept, only theirs), and written into a
store with the move's progress (``os1 migrate-store``; the whole move is in
tests/memory/test_move.py)."""

from __future__ import annotations

from os1.memory.move import move_user
from os1.memory.store import Store

from .life import A_TAG, B_TAG, fill_life, view_jobs, view_life


def test_a_users_rows_are_read_in_batches_and_only_theirs(store, users):
    a, b = users
    fill_life(store, a, A_TAG)
    fill_life(store, b, B_TAG)
    assert {"001_initial", "015_jobs"} <= store.migration_names()
    assert store.move_users() == [(a, "alice"), (b, "bob")]
    assert store.user_row(a)["name"] == "alice" and store.user_named("bob") == b
    assert store.user_named("zoe") is None
    assert {"id", "user_id", "content"} <= set(store.columns("turns"))
    tables = store.move_tables()
    assert {"turns", "memories", "settings"} <= set(tables)
    assert not {"memory_words", "memory_terms", "moves", "jobs"} & set(tables)  # moved anew
    assert tables.index("sessions") < tables.index("turns")  # what a table refers to comes first
    read, after = [], None
    while batch := store.move_batch(a, "turns", after, len(read), 1):
        read += batch
        after = batch[-1]["id"]
    assert [r["content"] for r in read] == [t["content"] for t in store.all_turns(a)]
    assert {r["user_id"] for r in read} == {a}
    settings = store.move_batch(a, "settings", None, 0, 100)
    assert settings and store.move_batch(a, "settings", None, len(settings), 100) == []
    words = store.word_batch(a, -1, 100)
    assert {i for i, _, _ in words} == {m.id for m in store.all_memories(a)}
    assert all(B_TAG not in text + context for _, text, context in words)
    low, high = store.id_range(b, "turns")
    assert low is not None and high is not None
    assert store.clashes(a, "turns", low, high) == high - low + 1
    assert store.clashes(b, "turns", low, high) == 0


def test_rows_written_into_a_store_keep_their_ids_and_progress(store, tmp_path, clock):
    source = Store(tmp_path / "source.db", clock=clock)
    source.user("x"), source.user("y")
    carol = source.user("carol")
    fill_life(source, carol, A_TAG)
    row = source.user_row(carol)
    store.begin_move(row, "elsewhere", ["settings"])
    assert store.move_progress(carol)["settings"] == (0, None, "elsewhere", None)
    settings = source.move_batch(carol, "settings", None, 0, 100)
    store.put_batch(carol, "settings", settings, len(settings), None)
    entries = source.word_batch(carol, -1, 100)
    store.put_words(carol, entries, len(entries))
    assert store.settings(carol) == source.settings(carol)
    assert store.search_words(carol, ["puppy"], 5) != []
    assert store.move_progress(carol)["(words)"][:2] == (len(entries), entries[-1][0])
    waiting = source.jobs(carol, ("todo",))
    store.put_jobs(carol, waiting, len(waiting))
    assert view_jobs(store, carol) == view_jobs(source, carol)
    assert store.move_progress(carol)["(jobs)"][:2] == (len(waiting), waiting[-1].id)
    store.finish_move(carol, ["settings"])
    assert store.move_progress(carol)["(move)"][3] is not None
    store.erase_user(carol, account=True)
    assert store.move_progress(carol) == {}
    moved = move_user(source, store, "carol", batch=2)  # the whole of it, with every id
    assert moved.ok and view_life(store, carol) == view_life(source, carol)
    source.close()
