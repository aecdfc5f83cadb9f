"""FriendStore: the user's keys, invitations, links to friends' companions and their message
log. The one lookup before a user is known is whose inbox a handle is."""

from __future__ import annotations

import pytest

from os1.memory.people import Mention
from os1.memory.records import New
from os1.memory.store_friends import Friend

from .life import EARLY, EMBEDDER, LATE, NASTY, assert_plain, at_once, check_isolation, vector


def link(store, user, key="carol-key", status="active"):
    return store.link_friend(user, "Carol", "Al", key, "https://carol.example", '{"facts": []}',
                             status)


def test_the_identity_is_made_once_and_routes_its_handle(store, users):
    a, b = users
    assert store.friend_identity(a) is None
    store.add_friend_identity(a, "keyring", "pub-a", "handle-a")
    store.add_friend_identity(a, "file:other", "pub-other", "handle-other")  # made already
    assert store.friend_identity(a) == {"private_key": "keyring", "public_key": "pub-a",
                                        "handle": "handle-a"}
    assert store.user_of_handle("handle-a") == a
    assert store.user_of_handle("handle-other") is None
    store.set_friend_private_key(a, "file:moved")
    assert store.friend_identity(a)["private_key"] == "file:moved"


def test_an_invitation_is_taken_once_and_only_before_it_expires(store, users):
    a, _ = users
    now = store.now()
    store.add_invite(a, "tok-1", "Carol", '{"facts": []}', LATE)
    store.add_invite(a, "tok-old", "Dan", "{}", EARLY)
    taken = store.take_invite(a, "tok-1", now)
    assert (taken["name"], taken["scope"]) == ("Carol", '{"facts": []}')
    assert store.take_invite(a, "tok-1", now) is None
    assert store.take_invite(a, "tok-old", now) is None
    assert store.take_invite(a, "tok-none", now) is None
    invites = store.invites(a)
    assert [(i["name"], i["used_at"]) for i in invites] == [("Carol", now), ("Dan", None)]
    assert_plain(invites)


def test_a_link_round_trips_as_a_plain_record(store, users):
    a, _ = users
    friend_id = link(store, a)
    friend = store.friend(a, friend_id)
    assert friend == Friend(friend_id, "Carol", "Al", "carol-key", "https://carol.example",
                            '{"facts": []}', "active", 0, 0, store.now(), None)
    assert store.friend_by_key(a, "carol-key") == friend
    assert store.friends(a) == [friend]
    assert store.friend(a, friend_id + 1) is None and store.friend_by_key(a, "x") is None
    assert_plain(friend)


def test_a_link_made_anew_keeps_its_id_and_starts_its_counters_again(store, users, clock):
    a, _ = users
    friend_id = link(store, a, status="pending")
    assert [store.next_seq(a, friend_id) for _ in range(3)] == [1, 2, 3]
    assert store.take_incoming(a, friend_id, "hello", 5, "n1", {}) is None
    store.set_friend(a, friend_id, status="withdrawn", withdrawn_at=store.now())
    assert store.friend(a, friend_id).withdrawn_at == store.now()
    assert store.link_friend(a, "Caroline", "Al", "carol-key", "https://new.example", "{}",
                             "active") == friend_id
    friend = store.friend(a, friend_id)
    assert (friend.name, friend.their_address, friend.status, friend.out_seq, friend.in_seq,
            friend.withdrawn_at) == ("Caroline", "https://new.example", "active", 0, 0, None)
    assert [f.id for f in store.friends(a)] == [friend_id]


def test_set_friend_changes_only_what_it_may(store, users):
    a, _ = users
    friend_id = link(store, a)
    store.set_friend(a, friend_id, name="Caz", scope='{"facts": ["city"]}')
    assert (store.friend(a, friend_id).name, store.friend(a, friend_id).scope) == (
        "Caz", '{"facts": ["city"]}')
    with pytest.raises(ValueError):
        store.set_friend(a, friend_id, their_key="stolen")


