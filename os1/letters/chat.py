"""A letter asked for in conversation: "what could I write in the card?", "I need to write a
short apology to my friend Jun", then "shorter" or "mention the boat".

The request is read as a commission (``commission_from_request``, with the people she knows),
drafted and checked at the letter desk like any other letter, and kept (``os1 letter show ID``,
the web app's Letters page): her reply is the draft itself, with what the check could not fix
said plainly. A short instruction in the next turn revises that letter. Only the user's own
words are read here, never anything recalled."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from os1.errors import OS1Error
from os1.letters.commission import commission_from_request
from os1.letters.desk import new_letter, revise_letter

FRESH = timedelta(minutes=30)  # "shorter" this long after a draft in chat is about that draft

# The thing written for someone, however a request names it.
WRITTEN = (r"(?:letters?|cards?|notes?|messages?|apology|toast|speech|e-?mails?|eulogy|poems?|tribute|"
           r"verse|(?:(?:a )?few |kind |nice |warm |some )+(?:words|lines)|a line or two|a couple of lines)")
# Kinds of request, each a way of asking for one (never a list of phrasings from any one case):
# 1. writing it is named and asked for: "help me write a letter to…", "I need to write an apology".
WRITE = re.compile(r"\b(?:write|writing|draft|compose|put|say)\b[^.?!]{0,60}?\b(?:letter|card|note|"
                   r"message|apology|toast|speech|email|e-mail|eulogy|poem)\b|\b(?:letter|card|note|"
                   r"message|apology|toast|speech|eulogy)\b[^.?!]{0,40}?\b(?:write|writing|draft|say)\b",
                   re.I)
REQUEST = re.compile(r"\b(?:help me|can you|could you|would you|will you|what (?:could|should|can|do|"
                     r"would) i|how (?:do|should|can) i|i need to|i want to|i have to|i'd like|"
                     r"i would like|let's|please|any ideas|ideas for|need (?:a|an|some))\b", re.I)
# 2. she is asked to make one: "could you do a card for…", "can you come up with a toast".
ASK_HER = re.compile(rf"\b(?:can|could|would|will) you (?:please |maybe |just |quickly |help me )?"
                     rf"(?:do|write|draft|make|put together|come up with|help(?: me)?(?: with)?|give me|"
                     rf"suggest|think of|whip up|pen|compose|word)\b[^.?!]{{0,50}}?\b{WRITTEN}\b", re.I)
# 3. the user says they need or want one: "need a quick thank-you note for…", "I'd like a card".
NEED = re.compile(r"\b(?:i|we)(?:'d| would) (?:really |just |also )?like|\b(?:i|we)(?: really| just| also| "
                  r"still)? (?:need|want|could use|could do with)|\b(?:i'm|i am|we're|we are) (?:looking for|"
                  r"after)|^\W*(?:need|want|looking for)", re.I)
NEED_WHAT = re.compile(rf"^\s+(?:help with |help writing |help making )?(?:a|an|some|something|one|"
                       rf"a few)\b[^.?!]{{0,40}}?\b{WRITTEN}\b", re.I)
# 4. something for the user to write: "something short I can write in Mum's card", "what do I
#    put in the card".
TO_WRITE = re.compile(r"\b(?:what|something|anything|words?|ideas?)\b[^.?!]{0,40}?\b(?:i|to)\s+"
                      r"(?:can |could |should |might |do |would )?(?:write|put|say|sign)\s+(?:in|on|inside)"
                      r"\b", re.I)
# 5. a bare request, the thing and whom it is for: "a few words for my coach's leaving card".
BARE = re.compile(rf"^\W*(?:(?:ok|okay|so|oh|right|also|and|now|next|then|hey|hi)\b[\s,]*)*(?:just |also )?"
                  rf"(?:a|an|another|one more|some|something|quick)\b[^.?!]{{0,40}}?\b{WRITTEN}"
                  rf"(?:\s+(?!from\b)[\w'-]+){{0,2}}?\s+(?:for|to)\b", re.I)
# ...unless whom it is for is followed by a verb: "a card for my sister arrived late" tells.
NARRATED = re.compile(r"^\s+(?:(?:my|our|the|his|her|their|a)\s+)?[\w'-]+(?:'s\s+[\w-]+)?(?:\s+[A-Z][\w'-]*)?"
                      r"\s+(?:is|was|were|are|has|had|came|went|got|made|sat|\w+ed)\b", re.I)
REVISE = re.compile(r"^\s*(?:(?:can you |could you |please |make it |now )*(?:a bit |a little |much )?"
                    r"(?:shorter|longer|funnier|warmer|sweeter|simpler|less formal|more formal|more "
                    r"personal|less sad|more casual|less cheesy)|(?:please |can you |could you )?"
                    r"(?:mention|add|include|drop|remove|don't mention|leave out) .{2,80})\W*$", re.I)
WHO = re.compile(r"^(?:your|my) ")


def asks_for_letter(text: str) -> bool:
    """Whether the user's words ask for something written for someone, not tell of it ("I got
    a lovely card from Mum" and "she left a note on the fridge" ask for nothing)."""
    text = text.replace("’", "'")
    if WRITE.search(text) and REQUEST.search(text):
        return True
    if ASK_HER.search(text) or TO_WRITE.search(text):
        return True
    bare = BARE.search(text)
    if bare and not NARRATED.match(text[bare.end():]):
        return True
    return any(NEED_WHAT.match(text[m.end():]) for m in NEED.finditer(text))


