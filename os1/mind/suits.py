"""What suits someone, and who suits a task: what the user told, said back when they ask.

A present: "our 10th anniversary is on the 14th and I've got nothing. what do I get her?" days
after "My wife Naledi has taken over the stoep with her succulents. Like 40 pots."

The default model, with that line somewhere in its prompt, suggested "a photo album, a
homemade gift, or a book". A friend remembers the succulents. So when the user asks what to
give someone, her first words say back the newest thing the user told of that person that
shows what they love (by its words: "loves", "obsessed", "mad into", "taken over", "collects"),
and the model goes on from there. "her" with no one named is the partner when the present is
for an anniversary or a partner's day, or whoever the user spoke of last; "He is mad about
beetles" right after "My grandson Oskar turns nine" is Oskar's.

Who to ask: "they've asked me to stay on for a double and Pretzel has been in since 7am. who
could i ask to take him out?" days after "my neighbour Ruth is an actual saint, she walks
Pretzel every morning when i'm on nights". The person whose told sentence shares the ask's
words is said back ("You told me your neighbour Ruth … walks Pretzel …")."""

from __future__ import annotations

import re
from collections.abc import Sequence

from os1.memory.people import PARTNERS, Person
from os1.memory.untrusted import LOWER, SENTENCE, UPPER
from os1.mind.grounding import NOT_NAMES, named_people, people_meant, words
from os1.mind.notice import First
from os1.mind.recount import ATTRIBUTES, said_back

# A present asked for: "what do I get her?", "gift ideas for my dad", "what should I buy Sam?"
ASKS_GIFT = re.compile(r"\b(?:gifts?|presents?|pressies?)\b[^.!?]*\?|\b(?:what|which|something)\b[^.!?]{0,30}\b(?:get|buy|give|"
                       r"gift|surprise) (?:her|him|them|my|[A-Z])|\b(?:get|buy) (?:her|him|them) for\b|"
                       r"\b(?:get|buy|give) (?:her|him|them|[A-Z][\w'-]+) (?:something|a (?:gift|present))\b", re.I)
# A meal cooked for someone: "I want to cook him a proper dinner. what would you make?"
ASKS_MEAL = re.compile(r"\b(?:cook|make|bake|do) (?:her|him|them|[A-Z][\w'-]+) (?:a |an |some |something )?(?:\w+ )?"
                       r"(?:dinner|lunch|breakfast|brunch|meal|cake|dessert|something)\b[^?]*\?|"
                       r"\b(?:cook|make|bake|do) (?:a |an )?(?:\w+ )?(?:dinner|lunch|meal|cake) for (?:her|him|them|[A-Z][\w'-]+)\b[^?]*\?")
# Someone named in the ask who is no person she knows yet: "It's Colm's 45th on Saturday"
NAMED_IN_ASK = re.compile(rf"(?<![.!?]\s)(?<!^)\b(?!I\b|It\b)([{UPPER}][{LOWER}]{{2,}})(?:'s|’s)?(?![{LOWER}])")
# What shows someone loves a thing.
LOVES = re.compile(r"\b(?:lov(?:es|ed|ing)|adores?|obsess\w*|mad (?:into|about)|crazy about|(?:really |so )?into|"
                   r"favou?rite|collects?|collecting|taken over|can'?t get enough|passion\w*|hobby|always (?:on|at|in|"
                   r"with)|talks to (?:them|her|his)|spends? (?:hours|all day|every))\b", re.I)
DOES_WORK = ATTRIBUTES["job"][1]  # a sentence that says what someone does for work
# A present for a partner: "our anniversary", "valentine's".
FOR_PARTNER = re.compile(r"\b(?:our (?:\w+ )?anniversary|valentine'?s?|wedding anniversary)\b", re.I)


