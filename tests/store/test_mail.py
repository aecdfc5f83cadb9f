"""MailStore: mail accounts, messages read from them, and drafted replies."""

from __future__ import annotations

import pytest

from .life import NASTY, assert_plain, check_isolation, mail

ACCOUNT = dict(address="a@example.com", imap_host="imap.example.com", imap_port=993,
               imap_security="ssl", smtp_host="smtp.example.com", smtp_port=465,
               smtp_security="ssl", username="a", secret="keyring")


def test_an_account_is_added_and_changed_by_its_name(store, users):
    a, _ = users
    home = store.save_mail_account(a, name="home", **ACCOUNT)
    work = store.save_mail_account(a, name="work", **{**ACCOUNT, "address": "a@work.example"})
    assert store.save_mail_account(a, name="home", **{**ACCOUNT, "imap_port": 143}) == home
    accounts = store.mail_accounts(a)
    assert [(x["id"], x["name"], x["imap_port"]) for x in accounts] == [
        (home, "home", 143), (work, "work", 993)]
    assert {k: accounts[1][k] for k in ACCOUNT} == {**ACCOUNT, "address": "a@work.example"}
    assert store.mail_account(a)["id"] == home
    assert store.mail_account(a, "work")["id"] == work
    assert store.mail_account(a, "other") is None
    assert_plain(accounts)


def test_a_message_round_trips_and_is_kept_once(store, users):
    a, _ = users
    account = store.save_mail_account(a, name="home", **ACCOUNT)
    message = mail(cc=["c@example.com"], list_mail=True)
    message_id, new = store.add_mail(a, message, account, "INBOX", 7, flags=["\\Flagged"])
    assert new
    kept = store.mail_message(a, message_id)
    assert (kept["account_id"], kept["folder"], kept["uid"], kept["key"], kept["sent"],
            kept["sender"], kept["sender_name"], kept["subject"], kept["date"], kept["body"],
            kept["message_id"], kept["flags"], kept["reading"], kept["added_at"]) == (
        account, "INBOX", 7, message.key, 0, "bob@example.com", "Bob", message.subject,
        message.date, message.body, message.message_id, ["\\Flagged"], None, store.now())
    assert kept["recipients"] == {"to": ["a@example.com"], "cc": ["c@example.com"]}
    assert bool(kept["list_mail"]) and not kept["sent"]
    again, new = store.add_mail(a, message, account, "Archive", 9, flags=["\\Seen"])
    assert (again, new) == (message_id, False)
    kept = store.mail_message(a, message_id)
    assert (kept["folder"], kept["uid"], kept["flags"]) == ("Archive", 9, ["\\Seen"])
    assert store.mail_message(a, message_id + 1) is None
    assert_plain(kept)


def test_the_last_uid_read_is_per_account_and_folder(store, users):
    a, _ = users
    account = store.save_mail_account(a, name="home", **ACCOUNT)
    assert store.last_mail_uid(a, account, "INBOX") == 0
    store.add_mail(a, mail("1"), account, "INBOX", 5)
    store.add_mail(a, mail("2"), account, "INBOX", 12)
    store.add_mail(a, mail("3"), account, "Sent", 40)
    assert store.last_mail_uid(a, account, "INBOX") == 12
    assert store.last_mail_uid(a, account, "Sent") == 40


def test_an_imap_uid_keeps_its_whole_32_bits(store, users):
    a, _ = users
    account = store.save_mail_account(a, name="home", **ACCOUNT)
    message_id, _ = store.add_mail(a, mail(), account, "INBOX", 4_294_967_295)
    assert store.mail_message(a, message_id)["uid"] == 4_294_967_295
    assert store.last_mail_uid(a, account, "INBOX") == 4_294_967_295


def test_messages_are_newest_first_sent_or_not_read_or_not(store, users):
    a, _ = users
    old, _ = store.add_mail(a, mail("old", date="2026-11-01T09:00:00+00:00"), flags=["\\Seen"])
    new, _ = store.add_mail(a, mail("new", date="2026-11-20T09:00:00+00:00"))
    mine, _ = store.add_mail(a, mail("mine", date="2026-11-21T09:00:00+00:00"), sent=True)
    keyword, _ = store.add_mail(a, mail("kw", date="2026-11-02T09:00:00+00:00"),
                                flags=["$NotSeen"])
    assert [m["id"] for m in store.mail_messages(a)] == [new, keyword, old]
    assert [m["id"] for m in store.mail_messages(a, sent=True)] == [mine]
    assert [m["id"] for m in store.mail_messages(a, sent=None)] == [mine, new, keyword, old]
    assert [m["id"] for m in store.mail_messages(a, limit=1)] == [new]
    assert [m["id"] for m in store.mail_messages(a, unread_only=True)] == [new, keyword]


def test_a_message_without_a_date_is_kept_and_listed_after_dated_ones(store, users):
    a, _ = users
    undated, _ = store.add_mail(a, mail("undated", date=""))
    dated, _ = store.add_mail(a, mail("dated"))
    assert store.mail_message(a, undated)["date"] == ""
    assert [m["id"] for m in store.mail_messages(a)] == [dated, undated]


