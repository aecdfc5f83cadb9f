"""What she was never told: a question for one thing she either knows or does not ("what's my
boss's name?", "what does Lucía do for work?", "where was I born?"), and the lines that tell the
model she does not know. Unknown, she says so rather than guess (a small model guessed names)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from os1.memory.people import RELATION, Person
from os1.memory.store import Fact
from os1.mind.grounding import STOP

# A question for one thing she either knows or does not: "what's my boss's name?", "what does
# Lucía do for work?", "where was I born?". Unknown, she says so rather than guess.
_REL = rf"(?i:{RELATION})"
ASKS_NAME = re.compile(rf"\b(?i:name of (?:my|our)) ({_REL})\b|\b(?i:my|our) ({_REL})(?:'s|’s)? (?i:name)\b|"
                       rf"\b(?i:what(?:'s|’s| is) (?:my|our)) ({_REL}) (?i:called)\b")
ASKS_WORK = re.compile(r"\b(?i:what (?:does|did|do)) ([A-Z][\w'-]+) (?i:do)\b|"
                       r"\b(?i:where (?:does|did)) ([A-Z][\w'-]+) (?i:work)\b|"
                       r"\b(?i:what) ([A-Z][\w'-]+) (?i:does|did) (?i:for (?:work|a living|her job|his job))|"
                       r"\b(?i:where) ([A-Z][\w'-]+) (?i:works|worked)\b|"
                       r"\b([A-Z][\w'-]+)(?:'s|’s) (?i:job|work|career)\b")
OWN = [
    (re.compile(r"\bwhere (?:was|were) i born\b|\bwhere am i (?:from|originally from)\b|"
                r"\bwhere do i (?:come|originally come) from\b|\bwhere i(?:'m| am| was) (?:from|born)\b", re.I),
     ("from",), ("where they were born or come from", "where you were born")),
    (re.compile(r"\bwhere do i live\b|\bwhere i live\b", re.I), ("lives_in",), ("where they live", "where you live")),
    (re.compile(r"\bhow old am i\b|\bmy age\b", re.I), ("age",), ("how old they are", "how old you are")),
    (re.compile(r"\bwhen(?:'s|’s| is) my birthday\b|\bmy birthday is when\b", re.I), ("birthday",),
     ("when their birthday is", "when your birthday is")),
    (re.compile(r"\bwhat(?:'s|’s| is) my job\b|\bwhat do i do for (?:work|a living)\b|\bwhere do i work\b",
                re.I), ("job", "works_at"), ("what they do for work", "what you do for work")),
]


def _relation_of(person: Person) -> str:
    return (person.relation or "").lower()


@dataclass(frozen=True)
class Unknown:
    """Something asked that she was never told: as the note says it ("their boss's name") and
    as she would say it to them ("your boss's name")."""

    about: str
    asked: str


def unknowns(text: str, facts: Sequence[Fact], people: Sequence[Person]) -> list[Unknown]:
    """What the message asks for that she was never told; empty when she knows it or it asks
    for nothing so particular."""
    missing = []
    for match in ASKS_NAME.finditer(text):
        relation = next(g for g in match.groups() if g).lower()
        if not any(_relation_of(p) == relation and p.name for p in people):
            missing.append(Unknown(f"their {relation}'s name", f"your {relation}'s name"))
    for match in ASKS_WORK.finditer(text):
        name = next(g for g in match.groups() if g)
        if name.lower() in STOP or name.lower() in {"you", "i", "we", "they"}:
            continue
        known = [p for p in people if p.name and p.name.lower() == name.lower()]
        if not any(k.partition(":")[0] in ("job", "works_at", "does") for p in known for k in p.facts):
            missing.append(Unknown(f"what {name} does for work", f"what {name} does for work"))
    kinds = {f.key.partition(":")[0] for f in facts}
    for pattern, wanted, what in OWN:
        if pattern.search(text) and not kinds & set(wanted):
            missing.append(Unknown(*what))
    return missing


def never_told(missing: Sequence[Unknown]) -> str:
    """Her first words when asked what she was never told (a small model guessed names)."""
    return f"I don't think you've ever told me {' or '.join(m.asked for m in missing)}."


NOT_TOLD = ("{person} is asking you {what}, and {person} never told you that: you do not know it. "
            "Say plainly that you don't know, and ask {person} to tell you. Never guess a name, a "
            "job, a place or a date.")
DONT_KNOW = ("{person} is asking about their own life, and nothing you remember answers it: you "
             "do not know. Say plainly that you don't remember or don't know, and ask {person} to "
             "tell you. Do not guess, and never tell it as your own life.")
MAYBE = ("{person} is asking about their own life: if one of the lines above answers it, tell them "
         "what it says, with the names, as theirs (\"your …\", never \"my …\"); if none does, say "
         "you don't remember and ask. Add nothing they did not say.")
ANSWER = ("{person} is asking about their own life: tell them what the lines above say, with "
          "the names, as theirs (\"your …\", never \"my …\"), and add nothing they do not say.")
