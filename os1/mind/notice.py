"""What she notices: something she knows about a person that the user's plan runs into.

Asked "my friend thinks I should throw him a surprise party, thoughts?" about a boyfriend who
"hates surprises", or "what should my dad call her instead of 'the nurse'?" about a wife now in
a midwifery programme, a friend answers from what they know of that person. The default 1.5B
model had the line in its note and planned the party anyway. So when the user asks for advice
or an opinion about someone she knows, and the message shares a word with what she knows of
them, her first words say it back ("You told me Dmitri hates surprises."), with what has
changed for them since ("is now in the midwifery program"). Only what the user told her, said
as theirs; nothing is guessed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from os1.memory.people import Person, phrase
from os1.mind.grounding import people_meant, words

# A message that asks what she thinks or what to do, not one that only tells.
ASKS_ADVICE = re.compile(
    r"\bthoughts\b|\bwhat do you (?:think|reckon|suggest)\b|\bany (?:ideas?|advice|tips|suggestions)\b|"
    r"\bwhat (?:should|could|would|can) (?:i|we|he|she|they)\b|\bshould (?:i|we|he|she|they)\b|"
    r"\bhow (?:should|could|can|do) (?:i|we|he|she|they)\b|\bis (?:it|that) a good idea\b|"
    r"\bgood idea\?|\bwhat would you do\b|\bwould (?:it|that) be\b", re.I)
# Kinds of what a person is that can bear on a plan: their likes and fears, their work, what
# they study, what they do. Where they live bears on little advice and reads oddly said first.
BEARS = ("feels", "job", "studies", "does")
NOW = ("studies",)  # said "is now in …": what has changed for them, said with what bears


def _facts_bearing(text: str, person: Person) -> list[str]:
    said = words(text)
    keys = [k for k, v in person.facts.items()
            if k.split(":")[0] in BEARS and said & words(v)]
    if not keys:
        return []
    keys += [k for k in person.facts if k.split(":")[0] in NOW and k not in keys]
    return [phrase(k, person.facts[k]) for k in keys]


def bearing(text: str, people: Sequence[Person], earlier: Sequence[str] = ()) -> str:
    """Her first words when the user asks for advice about someone and she knows something of
    them the message touches ("You told me Dmitri hates surprises."), else ''."""
    if not ASKS_ADVICE.search(text):
        return ""
    for person in people_meant(text, people, earlier):
        if person.facts.get("ended"):
            continue  # an ex is ``grounding.since_ended``'s to speak of
        said = _facts_bearing(text, person)
        if said:
            who = person.name or f"your {person.relation}"
            joined = said[0] if len(said) == 1 else ", ".join(said[:-1]) + " and " + said[-1]
            return f"You told me {who} {joined}."
    return ""