def test_incoming_messages_are_taken_new_and_in_order(store, users, clock):
    a, _ = users
    friend_id = link(store, a)
    assert store.take_incoming(a, friend_id, "ask", 1, "n1", {"text": "hi"}) is None
    assert store.take_incoming(a, friend_id, "ask", 2, "n1", {"text": "again"}) == "replay"
    assert store.take_incoming(a, friend_id, "ask", 1, "n2", {"text": "old"}) == "out_of_order"
    clock.advance(minutes=1)
    since = store.now()
    assert store.take_incoming(a, friend_id, "ask", 3, "n3", {"text": "later"}) is None
    assert store.friend(a, friend_id).in_seq == 3
    assert store.incoming_since(a, friend_id, since) == 1
    assert store.incoming_since(a, friend_id, EARLY) == 2


def test_the_log_is_oldest_first_per_link_and_limited_to_the_newest(store, users):
    a, _ = users
    carol, dan = link(store, a), link(store, a, key="dan-key")
    store.log_friend_message(a, carol, "out", "ask", {"text": "1"}, "sent", seq=1, nonce="o1")
    store.log_friend_message(a, dan, "out", "ask", {"text": "2"}, "sent")
    store.log_friend_message(a, None, "in", "hello", {"text": "3"}, "refused", "unknown key")
    store.take_incoming(a, carol, "answer", 1, "i1", {"text": "4", "nested": {"a": [1, 2]}})
    log = store.friend_log(a)
    assert [m["body"]["text"] for m in log] == ["1", "2", "3", "4"]
    assert (log[0]["friend"], log[0]["direction"], log[0]["type"], log[0]["seq"],
            log[0]["status"]) == ("Carol", "out", "ask", 1, "sent")
    assert (log[2]["friend_id"], log[2]["friend"], log[2]["reason"]) == (None, None, "unknown key")
    assert log[3]["body"] == {"text": "4", "nested": {"a": [1, 2]}}
    assert [m["body"]["text"] for m in store.friend_log(a, carol)] == ["1", "4"]
    assert [m["body"]["text"] for m in store.friend_log(a, limit=2)] == ["3", "4"]
    assert_plain(log)


def test_the_export_holds_links_and_messages_never_the_private_key(store, users):
    a, _ = users
    store.add_friend_identity(a, "keyring", "pub-a", "handle-a")
    friend_id = link(store, a)
    store.log_friend_message(a, friend_id, "out", "ask", {"text": "hi"}, "sent")
    export = store.friends_export(a)
    assert export["public_key"] == "pub-a"
    assert [f["id"] for f in export["links"]] == [friend_id]
    assert [m["body"] for m in export["messages"]] == [{"text": "hi"}]
    assert "keyring" not in repr(export)
    assert_plain(export)


def test_what_is_remembered_is_every_text_and_the_details_themselves(store, users, clock):
    a, _ = users
    store.add_memories(a, [New("we walked by the sea")], ["we walked by the sea"], [vector(1)],
                       EMBEDDER)
    store.set_fact(a, "lives_in", "Lisbon", "chat")
    store.set_fact(a, "lives_in", "Porto", "chat")
    store.note_person(a, Mention("sister", "Anna", (("job", "nurse"),)), "chat")
    store.add_reminder(a, "reminder", "call the bank", clock(), "UTC")
    assert sorted(store.remembered_texts(a)) == sorted(
        ["we walked by the sea", "Lisbon", "Porto", "nurse", "call the bank"])
    assert sorted(store.remembered_details(a)) == sorted(["Lisbon", "Porto", "Anna", "nurse"])


def test_the_memory_version_moves_with_every_change_the_check_reads(store, users, clock):
    a, b = users
    seen = [store.memory_version(a)]
    [memory_id] = store.add_memories(a, [New("a walk")], ["a walk"], [vector(1)], EMBEDDER)
    seen.append(store.memory_version(a))
    store.edit_memory(a, memory_id, "a long walk", None)
    seen.append(store.memory_version(a))
    store.set_fact(a, "lives_in", "Porto", "chat")
    seen.append(store.memory_version(a))
    person = store.note_person(a, Mention("sister", None), "chat")
    seen.append(store.memory_version(a))
    store.note_person(a, Mention("sister", "Anna", (("job", "nurse"),)), "chat")
    seen.append(store.memory_version(a))
    reminder = store.add_reminder(a, "reminder", "x", clock(), "UTC")
    seen.append(store.memory_version(a))
    clock.advance(seconds=1)
    store.update_reminder(a, reminder, text="y")
    seen.append(store.memory_version(a))
    store.forget_rows(a, lambda texts: lambda text: False, person_ids=[person])
    seen.append(store.memory_version(a))
    assert len(set(seen)) == len(seen)
    store.add_memories(b, [New("B's")], ["B's"], [vector(2)], EMBEDDER)
    assert store.memory_version(a) == seen[-1]
    assert_plain(seen)


