"""ForgetStore: finding what mentions something, forgetting it with every copy in one
transaction, and erasing a user (every row of theirs, no one else's)."""

from __future__ import annotations

import contextlib
import json

import pytest

from os1.memory.forget import repeats
from os1.memory.people import Mention
from os1.memory.records import New

from .life import (EARLY, EMBEDDER, LATE, NASTY, assert_plain, empty, fill_life, mail, vector,
                   view_life)

KINDS = {"memories", "turns", "notes", "contexts", "checkins", "self_changes", "people", "person_facts",
         "letters", "letter_texts", "reminders", "activity", "mail", "friend_messages"}


def copies(texts):
    """A value is a copy when it holds any of the forgotten texts."""
    return lambda value: any(t and t in value for t in texts)


def nothing(texts):
    return lambda value: False


def told(store, user, clock):
    """A turn that told of Anna, and everything that was made of it."""
    session = store.start_session(user, "chat")
    said = "My sister Anna is a nurse"
    turn = store.add_turn(user, session, "user", said, meta={"valence": 0.6})
    reply = store.add_turn(user, session, "assistant", "How lovely",
                           meta={"recounts": [turn]})
    [memory] = store.add_memories(user, [New(said, turn_id=turn, session_id=session)], [said],
                                  [vector(1)], EMBEDDER)
    later = store.add_turn(user, session, "user", "what do you remember?")
    noted = store.add_turn(user, session, "assistant", "Anna!",
                           meta={"note": f"you recalled: {said}", "recalled": [memory]})
    [nearby] = store.add_memories(user, [New("what do you remember?", turn_id=later,
                                             context=said)], ["what do you remember?"],
                                  [vector(2)], EMBEDDER)
    person = store.note_person(user, Mention("sister", "Anna", (("job", "nurse"),)), "chat", turn)
    now = store.now()
    store.add_checkin(user, "Anna's shift", now, turn, now)
    reminder = store.add_reminder(user, "reminder", "ask about Anna", clock(), "UTC",
                                  turn_id=turn)
    activity = store.add_activity(user, "remind", {}, "done", "reminder set", turn_id=turn)
    return dict(session=session, turn=turn, reply=reply, memory=memory, later=later,
                noted=noted, nearby=nearby, person=person, reminder=reminder, activity=activity)


def test_find_mentions_finds_every_kind_of_row_that_holds_the_words(store, users, clock):
    a, b = users
    ids = told(store, a, clock)
    told(store, b, clock)
    store.add_self_changes(a, [{"aspect": "interest", "key": "nursing", "old": None,
                                "new": "Anna's work", "reason": "Anna"}])
    client = store.keep_letter_client(a, "Me", "Anna")
    store.add_letter_version(a, store.add_letter(a, client, "birthday", "for Anna"), "Dear A.",
                             "", [])
    store.add_mail(a, mail(body="Anna wrote"))
    friend = store.link_friend(a, "Carol", "Al", "k", "x", "{}", "active")
    store.log_friend_message(a, friend, "out", "ask", {"text": "about Anna"}, "sent")
    found = store.find_mentions(a, lambda text: "Anna" in text)
    assert set(found) == KINDS
    assert [m["id"] for m in found["memories"]] == [ids["memory"]]
    assert [t["id"] for t in found["turns"]] == [ids["turn"], ids["noted"]]
    assert found["notes"] == [ids["noted"]]
    assert found["contexts"] == [ids["nearby"]]  # what the next memory keeps of the turn before
    assert [p["id"] for p in found["people"]] == [ids["person"]]
    assert [len(found[k]) for k in ("checkins", "self_changes", "person_facts", "letters",
                                    "reminders", "mail", "friend_messages")] == [1, 1, 0, 1, 1, 1, 1]
    assert any(t["kind"] == "relationship" for t in found["letter_texts"])
    assert_plain(found)


