import pytest

from os1.memory.store import open_store

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(params=BACKENDS)
def store_url(request, tmp_path):
    """One database that several workers share: a SQLite file, or a fresh PostgreSQL one."""
    if request.param == "sqlite":
        return f"sqlite://{tmp_path / 'shared.db'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def connect(store_url):
    """Opens another connection to the shared database, as another worker process would."""
    opened = []

    def make():
        opened.append(open_store(store_url))
        return opened[-1]
    yield make
    for store in opened:
        store.close()
