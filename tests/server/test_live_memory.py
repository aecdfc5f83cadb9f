"""A live turn's "done" does not wait for the turn to become memories (embedding and writing
them), and the next turn recalls with them all the same."""

import threading

from os1 import config
from os1.memory.embed import HashingEmbedder
from os1.memory.memories import Memories
from os1.memory.store import Store
from os1.models.fake import FakeModel
from os1.server.gate import Reach
from os1.server.service import Service

from .conftest import live, only_user


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


def until_done(ws) -> dict:
    message = ws.receive_json()
    while message["type"] != "done":
        message = ws.receive_json()
    return message


def test_done_comes_before_the_memories_and_the_next_turn_recalls_with_them(tmp_path):
    store, embedder = Store(tmp_path / "server.db"), HeldEmbedder()
    service = Service(config.Settings(model="fake"), store, FakeModel(["Tell me about her."]),
                      Memories(store, embedder), accounts=True, reach=Reach.of(["testserver"]))
    try:
        with live(service) as ws:
            ws.send_json({"type": "turn", "text": "My sister Anna lives in Porto."})
            assert until_done(ws)["status"] == "complete"
            assert embedder.storing.wait(60)  # memorising has begun, and is held...
            user = only_user(service)
            assert service.memories.count(user) == 0  # ...and "done" did not wait for it
            companion = service.companion(user)
            recalled_with: list[int] = []
            recall = companion._recall

            def counting(*args):
                recalled_with.append(service.memories.count(user))
                return recall(*args)

            companion._recall = counting
            ws.send_json({"type": "turn", "text": "What do you remember about Anna?"})
            embedder.go.set()
            assert until_done(ws)["status"] == "complete"
        assert recalled_with == [2]  # both sides of the first turn, before the second recalled
        assert service.memories.count(user) == 4
    finally:
        embedder.go.set()
        store.close()