def test_find_mentions_finds_a_memory_by_the_stems_of_a_phrase(store, users):
    a, _ = users
    [memory_id] = store.add_memories(a, [New("she is nursing patients daily")],
                                     ["she is nursing patients daily"], [vector(1)], EMBEDDER)
    store.add_memories(a, [New("patients need nursing")], ["patients need nursing"], [vector(2)],
                       EMBEDDER)  # the words, not the phrase
    found = store.find_mentions(a, lambda text: False, phrase="nurses patient")
    assert [m["id"] for m in found["memories"]] == [memory_id]
    assert store.find_mentions(a, lambda text: False, phrase='"quoted" (and) *')["memories"] == []


def test_fact_values_are_every_value_a_fact_has_had(store, users):
    a, _ = users
    store.set_fact(a, "lives_in", "Lisbon", "chat")
    current = store.set_fact(a, "lives_in", "Porto", "chat")
    assert sorted(store.fact_values(a, current)) == ["Lisbon", "Porto"]
    [memory] = store.add_memories(a, [New("not a fact")], ["not a fact"], [vector(1)], EMBEDDER)
    assert store.fact_values(a, memory) == []
    assert store.fact_values(a, current + 1000) == []


def test_forgetting_a_memory_takes_everything_made_of_it(store, users, clock):
    a, b = users
    ids = told(store, a, clock)
    theirs = view_life(store, b)
    before = store.forgets(a)
    friend = store.link_friend(a, "Carol", "Al", "k", "x", "{}", "active")
    store.log_friend_message(a, friend, "out", "share", {"text": "My sister Anna is a nurse"}, "sent")
    gone = store.forget_rows(a, copies, words=["Anna"], memory_ids=[ids["memory"]])
    assert ids["memory"] in gone and ids["nearby"] not in gone
    assert store.memory(a, ids["memory"]) is None
    assert store.turn(a, ids["turn"]) is None
    assert store.turn(a, ids["reply"]) is None  # it said the forgotten turn back
    assert store.people(a) == [] and store.known_names(a) == {}
    assert store.due_checkin(a, store.now(), EARLY) is None
    assert store.reminder(a, ids["reminder"]) is None
    assert store.activity(a, ids["activity"]) is None
    noted = store.turn(a, ids["noted"])
    assert "note" not in noted.meta and "recalled" not in noted.meta
    assert store.memory(a, ids["nearby"]) is not None
    assert store.search_words(a, ["nurse"], 10) == []  # not by its hidden context either
    assert store.find_mentions(a, lambda text: "nurse" in text)["memories"] == []
    assert "Anna is a nurse" not in repr(store.friend_log(a))
    assert store.forgets(a) == before + 1
    assert view_life(store, b) == theirs


def test_forgetting_a_fact_takes_its_older_values_and_the_turns_that_told_them(store, users, clock):
    a, _ = users
    session = store.start_session(a, "chat")
    told_old = store.add_turn(a, session, "user", "I live in Lisbon")
    store.set_fact(a, "lives_in", "Lisbon", "chat", told_old)
    told_new = store.add_turn(a, session, "user", "I moved to Porto")
    current = store.set_fact(a, "lives_in", "Porto", "chat", told_new)
    store.set_fact(a, "likes", "tea", "chat")
    store.forget_rows(a, copies, memory_ids=[current])
    assert [(f.key, f.value) for f in store.facts(a, history=True)] == [("likes", "tea")]
    assert store.turn(a, told_old) is None and store.turn(a, told_new) is None


def test_forgetting_a_name_leaves_what_was_said_said_by_the_user(store, users):
    a, _ = users
    name = store.set_fact(a, "name", "Alice", "chat")
    [said] = store.add_memories(a, [New("I love the sea", speaker="Alice")],
                                ["Alice: I love the sea"], [vector(1)], EMBEDDER)
    store.forget_rows(a, copies, memory_ids=[name])
    assert store.user_name(a) is None
    assert store.memory(a, said).speaker == "User"
    assert [i for i, _ in store.search_words(a, ["sea"], 10)] == [said]
    assert store.search_words(a, ["alice"], 10) == []


