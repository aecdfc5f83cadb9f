"""AffectStore: the companion's moods."""

from __future__ import annotations

from datetime import timedelta, timezone

import pytest

from .life import NASTY, assert_plain, check_isolation


def test_a_mood_round_trips(store, users):
    a, _ = users
    assert store.last_affect(a) is None
    store.add_affect(a, 0.25, -0.5, "wistful", "a sad story")
    last = store.last_affect(a)
    assert {k: last[k] for k in ("at", "valence", "arousal", "mood", "cause")} == {
        "at": store.now(), "valence": 0.25, "arousal": -0.5, "mood": "wistful",
        "cause": "a sad story"}
    assert_plain(last)


def test_feelings_keep_every_digit(store, users):
    a, _ = users
    store.add_affect(a, 0.1, 1 / 3, "calm", "x")
    assert (store.last_affect(a)["valence"], store.last_affect(a)["arousal"]) == (0.1, 1 / 3)


def test_moods_are_oldest_first_all_or_the_last_few(store, users, clock):
    a, _ = users
    for i in range(4):
        store.add_affect(a, i / 10, 0.0, f"m{i}", "c")
        clock.advance(minutes=1)
    assert [m["mood"] for m in store.moods(a)] == ["m0", "m1", "m2", "m3"]
    assert [m["mood"] for m in store.moods(a, limit=2)] == ["m2", "m3"]
    assert set(store.moods(a)[0]) == {"at", "valence", "arousal", "mood", "cause"}
    assert store.last_affect(a)["mood"] == "m3"
    assert_plain(store.moods(a))


def test_affect_since_is_the_moods_from_then_on(store, users, clock):
    a, _ = users
    store.add_affect(a, 0.1, 0.1, "before", "c")
    clock.advance(hours=1)
    since = clock()
    store.add_affect(a, 0.2, 0.1, "at", "c")
    clock.advance(hours=1)
    store.add_affect(a, 0.3, 0.1, "after", "c")
    assert [m["mood"] for m in store.affect_since(a, since)] == ["at", "after"]
    assert store.affect_since(a, clock() + timedelta(seconds=1)) == []
    elsewhere = since.astimezone(timezone(timedelta(hours=-5)))  # the same instant, in Chicago
    assert [m["mood"] for m in store.affect_since(a, elsewhere)] == ["at", "after"]


@pytest.mark.parametrize("kind", sorted(NASTY))
def test_any_text_survives_a_mood(store, users, kind):
    a, _ = users
    store.add_affect(a, 0.0, 0.0, NASTY[kind], NASTY[kind])
    assert (store.last_affect(a)["mood"], store.moods(a)[0]["cause"]) == (NASTY[kind], NASTY[kind])


def test_user_b_never_sees_user_as_moods(store, users):
    def trespass(store, a, b, ids):
        store.add_affect(b, -1.0, 1.0, "angry", "B")

    check_isolation(store, users, "affect", trespass)
    a, b = users
    assert store.last_affect(b)["mood"] == "angry"  # B's own moods are B's
