"""SelfStore: the companion's name and the append-only log of changes to its self."""

from __future__ import annotations

import json

import pytest

from .life import NASTY, assert_plain, check_isolation


def change(key="warmth", old=0.5, new=0.7, reason="they laughed", **more):
    return {"aspect": "trait", "key": key, "old": old, "new": new, "reason": reason, **more}


def test_the_name_is_kept_and_replaced(store, users):
    a, _ = users
    assert store.persona(a) is None
    store.set_persona(a, "Sol", "it felt warm")
    assert store.persona(a) == ("Sol", "it felt warm")
    store.set_persona(a, "Luz", "they asked")
    assert store.persona(a) == ("Luz", "they asked")


def test_changes_are_appended_and_read_back_oldest_first(store, users, clock):
    a, _ = users
    first = store.add_self_changes(a, [change(), change("humour", None, {"level": 2}, "a joke")])
    clock.advance(hours=1)
    [third] = store.add_self_changes(a, [change("warmth", 0.7, 0.6, "too much")])
    assert first[0] < first[1] < third
    changes = store.self_changes(a)
    assert [c["id"] for c in changes] == [*first, third]
    assert [(c["aspect"], c["key"], c["reason"]) for c in changes] == [
        ("trait", "warmth", "they laughed"), ("trait", "humour", "a joke"),
        ("trait", "warmth", "too much")]
    # values are kept as JSON: whatever was given comes back from it
    assert [(json.loads(c["old"]), json.loads(c["new"])) for c in changes] == [
        (0.5, 0.7), (None, {"level": 2}), (0.7, 0.6)]
    assert changes[2]["at"] == store.now() and changes[0]["at"] < changes[2]["at"]
    assert [c["id"] for c in store.self_changes(a, after=first[1])] == [third]
    assert store.self_changes_seen(a) == (3, third)
    assert_plain(changes)


def test_nothing_seen_is_zero_changes(store, users):
    a, _ = users
    assert store.self_changes(a) == []
    assert store.self_changes_seen(a) == (0, 0)
    assert store.last_growth(a) is None
    assert store.add_self_changes(a, []) == []


def test_growth_is_a_change_that_is_neither_a_pin_nor_an_undo(store, users, clock):
    a, _ = users
    [grown] = store.add_self_changes(a, [change()])
    grew = store.now()
    clock.advance(days=1)
    store.add_self_changes(a, [{**change(), "aspect": "pin"}])
    store.add_self_changes(a, [change(undoes=grown)])
    assert store.last_growth(a) == grew
    assert store.self_changes(a)[-1]["undoes"] == grown


@pytest.mark.parametrize("kind", sorted(NASTY))
def test_any_text_survives_the_self(store, users, kind):
    a, _ = users
    text = NASTY[kind]
    store.set_persona(a, text, text)
    assert store.persona(a) == (text, text)
    store.add_self_changes(a, [{"aspect": "value", "key": text, "old": text, "new": [text],
                                "reason": text}])
    [kept] = store.self_changes(a)
    assert (kept["key"], kept["reason"]) == (text, text)
    assert (json.loads(kept["old"]), json.loads(kept["new"])) == (text, [text])


def test_user_b_never_sees_or_changes_user_as_self(store, users):
    def trespass(store, a, b, ids):
        assert store.self_changes(b, after=0) == store.self_changes(b)
        assert ids["change"] not in [c["id"] for c in store.self_changes(b)]
        store.set_persona(b, "Mallory", "mine")
        store.add_self_changes(b, [change(undoes=ids["change"])])

    check_isolation(store, users, "self", trespass)


def test_changes_stored_together_are_kept_together_or_not_at_all(store, users):
    a, _ = users
    with pytest.raises(KeyError):
        store.add_self_changes(a, [change(), {"aspect": "trait", "key": "k", "old": 0, "new": 1}])
    assert store.self_changes(a) == []
