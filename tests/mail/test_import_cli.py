"""``os1 mail import`` of an mbox and a Maildir of real Enron messages, the triaged list, one
message shown, and everything gone with ``os1 erase``."""

from __future__ import annotations

import mailbox

from os1.memory.store import open_store
from tests.mail.enron import message, rows


def test_import_an_mbox_list_show_and_erase(run, tmp_path):
    path = tmp_path / "inbox.mbox"
    box = mailbox.mbox(path)
    for row in rows():
        box.add(message(row))
    box.flush()
    result = run("mail", "import", str(path))
    assert f"{len(rows())} messages imported" in result.output
    assert "already kept" in run("mail", "import", str(path)).output
    listed = run("mail", "list", "--all").output
    assert rows()[0]["subject"][:20] in listed
    shown = run("mail", "show", "1").output
    assert "pile:" in shown and "summary:" in shown and rows()[0]["body"].split()[0] in shown
    run("erase", input="erase\n")
    store = open_store()
    assert store.db.execute("SELECT count(*) FROM mail_messages").fetchone()[0] == 0
    store.close()


def test_import_a_maildir_and_refuse_a_plain_folder(run, tmp_path):
    box = mailbox.Maildir(tmp_path / "Maildir")
    for row in rows()[:3]:
        box.add(message(row))
    assert "3 messages imported" in run("mail", "import", str(tmp_path / "Maildir")).output
    (tmp_path / "plain").mkdir()
    from click.testing import CliRunner

    from os1.cli import main

    result = CliRunner().invoke(main, ["mail", "import", str(tmp_path / "plain")])
    assert result.exit_code == 1 and "not a Maildir" in result.output


def test_show_an_unknown_message_says_so(run):
    from click.testing import CliRunner

    from os1.cli import main

    result = CliRunner().invoke(main, ["mail", "show", "42"])
    assert result.exit_code == 1 and "there is no message 42" in result.output


def test_add_account_refuses_plain_text_away_from_this_machine_and_needs_a_key(monkeypatch):
    from click.testing import CliRunner

    from os1.cli import main

    monkeypatch.delenv("OS1_MAIL_PASSPHRASE", raising=False)
    away = CliRunner().invoke(main, ["mail", "add-account", "--address", "me@example.com",
                                     "--imap", "imap.example.com", "--imap-security", "none",
                                     "--password-stdin"], input="pw\n")
    assert away.exit_code == 1 and "without TLS" in away.output
    nokey = CliRunner().invoke(main, ["mail", "add-account", "--address", "me@example.com",
                                      "--imap", "imap.example.com", "--password-stdin"], input="pw\n")
    assert nokey.exit_code == 1 and "OS1_MAIL_PASSPHRASE" in nokey.output
    monkeypatch.setenv("OS1_MAIL_PASSPHRASE", "mine")
    added = CliRunner().invoke(main, ["mail", "add-account", "--address", "me@example.com",
                                      "--imap", "imap.example.com", "--password-stdin"],
                               input="hunter2-secret\n")
    assert added.exit_code == 0 and "hunter2-secret" not in added.output
    from os1.memory.store import open_store

    store = open_store()
    (account,) = store.mail_accounts(store.user())
    assert account["secret"].startswith("fernet:") and "hunter2" not in account["secret"]
    store.close()
    from os1.mail.credentials import unseal

    assert unseal(account["user_id"], "mail", account["secret"]) == "hunter2-secret"


def test_markup_in_a_subject_is_shown_as_it_is(run, tmp_path):
    path = tmp_path / "odd.mbox"
    box = mailbox.mbox(path)
    box.add(b"From: a@example.org\nTo: me@example.com\nSubject: [red]urgent[/] [/bold]\n\n"
            b"Could you look at this [link](https://x.example) today?\n")
    box.flush()
    run("mail", "import", str(path))
    assert "[red]urgent[/] [/bold]" in run("mail", "list", "--all").output
    assert "[red]urgent[/] [/bold]" in run("mail", "show", "1").output