def draft_in_chat(store, user_id: int, text: str, model, options=None) -> tuple[int, str] | None:
    """The letter id and her reply (the draft), or None if the words ask for no letter or name
    nobody it could go to."""
    if not asks_for_letter(text):
        return None
    commission = commission_from_request(text, store.people(user_id))
    if not commission.recipient and not commission.relation:
        return None
    letter_id, found = new_letter(store, user_id, commission, model, options)
    return letter_id, _reply(commission.who, found, first=True)


def revise_in_chat(store, user_id: int, letter_id: int, text: str, model,
                   options=None) -> str | None:
    """The revised draft, when the words are a short instruction for the letter just drafted."""
    if not REVISE.match(text):
        return None
    _number, found = revise_letter(store, user_id, letter_id, text.strip(), model, options)
    return _reply(None, found, first=False)


def _reply(who: str | None, found, first: bool) -> str:
    head = (f"Here's a first draft for {WHO.sub('your ', who)}:" if first and who else
            "Here it is again, changed:")
    text = "\n".join(line.strip() for line in found.text.strip().splitlines())
    said = f"{head}\n\n{text}"
    if found.problems:
        said += "\n\n(" + " ".join(p.note for p in found.problems[:2]) + ")"
    return said + ("\n\nSay \"shorter\", \"warmer\" or \"mention …\" and I'll change it."
                   if first else "")


def on_turn(ctx, text: str, model, options=None):
    """The letter step of a turn (after the reminders' own): her reply, as a tool's words
    (``reminders.hook.Acted``), or None when the words ask for no letter."""
    from os1.reminders.hook import Acted

    store, uid = ctx.store, ctx.user_id
    last = next((a for a in store.activities(uid, limit=1) if a.tool == "letter"), None)
    try:
        if last is not None and _fresh(last.created_at, ctx.now):
            said = revise_in_chat(store, uid, last.args["letter"], text, model, options)
            if said is not None:
                entry = store.add_activity(uid, "letter", last.args, "done",
                                           f"revised letter {last.args['letter']}: {text.strip()[:60]}",
                                           turn_id=ctx.turn_id)
                return Acted(said, "letters", activity_id=entry)
        drafted = draft_in_chat(store, uid, text, model, options)
    except OS1Error as exc:
        return Acted(f"I couldn't write that one: {exc}")
    if drafted is None:
        return None
    letter_id, said = drafted
    entry = store.add_activity(uid, "letter", {"letter": letter_id}, "done",
                               f"drafted letter {letter_id}", turn_id=ctx.turn_id)
    return Acted(said, "letters", activity_id=entry)


def _fresh(created_at: str, now: datetime) -> bool:
    at = datetime.fromisoformat(created_at)
    return at.tzinfo is not None and now - at < FRESH
