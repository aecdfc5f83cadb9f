"""One user's side of the protocol: introductions, sending (checked, signed, logged) and
receiving (verified, in order, within the rate, answered from what the user allowed).

``Side`` is built per request from the store, the model and where this server is reached;
it keeps nothing in memory, so any worker can serve any link."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from os1.friends import answer, consent, envelope, identity
from os1.friends.envelope import ProtocolError
from os1.friends.outgoing import Checker
from os1.memory.store_protocol import StoreProtocol
from os1.memory.store_friends import Friend
from os1.models.base import Model

INBOX = "/api/friends/inbox/"
DEFAULT_BASE = "http://127.0.0.1:8421"  # where ``os1 serve`` listens unless told otherwise
RATE = (30, timedelta(minutes=1))  # messages one link may send in that time
MAX_TALK_TURNS = 6
Deliver = Callable[[str, dict[str, Any]], dict[str, Any]]


def inbox(base: str, handle: str) -> str:
    return base.rstrip("/") + INBOX + handle


def handle_of(address: str) -> str:
    return address.rsplit("/", 1)[-1]


@dataclass
class Side:
    """The friends protocol for one user of ``store``."""

    store: StoreProtocol
    user_id: int
    base: str  # how this server is reached: http(s)://host:port
    model: Model | None = None
    remember: Callable[[int, str, str], Any] | None = None  # (user, insight, source): her own
    deliver: Deliver | None = None  # to another server; None: over HTTP
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(timezone.utc))

    # who this companion is
    def keys(self) -> tuple[str, str, str]:
        """(private, public, handle), made on first use."""
        return identity.keys(self.store, self.user_id)

    @property
    def address(self) -> str:
        return inbox(self.base, self.keys()[2])

    def companion_name(self) -> str:
        persona = self.store.persona(self.user_id)
        return persona[0] if persona else "OS1"

    # introductions
    def invite(self, name: str, scope: consent.Scope) -> str:
        """An invitation code for a friend's companion; this user's yes, with what may cross."""
        private, public, _ = self.keys()
        invite = consent.invitation(private, public, self.address, consent.known_as(name),
                                    self.clock())
        self.store.add_invite(self.user_id, invite.token, invite.name, scope.as_json(),
                              invite.expires)
        return consent.encode(invite)

    def accept(self, code: str, name: str, scope: consent.Scope) -> Friend:
        """Say yes to an invitation: the link is made on both sides, or not at all."""
        invite = consent.decode(code, self.clock())
        public = self.keys()[1]
        if invite.key == public:
            raise ProtocolError("bad_invite", "that is your own invitation; give it to your friend.")
        known = self.store.friend_by_key(self.user_id, invite.key)
        if known is not None and known.status == "active":
            raise ProtocolError("bad_invite", f"you are linked with {known.name} already.")
        friend_id = self.store.link_friend(self.user_id, invite.name, consent.known_as(name),
                                           invite.key, invite.address, scope.as_json(), "pending")
        friend = self.store.friend(self.user_id, friend_id)
        assert friend is not None
        self.send(friend, "accept", {"token": invite.token, "name": friend.my_name,
                                     "address": self.address})
        self.store.set_friend(self.user_id, friend_id, status="active")
        return self.store.friend(self.user_id, friend_id)  # type: ignore[return-value]

    def withdraw(self, friend: Friend) -> None:
        """End the link on this side at once, and tell the other side (which ends it too)."""
        if friend.status == "withdrawn":
            return
        try:
            self.send(friend, "withdraw", {})
        except ProtocolError:
            pass  # ended here all the same; the other side refuses what comes after
        self.store.set_friend(self.user_id, friend.id, status="withdrawn",
                              withdrawn_at=self.store.now())

    # asking
    def ask(self, friend: Friend, question: str) -> str:
        return str(self.send(friend, "ask", {"text": question}).get("text", ""))

    def tell(self, friend: Friend, text: str) -> str:
        return str(self.send(friend, "tell", {"text": text}).get("text", ""))

    def propose(self, friend: Friend, what: str, when: str) -> str:
        return str(self.send(friend, "propose", {"text": what, "when": when}).get("text", ""))

    def talk(self, friend: Friend, topic: str, turns: int = 3) -> list[tuple[str, str]]:
        """A bounded talk about ``topic``: her line, theirs, ``turns`` times; she keeps what
        she heard as an insight of her own."""
        turns = max(1, min(turns, MAX_TALK_TURNS))
        conversation, exchange = secrets.token_hex(8), list[tuple[str, str]]()
        speaker = self.speaker(friend)
        for turn in range(1, turns + 1):
            line = self.checked(friend, answer.talk_line(speaker, topic, exchange),
                                f"I'd rather keep to {topic}.")
            exchange.append(("me", line))
            reply = self.send(friend, "talk", {"text": line, "topic": topic, "turn": turn,
                                               "of": turns, "conversation": conversation})
            exchange.append((friend.name, str(reply.get("text", ""))))
        self.keep_insight(friend, topic, [t for who, t in exchange if who != "me"])
        return exchange

    # the wire
    def send(self, friend: Friend, kind: str, body: dict[str, Any]) -> dict[str, Any]:
        """Check, sign, log and deliver one message; the other side's reply body, verified.
        ``ProtocolError`` if the link is gone, the message was blocked or refused."""
        if friend.status == "withdrawn":
            raise ProtocolError("withdrawn", f"your link with {friend.name} was withdrawn.")
        if kind in ("ask", "tell", "propose", "talk"):
            self.block_if_leaking(friend, kind, body)
        private, public, _ = self.keys()
        seq = self.store.next_seq(self.user_id, friend.id)
        message = envelope.seal(private, public, friend.their_key, kind, seq, body, self.clock())
        self.store.log_friend_message(self.user_id, friend.id, "out", kind, body, "sent", "",
                                      seq, message["nonce"])
        try:
            reply = self._deliver(friend.their_address, message)
            return self.take_reply(friend, reply, message["nonce"])
        except ProtocolError as exc:
            self.store.log_friend_message(self.user_id, friend.id, "in", "reply", {}, "failed",
                                          exc.code + ": " + exc.detail)
            if exc.code == "withdrawn":
                self.store.set_friend(self.user_id, friend.id, status="withdrawn",
                                      withdrawn_at=self.store.now())
            raise

    def _deliver(self, address: str, message: dict[str, Any]) -> dict[str, Any]:
        user = self.store.user_of_handle(handle_of(address))
        if user is not None and (address == inbox(self.base, handle_of(address))
                                 or self.store.friend_by_key(user, self.keys()[1]) is not None):
            # the other user is on this server (their inbox is ours, or they hold a link
            # with this key): in process, through the same checks
            return Side(self.store, user, self.base, self.model, self.remember, self.deliver,
                        self.clock).receive(message)
        if self.deliver is not None:
            return self.deliver(address, message)
        from os1.friends.transport import post

        return post(address, message)

    def take_reply(self, friend: Friend, reply: Any, nonce: str) -> dict[str, Any]:
        parsed = envelope.parse(reply)
        public = self.keys()[1]
        envelope.authentic(parsed, friend.their_key, public, self.clock())
        if parsed.kind != "reply" or parsed.body.get("in_reply_to") != nonce:
            raise ProtocolError("malformed", "the reply does not answer the message sent.")
        why = self.store.take_incoming(self.user_id, friend.id, "reply", parsed.seq, parsed.nonce,
                                       parsed.body)
        if why:
            raise ProtocolError(why, "the reply was seen before or came out of order.")
        return parsed.body

    def block_if_leaking(self, friend: Friend, kind: str, body: dict[str, Any]) -> None:
        text = " ".join(str(v) for k, v in body.items() if k in ("text", "when", "topic"))
        verdict = Checker.of(self.store, self.user_id).check(
            text, consent.Scope.from_json(friend.scope), [friend.name, friend.my_name],
            by_user=kind != "talk")
        if not verdict.ok:
            # what was blocked is logged as the kinds of detail it held, never its words
            self.store.log_friend_message(self.user_id, friend.id, "out", kind, {}, "blocked",
                                          verdict.summary())
            raise ProtocolError("blocked", "that would share something from your memory you "
                                           "haven't allowed on this link (see `os1 friends log`).")

    def checked(self, friend: Friend, text: str, fallback: str, about_user: bool = False) -> str:
        """``text`` if it may go to ``friend``, else ``fallback`` (the refusal logged)."""
        verdict = Checker.of(self.store, self.user_id).check(
            text, consent.Scope.from_json(friend.scope),
            [friend.name, friend.my_name, self.companion_name()], about_user=about_user)
        if verdict.ok:
            return text
        self.store.log_friend_message(self.user_id, friend.id, "out", "reply", {}, "blocked",
                                      verdict.summary())
        return fallback

    def speaker(self, friend: Friend) -> answer.Speaker:
        return answer.Speaker(self.model, self.companion_name(), friend.my_name, friend.name,
                              consent.Scope.from_json(friend.scope))

    def keep_insight(self, friend: Friend, topic: str, their_lines: list[str]) -> None:
        if self.remember is not None and any(t.strip() for t in their_lines):
            self.remember(self.user_id, answer.insight(friend.name, topic, their_lines),
                          f"friend:{friend.name}")

    # receiving
    def receive(self, message: Any) -> dict[str, Any]:
        """Verify one message to this user and answer it: the signed reply, or
        ``ProtocolError`` saying why it was refused."""
        parsed = envelope.parse(message)
        private, public, _ = self.keys()
        now = self.clock()
        if parsed.kind == "accept":
            friend = self._introduced(parsed, public, now)
        else:
            found = self.store.friend_by_key(self.user_id, parsed.sender)
            if found is None or found.status == "pending":
                raise ProtocolError("unknown_sender", "no introduction with this key.")
            friend = found
            try:
                envelope.authentic(parsed, friend.their_key, public, now)
            except ProtocolError as exc:
                self.store.log_friend_message(self.user_id, friend.id, "in", parsed.kind, {},
                                              "refused", exc.code)
                raise
            if friend.status == "withdrawn":
                raise ProtocolError("withdrawn", "this link was withdrawn.")
        if self.store.incoming_since(self.user_id, friend.id,
                                     envelope.stamp(now - RATE[1])) >= RATE[0]:
            raise ProtocolError("rate_limited", f"at most {RATE[0]} messages a minute on a link.")
        why = self.store.take_incoming(self.user_id, friend.id, parsed.kind, parsed.seq,
                                       parsed.nonce, parsed.body)
        if why:
            self.store.log_friend_message(self.user_id, friend.id, "in", parsed.kind, {},
                                          "refused", why, parsed.seq)
            raise ProtocolError(why, "this message was seen before, or an older one came after "
                                     "a newer one.")
        body = self.respond(friend, parsed)
        seq = self.store.next_seq(self.user_id, friend.id)
        reply = envelope.seal(private, public, friend.their_key, "reply", seq,
                              {"in_reply_to": parsed.nonce, **body}, now)
        self.store.log_friend_message(self.user_id, friend.id, "out", "reply", reply["body"],
                                      "sent", "", seq, reply["nonce"])
        return reply

    def _introduced(self, parsed: envelope.Parsed, public: str, now: datetime) -> Friend:
        """The link an "accept" makes: signed by the key it introduces, for an invitation of
        ours that is unused and unexpired."""
        envelope.authentic(parsed, parsed.sender, public, now)
        body = parsed.body
        token, name, address = body.get("token"), body.get("name"), body.get("address")
        if not all(isinstance(v, str) for v in (token, name, address)):
            raise ProtocolError("malformed", "an accept carries token, name and address.")
        if not str(address).startswith(("http://", "https://")):
            raise ProtocolError("malformed", "an accept's address is http(s).")
        invite = self.store.take_invite(self.user_id, str(token), envelope.stamp(now))
        if invite is None:
            raise ProtocolError("bad_invite", "that invitation is unknown, used or expired.")
        friend_id = self.store.link_friend(self.user_id, consent.known_as(str(name)),
                                           invite["name"], parsed.sender, str(address),
                                           invite["scope"], "active")
        return self.store.friend(self.user_id, friend_id)  # type: ignore[return-value]

    def respond(self, friend: Friend, parsed: envelope.Parsed) -> dict[str, Any]:
        """The body of her reply: from what this user allowed, checked before it leaves."""
        kind, body, speaker = parsed.kind, parsed.body, self.speaker(friend)
        text = str(body.get("text", ""))
        if kind == "accept":
            return {"text": f"Hello from {speaker.companion}, {speaker.user}'s companion."}
        if kind == "withdraw":
            self.store.set_friend(self.user_id, friend.id, status="withdrawn",
                                  withdrawn_at=self.store.now())
            return {"text": "The link is ended on this side too."}
        if kind == "tell":
            return {"text": f"Thanks; I'll let {speaker.user} know."}
        if kind == "propose":
            when = str(body.get("when", ""))
            calendar = self.free_busy(f"free {when}", speaker.user) if speaker.scope.calendar else None
            said = f"I'll pass it on to {speaker.user}, who will say yes or no."
            return {"text": self.checked(friend, f"{calendar} {said}" if calendar else said, said,
                                         about_user=True)}
        if kind == "ask":
            calendar = self.free_busy(text, speaker.user) if speaker.scope.calendar else None
            return {"text": self.checked(friend, answer.answer(speaker, text, calendar),
                                         answer.nothing_shared(speaker), about_user=True)}
        if kind == "talk":
            return {"text": self._talk(friend, speaker, body),
                    "conversation": str(body.get("conversation", ""))}
        raise ProtocolError("malformed", f"a {kind} is not a request.")

    def _talk(self, friend: Friend, speaker: answer.Speaker, body: dict[str, Any]) -> str:
        topic = answer.heard(str(body.get("topic", "")))[:80] or "something"
        turn, of = body.get("turn"), body.get("of")
        if not isinstance(turn, int) or not isinstance(of, int) or not 1 <= turn <= of <= MAX_TALK_TURNS:
            raise ProtocolError("malformed", f"a talk is 1 to {MAX_TALK_TURNS} turns.")
        conversation = str(body.get("conversation", ""))
        earlier = [m for m in self.store.friend_log(self.user_id, friend.id, 4 * MAX_TALK_TURNS)
                   if m["status"] in ("sent", "received") and m["body"].get("text")
                   and m["body"].get("conversation") == conversation]
        exchange = [("me" if m["direction"] == "out" else friend.name, str(m["body"]["text"]))
                    for m in earlier]
        line = self.checked(friend, answer.talk_line(speaker, topic, exchange),
                            f"I'd rather keep to {topic}.")
        if turn == of:
            self.keep_insight(friend, topic, [t for who, t in exchange if who != "me"])
        return line

    def free_busy(self, question: str, user: str) -> str | None:
        """When ``user`` is free on the day ``question`` names, from their calendar's events
        (only busy or free, never what they do)."""
        from os1.mind.turn import user_now
        from os1.reminders.tools import upcoming

        def events(start: datetime, end: datetime) -> list[tuple[datetime, int | None, bool]]:
            return [(at, item.minutes, item.all_day)
                    for at, item in upcoming(self.store, self.user_id, start, end, kind="event")]

        return answer.free_busy(question, user_now(self.store, self.user_id), events, user)
