"""Mail in the store: kept once per message, scoped to its user, gone with an erase."""

from __future__ import annotations

from os1.mail.message import from_record
from os1.memory.store import open_store


def test_mail_rows_are_per_user_and_erased_with_the_user(os1_home):
    store = open_store()
    theo, ann = store.user("theo"), store.user("ann")
    mail = from_record({"from": "a@example.org", "subject": "Hi", "body": "Hello there."})
    first, new = store.add_mail(theo, mail)
    again, new_again = store.add_mail(theo, mail)
    assert new and not new_again and first == again
    store.add_mail(ann, mail)
    store.save_reading(theo, first, {"pile": "personal"})
    store.save_mail_account(theo, name="work", address="theo@example.com", username="theo",
                            imap_host="127.0.0.1", imap_port=143, imap_security="none",
                            smtp_host=None, smtp_port=None, smtp_security="none", secret="x")
    store.add_draft(theo, "a@example.org", "Re: Hi", "Hello back.", first)
    assert store.mail_message(ann, first) is None  # Ann's copy has its own id
    assert [m["pile"] for m in store.mail_messages(theo)] == ["personal"]
    store.erase_user(theo)
    for table in ("mail_messages", "mail_accounts", "mail_drafts"):
        assert store.db.execute(f"SELECT count(*) FROM {table} WHERE user_id = ?",
                                (theo,)).fetchone()[0] == 0
    assert len(store.mail_messages(ann)) == 1
    store.close()


def test_going_through_mail_gives_the_few_that_matter_and_proposes_the_rest(os1_home):
    from os1.mail.service import go_through

    store = open_store()
    user = store.user()
    store.add_mail(user, from_record({"from": "ann@example.org", "subject": "Budget",
                                      "date": "Mon, 5 Mar 2001 08:23:00 -0800",
                                      "body": "Could you send me the budget by Friday?"}))
    for i in range(3):
        store.add_mail(user, from_record({"from": "news@example.org", "subject": f"Weekly {i}",
                                          "body": "This week in energy. Unsubscribe here."}))
    found = go_through(store, user)
    assert [m["subject"] for m in found["matter"]] == ["Budget"]
    assert found["matter"][0]["requests"] == ["Could you send me the budget by Friday?"]
    assert found["rest"] == {"newsletters": 3}
    assert found["proposal"] == "archive the 3 newsletters"
    assert [m["folder"] for m in store.mail_messages(user)] == ["INBOX"] * 4  # nothing moved
    store.close()


def test_forgetting_about_something_takes_the_mail_that_mentions_it(run):
    store = open_store()
    user = store.user()
    kept, _ = store.add_mail(user, from_record({"from": "a@example.org", "subject": "Lunch",
                                                "body": "Lunch on Friday?"}))
    gone, _ = store.add_mail(user, from_record({"from": "b@example.org", "subject": "Trip",
                                                "body": "The tickets to Zanzibar are booked."}))
    store.add_draft(user, "b@example.org", "Re: Trip", "Thanks!", gone)
    store.close()
    shown = run("memory", "forget", "--about", "Zanzibar", "--yes").output
    assert f"mail #{gone} from b@example.org: Trip" in shown
    store = open_store()
    assert [m["id"] for m in store.mail_messages(user)] == [kept]
    assert store.db.execute("SELECT count(*) FROM mail_drafts").fetchone()[0] == 0
    store.close()
