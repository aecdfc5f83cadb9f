"""Proofreading asked for in conversation: "can you proofread this: Their going to the beach
tomorow". The text after the ask is proofread by the same rules as ``os1 proofread`` (no model
edits in a turn: they take seconds a sentence), and her reply is the corrected text with each
change and its reason. Only the user's own words are read."""

from __future__ import annotations

import re

from os1.proofread import proofread

ASK = re.compile(r"^\s*(?:(?:hey|hi|ok|okay|so)[,!]?\s+)?(?:(?:can|could|would|will) you\s+|please\s+|"
                 r"pls\s+)?(?:proof-?read|proof read|check (?:the |my )?(?:spelling|grammar)(?: (?:and|&) "
                 r"(?:spelling|grammar))?(?: (?:of|in|for))?|fix (?:the |my )?(?:spelling|grammar|typos)"
                 r"(?: in)?|correct)\s*(?:this|these|that|it|my (?:text|message|note|email|letter))?"
                 r"\s*(?:(?:for|before|in|to) [^:\n]{1,50}?)?\s*(?:please)?\s*[:\-—]\s*(.+)$", re.I | re.S)
# The text given in quotes: "proofread this: 'Lucia and her freinds has…'"
QUOTED = re.compile(r"^([\"'“‘])(.+)(?:[\"'”’])$", re.S)
SHOWN = 8  # changes listed in a spoken-length reply; the rest are counted


def asked(text: str) -> str | None:
    """The text to proofread, when the message asks for it; None otherwise."""
    match = ASK.match(text)
    wanted = match.group(1).strip() if match else ""
    quoted = QUOTED.match(wanted)
    wanted = quoted.group(2).strip() if quoted else wanted
    return wanted or None


def reply(text: str, english: str | None = None) -> str:
    """Her reply: the corrected text, then what changed and why."""
    done = proofread(text, variety=english)
    if not done.changes:
        return "I read it through and found nothing to change."
    lines = [f"- {c.old or '(nothing)'} → {c.new or '(removed)'}: {c.reason}" for c in done.changes[:SHOWN]]
    more = len(done.changes) - SHOWN
    if more > 0:
        lines.append(f"- and {more} more")
    return (f"Here it is corrected:\n\n{done.corrected}\n\n"
            f"What I changed:\n" + "\n".join(lines))


def on_turn(ctx, text: str):
    """The proofreading step of a turn: her reply as a tool's words, or None."""
    from os1.reminders.hook import Acted

    wanted = asked(text)
    if wanted is None:
        return None
    english = ctx.store.setting(ctx.user_id, "english", "") or None
    return Acted(reply(wanted, english))
