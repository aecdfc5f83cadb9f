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
