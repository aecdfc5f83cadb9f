"""PeopleStore: facts about the user (superseded, never overwritten) and the people in their
life."""

from __future__ import annotations

import pytest

from os1.memory.people import Mention
from os1.memory.records import Fact

from .life import NASTY, assert_plain, at_once, check_isolation, fill_turns


def test_a_fact_round_trips_as_a_plain_record(store, users):
    a, _ = users
    turns = fill_turns(store, a)
    memory_id = store.set_fact(a, "likes:pottery", "yes", "chat", turns["asked"])
    assert isinstance(memory_id, int)
    assert store.facts(a) == [Fact("likes:pottery", "yes", "chat", store.now(), None, turns["asked"])]
    assert_plain(store.facts(a))


def test_a_changed_fact_supersedes_the_old_which_is_kept_with_its_end(store, users, clock):
    a, _ = users
    first = clock()
    store.set_fact(a, "lives_in", "Lisbon", "chat")
    clock.advance(days=10)
    changed = clock()
    store.set_fact(a, "lives_in", "Porto", "import")
    assert store.facts(a) == [Fact("lives_in", "Porto", "import", store.now(), None)]
    stamp = changed.isoformat(timespec="milliseconds")
    assert store.facts(a, history=True) == [
        Fact("lives_in", "Lisbon", "chat", first.isoformat(timespec="milliseconds"), stamp),
        Fact("lives_in", "Porto", "import", stamp, None)]


def test_the_same_fact_again_is_not_news_whatever_its_case_or_spacing(store, users, clock):
    a, _ = users
    store.set_fact(a, "lives_in", "New York", "chat")
    clock.advance(days=1)
    assert store.set_fact(a, "lives_in", "new  york ", "chat") is None
    assert [f.value for f in store.facts(a, history=True)] == ["New York"]


def test_facts_of_other_keys_stand_side_by_side_in_the_order_told(store, users):
    a, _ = users
    store.set_fact(a, "name", "Ali", "chat")
    store.set_fact(a, "lives_in", "Porto", "chat")
    store.set_fact(a, "relation:sister", "Anna", "chat")
    assert [(f.key, f.value) for f in store.facts(a)] == [
        ("name", "Ali"), ("lives_in", "Porto"), ("relation:sister", "Anna")]


def test_a_fact_from_a_forgotten_turn_is_not_kept(store, users):
    a, _ = users
    turns = fill_turns(store, a)
    store.forget_rows(a, lambda texts: lambda text: False, turn_ids=[turns["asked"]])
    assert store.set_fact(a, "likes", "tea", "chat", turns["asked"]) is None
    assert store.facts(a, history=True) == []


def test_the_users_name_is_their_current_name_fact(store, users):
    a, _ = users
    assert store.user_name(a) is None
    store.set_fact(a, "name", "Alice", "chat")
    store.set_fact(a, "name", "Ali", "chat")
    assert store.user_name(a) == "Ali"


def test_a_person_round_trips_with_what_holds_of_them(store, users):
    a, _ = users
    turns = fill_turns(store, a)
    person = store.note_person(a, Mention("sister", "Anna", (("job", "nurse"), ("city", "Oslo"))),
                               "chat", turns["asked"])
    [kept] = store.people(a)
    assert (kept.id, kept.relation, kept.name) == (person, "sister", "Anna")
    assert kept.facts == {"job": "nurse", "city": "Oslo"}
    assert kept.sources == {"job": "chat", "city": "chat"}
    assert kept.turns == {"relation": turns["asked"], "job": turns["asked"], "city": turns["asked"]}
    assert store.known_names(a) == {"Anna": "sister"}
    assert_plain(store.people(a))


def test_a_person_is_found_again_by_name_whatever_its_case(store, users):
    a, _ = users
    anna = store.note_person(a, Mention("sister", "Anna"), "chat")
    assert store.note_person(a, Mention(None, "ANNA", (("job", "nurse"),)), "chat") == anna
    assert [p.facts for p in store.people(a)] == [{"job": "nurse"}]


