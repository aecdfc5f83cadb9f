"""The wire format: signed JSON messages, and the checks every message passes before it is
read. Pure functions over dicts; the store keeps the sequence numbers and nonces.

A message is a JSON object: ``v`` (the protocol version), ``type``, ``from`` and ``to`` (the
two companions' Ed25519 public keys, base64url), ``seq`` (this sender's counter on the link,
rising), ``nonce`` (random, never reused), ``at`` (UTC, ISO 8601), ``body`` (an object) and
``sig``: the sender's Ed25519 signature over the canonical JSON of all the other fields
(keys sorted, no spaces, UTF-8)."""

from __future__ import annotations

import base64
import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, ClassVar

from os1.errors import OS1Error

VERSION = 1
SKEW = timedelta(minutes=5)  # how far a message's clock may be from ours
MAX_BODY_CHARS = 4000  # of any one text field in a body
REQUESTS = ("accept", "ask", "tell", "propose", "talk", "withdraw")
TYPES = (*REQUESTS, "reply")
FIELDS = ("v", "type", "from", "to", "seq", "nonce", "at", "body")


class ProtocolError(OS1Error):
    """A message refused, with the error code the protocol names and the HTTP status for it."""

    STATUS: ClassVar[dict[str, int]] = {"malformed": 400, "bad_version": 400, "bad_signature": 401, "unknown_sender": 403,
              "not_for_me": 403, "withdrawn": 410, "replay": 409, "out_of_order": 409,
              "stale": 408, "rate_limited": 429, "expired": 410, "bad_invite": 400,
              "blocked": 403, "unreachable": 502}

    def __init__(self, code: str, detail: str):
        super().__init__(f"{code}: {detail}")
        self.code, self.detail = code, detail

    @property
    def status(self) -> int:
        return self.STATUS.get(self.code, 400)

    def as_dict(self) -> dict[str, str]:
        return {"error": self.code, "detail": self.detail}


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (ValueError, TypeError):
        raise ProtocolError("malformed", "a key or signature is not base64url.") from None


def canonical(value: Any) -> bytes:
    """The bytes that are signed: sorted keys, no whitespace, UTF-8 as is."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _crypto():
    try:
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives.asymmetric.ed25519 import (
            Ed25519PrivateKey,
            Ed25519PublicKey,
        )
    except ImportError:
        raise OS1Error("talking to friends' companions needs its package: run "
                       "`pip install -e '.[friends]'`.") from None
    return Ed25519PrivateKey, Ed25519PublicKey, InvalidSignature


def new_keys() -> tuple[str, str]:
    """A fresh Ed25519 key pair: (private, public), each 32 raw bytes in base64url."""
    from cryptography.hazmat.primitives import serialization as s

    private_cls, _, _ = _crypto()
    key = private_cls.generate()
    private = key.private_bytes(s.Encoding.Raw, s.PrivateFormat.Raw, s.NoEncryption())
    public = key.public_key().public_bytes(s.Encoding.Raw, s.PublicFormat.Raw)
    return b64(private), b64(public)


def sign(private: str, data: bytes) -> str:
    private_cls, _, _ = _crypto()
    return b64(private_cls.from_private_bytes(unb64(private)).sign(data))


def verify(public: str, data: bytes, signature: str) -> bool:
    _, public_cls, invalid = _crypto()
    try:
        public_cls.from_public_bytes(unb64(public)).verify(unb64(signature), data)
    except (invalid, ValueError, ProtocolError):
        return False
    return True


def stamp(at: datetime) -> str:
    return at.astimezone(timezone.utc).isoformat(timespec="seconds")


def seal(private: str, sender: str, to: str, kind: str, seq: int, body: dict[str, Any],
         at: datetime, nonce: str | None = None) -> dict[str, Any]:
    """A signed message from ``sender`` (whose private key is ``private``) to ``to``."""
    message = {"v": VERSION, "type": kind, "from": sender, "to": to, "seq": seq,
               "nonce": nonce or secrets.token_hex(16), "at": stamp(at), "body": body}
    return {**message, "sig": sign(private, canonical(message))}


@dataclass(frozen=True)
class Parsed:
    """A message whose shape is right (not yet whose signature or order)."""

    kind: str
    sender: str
    to: str
    seq: int
    nonce: str
    at: datetime
    body: dict[str, Any]
    raw: dict[str, Any]


def parse(message: Any) -> Parsed:
    """The message's fields, or ``ProtocolError('malformed' | 'bad_version')``."""
    if not isinstance(message, dict) or set(message) != {*FIELDS, "sig"}:
        raise ProtocolError("malformed", f"a message has exactly the fields {', '.join(FIELDS)}, sig.")
    if message["v"] != VERSION:
        raise ProtocolError("bad_version", f"this companion speaks version {VERSION}.")
    kind, seq, nonce, body = message["type"], message["seq"], message["nonce"], message["body"]
    if kind not in TYPES:
        raise ProtocolError("malformed", f"unknown message type {str(kind)[:40]!r}.")
    if not isinstance(seq, int) or isinstance(seq, bool) or not 0 < seq < 2**53:
        raise ProtocolError("malformed", "seq is a positive integer.")
    if not isinstance(nonce, str) or not 16 <= len(nonce) <= 64:
        raise ProtocolError("malformed", "nonce is a string of 16 to 64 characters.")
    if not isinstance(body, dict) or any(isinstance(v, str) and len(v) > MAX_BODY_CHARS
                                         for v in body.values()):
        raise ProtocolError("malformed", f"body is an object whose texts are at most "
                                         f"{MAX_BODY_CHARS} characters.")
    if not all(isinstance(message[k], str) for k in ("from", "to", "at", "sig")):
        raise ProtocolError("malformed", "from, to, at and sig are strings.")
    try:
        at = datetime.fromisoformat(message["at"])
    except ValueError:
        raise ProtocolError("malformed", "at is an ISO 8601 time.") from None
    if at.tzinfo is None:
        raise ProtocolError("malformed", "at names its time zone (UTC).")
    return Parsed(kind, message["from"], message["to"], seq, nonce, at, body, message)


def authentic(parsed: Parsed, their_key: str, my_key: str, now: datetime) -> None:
    """Raise unless the message is for ``my_key``, signed by ``their_key`` and of now."""
    if parsed.to != my_key:
        raise ProtocolError("not_for_me", "this message is addressed to another companion.")
    if parsed.sender != their_key:
        raise ProtocolError("unknown_sender", "no introduction with this key.")
    unsigned = {k: parsed.raw[k] for k in FIELDS}
    if not verify(their_key, canonical(unsigned), parsed.raw["sig"]):
        raise ProtocolError("bad_signature", "the signature does not match the sender's key.")
    if abs(now - parsed.at) > SKEW:
        raise ProtocolError("stale", f"the message's time is more than {int(SKEW.total_seconds() // 60)} "
                                     "minutes from ours.")
