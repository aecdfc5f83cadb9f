"""What she says first of the people the user asks about: what she knows of them that the
user's plan runs into, what she knows that answers a question about them, and, when nothing
does, that she was never told.

Asked "my friend thinks I should throw him a surprise party, thoughts?" about a boyfriend who
"hates surprises", or "what should my dad call her instead of 'the nurse'?" about a wife now in
a midwifery programme, a friend answers from what they know of that person. The default 1.5B
model had the line in its note and planned the party anyway. So when the user asks for advice
or an opinion about someone she knows, and the message shares a word with what she knows of
them, her first words say it back ("You told me Dmitri hates surprises."), with what has
changed for them since ("is now in the midwifery program"). Only what the user told her, said
as theirs; nothing is guessed. Asked "what city am I sending it to again?" after "my godmother
lives in Lagos", she answers from the person ("Your godmother Ngozi lives in Lagos."), and asked
"what's Sven's favourite dessert?" when she was never told, she says so rather than guess.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from os1.memory.people import Person, article, phrase, spoken_list
from os1.memory.store import Fact
from os1.mind.bearing import as_standing, avoids, bearing_on, bears, said_first
from os1.mind.grounding import (POINTS_BACK, asked_part, named_people, people_meant, thing_asked,
                                topic_of, words)

@dataclass(frozen=True)
class First:
    """Her fixed first words and what comes with them: the turns whose words they say back
    (forgetting one of those takes the reply with it), what they say the user's plan runs
    into (the check drops a suggestion of it after them), and whether they say she was never
    told (the check drops what the model asserts after them)."""

    text: str = ""
    recounts: tuple[int, ...] = ()
    avoid: tuple[str, ...] = ()
    unknown: bool = False

    def __bool__(self) -> bool:
        return bool(self.text)


# What a person can't stand, fears or must not have: the thing itself ("surprises", "dogs").
AVERSE = re.compile(r"\b(?:hates?|can'?t stand|cannot stand|dislikes?|(?:doesn'?t|does not|don'?t|do not|won'?t|"
                    r"can'?t) (?:eat|drink|like|stand|handle)|(?:afraid|scared|terrified|frightened|phobic) of|"
                    r"allergic to|intolerant (?:to|of))\s+(.+)$", re.I)
def aversion(value: str) -> str:
    """The thing a "hates surprises" or "is terrified of dogs" is about, else ''."""
    found = AVERSE.search(value)
    return found.group(1).strip() if found else ""


# A message that asks what she thinks or what to do, not one that only tells.
ASKS_ADVICE = re.compile(
    r"\bthoughts\b|\bwhat do you (?:think|reckon|suggest)\b|\bany (?:ideas?|advice|tips|suggestions)\b|"
    r"\b(?:something|anything|ideas?) (?:\w+ ){0,2}(?:i|we) (?:could|should|can|might) \w+|"
    r"\bwhat (?:should|could|would|can) (?:i|we|he|she|they)\b|\bshould (?:i|we|he|she|they)\b|"
    r"\bhow (?:should|could|can|do) (?:i|we|he|she|they)\b|\bis (?:it|that) a good idea\b|"
    r"\bgood idea\?|\bwhat would you do\b|\bwould (?:it|that) be\b|\b(?:good|bad) (?:shout|call|plan|move|idea)\b|"
    r"\bwould (?:\w+ )?be (?:any )?(?:good|great|right|suitable)\b|\banything (?:i|we) should\b|\bkeep in mind\b|\byay or nay\b|\bworth it\s*\?|\bor (?:no|not|nah)\s*\??\s*$|\bwhat do we reckon\b", re.I)
# A plan that turns on what someone does for work: "talk to the class about their job"
WORK_ASKED = re.compile(r"\b(?:(?:their|his|her|your|a) (?:job|work|career|profession)|what (?:he|she|they) do(?:es)?|careers? day|"
                        r"job talk|talk about (?:work|jobs))\b", re.I)
# A plan that turns on where someone is from: "something to remind her of home"
HOME_ASKED = re.compile(r"\bwhere (?:she|he|they|\w+)(?:'s| is| are| was| were) from\b|\bhomesick\b|\b(?:of|from) home\b|"
                        r"\bback home\b|\broots\b|\bhome ?town\b|\bher country\b|\bhis country\b", re.I)
# Food made for a gathering, where anyone's allergy counts: "a bring-a-plate party", "the kids"
GATHERING = re.compile(r"\b(?:party|potluck|bring-a-plate|bring a plate|guests|bake sale|barbecue|bbq|picnic|street|"
                       r"everyone|the kids|the children|neighbou?rs|fête|fete|open house)\b", re.I)
# Where someone is, asked by time or distance: "would he be up or would I be waking him?", "too late to
# ring her?", "visit Emeka at easter. how long would that be by road from here?"
TIME_THERE = re.compile(r"\bhow (?:long|far)\b[^.!?]{0,40}\b(?:by (?:road|car|train|bus|coach|plane|air)|drive|flight|"
                        r"fly|from here|to get there)\b|\bhow (?:long|far) (?:is it|would it be|a drive) (?:to|from)\b|"
                        r"\b(?:would|will|is|are) (?:he|she|they|\w+) (?:be )?(?:up|awake|asleep|in bed)\b|\bwak(?:e|ing) "
                        r"(?:him|her|them)\b|\btoo (?:late|early) to (?:call|ring|phone|text|facetime|video ?call)\b|"
                        r"\bwhat time (?:is it|it is|will it be|would it be) (?:there|for (?:him|her|them))\b|\btime difference\b",
                        re.I)
# Kinds of what a person is that can bear on a plan: their likes and fears, their work, what
# they study, what they do. Where they live bears on little advice and reads oddly said first.
BEARS = ("feels", "diet", "job", "studies", "does", "from")
NOW = ("studies",)  # said "is now in …": what has changed for them, said with what bears


def _keys_bearing(text: str, person: Person) -> list[str]:
    said = words(text)
    keys = [k for k, v in person.facts.items()
            if k.split(":")[0] in BEARS and (said & words(v) or _bears_as_standing(text, k, v)
                                             or k in ("job", "works_at") and WORK_ASKED.search(text)
                                             or k == "from" and HOME_ASKED.search(text))
            or k == "lives_in" and TIME_THERE.search(text)]
    if not keys:
        return []
    return keys + [k for k in person.facts if k.split(":")[0] in NOW and k not in keys]


def _bears_as_standing(text: str, key: str, value: str) -> bool:
    """Whether a person's allergy or fear touches the ask ("seafood platter" for "is allergic
    to shellfish"), as the user's own would (``bearing.bears``)."""
    standing = as_standing(value) if key.startswith(("feels:", "diet")) else None
    return bool(standing and bears(text, standing))


