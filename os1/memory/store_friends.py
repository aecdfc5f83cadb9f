"""The store's queries about friends' companions (tables from migration 013_friends): the
user's key pair and handle, invitations, links and the log of every message. Every query is
scoped by ``user_id``; the one lookup by handle only says whose inbox a handle is."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from os1.memory.store_base import Db, plain, plains


@dataclass(frozen=True)
class Friend:
    """A link to another companion, as this user's side holds it."""

    id: int
    name: str  # what the other user is known by
    my_name: str  # what this user is known by, to them
    their_key: str
    their_address: str
    scope: str  # JSON: what this user lets cross (``consent.Scope``)
    status: str
    out_seq: int
    in_seq: int
    created_at: str
    withdrawn_at: str | None


FRIEND_FIELDS = ("id, name, my_name, their_key, their_address, scope, status, out_seq, in_seq, "
                 "created_at, withdrawn_at")


class FriendQueries:
    """Mixed into ``Store``: every query scoped by ``user_id``."""

    db: Db

    def friend_identity(self, user_id: int) -> dict[str, Any] | None:
        """The key pair and handle; ``private_key`` says where the private key is kept
        ("keyring", "file:NAME": ``friends.identity``), not the key."""
        return plain(self.db.execute("SELECT private_key, public_key, handle FROM friend_identity "
                                     "WHERE user_id = ?", (user_id,)).fetchone())

    def add_friend_identity(self, user_id: int, private: str, public: str, handle: str) -> None:
        with self.tx() as db:  # type: ignore[attr-defined]
            db.execute("INSERT INTO friend_identity (user_id, private_key, public_key, "
                       "handle, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                       (user_id, private, public, handle, self.now()))  # type: ignore[attr-defined]

    def set_friend_private_key(self, user_id: int, kept: str) -> None:
        """Where the private key is kept now (``friends.identity``); the value it replaces
        is overwritten on disk (secure delete) and the log emptied."""
        with self.tx() as db:  # type: ignore[attr-defined]
            db.execute("UPDATE friend_identity SET private_key = ? WHERE user_id = ?",
                       (kept, user_id))
        self.checkpoint()  # type: ignore[attr-defined]

    def user_of_handle(self, handle: str) -> int | None:
        """Whose inbox ``handle`` is (routing only: nothing of theirs is read)."""
        row = self.db.execute("SELECT user_id FROM friend_identity WHERE handle = ?",
                              (handle,)).fetchone()
        return row[0] if row else None

    def add_invite(self, user_id: int, token: str, name: str, scope: str, expires: str) -> None:
        with self.tx() as db:  # type: ignore[attr-defined]
            db.execute("INSERT INTO friend_invites (user_id, token, name, scope, expires_at, "
                       "created_at) VALUES (?, ?, ?, ?, ?, ?)",
                       (user_id, token, name, scope, expires, self.now()))  # type: ignore[attr-defined]

    def take_invite(self, user_id: int, token: str, now: str) -> dict[str, Any] | None:
        """The unused, unexpired invitation with ``token``, marked used; None otherwise."""
        with self.tx() as db:  # type: ignore[attr-defined]
            # marked used by one conditional write: under read committed, of two takings at
            # once the second waits on the row and then finds it used (a read first would let
            # both see it unused)
            if not db.execute("UPDATE friend_invites SET used_at = ? WHERE user_id = ? AND "
                              "token = ? AND used_at IS NULL AND expires_at > ?",
                              (now, user_id, token, now)).rowcount:
                return None
            return plain(db.execute("SELECT id, name, scope FROM friend_invites WHERE "
                                    "user_id = ? AND token = ?", (user_id, token)).fetchone())

    def invites(self, user_id: int) -> list[dict[str, Any]]:
        return plains(self.db.execute("SELECT id, name, scope, expires_at, created_at, used_at FROM "
                                      "friend_invites WHERE user_id = ? ORDER BY id", (user_id,)).fetchall())

    def link_friend(self, user_id: int, name: str, my_name: str, their_key: str,
                    their_address: str, scope: str, status: str) -> int:
        """A new link, or a withdrawn or pending one with this key made anew (its counters
        start again; old messages stay refused by their nonces and their age)."""
        with self.tx() as db:  # type: ignore[attr-defined]
            db.execute(
                "INSERT INTO friends (user_id, name, my_name, their_key, their_address, scope, "
                "status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(user_id, their_key) DO UPDATE SET name = excluded.name, "
                "my_name = excluded.my_name, their_address = excluded.their_address, "
                "scope = excluded.scope, status = excluded.status, out_seq = 0, in_seq = 0, "
                "withdrawn_at = NULL",
                (user_id, name, my_name, their_key, their_address, scope, status,
                 self.now()))  # type: ignore[attr-defined]
            return db.execute("SELECT id FROM friends WHERE user_id = ? AND their_key = ?",
                              (user_id, their_key)).fetchone()[0]

    def friends(self, user_id: int) -> list[Friend]:
        return [Friend(**dict(r)) for r in self.db.execute(
            f"SELECT {FRIEND_FIELDS} FROM friends WHERE user_id = ? ORDER BY id", (user_id,))]

    def friend(self, user_id: int, friend_id: int) -> Friend | None:
        row = self.db.execute(f"SELECT {FRIEND_FIELDS} FROM friends WHERE user_id = ? AND id = ?",
                              (user_id, friend_id)).fetchone()
        return Friend(**dict(row)) if row else None

    def friend_by_key(self, user_id: int, key: str) -> Friend | None:
        row = self.db.execute(f"SELECT {FRIEND_FIELDS} FROM friends WHERE user_id = ? AND "
                              "their_key = ?", (user_id, key)).fetchone()
        return Friend(**dict(row)) if row else None

    def set_friend(self, user_id: int, friend_id: int, **fields: Any) -> None:
        allowed = {"status", "scope", "name", "withdrawn_at"}
        if set(fields) - allowed:
            raise ValueError(f"unknown friend fields: {sorted(set(fields) - allowed)}")
        sets = ", ".join(f"{k} = ?" for k in fields)
        with self.tx() as db:  # type: ignore[attr-defined]
            db.execute(f"UPDATE friends SET {sets} WHERE user_id = ? AND id = ?",
                       [*fields.values(), user_id, friend_id])

    def next_seq(self, user_id: int, friend_id: int) -> int:
        """This side's next sequence number on the link (each is used once); 0 when the
        user has no such link."""
        with self.tx() as db:  # type: ignore[attr-defined]
            db.execute("UPDATE friends SET out_seq = out_seq + 1 WHERE user_id = ? AND id = ?",
                       (user_id, friend_id))
            row = db.execute("SELECT out_seq FROM friends WHERE user_id = ? AND id = ?",
                             (user_id, friend_id)).fetchone()
            return row[0] if row else 0

    def take_incoming(self, user_id: int, friend_id: int, kind: str, seq: int, nonce: str,
                      body: dict[str, Any]) -> str | None:
        """Record a received message if it is new and in order: None, else why not
        ("replay": its nonce was seen; "out_of_order": its seq is not above the last;
        "unknown_sender": the user has no such link)."""
        with self.tx() as db:  # type: ignore[attr-defined]
            if db.execute("SELECT 1 FROM friend_messages WHERE user_id = ? AND friend_id = ? "
                          "AND direction = 'in' AND nonce = ? AND status = 'received'",
                          (user_id, friend_id, nonce)).fetchone():
                return "replay"
            found = db.execute("SELECT in_seq FROM friends WHERE user_id = ? AND id = ?",
                               (user_id, friend_id)).fetchone()
            if found is None:
                return "unknown_sender"  # no such link of this user: refused
            # the sequence moves on only if no message taken at the same moment moved it
            # past this one (the second of two waits on the row, then finds it moved)
            if seq <= found[0] or not db.execute(
                    "UPDATE friends SET in_seq = ? WHERE user_id = ? AND id = ? AND in_seq < ?",
                    (seq, user_id, friend_id, seq)).rowcount:
                return "out_of_order"
            self._log(db, user_id, friend_id, "in", kind, seq, nonce, body, "received", "")
            return None

    def log_friend_message(self, user_id: int, friend_id: int | None, direction: str, kind: str,
                           body: dict[str, Any], status: str, reason: str = "",
                           seq: int | None = None, nonce: str | None = None) -> int:
        with self.tx() as db:  # type: ignore[attr-defined]
            return self._log(db, user_id, friend_id, direction, kind, seq, nonce, body, status,
                             reason)

    def _log(self, db: Db, user_id: int, friend_id: int | None, direction: str,
             kind: str, seq: int | None, nonce: str | None, body: dict[str, Any], status: str,
             reason: str) -> int:
        return db.execute(
            "INSERT INTO friend_messages (user_id, friend_id, direction, type, seq, nonce, body, "
            "status, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (user_id, friend_id, direction, kind, seq, nonce, json.dumps(body, ensure_ascii=False),
             status, reason, self.now())).lastrowid  # type: ignore[attr-defined]

    def friend_log(self, user_id: int, friend_id: int | None = None,
                   limit: int = 200) -> list[dict[str, Any]]:
        """The messages over this user's links (one link's with ``friend_id``), oldest first."""
        where, args = ("AND m.friend_id = ?", (user_id, friend_id)) if friend_id else ("", (user_id,))
        rows = self.db.execute(
            "SELECT * FROM (SELECT m.id, m.friend_id, f.name AS friend, m.direction, m.type, "
            "m.seq, m.body, m.status, m.reason, m.at FROM friend_messages m LEFT JOIN friends f "
            f"ON f.id = m.friend_id AND f.user_id = m.user_id WHERE m.user_id = ? {where} "
            "ORDER BY m.id DESC LIMIT ?) ORDER BY id", (*args, limit)).fetchall()
        return [{**dict(r), "body": json.loads(r["body"])} for r in rows]

    def incoming_since(self, user_id: int, friend_id: int, since: str) -> int:
        """How many messages came over the link since ``since`` (for its rate limit)."""
        return self.db.execute("SELECT count(*) FROM friend_messages WHERE user_id = ? AND "
                               "friend_id = ? AND direction = 'in' AND at >= ?",
                               (user_id, friend_id, since)).fetchone()[0]

    def friends_export(self, user_id: int) -> dict[str, Any]:
        """The links and every message over them, for an export (never the private key)."""
        from dataclasses import asdict

        identity = self.friend_identity(user_id)
        return {"public_key": identity["public_key"] if identity else None,
                "links": [asdict(f) for f in self.friends(user_id)],
                "messages": self.friend_log(user_id, limit=1_000_000)}

    def memory_version(self, user_id: int) -> tuple:
        """What changes whenever what the check before sending reads does (a memory, fact,
        person or reminder added, edited or forgotten), read in one query without the texts:
        the key of the check's cache (``outgoing.Checker.of``)."""
        return tuple(self.db.execute(
            "SELECT (SELECT forgets FROM users WHERE id = :u), "
            "(SELECT count(*) || ':' || coalesce(max(id), 0) || ':' || coalesce(sum(length(text)), 0) || ':' "
            " || count(valid_to) FROM memories WHERE user_id = :u), "
            "(SELECT count(*) || ':' || coalesce(max(id), 0) || ':' || coalesce(sum(length(value)), 0) "
            " FROM person_facts WHERE user_id = :u), "
            "(SELECT count(*) || ':' || coalesce(max(id), 0) || ':' "
            " || coalesce(sum(length(coalesce(name, ''))), 0) FROM people WHERE user_id = :u), "
            "(SELECT count(*) || ':' || coalesce(max(updated_at), '') || ':' || coalesce(sum(length(text)), 0) "
            " FROM reminders WHERE user_id = :u)", {"u": user_id}).fetchone())

    def remembered_texts(self, user_id: int) -> list[str]:
        """Every text the companion holds of this user's life (memories, facts and insights
        old and current, people and what is known of them, reminders): what the check before
        sending compares a message with."""
        db = self.db
        texts = [r[0] for r in db.execute("SELECT text FROM memories WHERE user_id = ?", (user_id,))]
        texts += [r[0] for r in db.execute("SELECT value FROM person_facts WHERE user_id = ?",
                                           (user_id,))]
        texts += [r[0] for r in db.execute("SELECT text FROM reminders WHERE user_id = ?",
                                           (user_id,))]
        return texts

    def remembered_details(self, user_id: int) -> list[str]:
        """The details themselves: facts' values (old ones too), people's names and what is
        known of them. Each is never sent unless the user allowed it."""
        db = self.db
        found = [r[0] for r in db.execute("SELECT text FROM memories WHERE user_id = ? AND "
                                          "kind = 'fact'", (user_id,))]
        found += [r[0] for r in db.execute("SELECT name FROM people WHERE user_id = ? AND name "
                                           "IS NOT NULL", (user_id,))]
        found += [r[0] for r in db.execute("SELECT value FROM person_facts WHERE user_id = ?",
                                           (user_id,))]
        return found


