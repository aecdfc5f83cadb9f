"""Mail for one user: bring messages in, have the quarantined reader read them, list them
triaged, draft replies, and carry out what the user said yes to. The thin layer between the
store, the mailboxes and the reader; the CLI, the web API and the tools call these."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from os1.errors import OS1Error
from os1.mail import boxes, credentials
from os1.mail.reader import Draft, Reading, draft_reply, read
from os1.mail.triage import RANK
from os1.mail.voice import Voice, learn
from os1.memory.store_protocol import StoreProtocol
from os1.memory.store_mail import as_mail
from os1.models.base import Model

SENT_FOLDERS = ("Sent", "Sent Items", "Sent Messages", "INBOX.Sent", "[Gmail]/Sent Mail")


def user_addresses(store: StoreProtocol, user_id: int) -> list[str]:
    return [a["address"].lower() for a in store.mail_accounts(user_id)]


def import_local(store: StoreProtocol, user_id: int, path: Path, sent: bool = False) -> dict:
    """Keep every message of a Maildir or mbox; the user's own are told apart by address."""
    mine = set(user_addresses(store, user_id))
    added = seen = 0
    for mail in boxes.local_file(path):
        _, new = store.add_mail(user_id, mail, folder=Path(path).name,
                                sent=sent or mail.sender in mine)
        added += new
        seen += not new
    return {"added": added, "already_kept": seen}


def password_for(store: StoreProtocol, user_id: int, account: dict,
                 ask: Callable[[], str] | None = None) -> str:
    return credentials.unseal(user_id, account["name"], account["secret"], ask)


def account_or_error(store: StoreProtocol, user_id: int, name: str | None) -> dict:
    account = store.mail_account(user_id, name)
    if account is None:
        raise OS1Error("no mail account" + (f" called '{name}'" if name else "") +
                       "; add one with `os1 mail add-account`.")
    return account


def sync(store: StoreProtocol, user_id: int, account: dict, password: str,
         context=None) -> dict:
    """New messages of the inbox and the sent folder, since the last sync."""
    added = {}
    with boxes.Imap(account, password, context) as imap:
        folders = imap.folders()
        for folder in ["INBOX", *[f for f in SENT_FOLDERS if f in folders]]:
            last = store.last_mail_uid(user_id, account["id"], folder)
            count = 0
            for item in imap.fetch(folder, after_uid=last):
                _, new = store.add_mail(user_id, item.mail, account["id"], folder, item.uid,
                                        sent=folder != "INBOX", flags=item.flags)
                count += new
            added[folder] = count
    return added


def voice(store: StoreProtocol, user_id: int) -> Voice:
    """The user's voice, from what they sent."""
    return learn([as_mail(m) for m in store.mail_messages(user_id, sent=True, limit=200)])


def read_new(store: StoreProtocol, user_id: int, model: Model | None = None,
             progress: Callable[[int, int], None] = lambda done, total: None) -> int:
    """Have the reader read every message not read yet; its fields are kept with the message."""
    waiting = store.unread_mail(user_id)
    mine = user_addresses(store, user_id)
    for number, row in enumerate(waiting, 1):
        reading = read(as_mail(row), model, mine)
        store.save_reading(user_id, row["id"], reading.as_dict())
        progress(number, len(waiting))
    return len(waiting)


def triaged(store: StoreProtocol, user_id: int, limit: int = 200) -> list[dict]:
    """The inbox, the few that matter first: needs a reply, personal, logistics, then the rest;
    newest first within each pile."""
    rows = [r for r in store.mail_messages(user_id, sent=False, limit=limit) if r["reading"]]
    return sorted(rows, key=lambda r: (RANK.get(r["pile"] or "can go", len(RANK)),
                                       _negated(r["date"])))


def _negated(date: str) -> tuple:
    return tuple(-ord(c) for c in date)


def message(store: StoreProtocol, user_id: int, message_id: int) -> dict:
    row = store.mail_message(user_id, message_id)
    if row is None:
        raise OS1Error(f"there is no message {message_id}; `os1 mail list` shows them.")
    return row


