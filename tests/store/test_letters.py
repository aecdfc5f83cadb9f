"""LetterStore: letters, their versions, the relationships they are written in, samples and
clichés."""

from __future__ import annotations

import json

import pytest

from os1.memory.people import Mention

from .life import NASTY, assert_plain, check_isolation, fill_letters


def test_a_relationship_is_kept_once_and_filled_in(store, users):
    a, _ = users
    person = store.note_person(a, Mention("grandmother", "Rose"), "chat")
    client = store.keep_letter_client(a, "Alice", "Grandma", "granddaughter")
    assert store.keep_letter_client(a, "alice", "GRANDMA", history="weekly calls",
                                    person_id=person) == client
    assert store.keep_letter_client(a, "Alice", "Grandma") == client  # nothing said: kept
    kept = store.letter_client(a, "ALICE", "grandma")
    assert (kept["id"], kept["sender"], kept["recipient"], kept["relation"], kept["history"],
            kept["person_id"]) == (client, "Alice", "Grandma", "granddaughter", "weekly calls", person)
    store.keep_letter_client(a, "Alice", "Grandma", relation="grandchild")
    assert store.letter_client(a, "Alice", "Grandma")["relation"] == "grandchild"
    other = store.keep_letter_client(a, "Alice", "Grandpa")
    assert [c["id"] for c in store.letter_clients(a)] == [client, other]
    assert store.letter_client(a, "Alice", "Nobody") is None
    assert_plain(store.letter_clients(a))


def test_details_are_kept_once_whatever_their_case_oldest_first(store, users):
    a, _ = users
    client = store.keep_letter_client(a, "Alice", "Grandma")
    store.remember_letter_details(a, client, ["loves roses", "LOVES ROSES", "bakes bread"], "c1")
    store.remember_letter_details(a, client, ["Loves Roses", "has a cat"], "c2")
    details = store.letter_details(a, client)
    assert [(d["text"], d["source"]) for d in details] == [
        ("loves roses", "c1"), ("bakes bread", "c1"), ("has a cat", "c2")]
    assert_plain(details)


def test_a_letter_keeps_every_version_and_shows_the_current(store, users, clock):
    a, _ = users
    client = store.keep_letter_client(a, "Alice", "Grandma", "granddaughter")
    letter = store.add_letter(a, client, "birthday", "a warm note")
    assert store.letter(a, letter)["current_version"] in (None, 0)
    problems = [{"kind": "cliche", "text": "at the end of the day"}]
    assert store.add_letter_version(a, letter, "Dear Grandma,", "first draft", problems) == 1
    clock.advance(minutes=5)
    assert store.add_letter_version(a, letter, "Dearest Grandma,", "warmer", []) == 2
    versions = store.letter_versions(a, letter)
    assert [(v["number"], v["text"], v["instruction"]) for v in versions] == [
        (1, "Dear Grandma,", "first draft"), (2, "Dearest Grandma,", "warmer")]
    assert json.loads(versions[0]["problems"]) == problems
    assert store.letter_version(a, letter, 1)["text"] == "Dear Grandma,"
    assert store.letter_version(a, letter, 3) is None
    kept = store.letter(a, letter)
    assert (kept["current_version"], kept["sender"], kept["recipient"], kept["occasion"],
            kept["commission"]) == (2, "Alice", "Grandma", "birthday", "a warm note")
    [listed] = store.letters(a)
    assert (listed["id"], listed["text"], listed["recipient"], listed["current_version"]) == (
        letter, "Dearest Grandma,", "Grandma", 2)
    assert_plain([versions, kept, listed])


def test_letters_are_newest_first_and_commissions_change(store, users):
    a, _ = users
    client = store.keep_letter_client(a, "Alice", "Grandma")
    first = store.add_letter(a, client, "birthday", "warm")
    second = store.add_letter(a, client, "thanks", "short")
    assert [ltr["id"] for ltr in store.letters(a)] == [second, first]
    assert store.letters(a)[0]["text"] is None  # no version yet
    store.set_letter_commission(a, first, "anniversary", "longer")
    assert (store.letter(a, first)["occasion"], store.letter(a, first)["commission"]) == (
        "anniversary", "longer")
    assert store.letter(a, second + 100) is None


