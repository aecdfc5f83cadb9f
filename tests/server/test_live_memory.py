"""A live turn's "done" does not wait for the turn to become memories (embedding and writing
them); the next turn recalls with them all the same, and a forget or an erase arriving in
between leaves nothing of the turn behind."""

import threading

import pytest

from os1 import config
from os1.memory.embed import HashingEmbedder
from os1.memory.memories import Memories
from os1.memory.store import Store
from os1.models.fake import FakeModel
from os1.server.gate import Reach
from os1.server.service import Service

from .conftest import live, only_user

SAID = "My sister Anna lives in Porto. I live in Lisbon."


class HeldEmbedder(HashingEmbedder):
    """Embeds what is stored only once ``go`` is set (a search's query goes at once)."""

    def __init__(self):
        super().__init__()
        self.go, self.storing = threading.Event(), threading.Event()

    def embed(self, texts, query=False):
        if not query:
            self.storing.set()
            assert self.go.wait(60)
        return super().embed(texts, query=query)


@pytest.fixture
def held(tmp_path):
    store, embedder = Store(tmp_path / "server.db"), HeldEmbedder()
    service = Service(config.Settings(model="fake"), store, FakeModel(["Tell me about her."]),
                      Memories(store, embedder), accounts=True, reach=Reach.of(["testserver"]))
    yield service, embedder
    embedder.go.set()
    store.close()


def until_done(ws) -> dict:
    message = ws.receive_json()
    while message["type"] != "done":
        message = ws.receive_json()
    return message


def told_and_held(ws, service, embedder) -> int:
    """Tell of Anna; once "done" has come, memorising has begun and is held: the user."""
    ws.send_json({"type": "turn", "text": SAID})
    assert until_done(ws)["status"] == "complete"
    assert embedder.storing.wait(60)
    user = only_user(service)
    assert service.memories.count(user) == 0  # "done" did not wait for the memories
    return user


def test_done_comes_before_the_memories_and_the_next_turn_recalls_with_them(held):
    service, embedder = held
    with live(service) as ws:
        user = told_and_held(ws, service, embedder)
        companion = service.companion(user)
        recalled_with: list[tuple[int, list]] = []
        recall = companion._recall

        def counting(*args):
            recalled_with.append((service.memories.count(user), service.store.people(user)))
            return recall(*args)

        companion._recall = counting
        ws.send_json({"type": "turn", "text": "What do you remember about Anna?"})
        embedder.go.set()
        assert until_done(ws)["status"] == "complete"
    [(count, people)] = recalled_with
    assert count == 3  # both sides and the fact, before the second turn recalled
    assert [p.name for p in people] == ["Anna"]  # and her sister, told of a moment ago


def test_a_forget_between_done_and_the_memories_leaves_no_copy(held):
    service, embedder = held
    with live(service) as ws:
        user = told_and_held(ws, service, embedder)
        assert service.memories.forget_about(user, "Anna").count  # as the web app's forget
        service.let_go(user)
        embedder.go.set()
        assert service.companion(user).settle() == 0  # waits for the one under way
        store = service.store
        assert service.memories.about(user, "Anna").count == 0
        assert service.memories.about(user, "Lisbon").count == 0  # said in the same turn
        assert store.facts(user, history=True) == [] and store.people(user) == []
        assert [m.text for m in store.all_memories(user)] == ["Tell me about her."]
        assert store.search_words(user, ["anna", "lisbon"], 10) == []  # nor its hidden context


def test_an_erase_between_done_and_the_memories_leaves_no_row(held):
    service, embedder = held
    with live(service) as ws:
        user = told_and_held(ws, service, embedder)
        service.memories.erase(user, account=True)  # as the web app's "erase everything"
        service.let_go(user)
        embedder.go.set()
        service.companion(user).settle()
        assert not any(service.store.row_counts(user).values())


def test_a_companion_built_afresh_waits_for_the_memories_of_the_one_let_go(held):
    service, embedder = held
    with live(service) as ws:
        user = told_and_held(ws, service, embedder)
        service.let_go(user)
        fresh = service.companion(user)
        settled = threading.Thread(target=fresh.settle)
        settled.start()
        settled.join(0.3)
        assert settled.is_alive()  # held behind the memorising under way
        embedder.go.set()
        settled.join(60)
        assert service.memories.count(user) == 3
        ws.send_json({"type": "turn", "text": "And you?"})
        assert until_done(ws)["status"] == "complete"


def test_a_server_stopping_right_after_done_makes_the_memories_first(held):
    service, embedder = held
    with live(service) as ws:
        user = told_and_held(ws, service, embedder)
        stopping = threading.Thread(target=service.close)
        stopping.start()
        stopping.join(0.3)
        assert stopping.is_alive()  # waits for the memorising under way before the store closes
        embedder.go.set()
        stopping.join(60)
        assert not stopping.is_alive() and service.memories.count(user) == 3
