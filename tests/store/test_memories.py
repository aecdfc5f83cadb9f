"""MemoryStore: memories, the words they are found by, and their vectors."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest

from os1.memory.records import Memory, New

from .life import EMBEDDER, NASTY, assert_plain, check_isolation, fill_turns, vector


def remember(store, user, *texts, kind="turn", **fields):
    """Store memories with one vector each; their ids."""
    items = [New(t, kind=kind, **fields) for t in texts]
    return store.add_memories(user, items, [i.text for i in items],
                              [vector(i) for i in range(len(items))], EMBEDDER)


def test_a_memory_round_trips_as_a_plain_record(store, users, clock):
    a, _ = users
    turns = fill_turns(store, a)
    when = clock() - timedelta(days=3)
    item = New("I adopted a puppy", kind="turn", at=when, speaker="Alice",
               session_id=turns["session"], turn_id=turns["asked"], importance=0.1,
               source="voice", key=None, context="what did you do")
    [memory_id] = store.add_memories(a, [item], ["Alice: I adopted a puppy"], [vector(1)], EMBEDDER)
    memory = store.memory(a, memory_id)
    assert memory == Memory(memory_id, "turn", None, "I adopted a puppy", "Alice",
                            turns["session"], turns["asked"], when.isoformat(timespec="milliseconds"),
                            None, 0.1, "voice")
    assert_plain(memory)
    [insight] = remember(store, a, "They love animals", kind="insight")
    assert store.memory(a, insight).at == store.now()  # no time given: stored now
    assert store.memory(a, insight + 1000) is None


def test_a_memory_whose_turn_is_gone_is_not_kept_and_the_rest_are(store, users):
    a, _ = users
    turns = fill_turns(store, a)
    store.forget_rows(a, lambda texts: lambda text: False, turn_ids=[turns["asked"]])
    items = [New("kept"), New("from a forgotten turn", turn_id=turns["asked"]), New("kept too")]
    ids = store.add_memories(a, items, ["kept", "from a forgotten turn", "kept too"],
                             [vector(1), vector(2), vector(3)], EMBEDDER)
    assert ids[1] is None and None not in (ids[0], ids[2])
    assert [m.text for m in store.all_memories(a)] == ["kept", "kept too"]


def test_memories_by_id_are_the_ones_asked_for(store, users):
    a, _ = users
    ids = remember(store, a, "one", "two", "three")
    found = store.memories_by_id(a, [ids[2], ids[0], 10_000])
    assert set(found) == {ids[0], ids[2]}
    assert found[ids[2]].text == "three"
    assert store.memories_by_id(a, []) == {}
    assert_plain(found)


def test_list_memories_is_newest_first_by_kind_and_limit(store, users, clock):
    a, _ = users
    old = remember(store, a, "old turn", at=clock() - timedelta(days=2))[0]
    insight = remember(store, a, "an insight", kind="insight")[0]
    same_time = remember(store, a, "another turn")[0]
    assert [m.id for m in store.list_memories(a)] == [same_time, insight, old]
    assert [m.id for m in store.list_memories(a, kind="insight")] == [insight]
    assert [m.id for m in store.list_memories(a, limit=2)] == [same_time, insight]
    assert len(store.list_memories(a, limit=None)) == 3
    assert_plain(store.list_memories(a))


def test_a_superseded_fact_is_listed_only_with_history(store, users, clock):
    a, _ = users
    first = store.set_fact(a, "lives_in", "Lisbon", "chat")
    clock.advance(days=30)
    second = store.set_fact(a, "lives_in", "Porto", "chat")
    assert [m.id for m in store.list_memories(a, kind="fact")] == [second]
    listed = {m.id: m for m in store.list_memories(a, kind="fact", history=True)}
    assert set(listed) == {first, second}
    assert listed[first].valid_to == store.now() and listed[second].valid_to is None
    assert [m.id for m in store.all_memories(a)] == [first, second]  # stored order, all of them
    assert store.count_memories(a) == 2


def test_memories_seen_moves_when_a_memory_is_added_or_forgotten_and_only_the_users(store, users):
    a, b = users
    assert store.memories_seen(a) == (store.forgets(a), 0)
    [kept, dropped] = remember(store, a, "one", "two")
    remember(store, b, "someone else's")
    assert store.memories_seen(a) == (store.forgets(a), 2) == (0, store.count_memories(a))
    store.forget_rows(a, lambda texts: lambda text: False, memory_ids=[dropped])
    forgets, count = store.memories_seen(a)
    assert forgets == store.forgets(a) > 0 and count == 1 == store.count_memories(a)
    assert store.memories_seen(b) == (0, 1)
    assert store.memory(a, kept) is not None


def test_memory_speakers_are_everyone_a_memory_quotes(store, users):
    a, _ = users
    remember(store, a, "hi", speaker="Alice")
    remember(store, a, "hello", speaker="Sol")
    remember(store, a, "no one said this")
    assert store.memory_speakers(a) == {"Alice", "Sol"}


def test_editing_a_memory_changes_its_turn_with_it(store, users):
    a, _ = users
    turns = fill_turns(store, a)
    [memory_id] = remember(store, a, "I adopted a puppy", turn_id=turns["asked"])
    store.edit_memory(a, memory_id, "I adopted a kitten", turns["asked"])
    assert store.memory(a, memory_id).text == "I adopted a kitten"
    assert store.turn(a, turns["asked"]).content == "I adopted a kitten"
    store.edit_memory(a, memory_id, "I adopted two kittens", None)
    assert store.memory(a, memory_id).text == "I adopted two kittens"
    assert store.turn(a, turns["asked"]).content == "I adopted a kitten"


def test_reindexing_finds_a_memory_by_its_new_words_and_keeps_its_context(store, users):
    a, _ = users
    item = New("I adopted a puppy", context="garden")
    [memory_id] = store.add_memories(a, [item], [item.text], [vector(1)], EMBEDDER)
    store.reindex_memory(a, memory_id, "I adopted a kitten")
    assert [i for i, _ in store.search_words(a, ["kitten"], 10)] == [memory_id]
    assert store.search_words(a, ["puppy"], 10) == []
    assert [i for i, _ in store.search_words(a, ["garden"], 10)] == [memory_id]


def test_search_ranks_a_memory_with_the_terms_above_one_without(store, users):
    a, _ = users
    both, one, none = remember(store, a, "my sister moved to Chicago last spring",
                               "my sister likes pottery", "the weather is mild")
    found = store.search_words(a, ["sister", "chicago"], 10)
    assert [i for i, _ in found] == [both, one]
    assert found[0][1] > found[1][1]
    assert all(type(score) is float for _, score in found)
    assert [i for i, _ in store.search_words(a, ["sister", "chicago"], 1)] == [both]
    assert store.search_words(a, [], 10) == []
    assert store.search_words(a, ["zebra"], 10) == []


def test_search_finds_words_by_their_stem(store, users):
    a, _ = users
    [memory_id] = remember(store, a, "she runs every morning")
    assert [i for i, _ in store.search_words(a, ["running"], 10)] == [memory_id]


def test_search_weighs_the_text_above_its_context(store, users):
    a, _ = users
    in_text, in_context = (New("pottery class tonight"),
                           New("it was fun", context="pottery class tonight"))
    ids = store.add_memories(a, [in_context, in_text], ["it was fun", "pottery class tonight"],
                             [vector(1), vector(2)], EMBEDDER)
    assert [i for i, _ in store.search_words(a, ["pottery"], 10)] == [ids[1], ids[0]]


def test_search_terms_are_plain_words_never_a_query(store, users):
    a, _ = users
    [memory_id] = remember(store, a, "it's 100% done OR NOT")
    for terms in (['"'], ["it's"], ["100%"], ["NOT"], ["a AND b"], ["*"], ["(", ")"], ["owner:u1"],
                  ["NEAR(a b)"], ["x:y"], ["-"]):
        assert isinstance(store.search_words(a, terms, 10), list)
    assert [i for i, _ in store.search_words(a, ["done"], 10)] == [memory_id]


def test_vectors_round_trip_as_float32_in_id_order(store, users):
    a, _ = users
    turns = fill_turns(store, a)
    vectors = [np.random.default_rng(i).standard_normal(16) for i in range(3)]  # float64 given
    items = [New("a", session_id=turns["session"]), New("b"), New("c", session_id=turns["session"])]
    ids = store.add_memories(a, items, ["a", "b", "c"], vectors, EMBEDDER)
    found_ids, matrix, sessions = store.memory_vectors(a, EMBEDDER)
    assert found_ids == ids
    assert matrix.dtype == np.float32 and matrix.shape == (3, 16)
    assert np.array_equal(matrix, np.stack(vectors).astype(np.float32))
    assert sessions == [turns["session"], None, turns["session"]]
    assert store.memory_vectors(a, "another-embedder") == ([], None, [])


def test_embeddings_are_replaced_and_backfill_finds_what_has_none(store, users):
    a, _ = users
    ids = remember(store, a, "one", "two", "three")
    assert store.unembedded(a, EMBEDDER, 10) == []
    assert {m.id for m in store.unembedded(a, "new-embedder", 10)} == set(ids)
    assert len(store.unembedded(a, "new-embedder", 2)) == 2
    fresh = {ids[0]: vector(10, 4), ids[2]: vector(12, 4)}
    store.set_embeddings(a, fresh, "new-embedder")
    assert [m.id for m in store.unembedded(a, "new-embedder", 10)] == [ids[1]]
    found_ids, matrix, _ = store.memory_vectors(a, "new-embedder")
    assert found_ids == [ids[0], ids[2]]
    assert np.array_equal(matrix, np.stack([fresh[ids[0]], fresh[ids[2]]]))
    assert store.memory_vectors(a, EMBEDDER)[0] == [ids[1]]


def test_memories_between_are_the_newest_in_the_range(store, users, clock):
    a, _ = users
    base = clock()
    ids = [remember(store, a, f"day {d}", at=base + timedelta(days=d))[0] for d in range(5)]
    start, end = ((base + timedelta(days=1)).isoformat(timespec="milliseconds"),
                  (base + timedelta(days=4)).isoformat(timespec="milliseconds"))
    assert store.memories_between(a, start, end, 10) == [ids[3], ids[2], ids[1]]
    assert store.memories_between(a, start, end, 2) == [ids[3], ids[2]]


def test_said_since_insight_is_what_the_user_said_after_the_last_insight(store, users, clock):
    a, _ = users
    session = store.start_session(a, "chat")

    def said(text, role="user"):
        turn = store.add_turn(a, session, role, text)
        remember(store, a, text, turn_id=turn, session_id=session)

    said("before")
    clock.advance(minutes=1)
    remember(store, a, "they like dogs", kind="insight")
    assert store.said_since_insight(a) == []
    clock.advance(minutes=1)
    said("first")
    said("a reply", role="assistant")
    said("second")
    assert store.said_since_insight(a) == ["first", "second"]


@pytest.mark.parametrize("kind", sorted(NASTY))
def test_any_text_survives_a_memory(store, users, kind):
    a, _ = users
    text = NASTY[kind]
    item = New(text, kind="insight", speaker=text, source=text, key=text, context=text)
    [memory_id] = store.add_memories(a, [item], [text], [vector(1)], EMBEDDER)
    memory = store.memory(a, memory_id)
    assert (memory.text, memory.speaker, memory.source, memory.key) == (text, text, text, text)
    assert store.memory_speakers(a) == {text}
    store.edit_memory(a, memory_id, text + "!", None)
    store.reindex_memory(a, memory_id, text + "!")
    assert store.memory(a, memory_id).text == text + "!"


@pytest.mark.parametrize("word", ["café", "Привет", "naïve", "100%", "a_b"])
def test_words_in_any_script_are_found(store, users, word):
    a, _ = users
    [memory_id] = remember(store, a, f"we said {word} then")
    remember(store, a, "nothing to see")
    assert [i for i, _ in store.search_words(a, [word], 10)] == [memory_id]


def test_user_b_never_sees_or_changes_user_as_memories(store, users):
    def trespass(store, a, b, ids):
        assert store.memory(b, ids["memory"]) is None
        assert store.memories_by_id(b, [ids["memory"], ids["insight"]]) == {}
        assert ids["memory"] not in [i for i, _ in store.search_words(b, ["puppy"], 100)]
        store.edit_memory(b, ids["memory"], "changed by B", ids["asked"])
        store.set_embeddings(b, {ids["memory"]: vector(99), ids["insight"]: vector(98)}, EMBEDDER)
        store.set_embeddings(b, {ids["memory"]: vector(99)}, "another")
        store.add_memories(b, [New("B's memory of A's turn", turn_id=ids["asked"])],
                           ["B's memory of A's turn"], [vector(3)], EMBEDDER)

    check_isolation(store, users, "memories", trespass)


def test_reindexing_a_memory_the_user_does_not_have_does_nothing(store, users):
    a, b = users
    [first] = remember(store, a, "the first")
    store.reindex_memory(b, first + 1, "words of B")  # no such memory (yet)
    [second] = remember(store, a, "the second")
    assert second == first + 1
    assert [i for i, _ in store.search_words(a, ["second"], 10)] == [second]
    assert store.search_words(b, ["words"], 10) == []


def test_reindexing_another_users_memory_changes_nothing(store, users):
    a, b = users
    [memory_id] = remember(store, a, "I adopted a puppy")
    store.reindex_memory(b, memory_id, "changed by B")
    assert [i for i, _ in store.search_words(a, ["puppy"], 10)] == [memory_id]
    assert store.search_words(b, ["changed"], 10) == []


def test_a_users_search_scores_do_not_depend_on_other_users(store, users):
    a, b = users
    remember(store, a, "my sister moved to Chicago", "my sister likes pottery")
    alone = store.search_words(a, ["sister", "chicago"], 10)
    remember(store, b, *[f"chicago trip {i}" for i in range(20)])
    assert store.search_words(a, ["sister", "chicago"], 10) == alone


def test_memories_stored_together_are_kept_together_or_not_at_all(store, users):
    a, _ = users
    items = [New("first"), New("second")]
    with pytest.raises(ValueError):  # a vector that is not one
        store.add_memories(a, items, ["first", "second"], [vector(1), "not a vector"], EMBEDDER)
    assert store.all_memories(a) == []
    assert store.search_words(a, ["first"], 10) == []


def test_the_nearest_memories_are_the_users_own_nearest_first(store, users):
    a, b = users
    ids = remember(store, a, *[f"memory {i}" for i in range(12)])  # vector(i) each
    remember(store, b, "B's memory")  # vector(0) too: nearest of all, but B's
    found = store.nearest_memories(a, vector(3), EMBEDDER, 3)
    assert found[0][0] == ids[3] and found[0][1] == pytest.approx(1.0, abs=1e-5)
    assert len(found) == 3 and [s for _, s in found] == sorted((s for _, s in found), reverse=True)
    assert {i for i, _ in store.nearest_memories(a, vector(0), EMBEDDER, 20)} == set(ids)
    assert store.nearest_memories(a, vector(3), "another", 3) == []
    assert store.nearest_memories(b, vector(5), EMBEDDER, 5)[0][0] not in ids