def test_a_version_of_a_letter_that_is_not_there_is_refused(store, users):
    a, _ = users
    with pytest.raises(KeyError):
        store.add_letter_version(a, 999, "text", "why", [])


def test_samples_are_found_by_sender_whatever_its_case(store, users):
    a, _ = users
    one = store.add_letter_sample(a, "Alice", "old letter", "Hi there")
    two = store.add_letter_sample(a, "Bob", "note", "Yo")
    three = store.add_letter_sample(a, "alice", "card", "Dear all")
    assert [s["id"] for s in store.letter_samples(a)] == [one, two, three]
    assert [s["id"] for s in store.letter_samples(a, "ALICE")] == [one, three]
    assert store.letter_samples(a, "Carol") == []
    assert (store.letter_samples(a, "Bob")[0]["name"], store.letter_samples(a, "Bob")[0]["text"]) \
        == ("note", "Yo")


def test_a_cliche_is_kept_once_whatever_its_case_and_removed(store, users):
    a, _ = users
    assert store.add_letter_cliche(a, "at the end of the day")
    assert store.add_letter_cliche(a, "needless to say")
    assert not store.add_letter_cliche(a, "At The End Of The Day")
    assert store.letter_cliches(a) == ["at the end of the day", "needless to say"]
    assert store.remove_letter_cliche(a, "NEEDLESS TO SAY")
    assert not store.remove_letter_cliche(a, "needless to say")
    assert store.letter_cliches(a) == ["at the end of the day"]


def test_the_export_holds_every_letter_row(store, users):
    a, _ = users
    fill_letters(store, a)
    export = store.letters_export(a)
    assert {k: len(v) for k, v in export.items()} == {
        "clients": 1, "details": 1, "letters": 1, "versions": 1, "samples": 1, "cliches": 1}
    assert_plain(export)


@pytest.mark.parametrize("kind", sorted(NASTY))
def test_any_text_survives_a_letter(store, users, kind):
    a, _ = users
    text = NASTY[kind]
    client = store.keep_letter_client(a, text, text, text, text)
    assert store.letter_client(a, text, text)["history"] == text
    store.remember_letter_details(a, client, [text], text)
    assert store.letter_details(a, client)[0]["text"] == text
    letter = store.add_letter(a, client, text, text)
    store.add_letter_version(a, letter, text, text, [{"text": text}])
    assert store.letter_version(a, letter, 1)["text"] == text
    assert json.loads(store.letter_versions(a, letter)[0]["problems"]) == [{"text": text}]
    assert store.letters(a)[0]["text"] == text
    store.add_letter_sample(a, text, text, text)
    assert store.letter_samples(a, text)[0]["text"] == text
    assert store.add_letter_cliche(a, text)
    assert store.letter_cliches(a) == [text]
    assert store.remove_letter_cliche(a, text)


def test_user_b_never_sees_or_changes_user_as_letters(store, users):
    def trespass(store, a, b, ids):
        assert store.letter(b, ids["letter"]) is None
        assert store.letter_details(b, ids["client"]) == []
        assert store.letter_versions(b, ids["letter"]) == []
        assert store.letter_version(b, ids["letter"], 1) is None
        with pytest.raises(KeyError):
            store.add_letter_version(b, ids["letter"], "B's text", "B", [])
        store.set_letter_commission(b, ids["letter"], "B's", "B's")
        store.remember_letter_details(b, ids["client"], ["B's detail"], "B")
        assert not store.remove_letter_cliche(b, "at the end of the dayALPHA")
        assert store.letter_client(b, "Alice", "GrandmaALPHA") is None

    check_isolation(store, users, "letters", trespass)


def test_a_letter_never_shows_another_users_relationship(store, users):
    a, b = users
    client = store.keep_letter_client(a, "Alice", "Grandma Rose")
    letter = store.add_letter(b, client, "birthday", "B's")
    assert "Grandma Rose" not in repr(store.letters(b))
    assert "Grandma Rose" not in repr(store.letter(b, letter))
