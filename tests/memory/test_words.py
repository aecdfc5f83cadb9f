"""SQLite's search by words: BM25 exactly as FTS5's own ``bm25()`` computes it when the file
holds one user, and over that user's statistics alone when it holds many."""

import pytest

from os1.memory.embed import HashingEmbedder
from os1.memory.memories import Memories, New
from os1.memory.store import Store
from os1.memory.store_base import owner
from os1.memory.store_words import fts_match, size, tokens

from .conftest import NOW
from .test_pg_store import QUERIES, _fill
MORE = QUERIES + [["miso cat"], ["mountains", "boulder", "hiking"], ["sister anna"]]


def fts5(store, user, terms):
    """FTS5's own BM25 over the whole file (what search used before it was per user)."""
    return {r[0]: -r[1] for r in store.sqlite.execute(
        "SELECT rowid, bm25(memories_fts, 1.0, 0.5, 0.0) FROM memories_fts WHERE memories_fts "
        "MATCH ?", (f"owner:{owner(user)} AND ({fts_match(terms)})",))}


def test_with_one_user_the_scores_are_fts5s_own(tmp_path):
    store = Store(tmp_path / "a.db", clock=lambda: NOW)
    _, user = _fill(store)
    for terms in MORE:
        got = dict(store.search_words(user, terms, 100))
        want = fts5(store, user, terms)
        assert got.keys() == want.keys(), terms
        for memory_id, score in want.items():
            assert got[memory_id] == pytest.approx(score, rel=1e-9), terms
    assert store.search_words(user, ["cat"], 100)
    store.close()


def test_other_users_memories_change_fts5s_scores_but_not_the_users(tmp_path):
    store = Store(tmp_path / "a.db", clock=lambda: NOW)
    _, user = _fill(store)
    before = {tuple(t): store.search_words(user, t, 100) for t in MORE}
    fts5_before = fts5(store, user, ["cat", "boulder"])
    other = store.user("someone else")
    store.start_session(other, "t")
    Memories(store, HashingEmbedder()).remember_many(
        other, [New(f"cat trip to Boulder number {i}") for i in range(30)])
    assert fts5(store, user, ["cat", "boulder"]) != fts5_before  # the whole file's statistics
    assert {tuple(t): store.search_words(user, t, 100) for t in MORE} == before
    store.close()


def test_an_entrys_size_is_read_from_fts5s_varints():
    assert size(bytes([3, 0, 1])) == 4
    assert size(bytes([0x81, 0x00, 1])) == 129  # 128 as two bytes, then 1


def test_the_tokenizer_reads_many_texts_as_it_reads_each():
    texts = ["Cats running", "", "Anna's well-known lasagne", "東京で会おう"]
    assert tokens.many(texts) == [tokens(t) for t in texts]
    assert tokens("Cats running") == ["cat", "run"]