def test_forgetting_takes_the_rows_asked_for_of_every_kind(store, users, clock):
    a, _ = users
    [change] = store.add_self_changes(a, [{"aspect": "trait", "key": "k", "old": 0, "new": 1,
                                           "reason": "r"}])
    [undo] = store.add_self_changes(a, [{"aspect": "trait", "key": "k", "old": 1, "new": 0,
                                         "reason": "undo", "undoes": change}])
    [kept_change] = store.add_self_changes(a, [{"aspect": "trait", "key": "j", "old": 0,
                                                "new": 1, "reason": "r"}])
    client = store.keep_letter_client(a, "Me", "Anna")
    store.remember_letter_details(a, client, ["likes tulips"], "c")
    store.add_letter_version(a, store.add_letter(a, client, "birthday", "x"), "Dear Anna", "", [])
    other = store.keep_letter_client(a, "Me", "Ben")
    kept_letter = store.add_letter(a, other, "thanks", "y")
    sample = store.add_letter_sample(a, "Me", "s", "text")
    message, _ = store.add_mail(a, mail())
    store.add_draft(a, "bob@example.com", "Re", "Yes", message)
    person = store.note_person(a, Mention("brother", "Ben", (("job", "chef"), ("city", "Oslo"))),
                               "chat")
    store.forget_rows(a, nothing, change_ids=[change], letters=[("relationship", client),
                                                                 ("sample", sample)],
                      mail_ids=[message])
    assert [c["id"] for c in store.self_changes(a)] == [kept_change]  # the undo went with it
    assert undo not in [c["id"] for c in store.self_changes(a)]
    assert [c["recipient"] for c in store.letter_clients(a)] == ["Ben"]
    assert [ltr["id"] for ltr in store.letters(a)] == [kept_letter]
    assert store.letter_samples(a) == []
    assert store.mail_messages(a, sent=None) == []
    [chef] = store.find_mentions(a, lambda text: "chef" in text)["person_facts"]
    store.forget_rows(a, nothing, person_fact_ids=[chef["id"]])
    assert [(p.id, p.facts) for p in store.people(a)] == [(person, {"city": "Oslo"})]
    assert [h["value"] for h in store.person_history(a, person)] == ["Oslo"]


def test_a_letter_drawn_from_a_forgotten_turn_goes_with_its_details(store, users):
    a, b = users
    session = store.start_session(a, "chat")
    told, asked, other = (store.add_turn(a, session, "user", text) for text in
                          ("we met Anna in Quillon years ago", "a card for Anna please", "nice weather"))
    client = store.keep_letter_client(a, "me", "Anna")
    drawn = store.add_letter(a, client, "birthday", json.dumps({"recipient": "Anna", "told_in": [told]}))
    store.add_letter_version(a, drawn, "Dear Anna, remember Quillon?", "first draft", [])
    unlike = store.add_letter(a, client, "birthday", json.dumps({"told_in": [told]}))
    store.add_letter_version(a, unlike, "Dear Anna, happy birthday!", "first draft", [])  # repeats nothing told
    store.remember_letter_details(a, client, ["loves tulips"], f"letter {drawn}, 2026-01-01")
    chatted = store.add_letter(a, client, "thanks", "not json")  # drafted by the tool a turn used
    store.add_activity(a, "letter", {"letter": chatted}, "done", "drafted", turn_id=asked)
    kept = store.add_letter(a, client, "other", json.dumps({"from_turns": [other]}))
    assert [r["id"] for r in store.letters_drawn_from(a, [told], repeats)] == [drawn]  # says "Quillon"
    assert [r["id"] for r in store.letters_drawn_from(a, [asked], repeats)] == [chatted]
    assert store.letters_drawn_from(a, [told]) == []  # what was told counts only by its words
    coded = store.add_turn(a, session, "user", f"my locker code is {unlike}{unlike}{unlike}")  # digits of an id
    numbered = store.add_letter(a, client, "x", json.dumps({"told_in": [coded, int(f"{unlike}" * 3)]}))
    assert store.letters_drawn_from(a, [coded], repeats) == []  # the ids it keeps are no copy
    store.forget_rows(a, nothing, turn_ids=[coded], repeats=repeats)
    assert numbered in [r["id"] for r in store.letters(a)]
    store.forget_rows(a, nothing, letters=[("letter", numbered)])
    assert store.letters_drawn_from(b, [told, asked], repeats) == []  # scoped to the user
    store.forget_rows(a, nothing, turn_ids=[told], repeats=repeats)
    store.forget_rows(a, nothing, turn_ids=[asked], repeats=repeats)
    assert sorted(r["id"] for r in store.letters(a)) == [unlike, kept]
    assert store.letter_details(a, client) == [] and store.letter_versions(a, drawn) == []


