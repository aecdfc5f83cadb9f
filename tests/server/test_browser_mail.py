"""The Mail panel in a real browser (chromium) against real mail servers on loopback (dovecot,
aiosmtpd): a reply drafted, edited and sent only after its preview and a Yes; a message
archived on a Yes and brought back with Undo."""

import email
import email.policy
import os
import shutil

import pytest

from os1.mail import credentials, service as mail
from os1.models.fake import FakeModel
from tests.mail.servers import DOVECOT, Dovecot, Smtp
from tests.server.conftest import make_service, running, wait_for
from tests.server.test_browser import browser  # noqa: F401  (fixture)

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not shutil.which("dovecot") and not os.path.exists(DOVECOT),
                                 reason="dovecot-imapd is not installed")]

ASKING = (b"From: Cy Ray <cy@example.org>\r\nTo: theo@example.com\r\nSubject: Budget\r\n"
          b"Message-ID: <budget-1@example.org>\r\nDate: Mon, 5 Mar 2001 08:23:00 -0800\r\n\r\n"
          b"Hi Theo,\r\n\r\nCould you send me the revised budget by Friday?\r\n\r\nCy\r\n")


@pytest.fixture
def mailbox(tmp_path, monkeypatch):
    monkeypatch.setenv(credentials.PASSPHRASE_ENV, "a passphrase of mine")
    with Dovecot({"theo": "imap-secret"}) as imap, Smtp() as smtp:
        from imapclient import IMAPClient

        client = IMAPClient("127.0.0.1", port=imap.port, ssl=False)
        client.login("theo", "imap-secret")
        client.append("INBOX", ASKING)
        client.logout()
        service = make_service(tmp_path, accounts=False,
                               model=FakeModel(["I'll send it over on Thursday."]))
        user = service.local_user()
        service.store.save_mail_account(
            user, name="mail", address="theo@example.com", imap_host="127.0.0.1",
            imap_port=imap.port, imap_security="none", smtp_host="127.0.0.1",
            smtp_port=smtp.port, smtp_security="none", username="theo",
            secret=credentials.seal(user, "mail", "imap-secret", use_keyring=False))
        account = service.store.mail_account(user)
        mail.sync(service.store, user, account, "imap-secret")
        with running(service) as address:
            yield f"http://{address}", imap, smtp
        service.store.close()


def folder_sizes(imap) -> dict[str, int]:
    from imapclient import IMAPClient

    client = IMAPClient("127.0.0.1", port=imap.port, ssl=False)
    client.login("theo", "imap-secret")
    sizes = {}
    for name in ("INBOX", "Archive"):
        if client.folder_exists(name):
            client.select_folder(name, readonly=True)
            sizes[name] = len(client.search())
    client.logout()
    return sizes


def test_reply_edit_preview_yes_then_archive_and_undo(mailbox, browser):  # noqa: F811
    url, imap, smtp = mailbox
    page = browser.new_page()
    page.goto(f"{url}/static/mail.html")
    page.click("#piles button.link:has-text('Budget')")
    page.click("#message button.reply")
    page.wait_for_selector("#draft:not([hidden])")
    assert "send it over on Thursday" in page.input_value("#draft-body")
    page.fill("#draft-body", "Hi Cy,\n\nAttached tonight, with the new numbers.\n\nTheo")
    page.click("#draft-send")
    page.wait_for_selector("#confirm:not([hidden])")
    preview = page.text_content("#confirm-preview")
    assert "Attached tonight, with the new numbers." in preview and preview.endswith("Shall I send it?")
    assert smtp.received == []  # shown, not sent
    page.click("#confirm-yes")
    page.wait_for_selector("#mail-note:has-text('Sent to')")
    (_, recipients, raw), = smtp.received
    sent = email.message_from_bytes(raw, policy=email.policy.default)
    assert recipients == ["cy@example.org"] and sent["In-Reply-To"] == "<budget-1@example.org>"
    assert "Attached tonight, with the new numbers." in sent.get_content()

    page.click("#message button.archive")
    page.wait_for_selector("#confirm:not([hidden])")
    assert page.text_content("#confirm-preview").endswith("out of INBOX to Archive?")
    assert folder_sizes(imap)["INBOX"] == 1  # not yet
    page.click("#confirm-yes")
    page.wait_for_selector("#mail-note:has-text('Moved')")
    assert folder_sizes(imap) == {"INBOX": 0, "Archive": 1}
    page.click("#mail-activity li[data-tool=move_mail] button.undo")
    page.wait_for_selector("#mail-note:has-text('back in INBOX')")
    assert wait_for(lambda: folder_sizes(imap) == {"INBOX": 1, "Archive": 0})
    tools = page.eval_on_selector_all("#mail-activity li", "items => items.map(i => i.dataset.tool)")
    assert tools == ["move_mail", "send_mail", "draft_reply"]
