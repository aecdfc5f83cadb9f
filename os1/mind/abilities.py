"""What she can do here, and what she must not promise: the system prompt says which tools
exist (``abilities``, from the tool registry), and the reply check (``mind/check.py``) turns a
promise no tool kept this turn into the honest words below: "not yet" while no tool can, and
"not this time" when one could but nothing was done. What a tool did in a turn may be said."""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Sequence
from functools import lru_cache

from os1.memory.untrusted import LOWER, UPPER

# What a tool could do, the words that promise it, and what she says instead while no tool can.
PROMISES = {
    "reminders": (re.compile(
        r"\b(i'?ll|i will|i'm going to|i am going to|let me)\s+(make sure to\s+|be sure to\s+|"
        r"definitely\s+|also\s+|gladly\s+)?(remind|ping|nudge|wake)\b|"
        r"\b(i'?ll|i will|let me)\s+(set|add|create|schedule|put in)\s+(up\s+)?(a|an|the|your|that)?\s*"
        r"(reminder|alarm|timer)|"
        r"\bi can (help you |certainly |definitely )?(set|add|create|schedule)\b[^.!?]{0,20}"
        r"\b(reminder|alarm|timer)|"
        r"\bi(?:'ve| have)\s+(just\s+)?(set|added|created|scheduled|made|put in)\s+(up\s+)?"
        r"(a|an|the|your|that)?\s*(reminder|alarm|timer)|\breminder (is |has been )?(set|added|scheduled)|"
        r"\bhere(?:'s| is) (your|the|a) (reminder|alarm)\b|"
        r"\bi(?:'ve| have)\s+(just\s+)?(moved|pushed|rescheduled|changed|cancell?ed|deleted)\s+"
        r"(the|your|that)\s+(reminder|alarm)",
        re.I), "I can't set reminders yet, so it's worth setting one on your phone."),
    "calendar": (re.compile(
        r"\b(i'?ll|i will|let me|i'?m going to|i am going to|i(?:'ve| have)( just)?)\s+"
        r"(go ahead and\s+)?(add|added|put|schedule|scheduled|book|moved|move|"
        r"booked|mark|marked|save|saved|block|blocked|check|checked|look at|looked at)\b"
        r"[^.!?]{0,40}\b(calendar|schedule|diary|agenda)\b", re.I),
        "I can't see or change a calendar yet."),
    "mail": (re.compile(
        r"\bi(?:'ve| have)?\s+(just\s+)?(sent|emailed|e-mailed|texted|messaged|forwarded|mailed)\b|"
        r"\b(i'?ll|i will|let me)\s+(send|email|e-mail|text|message|forward|mail)\s+"
        r"(it|that|this|them|him|her|an? |the |your |a message|a text)", re.I),
        "I can't send messages or mail yet."),
    # no tool of hers reaches other people: "I'll ask her to help you" is never kept
    "contact": (re.compile(
        r"\b(i'?ll|i will|let me|i'?m going to|i am going to)\s+(also\s+|go ahead and\s+)?"
        r"(ask|tell|call|phone|ring|contact|reach out to|get in touch with|talk to|speak to|speak with|"
        rf"talk with|check with|let)\s+(her|him|them|your\s+\w+|(?!I\b|You\b)[{UPPER}][{LOWER}]+)\b", re.I),
        "I can't reach anyone for you, but you could ask them yourself."),
}
# What she says instead when the tool exists but did nothing this turn.
NOT_DONE = {
    "reminders": "I haven't set a reminder for that: tell me what and when, and I will.",
    "calendar": "I haven't touched your calendar this time: ask me what's on it, or tell me "
                "what to put in it and when.",
    "mail": "I haven't sent anything.",
}
CAN = {"reminders": "set reminders", "calendar": "keep a calendar",
       "mail": "send replies to their mail once they have seen them and said yes"}


@lru_cache(maxsize=1)
def _voice_installed() -> bool:
    return bool(importlib.util.find_spec("faster_whisper")) and bool(
        importlib.util.find_spec("piper"))


def installed() -> list[str]:
    """The abilities the registered tools give (``os1.tools``)."""
    from os1.tools.base import abilities as registered
    return registered()


def honest(kind: str, tools: Sequence[str]) -> str:
    """What she says instead of a promise of ``kind`` no tool kept this turn."""
    return NOT_DONE[kind] if kind in tools else PROMISES[kind][1]


def abilities(tools: Sequence[str] | None = None, voice: bool | None = None) -> str:
    """One line for the system prompt: what she can do here and what not yet, from what is
    installed (``tools``: the tools that exist, as keys of ``PROMISES``), so she can say so
    plainly instead of promising it."""
    tools = installed() if tools is None else tools
    spoken = _voice_installed() if voice is None else voice
    can = ["talk by text" + (" and out loud" if spoken else ""),
           "remember what they tell you across conversations", "be reached from their web browser",
           *(CAN[t] for t in tools if t in CAN)]
    cannot = [CAN[t] for t in CAN if t not in tools]
    line = f"What you can do: {', '.join(can)}."
    if any(t in tools for t in ("reminders", "calendar")):
        line += (" A reminder or calendar change is made only when a note says you made it; "
                 "never say you made one otherwise.")
    if cannot:
        line += (f" You cannot yet {' or '.join(cannot)}: if asked, say so plainly and suggest "
                 "they do it on their phone; never pretend you did.")
    return line
