"""A letter asked for in conversation: "what could I write in the card?", "I need to write a
short apology to my friend Jun", then "shorter" or "mention the boat".

The request is read as a commission (``commission_from_request``, with the people she knows),
drafted and checked at the letter desk like any other letter, and kept (``os1 letter show ID``,
the web app's Letters page): her reply is the draft itself, with what the check could not fix
said plainly. A short instruction in the next turn revises that letter. Only the user's own
words are read here, never anything recalled."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta

from os1.errors import OS1Error
from os1.letters.commission import TONES, asks_for_letter, commission_from_request
from os1.letters.desk import new_letter, revise_letter
from os1.memory.people import Person

FRESH = timedelta(minutes=30)  # "shorter" this long after a draft in chat is about that draft

# One change asked of the draft just written ("shorter", "a bit less formal"), or several at
# once ("shorter, and warmer", "make it shorter and funnier please"); or a detail to add or drop.
_TONE = "|".join(sorted(TONES, key=len, reverse=True))
ADJUST = (rf"(?:a bit |a little |a touch |much |slightly |even |way )?(?:shorter|longer|funnier|warmer|sweeter|"
          rf"simpler|gentler|lighter|kinder|(?:less|more|not so|not as) (?:{_TONE})|more personal|less sad)")
REVISE = re.compile(rf"^\s*(?:(?:ok |okay |hmm |can you |could you |please |make it |now |and )*{ADJUST}"
                    rf"(?:\s*(?:,|&|\+|\band\b|\bbut\b)\s*(?:(?:and|but) )?(?:make it |also )?{ADJUST})*"
                    rf"(?: please)?|(?:please |can you |could you )?"
                    rf"(?:mention|add|include|drop|remove|don't mention|leave out) .{{2,80}})\W*$", re.I)
WHO = re.compile(r"^(?:your|my) ")
# A letter asked for by pronoun: "write a few words for her memorial card" just after "my
# grandmother Rosa passed away on tuesday" is for Rosa.
POINTED = re.compile(r"\b(?:her|him|his|them|their)\b", re.I)


def spoken_of(people: Sequence[Person], before: Sequence[str]) -> Person | None:
    """The one person of ``people`` named (by name, or as "my <relation>") in the newest of the
    messages ``before`` (newest first) that names anyone; None when that one names two."""
    for said in before:
        lower = said.lower()
        named = [p for p in people if p.name and re.search(rf"\b{re.escape(p.name.lower())}\b", lower)
                 or p.relation and re.search(rf"\bmy {re.escape(p.relation.lower())}\b", lower)]
        if named:
            return named[0] if len(named) == 1 else None
    return None


def draft_in_chat(store, user_id: int, text: str, model, options=None,
                  turn_id: int | None = None) -> tuple[int, str] | None:
    """The letter id and her reply (the draft), or None if the words ask for no letter or name
    nobody it could go to. The letter keeps the turn that asked for it."""
    if not asks_for_letter(text) or _asks_something_else(text):
        return None
    people = store.people(user_id)
    commission = commission_from_request(text, people)
    if not commission.recipient and not commission.relation and POINTED.search(text):
        before = [said for _, said in store.said_with_ids(user_id, 4) if said != text]
        person = spoken_of(people, before)
        if person is not None:
            commission.recipient, commission.relation = person.name or "", person.relation or ""
    if not commission.recipient and not commission.relation:
        return None
    commission.from_turns = [turn_id] if turn_id else []
    letter_id, found = new_letter(store, user_id, commission, model, options)
    return letter_id, _reply(commission.who, found, first=True)


def _asks_something_else(text: str) -> bool:
    """Whether what the message asks is a thing she was told, not the letter it speaks of:
    "writing an email to HR and i want to cc my manager. what was his name again?" """
    from os1.mind.grounding import asked_part, asks_about_past

    asked = asked_part(text)
    return asked != text and asks_about_past(asked) and not asks_for_letter(asked)


def revise_in_chat(store, user_id: int, letter_id: int, text: str, model,
                   options=None, turn_id: int | None = None) -> str | None:
    """The revised draft, when the words are a short instruction for the letter just drafted."""
    if not REVISE.match(text):
        return None
    _number, found = revise_letter(store, user_id, letter_id, text.strip(), model, options, turn_id)
    return _reply(None, found, first=False)


def _reply(who: str | None, found, first: bool) -> str:
    head = (f"Here's a first draft for {WHO.sub('your ', who)}:" if first and who else
            "Here it is again, changed:")
    text = "\n".join(line.strip() for line in found.text.strip().splitlines())
    said = f"{head}\n\n{text}"
    if found.problems:
        said += "\n\n(Not right yet: " + "; ".join(p.note for p in found.problems[:2]) + ".)"
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
            said = revise_in_chat(store, uid, last.args["letter"], text, model, options, ctx.turn_id)
            if said is not None:
                entry = store.add_activity(uid, "letter", last.args, "done",
                                           f"revised letter {last.args['letter']}: {text.strip()[:60]}",
                                           turn_id=ctx.turn_id)
                return Acted(said, "letters", activity_id=entry)
        drafted = draft_in_chat(store, uid, text, model, options, ctx.turn_id)
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
