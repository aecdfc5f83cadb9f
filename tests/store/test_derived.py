"""Writes made from a turn (its memories, the facts and people read from it) and a forget or
an erase of that turn, in either order and from two workers at once: a forget never leaves a
copy. A turn is memorised a moment after it is said (the web app tells its client "done"
first), so a forget can come in between."""

from __future__ import annotations

import threading

import pytest

from os1.memory.people import Mention
from os1.memory.records import New

from .life import EMBEDDER, vector

SAID = "My sister Anna is a nurse in Porto"


def said_and_answered(store, user):
    session = store.start_session(user, "web")
    asked = store.add_turn(user, session, "user", SAID)
    reply = store.add_turn(user, session, "assistant", "How lovely, tell me more.")
    later = store.add_turn(user, session, "user", "She works nights.")
    return session, asked, reply, later


def memorise(store, user, session, asked, reply, later):
    """What memorising the turn (and the next one, whose context quotes it) writes; what
    each write returned."""
    items = [New(SAID, speaker="Ali", session_id=session, turn_id=asked),
             New("How lovely, tell me more.", speaker="OS1", session_id=session, turn_id=reply,
                 context=f"Ali: {SAID}", context_turn=asked),
             New("She works nights.", speaker="Ali", session_id=session, turn_id=later,
                 context=f"Ali: {SAID}", context_turn=asked)]
    memories = store.add_memories(user, items, [i.text for i in items],
                                  [vector(1), vector(2), vector(3)], EMBEDDER)
    fact = store.set_fact(user, "lives_in", "Porto", "conversation", asked)
    person = store.note_person(user, Mention("sister", "Anna", (("job", "nurse"),)),
                               "conversation", asked)
    return memories, fact, person


def nothing_of_it(store, user) -> bool:
    """Whether no row of the user holds the turn's words, nor is found by them."""
    found = store.find_mentions(user, lambda text: any(w in text for w in ("Anna", "nurse",
                                                                            "Porto")), "nurse")
    return not any(found.values()) and store.search_words(user, ["nurse", "porto"], 10) == []


def test_a_turn_forgotten_before_it_is_memorised_leaves_nothing_made_of_it(store, users):
    a, _ = users
    session, asked, reply, later = said_and_answered(store, a)
    store.forget_rows(a, lambda texts: lambda text: False, turn_ids=[asked])
    memories, fact, person = memorise(store, a, session, asked, reply, later)
    assert memories[0] is None and fact is None and person is None
    kept = store.memories_by_id(a, [m for m in memories if m is not None])
    assert sorted(m.text for m in kept.values()) == ["How lovely, tell me more.",
                                                    "She works nights."]  # their own turns stay
    assert store.facts(a, history=True) == [] and store.people(a) == []
    assert nothing_of_it(store, a)  # and the context that quoted it is left out


@pytest.mark.parametrize("account", [False, True])
def test_a_user_erased_before_their_turn_is_memorised_keeps_nothing(store, users, account):
    a, b = users
    session, asked, reply, later = said_and_answered(store, a)
    store.erase_user(a, account=account)
    memories, fact, person = memorise(store, a, session, asked, reply, later)
    assert memories == [None, None, None] and fact is None and person is None
    assert not any(store.row_counts(a).values())
    if account:  # of no turn, but of a user who is gone: nothing either
        assert store.add_memories(a, [New("an insight")], ["an insight"], [vector(4)],
                                  EMBEDDER) == [None]
        assert store.set_fact(a, "name", "Ali", "user") is None
        assert not any(store.row_counts(a).values())
    assert store.user("bob") == b  # no one else's


class Held(list):
    """Texts that, read inside the write's transaction, wait there until ``go`` is set."""

    def __init__(self, texts):
        super().__init__(texts)
        self.inside, self.go = threading.Event(), threading.Event()

    def __iter__(self):
        self.inside.set()
        assert self.go.wait(60)
        return super().__iter__()


def test_a_forget_under_way_in_another_worker_holds_off_the_memorising(store, users, workers):
    a, _ = users
    session, asked, reply, later = said_and_answered(store, a)
    inside, go = threading.Event(), threading.Event()

    def held(texts):  # called inside the forget's transaction, after its deletes
        inside.set()
        assert go.wait(60)
        return lambda text: False

    forget = threading.Thread(target=store.forget_rows, args=(a, held), kwargs={"turn_ids": [asked]})
    forget.start()
    assert inside.wait(60)
    wrote: list = []
    writer = threading.Thread(target=lambda: wrote.append(
        memorise(workers[0], a, session, asked, reply, later)))
    writer.start()
    writer.join(0.5)
    assert writer.is_alive()  # it waits for the forget to end
    go.set()
    forget.join(60)
    writer.join(60)
    [(memories, fact, person)] = wrote
    assert memories[0] is None and fact is None and person is None
    assert nothing_of_it(store, a)


def test_a_memorising_under_way_in_another_worker_is_forgotten_with_its_turn(store, users, workers):
    a, _ = users
    session, asked, _, _ = said_and_answered(store, a)
    texts = Held([SAID])
    wrote: list = []
    writer = threading.Thread(target=lambda: wrote.append(workers[0].add_memories(
        a, [New(SAID, turn_id=asked, session_id=session)], texts, [vector(1)], EMBEDDER)))
    writer.start()
    assert texts.inside.wait(60)  # inside its transaction, the turn found
    forget = threading.Thread(target=store.forget_rows, args=(a, lambda texts: lambda t: False),
                              kwargs={"turn_ids": [asked]})
    forget.start()
    forget.join(0.5)
    assert forget.is_alive()  # it waits for the memory to be written...
    texts.go.set()
    writer.join(60)
    forget.join(60)
    assert len(wrote) == 1 and wrote[0][0] is not None
    assert store.all_memories(a) == [] and nothing_of_it(store, a)  # ...and takes it
