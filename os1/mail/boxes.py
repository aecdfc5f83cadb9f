"""Mailboxes: Maildir and mbox files read with the standard library, IMAP with imapclient
(read, flag, move; new mail by polling or IDLE), SMTP with smtplib (TLS or STARTTLS).

Nothing here decides anything: it carries messages between a mailbox and the store. Sending,
moving and flagging happen only when called, and OS1 calls them only after the user said yes
to a shown preview. Without TLS, a password goes only to a server on this machine.
"""

from __future__ import annotations

import email.policy
import email.utils
import ipaddress
import mailbox
import smtplib
import ssl
import time
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from os1.errors import OS1Error
from os1.mail.message import Mail, from_message, parse

SECURITY = ("tls", "starttls", "none")
TIMEOUT = 30


class MailboxError(OS1Error):
    pass


def local_file(path: Path) -> Iterator[Mail]:
    """The messages of a Maildir (a folder with cur/ and new/) or an mbox file."""
    path = Path(path)
    if path.is_dir():
        if not (path / "cur").is_dir() and not (path / "new").is_dir():
            raise MailboxError(f"{path} is a folder but not a Maildir (it has no cur/ or new/).")
        box: mailbox.Mailbox = mailbox.Maildir(path, factory=None, create=False)
    elif path.is_file():
        box = mailbox.mbox(path, factory=None, create=False)
    else:
        raise MailboxError(f"{path} does not exist.")
    for key in box.keys():
        try:
            raw = box.get_bytes(key)
        except (KeyError, OSError):
            continue
        if raw.strip():
            yield parse(raw)


def loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_security(host: str, security: str) -> None:
    """Refuse plain text to anything but this machine."""
    if security not in SECURITY:
        raise MailboxError(f"security must be one of {', '.join(SECURITY)}, not '{security}'.")
    if security == "none" and not loopback(host):
        raise MailboxError(f"refusing to send a password to {host} without TLS; use tls or starttls.")


@dataclass
class Fetched:
    uid: int
    flags: list[str]
    mail: Mail


