"""One email as plain data: who sent it, to whom, when, its subject and its text.

Parsed with the standard library's ``email`` package (policy ``default``: headers decoded,
the text part chosen). HTML is reduced to its text; nothing it links to is fetched, and its
images are dropped, so reading a message never tells its sender that it was read.
"""

from __future__ import annotations

import email
import email.policy
import email.utils
import hashlib
import html
import re
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone

MAX_BODY = 20000  # characters of text kept per message: the rest is quoted replies and noise


@dataclass
class Mail:
    sender: str  # the address, lower-cased
    sender_name: str
    to: list[str]
    cc: list[str]
    subject: str
    date: str  # ISO 8601, UTC; "" when the message has none that parses
    body: str
    message_id: str = ""
    in_reply_to: str = ""
    list_mail: bool = False  # sent to a list or in bulk (List-Id, List-Unsubscribe, Precedence)
    attachments: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)

    @property
    def key(self) -> str:
        """What names this message across imports: its Message-ID, else a hash of its content."""
        if self.message_id:
            return self.message_id
        digest = hashlib.sha256(f"{self.sender}\n{self.date}\n{self.subject}\n{self.body}".encode())
        return "sha256:" + digest.hexdigest()[:32]


def addresses(value: str | None) -> list[str]:
    return [addr.lower() for _, addr in email.utils.getaddresses([value or ""]) if "@" in addr]


def iso_date(value: str | None) -> str:
    if not value:
        return ""
    try:
        when = email.utils.parsedate_to_datetime(re.sub(r"\s*\([A-Z]{2,5}\)\s*$", "", value.strip()))
    except (TypeError, ValueError, IndexError):
        return ""
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.astimezone(timezone.utc).isoformat(timespec="seconds")


TAG = re.compile(r"<[^>]*>")
DROP = re.compile(r"<(script|style|head)\b.*?</\1\s*>", re.I | re.S)
BREAK = re.compile(r"<\s*(?:br|/p|/div|/li|/tr|/h\d)\b[^>]*>", re.I)


def html_text(markup: str) -> str:
    """The words of an HTML part: scripts, styles and images gone, links kept as their text."""
    text = BREAK.sub("\n", DROP.sub(" ", markup))
    text = html.unescape(TAG.sub(" ", text))
    return "\n".join(" ".join(line.split()) for line in text.splitlines()).strip()


def parse(raw: bytes | str) -> Mail:
    """A raw RFC 5322 message as a ``Mail``."""
    if isinstance(raw, str):
        msg = email.message_from_string(raw, policy=email.policy.default)
    else:
        msg = email.message_from_bytes(raw, policy=email.policy.default)
    return from_message(msg)


def _header(msg, name: str) -> str:
    try:
        return str(msg.get(name, "") or "")
    except (ValueError, TypeError, IndexError):
        return ""  # a header too broken to decode is no header


def from_message(msg) -> Mail:
    name, sender = email.utils.parseaddr(_header(msg, "From"))
    body = ""
    attachments = []
    try:
        part = msg.get_body(preferencelist=("plain", "html"))
        if part is not None:
            content = part.get_content()
            body = html_text(content) if part.get_content_type() == "text/html" else content
        for item in msg.iter_attachments():
            if item.get_filename():
                attachments.append(item.get_filename())
    except (KeyError, LookupError, ValueError, AttributeError):
        payload = msg.get_payload(decode=True) or b""
        body = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else str(payload)
    list_mail = bool(_header(msg, "List-Id") or _header(msg, "List-Unsubscribe")
                     or _header(msg, "Precedence").lower() in ("bulk", "list", "junk"))
    return Mail(sender=sender.lower(), sender_name=" ".join(name.split()),
                to=addresses(_header(msg, "To")), cc=addresses(_header(msg, "Cc")),
                subject=" ".join(_header(msg, "Subject").split()), date=iso_date(_header(msg, "Date")),
                body=body.replace("\r\n", "\n")[:MAX_BODY], message_id=_header(msg, "Message-ID").strip(),
                in_reply_to=_header(msg, "In-Reply-To").strip(), list_mail=list_mail,
                attachments=attachments)


def from_record(row: dict) -> Mail:
    """A message given as a JSON record (the Enron annotations: from, to, cc, date, subject,
    body), for benches and tests."""
    return Mail(sender=str(row.get("from") or row.get("sender") or "").lower(),
                sender_name=str(row.get("sender_name") or ""),
                to=addresses(row.get("to")), cc=addresses(row.get("cc")),
                subject=" ".join(str(row.get("subject") or "").split()),
                date=iso_date(row.get("date")) if row.get("date") else "",
                body=str(row.get("body") or row.get("text") or "")[:MAX_BODY],
                message_id=str(row.get("message_id") or ""))


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
