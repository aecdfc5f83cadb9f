from datetime import datetime, timezone

import pytest

from os1.memory.embed import HashingEmbedder
from os1.memory.memories import Memories
from os1.memory.store import Store

NOW = datetime(2026, 11, 24, 15, 0, tzinfo=timezone.utc)


@pytest.fixture
def mem(tmp_path):
    """The memory service over a fresh store whose clock stands at ``NOW``."""
    store = Store(tmp_path / "m.db", clock=lambda: NOW)
    yield Memories(store, HashingEmbedder())
    store.close()
