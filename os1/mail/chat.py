""""Go through my mail" in conversation: the few messages that matter, said plainly, and how
many can wait; then "reply to the first one", "archive the second", "flag Ann's": a reply is
drafted and shown, and a send, move or flag is proposed with its preview and done only on the
user's yes in the next turn (``tools.activity``). What is said comes from the quarantined
reader's fields (``reader``), never from the mail's own words as instructions, and only the
user's words name what to act on."""

from __future__ import annotations

import re

from os1.errors import OS1Error
from os1.mail.service import MATTER, go_through, read_new, triaged

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


ORDINALS = {"first": 1, "1st": 1, "one": 1, "second": 2, "2nd": 2, "two": 2, "third": 3,
            "3rd": 3, "three": 3, "fourth": 4, "4th": 4, "four": 4, "fifth": 5, "5th": 5,
            "five": 5, "last": -1}
_WHICH = (r"(?:(?:the\s+)?(?P<ord>first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|last)"
          r"(?:\s+(?:one|message|e-?mail|mail))?|(?:number|no\.?|#)\s*(?P<num>\d{1,2}|one|two|three|four|five)"
          r"|(?:message|e-?mail|mail)\s+(?:#\s*)?(?P<id>\d{1,9})"
          r"|(?!(?:it|this|that|them|him|her|me|you|us|all|everything|those|these)\b)"
          r"(?P<name>[A-Za-z][\w.'-]+?)(?:'s)?(?:\s+(?:message|e-?mail|mail|one))?)")
_LEAD = (r"^\W*(?:(?:ok(?:ay)?|so|and|now|then|please|pls)\W+)*"
         r"(?:(?:can|could|would|will) you\s+|please\s+|let's\s+)?")
REPLY = re.compile(_LEAD + r"(?:draft\s+)?(?:a\s+)?(?:reply|answer|respond|write back)\s+(?:to\s+)?"
                   + _WHICH + r"(?:\s+(?:please|for me))?\W*$", re.I)
MOVE = re.compile(_LEAD + r"(?:(?P<archive>archive)|move)\s+" + _WHICH +
                  r"(?:\s+(?:to|into)\s+(?P<folder>[\w./ -]{1,40}?))?(?:\s+(?:please|for me))?\W*$", re.I)
FLAG = re.compile(_LEAD + r"(?P<verb>flag|unflag|star|unstar)\s+" + _WHICH +
                  r"(?:\s+(?:please|for me))?\W*$", re.I)


def which(ctx, match: re.Match) -> int:
    """The message the user's words point at: "the first one" and "number 2" in the list
    "go through my mail" gave (the ones that matter, in that order), "message 12" by its id,
    "Ann's" by who sent it."""
    read_new(ctx.store, ctx.user_id, None)  # anything new is read by rule, as the list does
    rows = triaged(ctx.store, ctx.user_id)
    matter = [r for r in rows if r["pile"] in MATTER]
    if match["id"]:
        return int(match["id"])
    if match["ord"] or match["num"]:
        word = (match["ord"] or match["num"]).lower()
        place = int(word) if word.isdigit() else ORDINALS[word]
        if not matter or place == 0 or place > len(matter):
            raise OS1Error("I don't have that one in the list: ask me to go through your mail first")
        return matter[place - 1 if place > 0 else -1]["id"]
    name = match["name"].lower()
    for row in matter + [r for r in rows if r not in matter]:
        who = f"{(row['reading'] or {}).get('sender_name', '')} {row['sender_name']} {row['sender']}"
        if re.search(rf"\b{re.escape(name)}\b", who.lower()):
            return row["id"]
    raise OS1Error(f"I can't find a message from {match['name']}")


def on_turn(ctx, text: str, model=None):
    """The mail step of a turn: her reply as a tool's words, or None."""
    from os1.reminders.hook import Acted

    if asks_for_mail(text):
        found = go_through(ctx.store, ctx.user_id, model)
        said = say_mail(found)
        on_server = [m for m in (ctx.store.mail_message(ctx.user_id, i) for i in found["rest_ids"])
                     if m and m["account_id"] is not None and m["uid"] is not None]
        if not on_server:
            return Acted(said)
        from os1.tools import activity

        # What to do with the rest is proposed, never done: a yes in the next turn moves them.
        proposed = activity.act("archive_mail", {"ids": [m["id"] for m in on_server]}, ctx)
        return Acted(f"{said}\n{proposed.said}", activity_id=proposed.activity_id)
    try:
        return _act(ctx, text)
    except OS1Error as exc:
        return Acted(f"I couldn't do that: {exc}.")


def _act(ctx, text: str):
    """A reply, move or flag the user asked for, drafted or proposed; None if they didn't."""
    from os1.reminders.hook import Acted
    from os1.tools import activity

    if match := REPLY.match(text.strip()):
        drafted = activity.act("draft_reply", {"id": which(ctx, match)}, ctx)
        if drafted.status != "done":
            return Acted(drafted.said, activity_id=drafted.activity_id)
        from os1.mail.tools import propose_send

        proposed = propose_send(ctx, (drafted.data or {})["draft"])
        return Acted(f"{drafted.said}\n\n{proposed.said}", activity_id=proposed.activity_id)
    if match := MOVE.match(text.strip()):
        folder = (match["folder"] or "Archive").strip()
        if not match["archive"] and not match["folder"]:
            return None  # "move the first one": where to is not said
        out = activity.act("move_mail", {"id": which(ctx, match), "folder": folder}, ctx)
        return Acted(out.said, activity_id=out.activity_id)
    if match := FLAG.match(text.strip()):
        on = not match["verb"].lower().startswith("un")
        out = activity.act("flag_mail", {"id": which(ctx, match), "on": on}, ctx)
        return Acted(out.said, activity_id=out.activity_id)
    return None