@pytest.mark.parametrize("kind", sorted(NASTY))
def test_any_text_survives_a_friend(store, users, kind):
    a, _ = users
    text = NASTY[kind]
    store.add_friend_identity(a, text, text, text)
    assert store.friend_identity(a) == {"private_key": text, "public_key": text, "handle": text}
    assert store.user_of_handle(text) == a
    store.add_invite(a, text, text, text, LATE)
    assert store.take_invite(a, text, store.now())["name"] == text
    friend_id = store.link_friend(a, text, text, text, text, text, "active")
    friend = store.friend_by_key(a, text)
    assert (friend.id, friend.name, friend.my_name, friend.their_address, friend.scope) == (
        friend_id, text, text, text, text)
    assert store.take_incoming(a, friend_id, text, 1, text, {text: [text]}) is None
    assert store.take_incoming(a, friend_id, text, 2, text, {}) == "replay"
    store.log_friend_message(a, friend_id, "out", text, {"t": text}, "sent", text)
    log = store.friend_log(a)
    assert [m["body"] for m in log] == [{text: [text]}, {"t": text}]
    assert (log[1]["type"], log[1]["reason"]) == (text, text)


def test_user_b_never_sees_or_changes_user_as_friends(store, users):
    def trespass(store, a, b, ids):
        friend = ids["friend"]
        assert store.friend(b, friend) is None
        assert store.friend_by_key(b, "carol-key").id != friend  # B's own link to Carol
        assert store.friend_log(b, friend) == []
        assert store.incoming_since(b, friend, EARLY) == 0
        assert store.take_invite(b, store.invites(a)[0]["name"], store.now()) is None
        store.set_friend(b, friend, status="withdrawn", name="B's")
        store.set_friend_private_key(b, "file:B")
        store.add_friend_identity(b, "file:B2", "pub-B2", "handle-B2")  # B has one already
        store.link_friend(b, "Carol", "Bee", store.friend(a, friend).their_key, "x", "{}",
                          "active")  # the same friend, as B's own link
        store.log_friend_message(b, friend, "out", "ask", {"text": "B's"}, "sent")

    check_isolation(store, users, "friends", trespass)


def test_a_link_the_user_does_not_have_is_refused_not_a_crash(store, users):
    a, b = users
    friend = store.link_friend(a, "Carol", "Al", "carol-key", "x", "{}", "active")
    assert store.take_incoming(b, friend, "ask", 1, "n", {}) is not None
    store.next_seq(b, friend)
    assert store.friend(a, friend).out_seq == 0


def test_sequence_numbers_taken_at_once_are_each_used_once(store, users):
    a, _ = users
    friend = link(store, a)
    assert sorted(at_once(8, lambda i: store.next_seq(a, friend))) == list(range(1, 9))


def test_an_invitation_taken_many_times_at_once_is_taken_once(store, users):
    a, _ = users
    store.add_invite(a, "tok", "Carol", "{}", LATE)
    taken = at_once(8, lambda i: store.take_invite(a, "tok", store.now()))
    assert len([t for t in taken if t is not None]) == 1


def test_the_same_message_taken_many_times_at_once_is_received_once(store, users):
    a, _ = users
    friend = link(store, a)
    said = at_once(8, lambda i: store.take_incoming(a, friend, "ask", 1, "n1", {"text": "hi"}))
    assert said.count(None) == 1
    assert len(store.friend_log(a)) == 1


def test_one_message_received_many_times_at_once_is_taken_once(store, users):
    a, _ = users
    friend = link(store, a)
    taken = at_once(8, lambda i: store.take_incoming(a, friend, "ask", 1, "n1", {"text": "hi"}))
    assert taken.count(None) == 1
    assert set(taken) - {None} <= {"replay", "out_of_order"}
    assert store.friend(a, friend).in_seq == 1
