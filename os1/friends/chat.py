"""Asking a friend's companion from the conversation: "ask Amy's OS1 when she's free on
Saturday", "tell Paul's companion that I'll bring the wine", "ask Jun's what she thinks about
the book". The user's own words name the friend (one of their links, by name) and what to
send; her reply says exactly what was sent and what came back. The answer is outside text:
quoted, with orders left out, said as it is; it calls no tool and writes no fact. A friend
who is slow to answer is waited for a little; then she says so, and the answer lands in the
friends log when it comes (``os1 friends log``, the web page)."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Any

from os1.friends.answer import heard
from os1.friends.envelope import ProtocolError
from os1.memory.store_friends import Friend

WAIT_S = 25.0  # how long a turn waits for the other companion before saying it is slow
ANSWER_CHARS = 400

_LEAD = (r"^\W*(?:(?:hey|hi|ok(?:ay)?|so|and|now|then|please|pls)\W+)*"
         r"(?:(?:can|could|would|will) you\s+(?:please\s+)?|please\s+|go (?:and\s+)?)?")
# "Amy's OS1", "Amy's companion", "Amy's AI", or "Amy's" alone ("ask Jun's what …")
_WHO = (r"(?P<who>[A-Z][\w'-]*?(?:\s+[A-Z][\w'-]*?)?)(?:'s|’s|s')"
        r"(?:\s+(?:os ?1|companion|ai|assistant|os))?")
REQUEST = re.compile(
    _LEAD + r"(?:(?P<ask>ask)|(?P<tell>tell|let)|(?P<pass>pass on to|say to))\s+" + _WHO +
    r"(?:\s+know)?(?:\s*[,:])?\s+(?P<what>\S.*?)\W*$", re.I | re.S)
_TELL_LEAD = re.compile(r"^(?:that\s+|:\s*)", re.I)
_ENDS = re.compile(r"(?:\s+(?:for me|please))+$", re.I)


@dataclass(frozen=True)
class Request:
    """What the user asked: ``kind`` ("ask" or "tell"), the friend's name as they said it,
    and the words to send."""

    kind: str
    friend: str
    text: str


def parse(text: str) -> Request | None:
    """The request in the user's words, or None when they ask nothing of a friend's companion
    ("I'll ask Amy later" tells, it does not ask)."""
    match = REQUEST.match(" ".join(text.split()))
    if not match:
        return None
    who = match["who"].strip()
    what = _ENDS.sub("", match["what"].strip().rstrip(" ?.!"))
    if not what or who.lower() in {"my", "your", "her", "his", "their", "our"}:
        return None
    if match["ask"]:
        if what.split()[0].lower() == "about" and " " in what:
            what = "what about " + what.split(" ", 1)[1]
        return Request("ask", who, what[:1].upper() + what[1:] + "?")
    what = _TELL_LEAD.sub("", what)
    return Request("tell", who, what[:1].upper() + what[1:] + ".")


def find_friend(links: list[Friend], name: str) -> Friend | None:
    """The link with the friend called ``name``, a live one before a withdrawn one."""
    found = [f for f in links if f.name.casefold() == name.casefold()]
    live = [f for f in found if f.status == "active"]
    chosen = live or found
    return chosen[-1] if chosen else None


def not_introduced(name: str) -> str:
    return (f"You haven't introduced me to {name}'s companion yet: `os1 friends invite --as "
            f"YOUR NAME` makes an invitation to give {name}, or `os1 friends accept CODE` "
            f"takes {name}'s.")


def said(request: Request, friend: Friend, answer: str) -> str:
    """Her words: exactly what was sent, and the answer quoted as it came."""
    verb = "asked" if request.kind == "ask" else "told"
    return (f"I {verb} {friend.name}'s companion: “{request.text}” It answered: "
            f"“{heard(answer)[:ANSWER_CHARS] or '(nothing)'}”")


def exchange(side: Any, friend: Friend, request: Request, wait: float = WAIT_S) -> str:
    """Send ``request`` to ``friend`` and say what happened: the answer if it comes within
    ``wait`` seconds; else that it is on its way (the wire keeps listening, and the answer is
    logged when it comes); or, honestly, why it could not go."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            how = side.ask if request.kind == "ask" else side.tell
            box["answer"] = how(friend, request.text)
        except ProtocolError as exc:
            box["error"] = exc
        except Exception as exc:  # reported in words, never a traceback in her reply
            box["error"] = ProtocolError("failed", type(exc).__name__)

    # not a daemon: a process that ends before the answer comes waits for it (at most the
    # wire's read timeout), so it is logged as she said it would be
    thread = threading.Thread(target=run, name="os1-friend-ask", daemon=False)
    thread.start()
    thread.join(wait)
    if thread.is_alive():
        return (f"I sent {friend.name}'s companion “{request.text}”, and it hasn't answered "
                f"yet. Its answer will show in your friends log (`os1 friends log`) when it comes.")
    if "error" in box:
        return refused(box["error"], friend, request)
    return said(request, friend, str(box.get("answer", "")))


def refused(exc: ProtocolError, friend: Friend, request: Request) -> str:
    """Why a message did not go or was not answered, in her words."""
    name = friend.name
    if exc.code == "blocked":
        return (f"I didn't send that to {name}'s companion: it would share something from your "
                f"memory you haven't allowed on this link. `os1 friends log` shows what kind; "
                f"`os1 friends share {name} --topic …` changes what may cross.")
    if exc.code == "withdrawn":
        return f"Your link with {name}'s companion was withdrawn; a new invitation starts it again."
    if exc.code in ("unreachable", "failed"):
        return (f"I couldn't reach {name}'s companion: it may be offline ({exc.detail}). "
                f"Nothing came back; try again later.")
    if exc.code == "rate_limited":
        return f"{name}'s companion has had a lot of messages this minute; try again in a minute."
    return f"{name}'s companion refused the message ({exc.code}: {exc.detail})."


def on_turn(ctx: Any, text: str):
    """The friends step of a turn: her reply as a tool's words, or None."""
    from os1.reminders.hook import Acted

    request = parse(text)
    if request is None:
        return None
    friend = find_friend(ctx.store.friends(ctx.user_id), request.friend)
    if friend is None or friend.status == "pending":
        return Acted(not_introduced(request.friend))
    if friend.status == "withdrawn":
        return Acted(f"Your link with {friend.name}'s companion was withdrawn; a new "
                     "invitation starts it again (`os1 friends invite`).")
    return Acted(exchange(side_for(ctx), friend, request))


def side_for(ctx: Any):
    """This user's side of the protocol, as the conversation uses it: no model of its own
    (the other side answers), messages to a friend on this server delivered in process."""
    from os1 import config
    from os1.errors import ConfigError
    from os1.friends.link import DEFAULT_BASE, Side

    try:
        base = config.load().server.public_url or DEFAULT_BASE
    except ConfigError:  # a broken config file is reported by the commands that read it
        base = DEFAULT_BASE
    return Side(ctx.store, ctx.user_id, base.rstrip("/"), ctx.model)