def _avoid(value: str) -> tuple[str, ...]:
    """What a person's feeling rules out: the thing itself, and for an allergy where it is found."""
    standing = as_standing(value)
    thing = aversion(value)
    return tuple(dict.fromkeys(a for a in (thing, *(avoids(standing) if standing else ())) if a))


def _told(person: Person, keys: Sequence[str]) -> tuple[int, ...]:
    """The turns that told these things of a person."""
    return tuple(dict.fromkeys(person.turns[k] for k in keys if k in person.turns))


def bearing(text: str, people: Sequence[Person], earlier: Sequence[str] = ()) -> First:
    """Her first words when the user asks for advice about someone and she knows something of
    them the message touches ("You told me Dmitri hates surprises."), with what they can't
    stand or fear (never to be suggested after), else none."""
    if not ASKS_ADVICE.search(text) and not TIME_THERE.search(text):
        return First()
    meant = people_meant(text, people, earlier)
    if not meant and GATHERING.search(text):  # food for many: anyone's allergy it runs into
        meant = [p for p in people if any(k.startswith("feels:") and as_standing(v) for k, v in p.facts.items())]
    for person in meant:
        if person.facts.get("ended"):
            continue  # an ex is ``since_ended``'s to speak of
        keys = _keys_bearing(text, person)
        if keys:
            who = person.name or f"your {person.relation}"
            said = [phrase(k, person.facts[k]) for k in keys]
            avoid = tuple(dict.fromkeys(a for k in keys for a in _avoid(person.facts[k])))
            return First(f"You told me {who} {spoken_list(said)}.", _told(person, keys), avoid)
    return First()


