"""Forgetting a turn forgets what was learnt from it: the facts read from it go with it, while
an older value of the same fact, told in another conversation, stays as history; a letter drawn
from it (asked for, or told of its recipient, in it) goes with it, every version."""

import json

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



NOTE = ("Dear Anna,\n\nHappy birthday! I miss our walks by the river in Quillon and think of them "
        "often.\n\nLove,\nTheo")


def _asking_for_a_letter(mem: Memories, told: list[str], request: str):
    store = mem.store
    user = store.user()
    store.set_persona(user, "Samantha", "test")
    me = Companion(store, FakeModel([*["Noted."] * len(told), NOTE, NOTE, NOTE]), user, memories=mem,
                   perceiver=LexiconPerceiver())
    session = store.start_session(user, "t")
    for text in told:
        me.ask(text, session)
    reply = me.ask(request, session).text
    assert "Dear Anna" in reply and len(store.letters(user)) == 1, reply
    return store, user


def _turn_memory(mem: Memories, user: int, word: str) -> int:
    return next(m.id for m in mem.list(user, limit=50) if m.kind == "turn" and word in m.text)


def test_a_letter_asked_for_in_conversation_goes_when_the_request_is_forgotten(mem: Memories):
    store, user = _asking_for_a_letter(
        mem, ["I had a quiet day at home."],
        "Can you write a birthday note for my sister Anna? Say I miss our walks by the river in Quillon.")
    details = store.letters_export(user)["details"]
    assert details and any("river" in d["text"] for d in details)  # remembered for next time
    letter_id = store.letters(user)[0]["id"]
    assert [row["id"] for row in store.letters_drawn_from(user, [t.id for t in store.recent_turns(user, 10)])] \
        == [letter_id]
    assert mem.forget(user, _turn_memory(mem, user, "Quillon"))
    left = store.letters_export(user)
    assert left["letters"] == [] and left["versions"] == [] and left["details"] == []
    assert mem.about(user, "Quillon").count == 0  # no copy anywhere: the draft, its reply, its details
    assert any("quiet day" in m.text for m in mem.list(user, limit=50))  # the rest is kept


def test_a_letter_goes_when_what_was_told_of_its_recipient_is_forgotten(mem: Memories):
    store, user = _asking_for_a_letter(
        mem, ["My sister Anna and I used to walk by the river in Quillon every Sunday.",
              "I had a quiet day at home."],
        "Could you write a birthday note for Anna? Keep it short.")
    commission = json.loads(store.letters_export(user)["letters"][0]["commission"])
    assert len(commission["from_turns"]) == 1 and len(commission["told_in"]) == 1  # asked; told of her
    assert mem.forget(user, _turn_memory(mem, user, "quiet day"))  # drew nothing: the letter stays
    assert len(store.letters(user)) == 1
    assert mem.forget(user, _turn_memory(mem, user, "Sunday"))  # the letter says "Quillon", told there
    assert store.letters(user) == [] and mem.about(user, "Quillon").count == 0


def test_a_letter_that_repeats_nothing_of_a_forgotten_told_turn_stays(mem: Memories):
    store, user = _asking_for_a_letter(
        mem, ["My sister Anna is training for the Lisbon marathon."],
        "Could you write a birthday note for Anna? Say I miss our walks by the river in Quillon.")
    assert json.loads(store.letters_export(user)["letters"][0]["commission"])["told_in"]
    assert mem.forget(user, _turn_memory(mem, user, "Lisbon"))  # the letter never says Lisbon
    assert len(store.letters(user)) == 1 and mem.about(user, "Lisbon").count == 0