def test_forgetting_is_all_or_nothing(store, users, clock):
    a, _ = users
    ids = told(store, a, clock)
    before = view_life(store, a)
    counts = store.row_counts(a)

    def broken(texts):
        raise RuntimeError("the test for copies broke")

    with pytest.raises(RuntimeError):
        store.forget_rows(a, broken, memory_ids=[ids["memory"]])
    assert store.row_counts(a) == counts
    assert view_life(store, a) == before
    assert store.memory(a, ids["memory"]) is not None
    assert [i for i, _ in store.search_words(a, ["nurse"], 10)]


def test_user_b_forgets_nothing_of_user_as(store, users, clock):
    a, b = users
    ids = told(store, a, clock)
    fill_life(store, a, "ALPHA")
    before, counts = view_life(store, a), store.row_counts(a)
    forgets = store.forgets(a)
    store.forget_rows(b, copies, words=["Anna", "ALPHA"], memory_ids=[ids["memory"], ids["nearby"]],
                      turn_ids=[ids["turn"], ids["noted"]], checkin_ids=range(1, 10),
                      change_ids=range(1, 10), person_ids=[ids["person"]],
                      person_fact_ids=range(1, 10), letters=[("relationship", 1), ("letter", 1),
                                                             ("sample", 1), ("detail", 1)],
                      reminder_ids=[ids["reminder"]], activity_ids=[ids["activity"]],
                      mail_ids=range(1, 10))
    assert store.find_mentions(b, lambda text: True) == {k: [] for k in KINDS}
    assert store.fact_values(b, ids["memory"]) == []
    assert (view_life(store, a), store.row_counts(a), store.forgets(a)) == (before, counts, forgets)


def test_erasing_a_user_leaves_no_row_of_theirs_and_everyone_elses(store, users, clock):
    a, b = users
    told(store, a, clock)
    fill_life(store, a, "ALPHA")
    fill_life(store, b, "BRAVO")
    assert all(store.row_counts(a)[t] > 0 for t in ("turns", "memories", "friends"))
    assert store.jobs(a)  # in the store's table, or procrastinate's on PostgreSQL
    theirs, their_counts = view_life(store, b), store.row_counts(b)
    store.erase_user(a)
    assert set(store.row_counts(a).values()) == {0}
    left = view_life(store, a)
    assert all(empty(v) for v in left.values()), {k: v for k, v in left.items() if not empty(v)}
    assert store.search_words(a, ["puppy", "nurse", "anna", "alpha"], 100) == []
    assert store.find_mentions(a, lambda text: True) == {k: [] for k in KINDS}
    assert store.remembered_texts(a) == [] and store.remembered_details(a) == []
    assert store.user_of_handle(f"handle-{a}ALPHA") is None
    assert (view_life(store, b), store.row_counts(b)) == (theirs, their_counts)
    assert store.user("alice") == a  # the user stays, with nothing