# Asking how to speak of someone: "how do I introduce Lorenzo now?", "what do I call her?"
INTRODUCE = re.compile(r"\b(?:introduce|introducing|call|refer to|describe|present)\b", re.I)


def relation_asked(text: str, people: Sequence[Person], earlier: Sequence[str] = ()) -> First:
    """Her first words when the user asks how to speak of someone she knows the relation of
    ("Lorenzo is your fiancé now."): the default model had "Your fiancé Lorenzo" in its note
    and advised introducing him "to your partner"."""
    if not (ASKS_ADVICE.search(text) and INTRODUCE.search(asked_part(text))):
        return First()
    for person in people_meant(text, people, earlier):
        if person.name and person.relation and not person.facts.get("ended"):
            turn = person.turns.get("relation")
            return First(f"{person.name} is your {person.relation} now.", (turn,) if turn else ())
    return First()


# Asking their own standing with a partner: "the form wants my marital status", "am I single?"
STATUS_ASKED = re.compile(r"\b(?:marital|relationship|civil) status\b|\bam i (?:still )?(?:single|married|engaged)\b|"
                          r"\b(?:single|married) or (?:single|married)\b", re.I)
STATUS = {"wife": "You're married to {name}.", "husband": "You're married to {name}.",
          "spouse": "You're married to {name}.", "fiancée": "You're engaged to {name}.",
          "fiancé": "You're engaged to {name}."}


def status_asked(text: str, people: Sequence[Person]) -> First:
    """Her first words when asked their marital status and she knows they married or got
    engaged ("You're married to Marisol."): a small model, with "your girlfriend" in an old
    turn, told a newly-wed to put "single"."""
    if not STATUS_ASKED.search(text):
        return First()
    for person in people:
        said = STATUS.get(person.relation or "")
        if said and person.name and not person.facts.get("ended"):
            turn = person.turns.get("relation")
            return First(said.format(name=person.name), (turn,) if turn else ())
    return First()


def own_bearing(text: str, facts: Sequence[Fact]) -> First:
    """Her first words when the user asks for something their own standing facts bear on
    (``bearing``: "You told me you're allergic to cashews."), with what those rule out and the
    turns that told them, else none."""
    found = bearing_on(text, facts)
    if not found and ASKS_ADVICE.search(text):
        return _own_named(text, facts)
    return First(said_first(found), tuple(dict.fromkeys(b.turn for b in found if b.turn is not None)),
                 tuple(a for b in found for a in b.avoid))


# What they study or do, named in an ask for advice: "pick an elective that helps my major. any thoughts?"
MY_OWN = {"studies": re.compile(r"\bmy (?:major|degree|course|studies|programme|program)\b", re.I),
          "job": re.compile(r"\bmy (?:job|career|line of work|profession)\b", re.I)}
OWN_SAID = {"studies": "You told me you study {}.", "job": "You told me you're {article} {}."}


def _own_named(text: str, facts: Sequence[Fact]) -> First:
    """Her first words for advice asked about their own course or job: what they told of it now."""
    for kind, named in MY_OWN.items():
        held = [f for f in facts if f.key == kind and f.valid_to is None]
        if held and named.search(text):
            value = held[-1].value
            return First(OWN_SAID[kind].format(value, article=article(value)),
                         (held[-1].turn_id,) if held[-1].turn_id else ())
    return First()


