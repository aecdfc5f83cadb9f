"""Mail against real servers on loopback: dovecot for IMAP (sync, flag, move, IDLE) and
aiosmtpd for SMTP (a reply sent only on a yes), with real Enron messages."""

from __future__ import annotations

import email
import email.policy
import os
import shutil

import pytest

from tests.mail.enron import message, rows
from tests.mail.servers import DOVECOT, Dovecot, Smtp

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not shutil.which("dovecot") and not os.path.exists(DOVECOT),
                                 reason="dovecot-imapd is not installed")]


@pytest.fixture
def servers(monkeypatch):
    monkeypatch.setenv("OS1_MAIL_PASSPHRASE", "a passphrase of mine")
    with Dovecot({"theo": "imap-secret"}) as imap, Smtp() as smtp:
        from imapclient import IMAPClient

        client = IMAPClient("127.0.0.1", port=imap.port, ssl=False)
        client.login("theo", "imap-secret")
        client.create_folder("Sent")
        for row in rows():
            client.append("INBOX", message(row, to="theo@example.com").as_bytes())
        client.append("Sent", b"From: theo@example.com\r\nTo: ann@example.org\r\nSubject: re: x\r\n"
                              b"Date: Mon, 5 Mar 2001 08:23:00 -0800\r\n\r\nHi Ann,\r\n\r\nsure, "
                              b"friday works.\r\n\r\nThanks,\r\nTheo\r\n")
        client.logout()
        yield imap, smtp


def add_account(run, imap, smtp, password="imap-secret"):
    return run("mail", "add-account", "--address", "theo@example.com", "--user", "theo",
               "--imap", f"127.0.0.1:{imap.port}", "--imap-security", "none",
               "--smtp", f"127.0.0.1:{smtp.port}", "--smtp-security", "none",
               "--password-stdin", input=password + "\n")


def test_sync_reads_and_triages_without_marking_read_then_flag_and_move(run, servers):
    imap, smtp = servers
    result = add_account(run, imap, smtp)
    assert "encrypted" in result.output and "imap-secret" not in result.output
    synced = run("mail", "sync").output
    assert f"{len(rows())} new in INBOX" in synced and "1 new in Sent" in synced
    assert "2 new" not in run("mail", "sync").output  # nothing twice
    listed = run("mail", "list", "--all").output
    assert rows()[0]["subject"][:20] in listed

    from imapclient import IMAPClient

    client = IMAPClient("127.0.0.1", port=imap.port, ssl=False)
    client.login("theo", "imap-secret")
    client.select_folder("INBOX", readonly=True)
    assert not any(b"\\Seen" in f[b"FLAGS"] for f in client.fetch(client.search(), ["FLAGS"]).values())

    assert "Not changed." in run("mail", "flag", "1", input="n\n").output
    assert "is flagged" in run("mail", "flag", "1", "--yes").output
    assert "Not moved." in run("mail", "move", "2", "Archive", input="n\n").output
    assert "to Archive. (undo: os1 activity undo" in run("mail", "move", "2", "Archive", "--yes").output
    client.select_folder("Archive", readonly=True)
    assert len(client.search()) == 1
    client.select_folder("INBOX", readonly=True)
    flagged = client.search(["FLAGGED"])
    assert len(flagged) == 1 and len(client.search()) == len(rows()) - 1
    client.logout()


def test_a_reply_is_sent_only_on_yes_in_the_users_voice(run, servers):
    imap, smtp = servers
    add_account(run, imap, smtp)
    run("mail", "sync")
    drafted = run("mail", "reply", "1").output
    assert "Draft 1 kept" in drafted and not smtp.received
    assert "Not sent." in run("mail", "send", "1", input="n\n").output and not smtp.received
    assert "Sent to" in run("mail", "send", "1", "--yes").output
    (sender, recipients, raw), = smtp.received
    sent = email.message_from_bytes(raw, policy=email.policy.default)
    assert sender == "theo@example.com" and recipients == [rows()[0]["from"]]
    assert sent["Subject"].lower().startswith("re:")
    body = sent.get_content().replace("\r\n", "\n").rstrip()
    assert body.startswith("Hi ") and body.endswith("Thanks,\nTheo")  # learned from Sent
    from click.testing import CliRunner

    from os1.cli import main

    again = CliRunner().invoke(main, ["mail", "send", "1", "--yes"])
    assert again.exit_code == 1 and len(smtp.received) == 1


def test_a_wrong_password_is_one_line(run, servers):
    imap, smtp = servers
    add_account(run, imap, smtp, password="wrong")
    from click.testing import CliRunner

    from os1.cli import main

    result = CliRunner().invoke(main, ["mail", "sync"])
    assert result.exit_code == 1 and "refused the user name or password" in result.output
    assert "Traceback" not in result.output and "wrong" not in result.output