def test_a_name_fills_in_the_one_nameless_person_of_that_relation(store, users):
    a, _ = users
    sister = store.note_person(a, Mention("sister", None, (("job", "nurse"),)), "chat")
    assert store.note_person(a, Mention("sister", "Anna"), "chat") == sister
    assert [(p.relation, p.name, p.facts) for p in store.people(a)] == [
        ("sister", "Anna", {"job": "nurse"})]
    # two brothers without names: a named one is someone new
    store.note_person(a, Mention("brother", None), "chat")
    store.note_person(a, Mention("brother", None, (("age", "9"),)), "chat")
    assert [p.relation for p in store.people(a)] == ["sister", "brother"]


def test_a_relation_that_is_news_replaces_the_old(store, users):
    a, _ = users
    person = store.note_person(a, Mention("boyfriend", "Lorenzo"), "chat")
    store.note_person(a, Mention("fiancé", "Lorenzo", changed=True), "chat")
    assert [(p.id, p.relation) for p in store.people(a)] == [(person, "fiancé")]
    store.note_person(a, Mention("friend", "Lorenzo"), "chat")  # not news: kept as it was
    assert store.known_names(a) == {"Lorenzo": "fiancé"}


def test_a_changed_attribute_is_superseded_and_kept_in_the_history(store, users, clock):
    a, _ = users
    person = store.note_person(a, Mention("sister", "Anna", (("city", "Oslo"),)), "chat")
    clock.advance(days=3)
    store.note_person(a, Mention("sister", "Anna", (("city", "oslo"),)), "chat")  # same, any case
    store.note_person(a, Mention("sister", "Anna", (("city", "Bergen"),)), "voice")
    history = store.person_history(a, person)
    assert [(h["key"], h["value"], h["source"], h["valid_to"]) for h in history] == [
        ("city", "Oslo", "chat", store.now()), ("city", "Bergen", "voice", None)]
    assert history[1]["valid_from"] == store.now()
    assert store.people(a)[0].facts == {"city": "Bergen"}
    assert_plain(history)


def test_a_person_from_a_forgotten_turn_is_not_kept(store, users):
    a, _ = users
    turns = fill_turns(store, a)
    store.forget_rows(a, lambda texts: lambda text: False, turn_ids=[turns["asked"]])
    assert store.note_person(a, Mention("sister", "Anna"), "chat", turns["asked"]) is None
    assert store.people(a) == []


@pytest.mark.parametrize("kind", sorted(NASTY))
def test_any_text_survives_a_fact_and_a_person(store, users, kind):
    a, _ = users
    text = NASTY[kind]
    store.set_fact(a, text, text, text)
    assert store.facts(a) == [Fact(text, text, text, store.now(), None)]
    person = store.note_person(a, Mention(text, text, ((text, text),)), text)
    [kept] = store.people(a)
    assert (kept.relation, kept.name, kept.facts, kept.sources) == (
        text, text, {text: text}, {text: text})
    assert store.known_names(a) == {text: text}
    assert store.person_history(a, person)[0]["value"] == text
    assert store.note_person(a, Mention(None, text), "chat") == person  # found by that name


def test_user_b_never_sees_or_changes_user_as_people(store, users):
    def trespass(store, a, b, ids):
        assert store.person_history(b, ids["person"]) == []
        store.set_fact(b, "lives_in", "Madrid", "chat")
        store.note_person(b, Mention("sister", "Anna", (("job", "pilot"),)), "chat")
        store.note_person(b, Mention("sister", None, (("job", "pilot"),)), "chat")

    check_isolation(store, users, "people", trespass)


def test_the_same_fact_told_many_times_at_once_is_kept_once(store, users):
    a, _ = users
    made = at_once(8, lambda i: store.set_fact(a, "lives_in", "Porto", "chat"))
    assert len([m for m in made if m is not None]) == 1
    assert [f.value for f in store.facts(a, history=True)] == ["Porto"]


def test_a_person_told_of_many_times_at_once_is_one_person(store, users):
    a, _ = users
    made = at_once(8, lambda i: store.note_person(a, Mention("sister", "Anna", (("job", "nurse"),)),
                                                  "chat"))
    assert len(set(made)) == 1
    assert len(store.people(a)) == 1 and len(store.person_history(a, made[0])) == 1


def test_a_person_is_found_again_by_a_name_in_any_script_whatever_its_case(store, users):
    a, _ = users
    person = store.note_person(a, Mention("friend", "Élodie"), "chat")
    assert store.note_person(a, Mention(None, "élodie", (("city", "Lyon"),)), "chat") == person
    assert len(store.people(a)) == 1