# What a question about someone asks for, by its words: the kinds of what she knows of them.
_NOWADAYS = r"doing (?:these days|now(?:adays)?|lately|for work)|up to (?:these days|now(?:adays)?|lately)"
ASKED_KIND = {
    "lives_in": r"where|city|town|country|live[sd]?|living|address\w*|moved?|based",
    "works_at": r"work\w*|company|employer|firm",
    "job": rf"job|work\w*|do for (?:a )?living|occupation|career|profession|{_NOWADAYS}",
    "studies": rf"stud\w*|course|program\w*|degree|school|uni|university|college|training|major|{_NOWADAYS}",
    "feels": r"into|likes?|loves?|hates?|obsessed|allergic|afraid|scared|fan of|favou?rite",
    "does": rf"into|hobb\w*|job|work\w*|do for (?:a )?living|{_NOWADAYS}",
}
_ASKED_KIND = {kind: re.compile(rf"\b(?:{cue})\b", re.I) for kind, cue in ASKED_KIND.items()}


def _who(person: Person) -> str:
    return " ".join(p for p in (f"your {person.relation}" if person.relation else "", person.name or "") if p)


def answer_about(text: str, people: Sequence[Person], earlier: Sequence[str] = ()) -> First:
    """Her first words for a question about someone she knows that what she knows of them
    answers ("Your godmother Ngozi lives in Lagos."), else none. The caller has decided the
    message asks about the past (``grounding.asks_about_past``)."""
    asked = asked_part(text)
    kinds = {kind for kind, cue in _ASKED_KIND.items() if cue.search(asked)}
    if not kinds:
        return First()
    found: list[str] = []
    turns: tuple[int, ...] = ()
    for person in people_meant(text, people, earlier):
        keys = [k for k in person.facts if k.split(":")[0] in kinds]
        if keys:
            who = _who(person)
            found.append(f"{who[:1].upper()}{who[1:]} {spoken_list([phrase(k, person.facts[k]) for k in keys])}.")
            turns += _told(person, keys)
    return First(" ".join(found), turns)


def nothing_told(text: str, said: Sequence[str]) -> str:
    """Her first words for a question about their life that shares no word with anything she
    remembers them saying ("when is our anniversary?" with no anniversary ever spoken of):
    "I'm not sure you've ever told me that.", else ''. A question that points back ("what was
    his time?") leans on words it does not say, so it is left to the note."""
    asked = asked_part(text)
    if POINTS_BACK.search(asked) or not re.search(r"\b(?:my|our|i(?:'ve|'d)?)\b", asked, re.I):
        return ""  # points back, or asks of something not theirs ("what did we talk about?")
    topic = topic_of(text)
    if not topic or any(topic & words(s) for s in said):
        return ""
    return "I'm not sure you've ever told me that."


def never_told_of(text: str) -> str:
    """Her first words for a question about someone's particular thing that nothing she
    remembers answers ("I don't think you've ever told me Sven's favourite dessert."), else ''."""
    asked = thing_asked(text)
    return f"I don't think you've ever told me {asked[0]}'s {asked[1]}." if asked else ""


ENDED_NOW = re.compile(r"\b(?:broke|break|breaking|split|separat\w*|divorc\w*|ex|dumped|left me)\b", re.I)


def since_ended(text: str, people: Sequence[Person]) -> First:
    """Her first words when a message speaks of someone the user has split up with as if they
    had not ("mum wants me to bring Jonas"): a small model planned the lunch with him. The ex
    is never suggested after them; forgetting the turn that told of the break-up takes them."""
    if ENDED_NOW.search(text):
        return First()  # the message itself says so
    for person in named_people(text, people):
        ended = person.facts.get("ended")
        if ended:
            who = person.name or f"your {person.relation or 'ex'}"
            turn = person.turns.get("ended")
            return First(f"Oh, tricky: you and {who} {ended.removeprefix('you ')}.",
                         (turn,) if turn else (), (person.name,) if person.name else ())
    return First()
