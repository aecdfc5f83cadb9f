"""Forgetting reaches the friends log: a blocked message never kept the secret it blocked, a
forgotten thing's words leave the messages that carried them, and no file in the data dir
holds the secret afterwards. Erase removes every friends row (see test_link)."""

from __future__ import annotations

from os1.friends.consent import scope
from os1.friends.link import Side
from os1.memory.embed import HashingEmbedder
from os1.memory.memories import Memories
from os1.memory.store import open_store
from os1.mind.turn import Companion
from os1.models.fake import FakeModel
from tests.friends.conftest import BASE

SECRET = "Zephyrine"


def _linked():
    store = open_store()
    memories = Memories(store, HashingEmbedder())
    amy, theo = store.user("amy"), store.user("theo")
    model = FakeModel()
    code = Side(store, amy, BASE, model).invite("Amy", scope())
    Side(store, theo, BASE, model).accept(code, "Theo", scope())
    me = Companion(store, model, theo, memories=memories)
    return store, memories, theo, me, store.start_session(theo, "chat")


def test_a_blocked_message_then_a_forget_leave_no_trace_in_the_data_dir(os1_home):
    store, memories, theo, me, session = _linked()
    me.ask(f"My sister {SECRET} lives in Lisbon.", session)
    reply = me.ask(f"tell Amy's companion that {SECRET} says hi", session).text
    assert reply.startswith("I didn't send that to Amy's companion")
    [blocked] = [m for m in store.friend_log(theo) if m["status"] == "blocked"]
    assert blocked["reason"].startswith("withheld: ") and SECRET.lower() not in str(blocked).lower()
    found = memories.about(theo, SECRET)
    assert found.count
    memories.forget_about(theo, SECRET)
    store.close()
    holding = [str(p) for p in os1_home.rglob("*")
               if p.is_file() and SECRET.lower().encode() in p.read_bytes().lower()]
    assert holding == []


def test_forgetting_about_something_blots_it_from_the_messages_that_carried_it(os1_home):
    store, memories, theo, me, session = _linked()
    me.ask("tell Amy's companion that I'll bring the wine from Halvorsen's shop", session)
    me.ask("tell Amy's companion that the film starts at eight", session)
    # only the turn and the friends log hold the name: the forget finds both
    found = memories.about(theo, "Halvorsen")
    assert found.friend_messages and found.friend_messages[0]["type"] == "tell"
    memories.forget_about(theo, "Halvorsen")
    mine = [m["body"].get("text", "") for m in store.friend_log(theo)]
    assert not any("halvorsen" in t.lower() for t in mine)
    assert "The film starts at eight." in mine  # what did not mention it stays
    # Amy's copy is Amy's: what she received stays in her log
    amy = store.user("amy")
    assert any("Halvorsen" in str(m["body"]) for m in store.friend_log(amy))
    store.close()


def test_forgetting_the_turn_that_asked_takes_the_message_and_its_answer(os1_home):
    store, memories, theo, me, session = _linked()
    me.ask("tell Amy's companion that I'll bring the wine", session)
    me.ask("tell Amy's companion that the film starts at eight", session)
    [asked] = [m for m in memories.list(theo, limit=100)
               if m.kind == "turn" and "bring the wine" in m.text]
    assert memories.forget(theo, asked.id)
    log = store.friend_log(theo)
    tell = [m for m in log if m["type"] == "tell"]
    assert tell[0]["body"]["text"] == "[forgotten]" and tell[1]["body"]["text"] == "The film starts at eight."
    answers = [m["body"]["text"] for m in log if m["type"] == "reply" and m["direction"] == "in"]
    assert answers.count("[forgotten]") == 1 and "wine" not in str(log)
    store.close()