def test_unread_mail_is_what_the_reader_has_not_read_oldest_first(store, users):
    a, _ = users
    first, _ = store.add_mail(a, mail("1"))
    second, _ = store.add_mail(a, mail("2"))
    store.add_mail(a, mail("3"), sent=True)
    assert [m["id"] for m in store.unread_mail(a)] == [first, second]
    reading = {"pile": "people", "summary": "lunch", "asks": ["a time"]}
    store.save_reading(a, first, reading)
    assert store.mail_message(a, first)["reading"] == reading
    assert store.mail_message(a, first)["pile"] == "people"
    assert [m["id"] for m in store.unread_mail(a)] == [second]
    assert [m["id"] for m in store.unread_mail(a, limit=0)] == []


def test_a_message_moves_folder_and_flags(store, users):
    a, _ = users
    message_id, _ = store.add_mail(a, mail(), folder="INBOX", uid=3, flags=[])
    store.set_mail_place(a, message_id, flags=["\\Seen"])
    assert (store.mail_message(a, message_id)["folder"], store.mail_message(a, message_id)["uid"],
            store.mail_message(a, message_id)["flags"]) == ("INBOX", 3, ["\\Seen"])
    store.set_mail_place(a, message_id, folder="Archive", uid=81)
    kept = store.mail_message(a, message_id)
    assert (kept["folder"], kept["uid"], kept["flags"]) == ("Archive", 81, ["\\Seen"])


def test_removing_an_account_removes_its_messages(store, users):
    a, _ = users
    home = store.save_mail_account(a, name="home", **ACCOUNT)
    work = store.save_mail_account(a, name="work", **ACCOUNT)
    store.add_mail(a, mail("h"), home)
    kept, _ = store.add_mail(a, mail("w"), work)
    store.remove_mail_account(a, home)
    assert [x["name"] for x in store.mail_accounts(a)] == ["work"]
    assert [m["id"] for m in store.mail_messages(a)] == [kept]


def test_a_draft_is_edited_only_while_it_waits(store, users, clock):
    a, _ = users
    message_id, _ = store.add_mail(a, mail())
    draft_id = store.add_draft(a, "bob@example.com", "Re: Lunch?", "Yes!", message_id,
                               in_reply_to="<m@x>")
    draft = store.draft(a, draft_id)
    assert (draft["recipient"], draft["subject"], draft["body"], draft["message_id"],
            draft["in_reply_to"], draft["status"], draft["sent_at"]) == (
        "bob@example.com", "Re: Lunch?", "Yes!", message_id, "<m@x>", "proposed", None)
    assert store.edit_draft(a, draft_id, "Re: Lunch", "Yes, at noon")
    clock.advance(minutes=2)
    store.set_draft_status(a, draft_id, "sent")
    draft = store.draft(a, draft_id)
    assert (draft["body"], draft["status"], draft["sent_at"]) == ("Yes, at noon", "sent", store.now())
    assert not store.edit_draft(a, draft_id, "changed", "after sending")
    assert store.draft(a, draft_id)["body"] == "Yes, at noon"
    assert store.draft(a, draft_id + 1) is None
    assert_plain(draft)


@pytest.mark.parametrize("kind", sorted(NASTY))
def test_any_text_survives_mail(store, users, kind):
    a, _ = users
    text = NASTY[kind]
    account = store.save_mail_account(a, **{**ACCOUNT, "name": text, "username": text})
    assert store.mail_account(a, text)["username"] == text
    message = mail(sender=text, sender_name=text, subject=text, body=text, to=[text],
                   message_id=text)
    message_id, _ = store.add_mail(a, message, account, text, flags=[text])
    kept = store.mail_message(a, message_id)
    assert (kept["sender"], kept["sender_name"], kept["subject"], kept["body"], kept["folder"],
            kept["flags"], kept["recipients"]["to"]) == (text, text, text, text, text, [text],
                                                         [text])
    store.save_reading(a, message_id, {"summary": text, "pile": text})
    assert store.mail_message(a, message_id)["reading"]["summary"] == text
    draft = store.add_draft(a, text, text, text, message_id, account, text)
    assert store.edit_draft(a, draft, text + "?", text + "!")
    assert (store.draft(a, draft)["subject"], store.draft(a, draft)["body"]) == (text + "?",
                                                                                text + "!")


def test_user_b_never_sees_or_changes_user_as_mail(store, users):
    def trespass(store, a, b, ids):
        assert store.mail_message(b, ids["message"]) is None
        assert store.draft(b, ids["draft"]) is None
        assert store.last_mail_uid(b, ids["account"], "INBOX") == 0
        assert not store.edit_draft(b, ids["draft"], "B's", "B's")
        store.set_draft_status(b, ids["draft"], "sent")
        store.save_reading(b, ids["message"], {"pile": "B's"})
        store.set_mail_place(b, ids["message"], folder="B's", flags=["B's"], uid=1)
        store.remove_mail_account(b, ids["account"])
        store.add_mail(b, mail("x"), ids["account"])
        store.add_draft(b, "x@example.com", "B's", "B's", ids["message"], ids["account"])

    check_isolation(store, users, "mail", trespass)


def test_the_same_message_for_two_users_is_two_messages(store, users):
    a, b = users
    mine, _ = store.add_mail(a, mail("same"), folder="INBOX")
    theirs, new = store.add_mail(b, mail("same"), folder="Archive")
    assert new and theirs != mine
    assert store.mail_message(a, mine)["folder"] == "INBOX"

