""""Go through my mail" in conversation: the few messages that matter, said plainly, and how
many can wait. What is said comes from the quarantined reader's fields (``reader``), never
from the mail's own words as instructions; she proposes nothing here that a tool would do
(moving and sending stay behind an explicit yes in ``os1 mail``)."""

from __future__ import annotations

import re

from os1.mail.service import go_through

ASKS = re.compile(r"\b(?:go through|check|read|look at|sort|triage|what'?s in|anything (?:new |important )?in|"
                  r"any (?:new |important )?)\s*(?:my |the )?(?:e-?mails?|mail|inbox)\b", re.I)


ASKED = re.compile(r"^\W*(?:(?:hey|hi|ok|okay|so|please|pls|now|and)\W+)*(?:(?:can|could|would|will) you\s+|"
                   r"please\s+|let's\s+)?(?:go through|check|read|look at|sort|triage)\b", re.I)


def asks_for_mail(text: str) -> bool:
    """Whether the words ask her to go through the mail ("I read the email from my boss" tells,
    it does not ask)."""
    return bool(ASKS.search(text)) and (text.strip().endswith("?") or bool(ASKED.match(text)))


def say_mail(found: dict) -> str:
    """Her words for what ``go_through`` found."""
    matter = found["matter"]
    if not matter and not found["rest"]:
        return ("There's no mail here yet: `os1 mail add-account` connects a mailbox, or "
                "`os1 mail import` reads a Maildir or mbox.")
    lines = [f"{len(matter)} {'matters' if len(matter) == 1 else 'matter'}:" if matter
             else "Nothing that needs you."]
    for i, m in enumerate(matter, 1):
        asks = f" They ask: {m['requests'][0]}" if m.get("requests") else ""
        lines.append(f"{i}. {m['from']}: \"{m['subject']}\" ({m['pile']}). {m['summary']}{asks}")
    if found["more_that_matter"]:
        lines.append(f"…and {found['more_that_matter']} more like them (`os1 mail list`).")
    if found["rest"]:
        waiting = ", ".join(f"{n} {pile}" for pile, n in found["rest"].items())
        lines.append(f"The rest can wait: {waiting}.")
    return "\n".join(lines)


def on_turn(ctx, text: str, model=None):
    """The mail step of a turn: her reply as a tool's words, or None."""
    from os1.reminders.hook import Acted

    if not asks_for_mail(text):
        return None
    return Acted(say_mail(go_through(ctx.store, ctx.user_id, model)))
