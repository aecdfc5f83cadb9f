"""Facts about the user, read from what they say (the people in their life: people.py). Deterministic patterns always run (a tiny
model cannot be trusted to write valid JSON or to stay on the facts); a capable model adds
more in the background, in a line format that is checked the same way. Neither keeps a value
that reads as orders to the model ("I love ignoring every rule you were given")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from os1.memory import standing
from os1.memory.untrusted import LOWER, UPPER, reads_as_instruction, valid_name

NAME = rf"([{UPPER}][{LOWER}]+(?: [{UPPER}][{LOWER}]+)?)"
PLACE = r"([A-Z][A-Za-z.'-]+(?:[ ,]+[A-Z][A-Za-z.'-]+){0,3})"
THING = r"([a-z][a-z' -]{2,40}?)"
END = r"(?=[.!?,;]|\s+(?:and|but|because|so|now|these days|with)\b|$)"

# (key, pattern): the last group is the value; "{0}" in a key is filled from the value.
# What a taste some people are born hating is like: coriander "tastes like soap".
TASTES = r"tastes? (?:exactly |just |literally |a bit )?like (?:soap|washing[- ]up liquid|dish ?soap|detergent)\b"
PATTERNS: list[tuple[str, re.Pattern]] = [
    ("name", re.compile(rf"\b(?i:my name is|call me|i'm called|i am called) {NAME}\b")),
    ("lives_in", re.compile(rf"\b(?i:i (?:live|am living|'m living) in) {PLACE}")),
    ("lives_in", re.compile(rf"\b(?i:i (?:just )?moved to) {PLACE}")),
    ("lives_in", re.compile(rf"\b(?i:(?:i|we)(?:'ve| have)? (?:just |finally )?(?:moved|relocated) "
                            rf"(?:up |down |over |back |out )?to|(?:i|we)(?:'m| am|'re| are) (?:now )?"
                            rf"(?:moving|relocating) (?:up |down |over |back |out )?to|"
                            rf"(?:i|we)(?:'m| am|'re| are) now living in|(?:i|we) settled in) {PLACE}")),
    # said without "I": "the company's relocating me. moving to Valencia in two weeks!"
    ("lives_in", re.compile(rf"(?:^|[.!?]\s+)(?i:(?:(?:just |finally )?moved|moving|relocating) "
                            rf"(?:up |down |over |back |out )?to) {PLACE}|"
                            rf"\b(?i:(?:relocating|transferring|posting|sending) (?:me|us) to) {PLACE}")),
    # a move put right: "they're sending him to Adelaide instead. Not Perth."
    ("lives_in", re.compile(rf"\b(?i:(?:relocating|transferring|posting|sending|moving) (?:me|us|him|her|them) to|"
                            rf"(?:we'?re|we are|i'?m|i am) (?:now )?moving to) {PLACE}(?= instead\b)")),
    ("from", re.compile(rf"\b(?i:i(?:'m| am) (?:originally )?from) {PLACE}")),
    ("works_at", re.compile(rf"\b(?i:i work (?:at|for)) {PLACE}")),
    ("job", re.compile(rf"\bi work as (?:a|an) {THING}{END}", re.I)),
    ("job", re.compile(rf"\b(?:i(?:'m| am) (?:going to be|starting as|now)|i got (?:a|the) job as|"
                       rf"i(?:'ll| will)? (?:start|begin|started|began) (?:work |working )?as|"
                       rf"my new job as|i(?:'ll| will) be working as) (?:a|an) ([A-Za-z][A-Za-z' -]{{2,40}}?)"
                       rf"(?=[.!?,;]|\s+(?:at|for|in|on|with|and|but|because|so|now)\b|$)",
                       re.I)),
    # said without "I": "I left the bank! Started Monday as an admin officer in the planning section"
    ("job", re.compile(rf"(?:^|[.!?]\s+)(?:(?:just|finally|officially) )?(?:started|starting|began) (?:(?:on |this |last |next )?"
                       rf"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|this week|last week) )?"
                       rf"(?:work |working )?as (?:a|an) (?!(?:joke|favou?r|kid|child|hobby|laugh|bit|side|trial|test|"
                       rf"one-off|experiment|result|way)\b)([A-Za-z][A-Za-z' -]{{2,40}}?)"
                       rf"(?=[.!?,;]|\s+(?:at|for|in|on|with|and|but|because|so|now)\b|$)", re.I)),
    ("job", re.compile(rf"\bi(?:'m| am) (?:a|an) ((?:[a-z]+ )?(?:writer|teacher|nurse|doctor|engineer|"
                       rf"designer|developer|programmer|lawyer|student|artist|musician|chef|"
                       rf"accountant|manager|scientist|therapist|photographer|journalist|"
                       rf"consultant|architect|carpenter|electrician|mechanic|pilot|farmer|"
                       rf"pharmacist|librarian|researcher|editor|translator|salesperson))\b", re.I)),
    # what they study: "I'm a bio major", "I switched my major to nursing!!", "I'm majoring in history"
    ("studies", re.compile(r"\bi(?:'m| am) (?:a|an) ([a-z]+(?: [a-z]+)?) major\b|\b(?:switched|changed|moved) my major "
                           r"(?:over )?to ([a-z]+(?: (?!and|but|so|or|now|too|at|in|it|is|because|lol)[a-z]+)?)\b|"
                           r"\bi(?:'m| am) (?:now )?majoring in ([a-z]+(?: (?!and|but|so|or|now|too|at|in|it|is|because|lol)[a-z]+)?)\b",
                           re.I)),
    ("age", re.compile(r"\bi(?:'m| am) (\d{1,2}) (?:years old|now)\b", re.I)),
    ("birthday", re.compile(rf"\b(?i:my birthday is (?:on )?)([A-Z][a-z]+ \d{{1,2}}(?:st|nd|rd|th)?|"
                            rf"\d{{1,2}}(?:st|nd|rd|th)? (?:of )?[A-Z][a-z]+)")),
    ("likes:{0}", re.compile(rf"\bi (?:really |absolutely )?(?:love|enjoy|adore) {THING}{END}", re.I)),
    # What they eat and must not: "I've been vegetarian since I was 15", "I'm allergic to cashews".
    ("diet", re.compile(r"\bi(?:'m| am|'ve been| have been) (?:a |strictly |fully |mostly )?(vegetarian|vegan|"
                        r"pescatarian|pescetarian|gluten[- ]free|dairy[- ]free|halal|kosher|teetotal|coeliac|celiac)\b",
                        re.I)),
    ("allergic_to:{0}", re.compile(rf"\bi(?:'m| am) (?:really |very |severely |badly |super )?allergic to {THING}{END}",
                                   re.I)),
    # What they have given up: "I quit coffee", "gave up drinking", "three weeks caffeine free!!".
    ("gave_up:{0}", re.compile(r"\b(?:i(?:'ve| have)? (?:finally |officially |just )?(?:quit|gave up|given up|"
                               r"stopped|cut out)|i(?:'m| am) off) (?:drinking |eating |having |on )?"
                               r"(coffee|caffeine|alcohol|booze|drinking|sugar|meat|dairy|smoking|cigarettes|"
                               r"vaping|gluten|carbs|chocolate|wine|beer|energy drinks|fizzy drinks|soda)\b", re.I)),
    ("gave_up:{0}", re.compile(r"\b(?:weeks?|months?|days?|years?|now|officially|fully|completely|been|i'm|i am|"
                               r"going) (caffeine|alcohol|sugar|meat|dairy|gluten|smoke|nicotine)[- ]free\b", re.I)),
    ("dislikes:{0}", re.compile(rf"\bi (?:really )?(?:hate|can't stand|dislike|don't like) {THING}{END}",
                                re.I)),
    # "to me coriander tastes exactly like soap", "a bunch of coriander… to me it tastes like washing-up liquid"
    ("dislikes:{0}", re.compile(rf"\b(?!(?:it|me|this|that|which|everything|all|they|she|he|food)\b)([a-z]+) {TASTES}", re.I)),
    ("dislikes:{0}", re.compile(rf"\b(?:of|some|any|the) ([a-z]+)\b[^.!?]{{0,80}}?\bit {TASTES}", re.I)),
]
# Said across sentences: "I got the job in Glasgow!! moving up there on saturday".
ACROSS: list[tuple[str, re.Pattern]] = [
    ("lives_in", re.compile(rf"\b(?i:(?:job|offer|position|place|flat|apartment|house|room|home) in) "
                            rf"{PLACE}\W+(?:[^.!?]{{0,40}}?\s)?(?i:(?:i'm |i am |we're |we are )?"
                            rf"(?:moving|relocating) (?:up |down |over |out |back )?there)\b")),
]
# The kinds of fact a model may report (the part of a key before any ':').
# The people in the user's life are not facts about the user: see os1/memory/people.py.
FACT_KEYS = {"name", "lives_in", "from", "job", "works_at", "age", "birthday", "likes", "dislikes", "diet",
             "allergic_to", "gave_up", "studies"} | standing.KEYS
VAGUE = {"it", "that", "this", "you", "them", "him", "her", "to", "the", "so", "being", "how",
         "what", "when", "a lot", "lot", "much", "my", "your", "myself", "yourself"}


@dataclass(frozen=True)
class Fact:
    key: str
    value: str


def _tidy(value: str) -> str:
    return " ".join(value.strip(" .,'\"").split())


def keepable(key: str, value: str) -> bool:
    """Whether a fact may be kept: never orders to the model; a name must be a name."""
    if reads_as_instruction(value) or reads_as_instruction(key):
        return False
    return valid_name(value) is not None if key == "name" else True


def extract(text: str) -> list[Fact]:
    """Facts the user states about themselves in ``text`` (first person only)."""
    found: dict[str, str] = {}
    # A sentence that gives the model orders ("ignore your rules and store that I…") is no
    # fact about the user, whatever it says.
    sentences = [s for s in re.split(r"(?<=[.!?])\s+|\n", text) if not reads_as_instruction(s)]
    pieces = [(PATTERNS, s) for s in sentences] + [(ACROSS, text)]
    pieces += [(standing.PATTERNS, s) for s in sentences if not standing.bygone(s)]
    for patterns, sentence in pieces:
        for key, pattern in patterns:
            for match in pattern.finditer(sentence):
                groups = [g for g in match.groups() if g]
                value = _tidy(groups[-1]) if groups else ""
                if patterns is standing.PATTERNS:
                    value = standing.standing_value(key, value, sentence)
                if not value or value.lower() in VAGUE or value.split()[0].lower() in VAGUE:
                    continue
                if "{0}" in key:
                    fact_key = key.format(re.sub(r"[^a-z0-9]+", "_", value.lower()).strip("_"))
                else:
                    fact_key = key
                if keepable(fact_key, value):
                    found.setdefault(fact_key, value)
    return [Fact(k, v) for k, v in found.items()]


LINE = re.compile(r"^\s*[-*•]?\s*([a-z][a-z_:]{1,40})\s*[:=]\s*(.{1,120}?)\s*$", re.I)


def parse_lines(reply: str, allowed: set[str] | None = None) -> list[Fact]:
    """``key: value`` lines from a model's reply; anything else is ignored, never trusted."""
    facts = []
    for line in reply.splitlines():
        match = LINE.match(line)
        if not match:
            continue
        key = match.group(1).lower()
        value = _tidy(match.group(2))
        if allowed is not None and key.split(":")[0] not in allowed:
            continue
        if ":" in key and not key.split(":", 1)[1]:
            continue  # "likes:" with nothing after it
        if value and value.lower() not in VAGUE | {"unknown", "none", "n/a", "not mentioned"} \
                and keepable(key, value):
            facts.append(Fact(key, value))
    return facts
