"""TurnStore: users, conversations and their turns."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from os1.memory.records import Turn

from .life import NASTY, assert_plain, at_once, check_isolation, fill_turns, view_turns

STOPPED = "the writer stopped"  # the error a reply cut off by a dead process is stored with


def test_a_user_is_found_again_by_name(store):
    a = store.user("alice")
    assert store.user("alice") == a
    assert store.user("bob") != a
    assert isinstance(a, int)


def test_workers_starting_at_once_on_a_new_database_find_one_user(store, workers):
    found = at_once(len(workers), lambda i: workers[i].user("local"))
    assert len(set(found)) == 1
    assert store.user("local") == found[0]


def test_a_turn_round_trips_as_a_plain_record(store, users, clock):
    a, _ = users
    session = store.start_session(a, "web")
    turn_id = store.add_turn(a, session, "assistant", "Hello", status="streaming", model="m1",
                             prompt_tokens=12, completion_tokens=3, ttft_ms=41.5,
                             duration_ms=300.25, meta={"recalled": [1, 2], "note": "é"})
    turn = store.turn(a, turn_id)
    assert turn == Turn(turn_id, session, "assistant", "Hello", "streaming", store.now(),
                        model="m1", prompt_tokens=12, completion_tokens=3, ttft_ms=41.5,
                        duration_ms=300.25, error=None, meta={"recalled": [1, 2], "note": "é"})
    assert_plain(turn)
    assert store.turn(a, turn_id + 1000) is None


def test_unknown_turn_fields_are_left_out_on_add_and_refused_on_update(store, users):
    a, _ = users
    session = store.start_session(a, "chat")
    turn_id = store.add_turn(a, session, "user", "hi", colour="red")
    assert store.turn(a, turn_id).content == "hi"
    with pytest.raises(ValueError):
        store.update_turn(a, turn_id, colour="red")


def test_update_turn_changes_only_the_fields_given(store, users, clock):
    a, _ = users
    session = store.start_session(a, "chat")
    turn_id = store.add_turn(a, session, "assistant", "Hel", status="streaming", model="m1")
    clock.advance(seconds=2)
    store.update_turn(a, turn_id, content="Hello there", status="complete",
                      meta={"safety": ["care"]}, duration_ms=2000.0)
    turn = store.turn(a, turn_id)
    assert (turn.content, turn.status, turn.model, turn.meta, turn.duration_ms) == (
        "Hello there", "complete", "m1", {"safety": ["care"]}, 2000.0)
    assert turn.created_at < store.now()  # made before the clock moved


def test_recent_turns_are_the_last_ones_oldest_first(store, users, clock):
    a, _ = users
    session = store.start_session(a, "chat")
    ids = []
    for i in range(6):
        clock.advance(seconds=1)
        ids.append(store.add_turn(a, session, "user" if i % 2 == 0 else "assistant", f"t{i}"))
    recent = store.recent_turns(a, 4)
    assert [t.id for t in recent] == ids[2:]
    assert [t.content for t in recent] == ["t2", "t3", "t4", "t5"]
    assert store.recent_turns(a, 100) == store.recent_turns(a, 6)
    assert store.count_turns(a) == 6
    assert_plain(recent)


def test_said_lately_is_the_users_words_newest_first_with_when(store, users, clock):
    a, _ = users
    session = store.start_session(a, "chat")
    stamps = []
    for i in range(3):
        clock.advance(minutes=1)
        store.add_turn(a, session, "user", f"u{i}")
        store.add_turn(a, session, "assistant", f"r{i}")
        stamps.append(clock())
    said = store.said_lately(a, 2)
    assert [text for _, text in said] == ["u2", "u1"]
    assert [when for when, _ in said] == [stamps[2], stamps[1]]
    assert all(isinstance(when, datetime) for when, _ in said)


def test_said_with_ids_is_the_users_words_newest_first_with_their_turns(store, users):
    a, b = users
    session = store.start_session(a, "chat")
    ids = [store.add_turn(a, session, "user", f"u{i}") for i in range(3)]
    store.add_turn(a, session, "assistant", "r")
    store.add_turn(b, store.start_session(b, "chat"), "user", "theirs")
    assert store.said_with_ids(a, 2) == [(ids[2], "u2"), (ids[1], "u1")]
    assert store.said_with_ids(a) == [(ids[2], "u2"), (ids[1], "u1"), (ids[0], "u0")]


def test_last_marked_is_when_a_reply_last_carried_the_mark(store, users, clock):
    a, _ = users
    session = store.start_session(a, "chat")
    assert store.last_marked(a, "crisis") is None
    store.add_turn(a, session, "user", "x", meta={"safety": ["crisis"]})  # not a reply
    assert store.last_marked(a, "crisis") is None
    store.add_turn(a, session, "assistant", "y", meta={"safety": ["crisis", "care"]})
    marked = clock()
    clock.advance(hours=1)
    store.add_turn(a, session, "assistant", "z", meta={"safety": ["care"]})
    assert store.last_marked(a, "crisis") == marked
    assert store.last_marked(a, "care") == clock()
    assert store.last_marked(a, "cris") is None  # the whole mark, not a part of it


def test_acquaintance_counts_sessions_the_user_spoke_in(store, users, clock):
    a, _ = users
    assert store.acquaintance(a) == (None, 0)
    first = store.start_session(a, "chat")
    store.add_turn(a, first, "user", "hi")
    began = store.now()
    clock.advance(days=1)
    quiet = store.start_session(a, "chat")
    store.add_turn(a, quiet, "assistant", "anyone there?")
    again = store.start_session(a, "web")
    store.add_turn(a, again, "user", "back")
    store.add_turn(a, again, "user", "and again")
    assert store.acquaintance(a) == (began, 2)


def test_conversations_are_newest_first_with_their_turn_counts(store, users, clock):
    a, _ = users
    first = store.start_session(a, "chat")
    started = store.now()
    store.add_turn(a, first, "user", "one")
    clock.advance(minutes=5)
    store.end_session(a, first)
    ended = store.now()
    second = store.start_session(a, "voice")
    for text in ("a", "b", "c"):
        store.add_turn(a, second, "user", text)
    empty = store.start_session(a, "web")
    listed = store.conversations(a, 10)
    assert [(c["id"], c["channel"], c["turns"]) for c in listed] == [
        (empty, "web", 0), (second, "voice", 3), (first, "chat", 1)]
    assert (listed[2]["started_at"], listed[2]["ended_at"]) == (started, ended)
    assert listed[1]["ended_at"] is None
    assert [c["id"] for c in store.conversations(a, 2)] == [empty, second]
    assert_plain(listed)


def test_a_conversation_is_its_turns_oldest_first(store, users):
    a, _ = users
    session = store.start_session(a, "chat")
    other = store.start_session(a, "chat")
    ids = [store.add_turn(a, session, "user", "q"), store.add_turn(a, session, "assistant", "r")]
    store.add_turn(a, other, "user", "elsewhere")
    turns = store.conversation(a, session)
    assert [(t["id"], t["role"], t["content"], t["status"]) for t in turns] == [
        (ids[0], "user", "q", "complete"), (ids[1], "assistant", "r", "complete")]
    assert set(turns[0]) >= {"id", "role", "content", "status", "created_at"}
    assert store.conversation(a, other + 1000) is None
    assert store.conversation(a, store.start_session(a, "chat")) == []
    assert_plain(turns)


def test_all_turns_are_every_turn_oldest_first(store, users):
    a, _ = users
    first, second = store.start_session(a, "chat"), store.start_session(a, "web")
    ids = [store.add_turn(a, first, "user", "1"), store.add_turn(a, second, "user", "2"),
           store.add_turn(a, first, "assistant", "3", model="m")]
    rows = store.all_turns(a)
    assert [(r["id"], r["session_id"], r["content"], r["model"]) for r in rows] == [
        (ids[0], first, "1", None), (ids[1], second, "2", None), (ids[2], first, "3", "m")]
    assert_plain(rows)


def test_said_since_is_what_the_user_said_from_then_on_with_its_meta(store, users, clock):
    a, _ = users
    session = store.start_session(a, "chat")
    store.add_turn(a, session, "user", "before", meta={"valence": -0.2})
    clock.advance(hours=1)
    since = clock()
    store.add_turn(a, session, "user", "at", meta={"valence": 0.6, "topics": ["work"]})
    store.add_turn(a, session, "assistant", "a reply")
    clock.advance(hours=1)
    store.add_turn(a, session, "user", "after")
    assert store.said_since(a, since) == [("at", {"valence": 0.6, "topics": ["work"]}),
                                          ("after", {})]
    assert store.said_since(a, since + timedelta(days=1)) == []
    elsewhere = since.astimezone(timezone(timedelta(hours=9)))  # the same instant, in Tokyo
    assert [text for text, _ in store.said_since(a, elsewhere)] == ["at", "after"]


def test_a_reply_cut_off_is_unremembered_until_marked(store, users):
    a, _ = users
    session = store.start_session(a, "chat")
    asked = store.add_turn(a, session, "user", "tell me")
    reply = store.add_turn(a, session, "assistant", "Once upon", status="interrupted",
                           error=STOPPED)
    store.add_turn(a, session, "assistant", "fine", status="failed", error="other")
    pairs = store.unremembered(a)
    assert [(q.id if q else None, r.id) for q, r in pairs] == [(asked, reply)]
    assert pairs[0][1].content == "Once upon"
    assert_plain(pairs)
    store.remembered(a, reply)
    assert store.unremembered(a) == []


def test_a_cut_off_reply_without_a_question_is_unremembered_alone(store, users):
    a, _ = users
    session = store.start_session(a, "chat")
    reply = store.add_turn(a, session, "assistant", "Good morning", status="interrupted",
                           error=STOPPED)
    assert [(q, r.id) for q, r in store.unremembered(a)] == [(None, reply)]


def test_an_orphan_reply_is_dropped_only_when_its_question_is_gone(store, users):
    a, _ = users
    ids = fill_turns(store, a)
    assert store.drop_orphan_reply(a, ids["asked"], ids["reply"]) is False
    assert store.turn(a, ids["reply"]) is not None
    store.forget_rows(a, lambda texts: lambda text: False, turn_ids=[ids["asked"]])
    assert store.drop_orphan_reply(a, ids["asked"], ids["reply"]) is True
    assert store.turn(a, ids["reply"]) is None


@pytest.mark.parametrize("kind", sorted(NASTY))
def test_any_text_survives_a_turn(store, users, kind):
    a, _ = users
    text = NASTY[kind]
    session = store.start_session(a, text)
    turn_id = store.add_turn(a, session, "user", text, model=text, error=text,
                             meta={"note": text, text[:50]: [text]})
    turn = store.turn(a, turn_id)
    assert (turn.content, turn.model, turn.error) == (text, text, text)
    assert turn.meta == {"note": text, text[:50]: [text]}
    assert store.conversations(a, 1)[0]["channel"] == text
    store.update_turn(a, turn_id, content=text + text)
    assert store.recent_turns(a, 1)[0].content == text + text
    assert store.said_lately(a, 1)[0][1] == text + text


def test_user_b_never_sees_or_changes_user_as_turns(store, users):
    def trespass(store, a, b, ids):
        assert store.turn(b, ids["asked"]) is None
        assert store.conversation(b, ids["session"]) is None
        store.update_turn(b, ids["asked"], content="changed by B")
        store.end_session(b, ids["session"])
        store.remembered(b, ids["reply"])
        assert store.drop_orphan_reply(b, ids["asked"], ids["reply"]) is True  # B has no such turn
        with pytest.raises(ValueError):  # refused: not B's conversation
            store.add_turn(b, ids["session"], "user", "B writes into A's session?")

    check_isolation(store, users, "turns", trespass)
    a, b = users
    assert view_turns(store, a)["conversation"][0] is not None
