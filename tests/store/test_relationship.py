"""RelationshipStore: how much they have talked and shared; the check-ins owed."""

from __future__ import annotations

from datetime import timedelta

import pytest

from os1.memory.records import Talked

from .life import EARLY, NASTY, assert_plain, at_once, check_isolation


def stamp(at):
    return at.isoformat(timespec="milliseconds")


def test_talked_counts_the_users_sessions_and_strong_feelings(store, users, clock):
    a, _ = users
    assert store.talked(a) == Talked(0, None, None, 0)
    first = store.start_session(a, "chat")
    store.add_turn(a, first, "user", "great news!", meta={"valence": 0.9})
    began = store.now()
    store.add_turn(a, first, "assistant", "wonderful", meta={"valence": 0.9})  # not the user's
    clock.advance(days=2)
    second = store.start_session(a, "web")
    store.add_turn(a, second, "user", "meh", meta={"valence": 0.2})
    store.add_turn(a, second, "user", "awful day", meta={"valence": -0.5})
    store.add_turn(a, second, "user", "no feeling noticed")
    store.start_session(a, "voice")  # nothing said
    talked = store.talked(a)
    assert talked == Talked(2, began, store.now(), 2)
    assert_plain(talked)


def test_felt_moments_are_the_strongest_first_leaving_out_crises(store, users, clock):
    a, _ = users
    session = store.start_session(a, "chat")
    for text, meta in (("fine", {"valence": 0.3}), ("thrilled", {"valence": 0.9}),
                       ("heartbroken", {"valence": -0.8}), ("ways to die", {"valence": -0.9,
                                                                            "withheld": True}),
                       ("crisis", {"valence": -1.0, "risk": "high"}), ("glad", {"valence": 0.6}),
                       ("also glad", {"valence": -0.6})):
        store.add_turn(a, session, "user", text, meta=meta)
        clock.advance(minutes=1)
    store.add_turn(a, session, "assistant", "so strong", meta={"valence": 1.0})
    felt = store.felt_moments(a, 10)
    assert [text for _, text in felt] == ["thrilled", "heartbroken", "also glad", "glad"]
    assert [text for _, text in store.felt_moments(a, 2)] == ["thrilled", "heartbroken"]
    assert all(isinstance(when, str) for when, _ in felt)
    assert_plain(felt)


def test_a_checkin_is_due_between_oldest_and_now_and_asked_once(store, users, clock):
    a, _ = users
    now = clock()
    soon, later = stamp(now + timedelta(hours=1)), stamp(now + timedelta(hours=2))
    assert store.add_checkin(a, "the interview", later, None, stamp(now))
    assert store.add_checkin(a, "the dentist", soon, None, stamp(now))
    assert store.due_checkin(a, stamp(now), stamp(now - timedelta(days=1))) is None
    clock.advance(hours=3)
    due = store.due_checkin(a, store.now(), stamp(now))
    assert due is not None and due[1] == "the dentist"
    assert store.due_checkin(a, store.now(), stamp(now + timedelta(hours=1, seconds=1)))[1] == \
        "the interview"  # the dentist is older than the oldest asked for
    assert store.last_checkin_asked(a) is None
    store.checkin_asked(a, due[0], store.now())
    assert store.last_checkin_asked(a) == store.now()
    assert store.due_checkin(a, store.now(), stamp(now))[1] == "the interview"
    assert_plain(due)


def test_once_adds_a_checkin_only_when_none_about_it_is_pending(store, users, clock):
    a, _ = users
    now = store.now()
    assert store.add_checkin(a, "the move", now, None, now, once=True)
    assert not store.add_checkin(a, "the move", now, None, now, once=True)
    assert store.add_checkin(a, "the move", now, None, now)  # without once: added
    assert store.add_checkin(a, "the exam", now, None, now, once=True)
    due = store.due_checkin(a, now, EARLY)
    store.checkin_asked(a, due[0], now)
    store.checkin_asked(a, store.due_checkin(a, now, EARLY)[0], now)
    assert store.due_checkin(a, now, EARLY)[1] == "the exam"


def test_once_asked_many_times_at_once_adds_one_checkin(store, users):
    a, _ = users
    now = store.now()
    added = at_once(8, lambda i: store.add_checkin(a, "the move", now, None, now, once=True))
    assert added.count(True) == 1
    store.checkin_asked(a, store.due_checkin(a, now, EARLY)[0], now)
    assert store.due_checkin(a, now, EARLY) is None


def test_dropping_every_checkin_leaves_none_due(store, users):
    a, _ = users
    now = store.now()
    store.add_checkin(a, "one", now, None, now)
    store.add_checkin(a, "two", now, None, now)
    store.drop_checkins(a, every=False)  # none asked yet: nothing to drop
    assert store.due_checkin(a, now, EARLY) is not None
    store.drop_checkins(a, every=True)
    assert store.due_checkin(a, now, EARLY) is None
    assert store.add_checkin(a, "one", now, None, now, once=True)  # no longer pending


@pytest.mark.parametrize("kind", sorted(NASTY))
def test_any_text_survives_a_checkin_and_a_felt_moment(store, users, kind):
    a, _ = users
    text, now = NASTY[kind], store.now()
    store.add_checkin(a, text, now, None, now)
    assert store.due_checkin(a, now, EARLY)[1] == text
    assert not store.add_checkin(a, text, now, None, now, once=True)
    session = store.start_session(a, "chat")
    store.add_turn(a, session, "user", text, meta={"valence": 0.7})
    assert store.felt_moments(a, 1)[0][1] == text


def test_user_b_never_sees_or_changes_user_as_relationship(store, users):
    def trespass(store, a, b, ids):
        now = store.now()
        assert store.add_checkin(b, "the interview", now, None, now, once=True)
        for checkin in range(1, 20):
            store.checkin_asked(b, checkin, now)
        store.drop_checkins(b, every=True)
        store.drop_checkins(b, every=False)

    check_isolation(store, users, "relationship", trespass)


def test_a_pending_checkin_of_one_user_never_stops_anothers(store, users):
    a, b = users
    now = store.now()
    assert store.add_checkin(a, "the move", now, None, now, once=True)
    assert store.add_checkin(b, "the move", now, None, now, once=True)
    store.checkin_asked(b, store.due_checkin(b, now, EARLY)[0], now)
    assert store.due_checkin(a, now, EARLY)[1] == "the move"
    assert store.last_checkin_asked(a) is None


def test_a_checkin_added_once_many_times_at_once_is_added_once(store, users):
    a, _ = users
    now = store.now()
    added = at_once(8, lambda i: store.add_checkin(a, "the move", now, None, now, once=True))
    assert added.count(True) == 1