def test_idle_sees_new_mail(servers):
    from imapclient import IMAPClient

    from os1.mail.boxes import Imap

    imap, _ = servers
    account = {"name": "t", "imap_host": "127.0.0.1", "imap_port": imap.port,
               "imap_security": "none", "username": "theo"}
    with Imap(account, "imap-secret") as box:
        box.client.select_folder("INBOX", readonly=True)
        box.client.idle()
        other = IMAPClient("127.0.0.1", port=imap.port, ssl=False)
        other.login("theo", "imap-secret")
        other.append("INBOX", message(rows()[0]).as_bytes())
        other.logout()
        responses = box.client.idle_check(timeout=10)
        box.client.idle_done()
    assert any(b"EXISTS" in r for r in responses)


def test_in_chat_a_reply_goes_only_on_yes_and_a_move_is_undone(run, servers):
    from imapclient import IMAPClient

    from os1.memory.store import open_store
    from os1.mind.turn import Companion
    from os1.models.fake import FakeModel

    imap, smtp = servers
    add_account(run, imap, smtp)
    run("mail", "sync")
    store = open_store()
    user = store.user()
    me = Companion(store, FakeModel(["I'll look at it this afternoon."]), user)
    session = store.start_session(user, "t")
    listed = me.ask("go through my mail?", session).text
    first = listed.splitlines()[1]
    shown = me.ask("reply to the first one", session).text
    assert shown.endswith("Shall I send it?") and not smtp.received
    sent = me.ask("yes, send it", session).text
    (_, recipients, raw), = smtp.received
    assert sent.startswith(f"Sent to {recipients[0]}.") and first.startswith("1. ")
    assert b"I'll look at it this afternoon." in raw

    asked = me.ask("archive the first one", session).text
    assert asked.endswith("to Archive?")
    assert me.ask("yes", session).text.startswith("Moved ")
    client = IMAPClient("127.0.0.1", port=imap.port, ssl=False)
    client.login("theo", "imap-secret")
    client.select_folder("Archive", readonly=True)
    assert len(client.search()) == 1
    done = [e for e in store.activities(user) if e.tool == "move_mail" and e.status == "done"]
    undone = run("activity", "undo", str(done[0].id)).output
    assert "is back in INBOX" in undone
    client.select_folder("Archive", readonly=True)
    assert client.search() == []
    client.select_folder("INBOX", readonly=True)
    assert len(client.search()) == len(rows())
    client.logout()
    # and it can go again: the store knows its new place on the server
    assert "to Old." in run("mail", "move", str(done[0].data["message"]), "Old", "--yes").output
    store.close()


def test_a_flag_is_logged_and_undone_on_the_server(run, servers):
    from imapclient import IMAPClient

    imap, smtp = servers
    add_account(run, imap, smtp)
    run("mail", "sync")
    assert "undo: os1 activity undo 1" in " ".join(run("mail", "flag", "1", "--yes").output.split())
    assert "flag_mail" in run("activity").output
    assert "no longer flagged again" in " ".join(run("activity", "undo", "1").output.split())
    client = IMAPClient("127.0.0.1", port=imap.port, ssl=False)
    client.login("theo", "imap-secret")
    client.select_folder("INBOX", readonly=True)
    assert client.search(["FLAGGED"]) == []
    client.logout()


def test_going_through_proposes_archiving_the_rest_and_a_yes_does_it(run, servers):
    from imapclient import IMAPClient

    from os1.memory.store import open_store
    from os1.mind.turn import Companion
    from os1.models.fake import FakeModel

    imap, smtp = servers
    client = IMAPClient("127.0.0.1", port=imap.port, ssl=False)
    client.login("theo", "imap-secret")
    for i in range(2):
        client.append("INBOX", (f"From: news@example.org\r\nTo: theo@example.com\r\nSubject: Weekly {i}"
                                f"\r\nList-Unsubscribe: <mailto:leave@example.org>\r\nMessage-ID: "
                                f"<news{i}@example.org>\r\n\r\nThis week in energy.\r\n").encode())
    add_account(run, imap, smtp)
    run("mail", "sync")
    store = open_store()
    user = store.user()
    me = Companion(store, FakeModel(), user)
    session = store.start_session(user, "t")
    listed = me.ask("go through my mail?", session).text
    rest = [m for m in store.mail_messages(user) if m["pile"] not in ("needs a reply", "personal",
                                                                       "logistics")]
    assert "the 2 newsletters" in listed.splitlines()[-1] and listed.endswith("to Archive?")
    client.select_folder("INBOX", readonly=True)
    before = len(client.search())
    assert me.ask("yes please", session).text.startswith(f"Moved {len(rest)} messages to Archive.")
    client.select_folder("Archive", readonly=True)
    assert len(client.search()) == len(rest)
    client.select_folder("INBOX", readonly=True)
    assert len(client.search()) == before - len(rest)
    done = next(e for e in store.activities(user) if e.tool == "archive_mail")
    assert "are back where they were" in run("activity", "undo", str(done.id)).output
    client.select_folder("INBOX", readonly=True)
    assert len(client.search()) == before
    client.logout()
    store.close()
