from datetime import datetime, timezone

import pytest

from os1.memory.embed import HashingEmbedder
from os1.memory.memories import Memories
from os1.memory.store import open_store, utcnow

NOW = datetime(2026, 11, 24, 15, 0, tzinfo=timezone.utc)
BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(params=BACKENDS)
def backend(request):
    return request.param


@pytest.fixture
def make_store(backend, tmp_path, request):
    """Opens this test's store on the backend (SQLite: one file; PostgreSQL: one fresh
    database on the test server); called again, the same store once more (a restart)."""
    url = (f"sqlite://{tmp_path / 'm.db'}" if backend == "sqlite"
           else request.getfixturevalue("pg_url"))
    opened = []

    def make(clock=utcnow):
        opened.append(open_store(url, clock=clock))
        return opened[-1]
    yield make
    for store in opened:
        store.close()


@pytest.fixture
def mem(make_store):
    """The memory service over a fresh store whose clock stands at ``NOW``."""
    yield Memories(make_store(lambda: NOW), HashingEmbedder())


def all_tables(store) -> list[str]:
    """Every table of the store's database, the full-text index's own ones too."""
    if store.db.dialect.name == "sqlite":
        return [r[0] for r in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return [r[0] for r in store.db.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
        "AND table_type = 'BASE TABLE'")]


def indexed(store, word: str) -> int:
    """How many memories (of anyone) the word index finds ``word`` in."""
    if store.db.dialect.name == "sqlite":
        return store.db.execute("SELECT count(*) FROM memories_fts WHERE memories_fts MATCH ?",
                                (word,)).fetchone()[0]
    from os1.memory.store_words import tokens

    return store.db.execute("SELECT count(*) FROM memory_terms WHERE term = ?",
                            (tokens(word)[0],)).fetchone()[0]
