"""Two users of one store, each with a side of the friends protocol and a fake model."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

import pytest

from os1.friends.consent import scope
from os1.friends.link import Side
from os1.memory.embed import HashingEmbedder
from os1.memory.memories import Memories, New
from os1.memory.store import Store
from os1.models.fake import FakeModel

BASE = "http://127.0.0.1:8421"


@dataclass
class Pair:
    store: Store
    memories: Memories
    amy: Side
    theo: Side


def remember(memories: Memories):
    def keep(user_id: int, text: str, source: str) -> int:
        return memories.remember(user_id, New(text, kind="insight", importance=0.6, source=source))
    return keep


@pytest.fixture
def pair(tmp_path):
    store = Store(tmp_path / "os1.db")
    memories = Memories(store, HashingEmbedder())
    amy, theo = store.user("amy"), store.user("theo")
    model = FakeModel()
    yield Pair(store, memories, Side(store, amy, BASE, model, remember(memories)),
               Side(store, theo, BASE, model, remember(memories)))
    store.close()


def introduce(pair: Pair, amy_topics=(), amy_note="", theo_topics=(), theo_note=""):
    """Amy invites Theo with what she allows; Theo accepts with what he allows."""
    code = pair.amy.invite("Amy", scope(list(amy_topics), amy_note))
    theo_link = pair.theo.accept(code, "Theo", scope(list(theo_topics), theo_note))
    amy_link = pair.store.friends(pair.amy.user_id)[0]
    return amy_link, theo_link


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)