def friend_messages_about(db: Db, user_id: int,
                          test: Callable[[str], bool]) -> list[dict[str, Any]]:
    """The messages over this user's links whose words pass ``test`` (for a forget, which
    runs it inside its own transaction on ``db``): id, direction, type."""
    rows = db.execute("SELECT id, direction, type, body, reason FROM friend_messages "
                      "WHERE user_id = ? ORDER BY id", (user_id,)).fetchall()
    return [{"id": r["id"], "direction": r["direction"], "type": r["type"]} for r in rows
            if test(r["body"] + " " + r["reason"])]


def scrub_friend_log(db: Db, user_id: int, texts: Iterable[str],
                     words: Iterable[str] = ()) -> int:
    """Inside a forget's transaction on ``db``: the words of what is forgotten taken out of
    this user's friends log (``friends.forgetting``); returns how many messages changed."""
    from os1.friends.forgetting import FORGOTTEN, Redactor

    redactor = Redactor(texts, words)
    if redactor.empty:
        return 0
    rows = db.execute("SELECT id, nonce, body, reason FROM friend_messages WHERE user_id = ? "
                      "ORDER BY id", (user_id,)).fetchall()
    changed: dict[int, tuple[dict[str, Any], str]] = {}
    gone: set[str] = set()  # nonces of requests that copied a forgotten text
    for row in rows:
        body, copied = redactor.body(json.loads(row["body"]))
        if copied and row["nonce"]:
            gone.add(row["nonce"])
        changed[row["id"]] = (body, redactor.blot(row["reason"]))
    for row in rows:  # the answer to a forgotten request goes with it
        body = changed[row["id"]][0]
        if body.get("in_reply_to") in gone and isinstance(body.get("text"), str):
            changed[row["id"]] = ({**body, "text": FORGOTTEN}, changed[row["id"]][1])
    count = 0
    for row in rows:
        body, reason = changed[row["id"]]
        text = json.dumps(body, ensure_ascii=False)
        if text != row["body"] or reason != row["reason"]:
            db.execute("UPDATE friend_messages SET body = ?, reason = ? WHERE user_id = ? AND "
                       "id = ?", (text, reason, user_id, row["id"]))
            count += 1
    return count