class Imap:
    """One IMAP connection for an account (a dict as the store keeps it)."""

    def __init__(self, account: dict, password: str, context: ssl.SSLContext | None = None):
        try:
            from imapclient import IMAPClient
        except ImportError:
            raise MailboxError("IMAP needs the mail extra: pip install 'os1[mail]'.") from None
        host, security = account["imap_host"], account["imap_security"]
        if not host:
            raise MailboxError(f"the account '{account['name']}' has no IMAP server.")
        check_security(host, security)
        context = context or ssl.create_default_context()
        port = account["imap_port"] or (993 if security == "tls" else 143)
        try:
            self.client = IMAPClient(host, port=port, ssl=security == "tls", ssl_context=context,
                                     timeout=TIMEOUT)
            if security == "starttls":
                self.client.starttls(context)
            self.client.login(account["username"], password)
        except (OSError, ssl.SSLError) as exc:
            raise MailboxError(f"could not reach the IMAP server {host}:{port} ({exc}).") from None
        except Exception as exc:  # imapclient's LoginError and IMAP errors
            if "login" in type(exc).__name__.lower() or "auth" in str(exc).lower():
                raise MailboxError(f"the IMAP server {host} refused the user name or password.") from None
            raise MailboxError(f"the IMAP server {host} said: {exc}") from None

    def close(self) -> None:
        try:
            self.client.logout()
        except Exception:  # closing a dead connection
            pass

    def __enter__(self) -> "Imap":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def folders(self) -> list[str]:
        return [name for _, _, name in self.client.list_folders()]

    def fetch(self, folder: str = "INBOX", after_uid: int = 0, limit: int = 500) -> list[Fetched]:
        """Messages after ``after_uid``, read with BODY.PEEK so reading leaves them unread."""
        self.client.select_folder(folder, readonly=True)
        uids = [u for u in self.client.search(["UID", f"{after_uid + 1}:*"]) if u > after_uid]
        out = []
        for start in range(0, min(len(uids), limit), 50):
            batch = uids[start:start + 50]
            for uid, data in sorted(self.client.fetch(batch, ["BODY.PEEK[]", "FLAGS"]).items()):
                raw = data.get(b"BODY[]") or b""
                msg = email.message_from_bytes(raw, policy=email.policy.default)
                flags = [f.decode() if isinstance(f, bytes) else str(f) for f in data.get(b"FLAGS", ())]
                out.append(Fetched(uid, flags, from_message(msg)))
        return out

    def flag(self, folder: str, uid: int, flag: str = "\\Flagged", on: bool = True) -> list[str]:
        """Set or clear a flag (\\Seen, \\Flagged, \\Answered…); returns the message's flags."""
        self.client.select_folder(folder)
        change = self.client.add_flags if on else self.client.remove_flags
        result = change([uid], [flag.encode()])
        return [f.decode() if isinstance(f, bytes) else str(f) for f in result.get(uid, ())]

    def move(self, folder: str, uid: int, destination: str, message_id: str = "") -> int | None:
        """Move a message to another folder (created if missing): MOVE where the server has
        it, else copy, mark deleted and expunge that one message. Returns its UID in the
        destination (found by its Message-ID), so it can be moved back; None if not found."""
        if not self.client.folder_exists(destination):
            self.client.create_folder(destination)
        self.client.select_folder(folder)
        if self.client.has_capability("MOVE"):
            self.client.move([uid], destination)
        else:
            self.client.copy([uid], destination)
            self.client.delete_messages([uid])
            self.client.uid_expunge([uid]) if self.client.has_capability("UIDPLUS") else self.client.expunge()
        if not message_id:
            return None
        self.client.select_folder(destination, readonly=True)
        found = self.client.search(["HEADER", "Message-ID", message_id])
        return max(found) if found else None

    def wait(self, folder: str = "INBOX", seconds: float = 60) -> bool:
        """Wait for new mail: IDLE where the server has it, else one poll after the wait.
        Returns whether the server said something changed."""
        self.client.select_folder(folder, readonly=True)
        if not self.client.has_capability("IDLE"):
            time.sleep(seconds)
            return True
        self.client.idle()
        try:
            responses = self.client.idle_check(timeout=seconds)
        finally:
            self.client.idle_done()
        return bool(responses)


def compose(account: dict, to: str, subject: str, body: str, in_reply_to: str = "") -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = account["address"]
    msg["To"] = to
    msg["Subject"] = subject
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
        msg["References"] = in_reply_to
    msg["Message-ID"] = email.utils.make_msgid(domain=account["address"].split("@")[-1] or None)
    msg["Date"] = email.utils.formatdate(localtime=False)
    msg.set_content(body)
    return msg


def send(msg: EmailMessage, account: dict, password: str,
         context: ssl.SSLContext | None = None) -> None:
    """Hand a message to the account's SMTP server. Only ever called after the user's yes."""
    host, security = account["smtp_host"], account["smtp_security"]
    if not host:
        raise MailboxError(f"the account '{account['name']}' has no SMTP server.")
    check_security(host, security)
    context = context or ssl.create_default_context()
    port = account["smtp_port"] or (465 if security == "tls" else 587)
    try:
        if security == "tls":
            server: smtplib.SMTP = smtplib.SMTP_SSL(host, port, timeout=TIMEOUT, context=context)
        else:
            server = smtplib.SMTP(host, port, timeout=TIMEOUT)
        with server:
            if security == "starttls":
                server.starttls(context=context)
            if password and (security != "none" or server.has_extn("auth")):
                server.login(account["username"], password)
            server.send_message(msg)
    except smtplib.SMTPAuthenticationError:
        raise MailboxError(f"the SMTP server {host} refused the user name or password.") from None
    except (smtplib.SMTPException, OSError) as exc:
        raise MailboxError(f"could not send through {host}:{port} ({exc}).") from None

