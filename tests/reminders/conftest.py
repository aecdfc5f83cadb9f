from datetime import datetime, timezone

import pytest

from os1.memory.store import Store
from os1.mind.turn import Companion, TurnResult
from os1.models.fake import FakeModel

# Wednesday 2 December 2026, 10:15 in New York
NOW = datetime(2026, 12, 2, 15, 15, tzinfo=timezone.utc)


class Clock:
    """A clock tests move by hand."""

    def __init__(self, at=NOW):
        self.at = at

    def __call__(self):
        return self.at


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def store(tmp_path, clock):
    s = Store(tmp_path / "r.db", clock=clock)
    yield s
    s.close()


@pytest.fixture
def talk(store):
    """``talk(text, *replies)``: one turn with the fake model scripted; the TurnResult."""
    user = store.user()
    store.set_persona(user, "Samantha", "test")
    store.set_fact(user, "name", "Theo", "interview")
    store.set_setting(user, "timezone", "America/New_York")
    model = FakeModel()
    companion = Companion(store, model, user)
    session = store.start_session(user, "t")

    def say(text, *replies):
        model.enqueue(replies)
        result = TurnResult()
        pieces = list(companion.turn(text, session, result))
        assert "".join(pieces) == result.text
        return result

    say.model, say.store, say.user, say.companion = model, store, user, companion
    return say
