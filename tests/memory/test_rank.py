"""The second look: features of recalled turns, the fitted model, and how it reorders."""

import json
from datetime import timedelta

import numpy as np
import pytest

from os1.memory import rank
from os1.memory.memories import Memories, New, turn_memory
from os1.memory.retrieve import DEFAULT_MODEL, Retriever
from tests.memory.conftest import NOW


def question(text, named=(), sims=(), ids=(), sessions=()):
    return rank.Question(text, frozenset(named), np.array(sims, dtype=float),
                         np.array(ids, dtype=np.int64), np.array(sessions, dtype=np.int64))


def candidate(id_, text, speaker="Theo", session=1, before="", score=1.0, **why):
    return rank.Candidate(id_, text, speaker, session, why, score, before)


def column(x, name):
    return x[:, rank.FEATURES.index(name)]


def test_features_describe_each_turn():
    q = question("When did Caroline go hiking with Mel?", named={"Caroline"},
                 sims=[0.1, 0.5, 0.9, 0.3], ids=[1, 2, 3, 9], sessions=[1, 1, 1, 2])
    x = rank.features(q, [
        candidate(3, "Last weekend, we went hiking up the hill with Mel!", speaker="Caroline",
                  before="Anna: Where did you go?", score=2.0, words=1.0),
        candidate(9, "Nice?", speaker="Anna", session=2, score=0.5, words=0.2),
    ])
    assert x.shape == (2, len(rank.FEATURES))
    assert list(column(x, "answers")) == [1.0, 0.0]  # the turn before asked a question
    assert list(column(x, "asks")) == [0.0, 1.0]
    assert list(column(x, "when")) == [1.0, 0.0]  # a "when" question, and a time is spoken of
    assert list(column(x, "other_speaker")) == [0.0, 1.0]
    assert column(x, "coverage")[0] == 1.0  # "hiking" and "Mel": the name of who spoke is left out
    assert list(column(x, "cosine")) == [0.9, 0.3]
    assert list(column(x, "cosine_before")) == [0.5, 0.0]  # id 8 has no vector
    assert column(x, "session_cosine")[0] == pytest.approx(0.5)  # mean of 0.1, 0.5, 0.9
    assert list(column(x, "session_best")) == [2.0, 0.5]
    assert list(column(x, "words_rank")) == [1.0, 0.5]
    assert column(x, "length")[0] > column(x, "length")[1]


def test_cosine_before_is_only_within_the_same_conversation():
    q = question("hiking", sims=[0.8, 0.2], ids=[4, 5], sessions=[1, 2])
    x = rank.features(q, [candidate(5, "We hiked.", session=2)])
    assert column(x, "cosine_before")[0] == 0.0


def test_fit_learns_what_separates_answers_and_round_trips(tmp_path):
    rng = np.random.default_rng(0)
    groups = []
    for _ in range(40):
        x = rng.normal(size=(12, len(rank.FEATURES)))
        y = np.zeros(12)
        best = int(np.argmax(x[:, rank.FEATURES.index("answers")]))
        y[best] = 1.0
        groups.append((x, y))
    model = rank.fit(groups)
    weights = dict(zip(rank.FEATURES, model.weights))
    assert weights["answers"] == max(weights.values()) and weights["answers"] > 1.0
    path = tmp_path / "ranker.json"
    path.write_text(json.dumps(model.to_json()))
    loaded = rank.load_model(path)
    x = groups[0][0]
    assert np.allclose(loaded.score(x), model.score(x), atol=1e-4)


def test_a_model_for_other_features_is_not_used(tmp_path):
    path = tmp_path / "ranker.json"
    path.write_text(json.dumps({"features": ["words"], "mean": [0], "scale": [1], "weights": [1]}))
    assert rank.load_model(path) is None
    assert rank.load_model(tmp_path / "missing.json") is None
    assert DEFAULT_MODEL is not None  # the shipped weights match the features


def test_the_second_look_orders_turns_and_leaves_facts_in_place(mem):
    user = mem.store.user()
    session = mem.store.start_session(user, "chat")
    at = NOW - timedelta(days=3)
    mem.remember_many(user, [
        turn_memory("What did you do with the guitar?", "Mel", at, session, None),
        turn_memory("I played the guitar at my sister's wedding, it was magical.", "Theo", at,
                    session, None, previous="Mel: What did you do with the guitar?"),
        turn_memory("Do you still play the guitar?", "Mel", at, session, None),
        New("Theo plays the guitar", kind="insight", importance=0.8),
    ])
    plain = Retriever(mem, model=None).search(user, "guitar", NOW, k=4)
    hits = Retriever(mem).search(user, "guitar", NOW, k=4)
    assert sorted(h.memory.id for h in hits) == sorted(h.memory.id for h in plain)
    place = [h.memory.kind for h in plain].index("insight")
    assert hits[place].memory.kind == "insight" and "rank" not in hits[place].why
    turns = [h for h in hits if h.memory.kind == "turn"]
    assert [h.why["rank"] for h in turns] == sorted((h.why["rank"] for h in turns), reverse=True)
    assert turns[0].memory.text.startswith("I played the guitar")  # an answer, not a question
    first = [h for h in plain if h.memory.kind == "turn"][0]
    assert first.memory.text.startswith("Do you")  # the first look put the question first


def test_an_edited_memory_keeps_its_place_among_the_vectors(mem):
    user = mem.store.user()
    session = mem.store.start_session(user, "chat")
    ids = mem.remember_many(user, [turn_memory(f"turn {i}", "Theo", NOW, session, None)
                                   for i in range(4)])
    mem.vectors(user)
    mem.edit(user, ids[1], "turn one, corrected")
    vectors = mem.vectors(user)
    assert list(vectors.ids) == ids and list(vectors.sessions) == [session] * 4
    fresh = Memories(mem.store, mem.embedder).vectors(user)
    assert np.allclose(fresh.matrix, vectors.matrix)