def test_erasing_an_account_takes_the_account_and_its_tokens(store):
    ann, bob = store.add_account("ann@x.org", "h"), store.add_account("bob@x.org", "h")
    for user in (ann, bob):
        store.add_token(user, f"t{user}", EARLY, LATE)
        fill_life(store, user, str(user))
    store.erase_user(ann, account=True)
    assert store.account("ann@x.org") is None and store.account_email(ann) is None
    assert store.token(f"t{ann}") is None
    assert set(store.row_counts(ann).values()) == {0}
    assert store.account("bob@x.org").user_id == bob and store.token(f"t{bob}") == (bob, LATE)
    assert store.add_account("ann@x.org", "h2") not in (None, bob)  # the email is free again


def test_row_counts_cover_every_user_table(store, users):
    a, b = users
    fill_life(store, a)
    fill_life(store, b)
    tables = store.user_tables()
    assert {"turns", "memories", "reminders", "mail_messages"} <= set(tables)
    mine, everyone = store.row_counts(a), store.row_counts()
    assert set(mine) == set(everyone) == set(tables)
    assert all(everyone[t] >= mine[t] for t in tables)
    assert everyone["turns"] == mine["turns"] + store.row_counts(b)["turns"]
    assert_plain([tables, mine, everyone])


def test_only_user_says_whether_anyone_else_is_kept(store):
    a = store.user("alice")
    assert store.only_user(a)
    b = store.user("bob")
    assert not store.only_user(a) and not store.only_user(b)


def test_compacting_keeps_everything(store, users):
    a, _ = users
    fill_life(store, a)
    before = view_life(store, a)
    store.compact()
    assert view_life(store, a) == before


@pytest.mark.parametrize("kind", sorted(NASTY))
def test_any_text_is_found_and_forgotten(store, users, kind):
    a, _ = users
    text = NASTY[kind]
    session = store.start_session(a, "chat")
    turn = store.add_turn(a, session, "user", text)
    [memory] = store.add_memories(a, [New(text, turn_id=turn)], [text], [vector(1)], EMBEDDER)
    store.add_turn(a, session, "assistant", "ok", meta={"note": text, "recalled": [memory]})
    found = store.find_mentions(a, lambda value: text in value, phrase=text[:200])
    assert [m["id"] for m in found["memories"]] == [memory]
    assert [t["id"] for t in found["turns"]] == [turn]
    assert store.forget_rows(a, copies, words=[text], memory_ids=[memory]) == [memory]
    assert store.find_mentions(a, lambda value: text in value) == {k: [] for k in KINDS}


def test_find_mentions_finds_a_letter_before_its_first_version(store, users):
    a, _ = users
    client = store.keep_letter_client(a, "Me", "Ben")
    letter = store.add_letter(a, client, "birthday", "tell Anna's story")
    assert [x["id"] for x in store.find_mentions(a, lambda text: "Anna" in text)["letters"]] == [
        letter]


def test_a_turn_written_into_another_users_session_never_stops_their_erase(store, users):
    a, b = users
    session = store.start_session(a, "chat")
    store.add_turn(a, session, "user", "mine")
    with contextlib.suppress(Exception):  # refusing the write keeps the promise too
        store.add_turn(b, session, "user", "B's")
    store.erase_user(a)
    assert set(store.row_counts(a).values()) == {0}


def test_an_erase_that_fails_leaves_the_user_whole_and_the_store_working(store, users):
    a, b = users
    session = store.start_session(a, "chat")
    store.add_turn(a, session, "user", "mine")
    with contextlib.suppress(Exception):  # the write that makes the erase fail, if taken
        store.add_turn(b, session, "user", "B's")
    counts = store.row_counts(a)
    try:
        store.erase_user(a)
    except Exception:
        assert store.row_counts(a) == counts  # all or nothing: nothing
    else:
        assert set(store.row_counts(a).values()) == {0}
    store.set_setting(b, "timezone", "UTC")
    assert store.setting(b, "timezone") == "UTC"
