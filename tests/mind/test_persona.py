"""The self is its start with every change replayed; the replay is kept between calls, and
must always agree with replaying from scratch."""

from dataclasses import asdict

from os1.memory.store import Store
from os1.mind import persona


def fresh(store, user):
    persona._REPLAYED.clear()
    return asdict(persona.current(store, user))


def test_the_kept_replay_agrees_with_a_fresh_one(tmp_path):
    store = Store(tmp_path / "p.db")
    me, other = store.user("me"), store.user("other")
    change = {"aspect": "trait", "key": "openness", "old": 0.6, "new": 0.65, "reason": "topics"}
    assert asdict(persona.current(store, me)) == fresh(store, me)
    first = store.add_self_changes(me, [change])[0]
    store.add_self_changes(other, [{**change, "new": 0.4}])
    assert persona.current(store, me).traits["openness"] == 0.65
    persona.pin(store, me, "openness")
    persona.undo(store, me, first)
    kept = asdict(persona.current(store, me))
    assert kept == fresh(store, me) and kept["traits"]["openness"] == 0.6
    assert "openness" in kept["pinned"]
    mine = persona.current(store, me)
    mine.traits["openness"] = 0.99  # a caller's copy: changing it changes nothing kept
    assert persona.current(store, me).traits["openness"] == 0.6
    assert persona.current(store, other).traits["openness"] == 0.4
    store.erase_user(me)  # rows gone: back to the start, not the kept replay
    store.add_self_changes(me, [{**change, "new": 0.7}])
    assert persona.current(store, me).traits["openness"] == 0.7 == fresh(store, me)["traits"]["openness"]
    store.close()
