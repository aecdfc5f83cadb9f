"""What a user lets cross a link, and the invitation that starts one.

Nothing crosses by default. A user may allow topics (words such as "books" or "weekend
plans"; "health", "money" and "calendar" are topics too, and the only way those cross), and
may write a note that their companion may pass on as it stands. An invitation is a code that
carries the inviter's public key, the address of its inbox, the name the inviter chose to be
known by, a one-time token and an expiry, signed by the inviter's key."""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from os1.friends.envelope import (
    ProtocolError,
    b64,
    canonical,
    sign,
    stamp,
    unb64,
    verify,
)
from os1.memory.untrusted import reads_as_instruction, valid_name

PREFIX = "os1-friend:"
INVITE_LIFE = timedelta(days=3)
MAX_TOPICS = 12
NOTE_CHARS = 600
TOPIC = re.compile(r"[a-z][a-z '-]{1,38}[a-z]")


@dataclass(frozen=True)
class Scope:
    """What may cross a link from this user's side: nothing unless they said so."""

    topics: tuple[str, ...] = ()
    note: str = ""

    @property
    def calendar(self) -> bool:
        return "calendar" in self.topics

    def allows(self, topic: str) -> bool:
        return topic in self.topics

    @property
    def nothing(self) -> bool:
        return not self.topics and not self.note

    def describe(self) -> str:
        if self.nothing:
            return "nothing"
        parts = [f"topics: {', '.join(self.topics)}"] if self.topics else []
        if self.note:
            parts.append(f"a note: “{self.note}”")
        return "; ".join(parts)

    def as_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str | None) -> Scope:
        data: dict[str, Any] = json.loads(text or "{}")
        return cls(tuple(data.get("topics", ())), data.get("note", ""))


def scope(topics: list[str] | tuple[str, ...] = (), note: str = "") -> Scope:
    """A scope from what the user typed, or ``ProtocolError`` saying what is wrong."""
    tidy = []
    for topic in topics:
        for part in topic.split(","):
            part = " ".join(part.lower().split())
            if not part:
                continue
            if not TOPIC.fullmatch(part):
                raise ProtocolError("malformed", f"a topic is 3 to 40 letters, spaces or "
                                                 f"hyphens, such as \"books\": not {part[:40]!r}.")
            if part not in tidy:
                tidy.append(part)
    if len(tidy) > MAX_TOPICS:
        raise ProtocolError("malformed", f"at most {MAX_TOPICS} topics.")
    note = " ".join(note.split())
    if len(note) > NOTE_CHARS:
        raise ProtocolError("malformed", f"a note is at most {NOTE_CHARS} characters.")
    if note and reads_as_instruction(note):
        raise ProtocolError("malformed", "a note is what your companion may say, not orders to "
                                         "the other one; write it as plain information.")
    return Scope(tuple(tidy), note)


def known_as(name: str) -> str:
    """The name a user chose to be known by on a link, or an error saying what a name is."""
    found = valid_name(name)
    if not found:
        raise ProtocolError("malformed", "the name to be known by is a short name, such as \"Amy\".")
    return found


@dataclass(frozen=True)
class Invitation:
    key: str
    address: str
    name: str
    token: str
    expires: str
    sig: str = field(default="", compare=False)

    def fields(self) -> dict[str, Any]:
        return {"v": 1, "key": self.key, "address": self.address, "name": self.name,
                "token": self.token, "expires": self.expires}


def invitation(private: str, public: str, address: str, name: str,
               now: datetime) -> Invitation:
    """A new invitation, signed; its token is what the inviter's side keeps."""
    unsigned = Invitation(public, address, name, secrets.token_urlsafe(18),
                          stamp(now + INVITE_LIFE))
    return Invitation(**{**asdict(unsigned), "sig": sign(private, canonical(unsigned.fields()))})


def encode(invite: Invitation) -> str:
    return PREFIX + b64(canonical({**invite.fields(), "sig": invite.sig}))


def decode(code: str, now: datetime) -> Invitation:
    """The invitation in ``code``, checked (shape, signature, expiry), else ``ProtocolError``."""
    code = "".join(code.split())
    if not code.startswith(PREFIX):
        raise ProtocolError("bad_invite", f"an invitation code starts with {PREFIX}")
    try:
        data = json.loads(unb64(code[len(PREFIX):]))
        invite = Invitation(data["key"], data["address"], data["name"], data["token"],
                            data["expires"], data["sig"])
        expires = datetime.fromisoformat(invite.expires)
    except (ValueError, KeyError, TypeError, ProtocolError):
        raise ProtocolError("bad_invite", "that code is not a whole invitation; copy all of it.") from None
    if data.get("v") != 1 or not all(isinstance(v, str) for v in invite.fields().values() if v != 1):
        raise ProtocolError("bad_invite", "that invitation is of a version this companion does not speak.")
    if not verify(invite.key, canonical(invite.fields()), invite.sig):
        raise ProtocolError("bad_invite", "that invitation's signature does not match its key.")
    if not invite.address.startswith(("http://", "https://")):
        raise ProtocolError("bad_invite", "that invitation has no http(s) address.")
    if expires <= now:
        raise ProtocolError("expired", "that invitation has expired; ask for a new one.")
    known_as(invite.name)
    return invite