def for_whom(text: str, people: Sequence[Person], earlier: Sequence[str]) -> list[Person]:
    """Who a present is for: who the message names or points to, the one partner for an
    anniversary, or someone named in it she knows only by what was said ("Colm's 45th")."""
    meant = [p for p in people_meant(text, people, earlier) if not p.facts.get("ended")]
    if meant:
        return meant
    if not FOR_PARTNER.search(text):
        named = list(dict.fromkeys(m[1] for m in NAMED_IN_ASK.finditer(text) if not re.fullmatch(NOT_NAMES, m[1])))
        return [Person(0, None, named[0])] if len(named) == 1 else []
    partners = [p for p in people if (p.relation or "").lower() in PARTNERS and not p.facts.get("ended")]
    return partners if len(partners) == 1 else []


def loved(text: str, people: Sequence[Person], earlier: Sequence[str],
          said: Sequence[tuple[int | None, str]]) -> First:
    """Her first words when the user asks what to give someone: the newest sentence they told
    of that person that shows what the person loves, said back; else none."""
    gift = bool(ASKS_GIFT.search(text))
    if not gift and not ASKS_MEAL.search(text):
        return First()
    whom = for_whom(text, people, earlier)
    if len(whom) != 1:
        return First()
    # the sentences told of them, newest first, read once for both kinds of answer
    person = whom[0]
    told = [(turn_id, sentence) for turn_id, message in reversed(said) if message != text
            for sentence in reversed(of_person(message, person)) if not sentence.rstrip().endswith("?")]
    for turn_id, sentence in told:
        if LOVES.search(sentence):
            return First(said_back(text, sentence), (turn_id,) if turn_id else ())
    for turn_id, sentence in told if gift else ():  # nothing loved told: what they do ("a paramedic now")
        if DOES_WORK.search(sentence):
            return First(said_back(text, sentence, words(sentence)), (turn_id,) if turn_id else ())
    return First()


HE_OR_SHE = re.compile(r"^\W*(?:he|she|they)(?:'s|'re| is| are| was| were| has| have| loves?| keeps?|\s)", re.I)


def of_person(message: str, person: Person) -> list[str]:
    """The sentences of a message that speak of ``person``: by name or relation, or as "he" or
    "she" right after a sentence that named them (said with their name instead)."""
    out, before = [], False
    for sentence in SENTENCE.split(message):
        named = person in named_people(sentence, [person])
        if named:
            out.append(sentence)
        elif before and HE_OR_SHE.match(sentence):  # "He is mad about beetles" → "Ilya is mad about beetles"
            out.append(re.sub(r"^(\W*)(?:he|she)\b", lambda m: m[1] + person.name, sentence, count=1, flags=re.I)
                       if person.name else sentence)
        before = named or before and bool(HE_OR_SHE.match(sentence))
    return out


# Asked who to ask: "who could i ask to take him out?", "who should I get to help?"
ASKS_WHO = re.compile(r"\bwho (?:could|should|can|might|would|do you think) (?:i|we) (?:\w+ )?(?:ask|get|call|text|message|"
                      r"invite|bring|trust|rope in)\b", re.I)


# The words of the asking itself, which say nothing of what the help is for
ASKING_WORDS = words("who could should can might ask get call text message invite bring trust rope help someone "
                     "anyone person people")


def who_for(text: str, people: Sequence[Person], said: Sequence[tuple[int | None, str]]) -> First:
    """Her first words when the user asks who could help or come: the newest sentence they told
    of someone in their life that shares a word with what the ask is for, said back; else none."""
    if not ASKS_WHO.search(text):
        return First()
    wanted = words(text) - ASKING_WORDS
    for turn_id, message in reversed(said):
        if message == text:
            continue
        for person in named_people(message, people):
            for sentence in of_person(message, person):
                if wanted & words(sentence) and not sentence.rstrip().endswith("?"):  # the clause of them
                    topic = wanted | words(person.name or person.relation or "")
                    return First(said_back(text, sentence, topic), (turn_id,) if turn_id else ())
    return First()
