"""Forgetting a turn forgets what was learnt from it: the facts read from it go with it, while
an older value of the same fact, told in another conversation, stays as history."""

from os1.memory.memories import Memories
from os1.mind.perceive import LexiconPerceiver
from os1.mind.turn import Companion
from os1.models.fake import FakeModel


def _talking(mem: Memories):
    store = mem.store
    user = store.user()
    store.set_persona(user, "Samantha", "test")
    me = Companion(store, FakeModel(["Noted."] * 5), user, memories=mem,
                   perceiver=LexiconPerceiver())
    return store, user, me, store.start_session(user, "t")


def test_facts_read_from_a_forgotten_turn_go_with_it(mem: Memories):
    store, user, me, session = _talking(mem)
    me.ask("I live in Leeds these days, and I work as a nurse.", session)
    assert {(f.key, f.value) for f in store.facts(user)} >= {("lives_in", "Leeds"), ("job", "nurse")}
    said = next(m for m in mem.list(user, limit=20) if m.kind == "turn" and "Leeds" in m.text)
    assert mem.forget(user, said.id)
    assert not any(f.value in ("Leeds", "nurse") for f in store.facts(user, history=True))
    assert not any("Leeds" in m.text or "nurse" in m.text for m in mem.list(user, limit=50))


def test_an_older_value_told_elsewhere_stays_when_the_newer_turn_is_forgotten(mem: Memories):
    store, user, me, session = _talking(mem)
    me.ask("I work as a teacher.", session)
    me.ask("I work as a nurse now, I changed careers.", session)
    assert [f.value for f in store.facts(user) if f.key == "job"] == ["nurse"]
    said = next(m for m in mem.list(user, limit=20) if m.kind == "turn" and "nurse" in m.text)
    assert mem.forget(user, said.id)
    values = [f.value for f in store.facts(user, history=True) if f.key == "job"]
    assert values == ["teacher"]  # what was said in the other turn is still known, as history