def propose_reply(store: StoreProtocol, user_id: int, message_id: int, model: Model | None,
                  user_name: str = "") -> tuple[int, Draft]:
    """A reply drafted in the user's voice and kept as a proposal: nothing is sent."""
    row = message(store, user_id, message_id)
    mail = as_mail(row)
    mine = user_addresses(store, user_id)
    reading = Reading(**row["reading"]) if row["reading"] else read(mail, model, mine)
    draft = draft_reply(mail, reading, model, voice(store, user_id), user_name, mine)
    draft_id = store.add_draft(user_id, draft.to, draft.subject, draft.body, message_id,
                               row["account_id"], draft.in_reply_to)
    return draft_id, draft


def send(store: StoreProtocol, user_id: int, draft_id: int, account: dict, password: str,
         context=None) -> dict:
    """Send a proposed draft. Callers reach this only after the user's explicit yes."""
    draft = store.draft(user_id, draft_id)
    if draft is None or draft["status"] != "proposed":
        raise OS1Error(f"there is no draft {draft_id} waiting to be sent.")
    msg = boxes.compose(account, draft["recipient"], draft["subject"], draft["body"],
                        draft["in_reply_to"])
    boxes.send(msg, account, password, context)
    store.set_draft_status(user_id, draft_id, "sent")
    return {**draft, "status": "sent", "message_id": msg["Message-ID"]}


def move(store: StoreProtocol, user_id: int, message_id: int, destination: str, password: str,
         context=None) -> dict:
    """Move a message on its server (after the user's yes), and in the store; returns where
    it was, to move it back."""
    row = message(store, user_id, message_id)
    account = account_of(store, user_id, row)
    with boxes.Imap(account, password, context) as imap:
        uid = imap.move(row["folder"], row["uid"], destination, row["message_id"] or "")
    store.set_mail_place(user_id, message_id, folder=destination, uid=uid)
    return {"folder": row["folder"], "uid": row["uid"]}


def flag(store: StoreProtocol, user_id: int, message_id: int, name: str, on: bool, password: str,
         context=None) -> list[str]:
    row = message(store, user_id, message_id)
    account = account_of(store, user_id, row)
    with boxes.Imap(account, password, context) as imap:
        flags = imap.flag(row["folder"], row["uid"], name, on)
    store.set_mail_place(user_id, message_id, flags=flags)
    return flags


def account_of(store: StoreProtocol, user_id: int, row: dict) -> dict:
    if row["account_id"] is None:
        raise OS1Error("that message was imported from a file; it has no server to change it on.")
    if row["uid"] is None:
        raise OS1Error(f"OS1 lost track of that message in {row['folder']}; `os1 mail sync` finds it again.")
    account = next((a for a in store.mail_accounts(user_id) if a["id"] == row["account_id"]), None)
    if account is None:
        raise OS1Error("that message's account is gone.")
    return account


MATTER = ("needs a reply", "personal", "logistics")


def go_through(store: StoreProtocol, user_id: int, model: Model | None = None, few: int = 5) -> dict:
    """"Go through my mail": the few that matter (newest of the piles that matter, replies
    first), how many are in the other piles, and what OS1 proposes for them (a proposal for
    the user to say yes to, never done by itself). Plain data for a tool to speak from."""
    read_new(store, user_id, model)
    rows = triaged(store, user_id)
    matter = [r for r in rows if r["pile"] in MATTER]
    rest: dict[str, int] = {}
    for r in rows:
        if r["pile"] not in MATTER:
            rest[r["pile"]] = rest.get(r["pile"], 0) + 1
    proposal = ""
    if rest:
        proposal = "archive " + " and ".join(f"the {n} {pile}" for pile, n in rest.items())
    return {"rest_ids": [r["id"] for r in rows if r["pile"] not in MATTER],
            "matter": [{"id": r["id"], "pile": r["pile"], "from": r["reading"]["sender_name"]
                        or r["sender"], "subject": r["reading"]["subject"],
                        "summary": r["reading"]["summary"], "requests": r["reading"]["requests"]}
                       for r in matter[:few]],
            "more_that_matter": max(len(matter) - few, 0), "rest": rest, "proposal": proposal}
