"""The store's queries about the user's mail (tables from migration 012_mail): accounts,
messages with what the quarantined reader made of them, and drafted replies. Every query is
scoped by ``user_id``; none of it is memory: mail never becomes a fact about the user."""

from __future__ import annotations

import json
from typing import Any

from os1.mail.message import Mail
from os1.memory.store_base import Db

ACCOUNT_FIELDS = ("name", "address", "imap_host", "imap_port", "imap_security", "smtp_host",
                  "smtp_port", "smtp_security", "username", "secret")
MESSAGE_FIELDS = ("id, account_id, folder, uid, key, sent, sender, sender_name, recipients, subject, "
                  "date, body, message_id, list_mail, flags, reading, pile, added_at")


class MailQueries:
    """Mixed into ``Store``."""

    db: Db

    # accounts
    def save_mail_account(self, user_id: int, **fields: Any) -> int:
        """Add an account, or change the one of that name."""
        values = {k: fields.get(k) for k in ACCOUNT_FIELDS}
        with self.tx() as db:  # type: ignore[attr-defined]
            row = db.execute("SELECT id FROM mail_accounts WHERE user_id = ? AND name = ?",
                             (user_id, values["name"])).fetchone()
            if row:
                sets = ", ".join(f"{k} = ?" for k in ACCOUNT_FIELDS)
                db.execute(f"UPDATE mail_accounts SET {sets} WHERE user_id = ? AND id = ?",
                           (*values.values(), user_id, row[0]))
                return row[0]
            return db.execute(
                f"INSERT INTO mail_accounts (user_id, {', '.join(ACCOUNT_FIELDS)}, created_at) "
                f"VALUES (?, {', '.join('?' * len(ACCOUNT_FIELDS))}, ?)",
                (user_id, *values.values(), self.now())).lastrowid  # type: ignore[attr-defined]

    def mail_accounts(self, user_id: int) -> list[dict]:
        return [dict(r) for r in self.db.execute(
            "SELECT * FROM mail_accounts WHERE user_id = ? ORDER BY id", (user_id,))]

    def mail_account(self, user_id: int, name: str | None = None) -> dict | None:
        """The account called ``name``, or the user's only (or first) one."""
        accounts = self.mail_accounts(user_id)
        if name is None:
            return accounts[0] if accounts else None
        return next((a for a in accounts if a["name"] == name), None)

    def remove_mail_account(self, user_id: int, account_id: int) -> None:
        with self.tx() as db:  # type: ignore[attr-defined]
            db.execute("DELETE FROM mail_messages WHERE user_id = ? AND account_id = ?",
                       (user_id, account_id))
            db.execute("DELETE FROM mail_accounts WHERE user_id = ? AND id = ?", (user_id, account_id))

    # messages
    def add_mail(self, user_id: int, mail: Mail, account_id: int | None = None,
                 folder: str = "INBOX", uid: int | None = None, sent: bool = False,
                 flags: list[str] | None = None) -> tuple[int, bool]:
        """Keep a message (once: the same message again only updates its folder, uid and
        flags). Returns its id and whether it is new."""
        with self.tx() as db:  # type: ignore[attr-defined]
            row = db.execute("SELECT id FROM mail_messages WHERE user_id = ? AND key = ?",
                             (user_id, mail.key)).fetchone()
            if row:
                db.execute("UPDATE mail_messages SET folder = ?, uid = coalesce(?, uid), "
                           "flags = ?, account_id = coalesce(?, account_id) WHERE user_id = ? AND id = ?",
                           (folder, uid, json.dumps(flags or []), account_id, user_id, row[0]))
                return row[0], False
            new = db.execute(
                "INSERT INTO mail_messages (user_id, account_id, folder, uid, key, sent, sender, "
                "sender_name, recipients, subject, date, body, message_id, list_mail, flags, "
                "added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (user_id, account_id, folder, uid, mail.key, int(sent), mail.sender,
                 mail.sender_name, json.dumps({"to": mail.to, "cc": mail.cc}), mail.subject,
                 mail.date, mail.body, mail.message_id, int(mail.list_mail),
                 json.dumps(flags or []), self.now())).lastrowid  # type: ignore[attr-defined]
            return new, True

    def last_mail_uid(self, user_id: int, account_id: int, folder: str) -> int:
        """The highest IMAP uid read from this folder of the account (0: none yet)."""
        return self.db.execute(
            "SELECT max(uid) FROM mail_messages WHERE user_id = ? AND account_id = ? "
            "AND folder = ?", (user_id, account_id, folder)).fetchone()[0] or 0

    def mail_message(self, user_id: int, message_id: int) -> dict | None:
        row = self.db.execute(f"SELECT {MESSAGE_FIELDS} FROM mail_messages WHERE user_id = ? "
                              "AND id = ?", (user_id, message_id)).fetchone()
        return _message(row) if row else None

    def mail_messages(self, user_id: int, sent: bool | None = False, unread_only: bool = False,
                      limit: int = 200) -> list[dict]:
        """Messages, newest first; ``sent`` picks the user's own (None: both)."""
        where, args = ["user_id = ?"], [user_id]
        if sent is not None:
            where.append("sent = ?")
            args.append(int(sent))
        if unread_only:
            where.append("flags NOT LIKE '%\\Seen%' ESCAPE '!'")  # a backslash is itself
        rows = self.db.execute(f"SELECT {MESSAGE_FIELDS} FROM mail_messages WHERE "
                               f"{' AND '.join(where)} ORDER BY date DESC, id DESC LIMIT ?",
                               (*args, limit)).fetchall()
        return [_message(r) for r in rows]

    def unread_mail(self, user_id: int, limit: int = 200) -> list[dict]:
        """Messages the reader has not read yet (no reading stored)."""
        rows = self.db.execute(f"SELECT {MESSAGE_FIELDS} FROM mail_messages WHERE user_id = ? "
                               "AND reading IS NULL AND sent = 0 ORDER BY id LIMIT ?",
                               (user_id, limit)).fetchall()
        return [_message(r) for r in rows]

    def save_reading(self, user_id: int, message_id: int, reading: dict) -> None:
        with self.tx() as db:  # type: ignore[attr-defined]
            db.execute("UPDATE mail_messages SET reading = ?, pile = ? WHERE user_id = ? AND id = ?",
                       (json.dumps(reading), reading.get("pile"), user_id, message_id))

    def set_mail_place(self, user_id: int, message_id: int, folder: str | None = None,
                       flags: list[str] | None = None, uid: int | None = None) -> None:
        """Where a message is now on its server (a move changes its folder and its UID)."""
        with self.tx() as db:  # type: ignore[attr-defined]
            if folder is not None:
                db.execute("UPDATE mail_messages SET folder = ?, uid = ? WHERE user_id = ? AND id = ?",
                           (folder, uid, user_id, message_id))
            if flags is not None:
                db.execute("UPDATE mail_messages SET flags = ? WHERE user_id = ? AND id = ?",
                           (json.dumps(flags), user_id, message_id))

    # drafts
    def add_draft(self, user_id: int, recipient: str, subject: str, body: str,
                  message_id: int | None = None, account_id: int | None = None,
                  in_reply_to: str = "") -> int:
        with self.tx() as db:  # type: ignore[attr-defined]
            return db.execute(
                "INSERT INTO mail_drafts (user_id, message_id, account_id, recipient, subject, "
                "body, in_reply_to, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (user_id, message_id, account_id, recipient, subject, body, in_reply_to,
                 self.now())).lastrowid  # type: ignore[attr-defined]

    def draft(self, user_id: int, draft_id: int) -> dict | None:
        row = self.db.execute("SELECT * FROM mail_drafts WHERE user_id = ? AND id = ?",
                              (user_id, draft_id)).fetchone()
        return dict(row) if row else None

    def edit_draft(self, user_id: int, draft_id: int, subject: str, body: str) -> bool:
        """The user's own changes to a draft not sent yet; False if it is not waiting."""
        with self.tx() as db:  # type: ignore[attr-defined]
            return db.execute("UPDATE mail_drafts SET subject = ?, body = ? WHERE user_id = ? "
                              "AND id = ? AND status = 'proposed'",
                              (subject, body, user_id, draft_id)).rowcount == 1

    def set_draft_status(self, user_id: int, draft_id: int, status: str) -> None:
        with self.tx() as db:  # type: ignore[attr-defined]
            db.execute("UPDATE mail_drafts SET status = ?, sent_at = CASE WHEN ? = 'sent' "
                       "THEN ? ELSE sent_at END WHERE user_id = ? AND id = ?",
                       (status, status, self.now(), user_id, draft_id))  # type: ignore[attr-defined]


def _message(row: Any) -> dict:
    out = dict(row)
    out["recipients"] = json.loads(out["recipients"] or "{}")
    out["flags"] = json.loads(out["flags"] or "[]")
    out["reading"] = json.loads(out["reading"]) if out["reading"] else None
    return out


def as_mail(row: dict) -> Mail:
    """A stored message as a ``Mail`` again."""
    recipients = row.get("recipients") or {}
    return Mail(sender=row["sender"], sender_name=row["sender_name"], to=recipients.get("to", []),
                cc=recipients.get("cc", []), subject=row["subject"], date=row["date"],
                body=row["body"], message_id=row["message_id"], list_mail=bool(row["list_mail"]))
