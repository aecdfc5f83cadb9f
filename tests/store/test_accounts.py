"""AccountStore: server accounts, lockouts and sign-in tokens (kept only as hashes). An
account is found by its email and a token by its hash before the user is known."""

from __future__ import annotations

import pytest

from os1.memory.records import Account

from .life import EARLY, LATE, NASTY, assert_plain, at_once


def test_an_account_is_a_new_user_found_by_email(store):
    user = store.add_account("ann@example.com", "hash-1")
    assert isinstance(user, int)
    assert store.account("ann@example.com") == Account(user, "hash-1", None)
    assert store.account_email(user) == "ann@example.com"
    assert store.account("nobody@example.com") is None
    assert store.account_email(user + 1000) is None
    assert store.only_user(user)
    assert_plain(store.account("ann@example.com"))


def test_an_email_is_taken_once(store):
    first = store.add_account("ann@example.com", "hash-1")
    assert store.add_account("ann@example.com", "hash-2") is None
    assert store.account("ann@example.com") == Account(first, "hash-1", None)


def test_accounts_are_added_together_each_taken_email_refused(store):
    store.add_account("taken@example.com", "h")
    made = store.add_accounts([("a@example.com", "ha"), ("taken@example.com", "hx"),
                               ("b@example.com", "hb"), ("a@example.com", "again")])
    assert made[1] is None and made[3] is None
    assert len({made[0], made[2]}) == 2 and None not in (made[0], made[2])
    assert store.account("a@example.com").password_hash == "ha"
    assert store.account_email(made[2]) == "b@example.com"


def test_wrong_passwords_count_up_until_a_right_one(store, clock):
    user = store.add_account("ann@example.com", "h")
    assert [store.failed_signin(user) for _ in range(3)] == [1, 2, 3]
    store.lock_account(user, "2026-11-24T16:00:00.000+00:00")
    assert store.account("ann@example.com").locked_until == "2026-11-24T16:00:00.000+00:00"
    store.signed_in(user, store.now())
    assert store.account("ann@example.com").locked_until is None
    assert store.failed_signin(user) == 1


def test_a_token_signs_in_its_user_until_dropped(store):
    user = store.add_account("ann@example.com", "h")
    store.add_token(user, "t1", "2026-11-24T15:00:00.000+00:00",
                    "2026-12-24T15:00:00.000+00:00")
    assert store.token("t1") == (user, "2026-12-24T15:00:00.000+00:00")
    assert store.token("t2") is None
    store.drop_token("t1")
    assert store.token("t1") is None


def test_signing_in_drops_the_users_expired_tokens(store, clock):
    user = store.add_account("ann@example.com", "h")
    now = store.now()
    store.add_token(user, "old", "2026-01-01T00:00:00.000+00:00", "2026-01-02T00:00:00.000+00:00")
    store.add_token(user, "live", now, LATE)
    store.signed_in(user, now)
    assert store.token("old") is None and store.token("live") is not None


def test_expired_tokens_go_for_everyone_and_are_counted(store):
    ann, bob = store.add_account("ann@x.org", "h"), store.add_account("bob@x.org", "h")
    for user, name, end in ((ann, "a-old", "2026-01-01T00:00:00.000+00:00"),
                            (bob, "b-old", "2026-02-01T00:00:00.000+00:00"), (bob, "b-live", LATE)):
        store.add_token(user, name, "2025-12-01T00:00:00.000+00:00", end)
    assert store.drop_expired_tokens("2026-06-01T00:00:00.000+00:00") == 2
    assert [store.token(t) is None for t in ("a-old", "b-old", "b-live")] == [True, True, False]
    assert store.drop_expired_tokens("2026-06-01T00:00:00.000+00:00") == 0


def test_drop_tokens_drops_every_token_of_one_user(store):
    ann, bob = store.add_account("ann@x.org", "h"), store.add_account("bob@x.org", "h")
    store.add_token(ann, "a1", EARLY, LATE)
    store.add_token(ann, "a2", EARLY, LATE)
    store.add_token(bob, "b1", EARLY, LATE)
    assert store.drop_tokens(ann) == 2
    assert store.drop_tokens(ann) == 0
    assert store.token("b1") == (bob, LATE)


@pytest.mark.parametrize("kind", sorted(NASTY))
def test_any_text_survives_an_account(store, kind):
    text = NASTY[kind]
    user = store.add_account(text, text)
    assert store.account(text) == Account(user, text, None)
    assert store.account_email(user) == text
    store.lock_account(user, LATE)
    assert store.account(text).locked_until == LATE
    store.add_token(user, text, EARLY, LATE)
    assert store.token(text) == (user, LATE)


def test_email_lookup_is_exact_not_a_pattern(store):
    user = store.add_account("a_b%c@example.com", "h")
    assert store.account("a_b%c@example.com").user_id == user
    assert store.account("axb%c@example.com") is None
    assert store.account("a_b@example.com") is None


def test_user_b_never_signs_in_changes_or_drops_user_as_account(store):
    ann, bob = store.add_account("ann@x.org", "h-ann"), store.add_account("bob@x.org", "h-bob")
    store.add_token(ann, "ann-token", EARLY, LATE)
    store.failed_signin(ann)
    store.lock_account(ann, LATE)
    before = (store.account("ann@x.org"), store.token("ann-token"), store.account_email(ann))
    store.signed_in(bob, LATE)  # even with every token expired
    store.failed_signin(bob)
    store.lock_account(bob, LATE)
    store.drop_token("ann-token", user_id=bob)
    assert store.drop_tokens(bob) == 0
    assert (store.account("ann@x.org"), store.token("ann-token"), store.account_email(ann)) == before
    assert store.failed_signin(ann) == 2  # A's count went on from A's own 1


def test_an_email_signed_up_many_times_at_once_is_one_account(store):
    made = at_once(8, lambda i: store.add_account("ann@example.com", f"hash-{i}"))
    assert len([m for m in made if m is not None]) == 1
    assert store.account("ann@example.com").user_id in made


def test_wrong_passwords_at_once_are_each_counted(store):
    user = store.add_account("ann@example.com", "h")
    counts = at_once(8, lambda i: store.failed_signin(user))
    assert sorted(counts) == list(range(1, 9))
