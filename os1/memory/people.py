"""The people in the user's life, read from what they say: "my sister Anna lives in Boston",
"Max, my dog", "my friend Amy makes documentaries", later "Anna moved to Chicago".

Deterministic patterns, so nothing depends on the model: a person is a relation and a name,
and an attribute is a short phrase (where they live, their job, what they do) kept with the
turn it came from. A capable model adds more in the background (``parse_person_lines``), checked
the same way. A remark that names nobody and says nothing lasting ("my friend said hi") is
not a person."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from os1.memory.untrusted import LOWER, NOT_AFTER_TITLE, UPPER, quote, reads_as_instruction, valid_name

# The relations a person can have to the user, as said after "my": the family with its step-,
# half-, great-, god- and -in-law kinds, partners to be and partners that were, the people of
# work, home and school, and pets. A relation is kept as the user says it ("fiancé", not
# "partner"); a nickname (bf, hubby, sis) as its word.
_KIN = "mother father mom mum dad parent sister brother sibling son daughter child kid".split()
_PARTNER = "wife husband spouse partner girlfriend boyfriend fiance fiancee fiancé fiancée".split()
_GRAND = ["grand" + k for k in ("mother", "father", "ma", "pa", "mum", "mom", "dad", "parent", "son",
                                "daughter", "child", "kid")]
RELATIONS = (_KIN + _PARTNER + _GRAND + [f"step{k}" for k in _KIN if k not in ("parent", "kid")] +
             [f"step-{k}" for k in _KIN if k not in ("parent", "kid")] +
             [f"half-{k}" for k in ("sister", "brother", "sibling")] +
             [f"half {k}" for k in ("sister", "brother", "sibling")] +
             [f"{k}-in-law" for k in ("mother", "father", "sister", "brother", "daughter", "son", "parent")] +
             [f"{k}s-in-law" for k in ("parent", "brother", "sister")] +
             [f"great-{k}" for k in ("grandmother", "grandfather", "grandma", "grandpa", "aunt", "uncle",
                                     "grandson", "granddaughter", "grandchild")] +
             [f"god{k}" for k in ("mother", "father", "son", "daughter", "child", "parent")] +
             [f"ex-{k}" for k in _PARTNER] + [f"ex {k}" for k in _PARTNER] + [f"foster {k}" for k in
                                                                              ("mother", "father", "mum",
                                                                               "mom", "dad", "son",
                                                                               "daughter", "child", "kid")] +
             """husband-to-be wife-to-be betrothed ex aunt auntie aunty uncle cousin niece nephew twin
             gran granny grandad granddad grandpop nan nana nanna nonna nonno oma opa abuela abuelo
             mama papa mam youngest eldest firstborn
             friend best_friend bestie best_mate pal buddy penpal pen_pal classmate schoolmate bandmate
             teammate roommate flatmate housemate neighbor neighbour landlord landlady tenant
             boss manager supervisor colleague coworker co-worker workmate cofounder co-founder
             business_partner intern mentor mentee coach trainer tutor teacher professor therapist
             counsellor counselor doctor dentist physio babysitter nanny carer caregiver
             bf gf hubby wifey sis bro
             dog cat puppy kitten bird rabbit bunny horse pony parrot budgie hamster guinea_pig
             tortoise turtle ferret gecko lizard snake""".split())
# Nicknames for a relation, kept as the word they stand for.
ALIASES = {"bf": "boyfriend", "gf": "girlfriend", "hubby": "husband", "wifey": "wife", "sis": "sister",
           "bro": "brother", "fiance": "fiancé", "fiancee": "fiancée", "granddad": "grandad",
           "co-worker": "coworker", "co-founder": "cofounder", "step-mother": "stepmother",
           "step-father": "stepfather", "step-mom": "stepmom", "step-mum": "stepmum", "step-dad": "stepdad",
           "step-sister": "stepsister", "step-brother": "stepbrother", "step-son": "stepson",
           "step-daughter": "stepdaughter", "step-child": "stepchild", "step-sibling": "stepsibling",
           "half brother": "half-brother", "half sister": "half-sister", "half sibling": "half-sibling",
           "pen pal": "penpal", "best mate": "best friend", "bestie": "best friend"}
# A word between "my" and the relation that says which one, not who ("my older sister Ana").
WHICH = ("older|younger|big|little|baby|eldest|oldest|youngest|elder|twin|childhood|old|late|new|"
         "dear|lovely|favou?rite|wonderful|amazing")
# The relations a word for a group of people means ("my family", "my parents").
_PARENTS = {"mother", "mom", "mum", "father", "dad", "parent", "mama", "papa", "mam"}
_CHILDREN = {"son", "daughter", "kid", "child", "youngest", "eldest", "firstborn"}  # "my youngest, Eoin"
FAMILY = ({r.replace("_", " ") for r in _KIN + _PARTNER + _GRAND} | _PARENTS |
          {r for r in RELATIONS if re.match(r"(?:step|half|great|god|foster)|.*-in-law$", r)} |
          set("husband-to-be wife-to-be betrothed aunt auntie aunty uncle cousin niece nephew twin gran "
              "granny grandad grandpop nan nana nanna nonna nonno oma opa abuela abuelo".split()))
GROUPS = {"family": FAMILY, "parents": _PARENTS,
          "siblings": {"sister", "brother", "sibling", "half-sister", "half-brother", "stepsister",
                       "stepbrother", "twin"},
          "friends": {"friend", "best friend", "pal", "buddy"},
          "kids": _CHILDREN | {"stepson", "stepdaughter", "stepchild"},
          "children": _CHILDREN | {"stepson", "stepdaughter", "stepchild"},
          "pets": {"dog", "cat", "puppy", "kitten", "bird", "rabbit", "bunny", "horse", "pony", "parrot",
                   "budgie", "hamster", "guinea pig", "tortoise", "turtle", "ferret", "gecko", "lizard",
                   "snake"}}
RELATIONS_SET = {r.replace("_", " ") for r in RELATIONS}
RELATION = "|".join(sorted((re.escape(r.replace("_", " ")) for r in RELATIONS), key=len, reverse=True))
MY_RELATION = re.compile(rf"\b(?:my|our) ({RELATION})s?\b", re.I)  # "my sister", "our kids": group 1
# a name, after a title if one is given ("Mrs. Okafor" is Mrs. Okafor, not "Mrs")
_NAME = rf"(?:(?:Mr|Mrs|Ms|Mx|Dr|Prof)\.? )?[{UPPER}][{LOWER}]+(?:[-'][{UPPER}]?[{LOWER}]+)?(?: [{UPPER}][{LOWER}]+)?"
_PLACE = rf"[{UPPER}][{UPPER}{LOWER}.'-]+(?:[ ,]+[{UPPER}][{UPPER}{LOWER}.'-]+){{0,2}}"
_PHRASE = r"[a-z][a-z0-9' -]{2,40}?"
_END = (r"(?=[.!?,;)]|\s+[(–—-]|\s+(?:and|but|because|so|now|these days|with|since|for|at|in|on|near|every|last|"
        r"this|yesterday|today|recently)\b|$)")
# What one becomes that is no job: "Ana became a mother".
_NOT_JOB = (r"(?:mother|mum|mom|dad|father|parent|grand\w+|aunt|uncle|widow\w*|citizen|vegan|vegetarian|member|"
            r"fan|regular|believer|different|new|better|bit|lot|little)\b")
# Capitalised words that follow "my sister" without being her name.
NOT_A_NAME = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
              "january", "february", "march", "april", "may", "june", "july", "august",
              "september", "october", "november", "december", "i", "im", "and", "but", "the",
              "she", "he", "they", "who", "is", "was", "lives", "just", "also", "never",
              "always", "today", "yesterday", "tomorrow", "christmas", "easter"}
# What a person does, said as a verb phrase: kept as "does:<verb>" so a new value of the same
# verb ("teaches physics") supersedes the old ("teaches chemistry") and others stay.
DOES = ("makes teaches writes runs owns studies plays paints builds designs coaches manages sings "
        "directs trains cooks bakes fixes draws sells codes practices volunteers").split()

# (key, pattern) for what follows a person's mention; the one group is the value.
ATTRIBUTES: list[tuple[str, re.Pattern]] = [
    ("lives_in", re.compile(rf"^\s*(?:still |now |just )?(?:lives|is living|moved|has moved|"
                            rf"just moved|is moving|'s moving|’s moving|'s living|’s living|'s moved|’s moved|"
                            rf"relocated) (?:in|to|back to) ({_PLACE})")),
    # "Eoin went out to Melbourne three years ago, he's an electrician out there"
    ("lives_in", re.compile(rf"^\s*(?:,\s*)?(?:emigrated to|(?:went|moved|headed) (?:out|over|off) to) ({_PLACE})"
                            rf"(?= (?:a |an |\w+ )?(?:years?|months?) ago|,? (?:where )?(?:he|she|they)(?:'s| is| are| has| lives?| works?)\b)")),
    ("works_at", re.compile(rf"^\s*(?:still |now )?works (?:at|for) ({_PLACE})")),
    # "Keiko arrives from Sapporo on tuesday", "he's originally from Accra"
    ("from", re.compile(rf"^\s*(?:is |'s )?(?:originally |just |finally )?(?:arrives|arrived|arriving|flies in|flew in|flying "
                        rf"in|comes|came|coming|is) from ({_PLACE})")),
    # "… is five and has a serious peanut allergy"
    ("feels", re.compile(r"^\s*(?:(?:is|'s) [\w-]+(?: [\w-]+)? and )?(?:has|'s got|has got) (?:a |an )?(?:(?:pretty |very |really )?"
                         r"(?:serious|severe|bad|nasty|mild|terrible|awful) |life-threatening )?((?:peanut|nut|tree nut|shellfish|fish|egg|milk|dairy|"
                         r"gluten|wheat|sesame|soy|bee|wasp|cat|dog|penicillin|latex|pollen) allergy)\b")),
    # "… because of his shellfish allergy" (after "his")
    ("feels", re.compile(r"^\s*(?:serious |severe |bad |life-threatening )?((?:peanut|nut|tree nut|shellfish|fish|egg|milk|"
                         r"dairy|gluten|wheat|sesame|soy|bee|wasp|cat|dog|penicillin|latex|pollen) allergy)\b")),
    # "My wife Gerda went vegetarian three years ago", "Sam's vegan now"
    ("diet", re.compile(r"^\s*(?:is |'s |has (?:gone|been|become) |went |turned |became |'s been |'s gone |eats |keeps )?"
                        r"(?:now |fully |strictly |mostly |totally )?(vegetarian|vegan|pescatarian|pescetarian|gluten[- ]free|"
                        r"dairy[- ]free|teetotal|halal|kosher)\b(?! (?:restaurant|place|caf[eé]|option|recipe|dish|food)s?\b)",
                        re.I)),
    ("job", re.compile(rf"^\s*(?:still |now )?works as (?:a|an) ({_PHRASE}){_END}")),
    # "got a job as a paramedic", "became a paramedic", "is working as a nurse now"
    ("job", re.compile(rf"^\s*(?:'s |is |has |just |now |finally |officially )*(?:got|landed|took|started|starts|starting|"
                       rf"accepted|been offered|was offered) (?:a |an |the |her |his |their )?(?:new )?(?:job|role|position|"
                       rf"post|place) as (?:a|an) ({_PHRASE}){_END}")),
    ("job", re.compile(rf"^\s*(?:'s |is |has |just |now |finally |officially )*(?:became|become|becoming|started as|"
                       rf"starts as|starting as|qualified as|working as|retrained as) (?:a|an) (?!{_NOT_JOB})({_PHRASE}){_END}")),
    # "he's driving logging trucks now": a driver of them
    ("drives", re.compile(r"^\s*(?:'s |is |now |just )*(?:driving|drives) ((?:[a-z]+ )?(?:trucks?|lorr(?:y|ies)|bus(?:es)?|"
                          r"taxis?|cabs?|trains?|trams?|ambulances?|forklifts?|vans?))\b")),
    ("job", re.compile(rf"^\s*(?:is|'s) (?:now |finally |officially )?(?:a|an) ((?:[A-Za-z]+ )?(?:writer|teacher|nurse|doctor|engineer|"
                       rf"designer|developer|programmer|lawyer|student|artist|musician|chef|"
                       rf"accountant|manager|scientist|therapist|photographer|journalist|"
                       rf"consultant|architect|carpenter|electrician|mechanic|pilot|farmer|"
                       rf"pharmacist|librarian|researcher|editor|translator|filmmaker|"
                       rf"professor|dentist|vet|actor|actress|dancer|plumber|firefighter|"
                       rf"police officer|paramedic|baker|barista|programmer|painter|surgeon))\b")),
    ("does", re.compile(rf"^\s*((?:{'|'.join(DOES)}) {_PHRASE}){_END}")),
    # "he's training to be a commercial pilot": the job they are becoming, said as in training
    ("training", re.compile(rf"^\s*(?:'s |is |has been |just |now )*(?:training|studying|retraining) (?:to be(?:come)?|as) "
                            rf"(?:a|an) ({_PHRASE}){_END}")),
    # "he's officially joined the fire service": a service joined is a job
    ("job", re.compile(r"^\s*(?:'s |has |is |just |now )*(?:officially |finally |just |now )*(?:joined|joining|signed up "
                       r"(?:for|to|with)|enlisted in) (?:the )?(fire service|fire brigade|fire department|police force|police|"
                       r"army|navy|royal navy|ambulance service|coastguard|marines)\b")),
    # "my sister Leila will tell stories from her paramedic shifts"
    ("job", re.compile(r"^(?:(?!\bmy\b)[^.!?])*?\b(?:her|his|their) (nurse|nursing|paramedic|doctor|"
                       r"teaching|teacher|police|firefighter|pilot|chef|barista|surgeon|vet|midwife) "
                       r"(?:shifts?|job|work|training|uniform|colleagues|coworkers|rounds|classes)\b")),
    ("feels", re.compile(r"^\s*(?:really |genuinely |absolutely |still )?((?:hates|loves|adores|can't stand|dislikes|"
                         r"(?:doesn't|does not|won't|can't) (?:eat|drink|stand|handle)|"
                         r"(?:is|'s) (?:obsessed with|allergic to|afraid of|scared of|terrified of|frightened of|"
                         r"phobic of|intolerant to|intolerant of)) "
                         rf"{_PHRASE}){_END}")),
    ("studies", re.compile(rf"^\s*(?:has |just |finally |now )?(?:got into|got accepted (?:in)?to|was accepted "
                           rf"(?:in)?to|is starting|started|starts|enrolled in|is doing|began|is in) (?:the |a |an |"
                           rf"her |his |their )?((?:[a-z][a-z'-]+ ){{1,3}}(?:program(?:me)?|course|degree|training|"
                           rf"school|residency|apprenticeship|masters|phd|bootcamp))\b")),
]
# "Jonas and I broke up": what ended, kept on the person ("ended": "you broke up").
_ENDED = r"(?:broke up|have broken up|split up|split|separated|divorced|called it quits|ended things)"
ENDINGS = [
    re.compile(rf"\b(?:({_NAME}) and (?i:i|me)|(?i:me and) ({_NAME})|(?i:my) ((?i:{RELATION})) and (?i:i|me)) "
               rf"(?i:(?:have |had |just |finally |officially )?{_ENDED})\b"),
    re.compile(rf"\b(?i:i (?:just |finally )?(?:broke up|split up|split) with) (?:(?i:my) ((?i:{RELATION})) ?)?({_NAME})?"),
    re.compile(rf"\b({_NAME}) (?i:(?:just )?(?:broke up with|dumped|left) me)\b"),
]
JOB_OF = {"nursing": "nurse", "teaching": "teacher", "police": "police officer", "police force": "police officer",
          "fire service": "firefighter", "fire brigade": "firefighter", "fire department": "firefighter",
          "army": "soldier", "navy": "sailor", "royal navy": "sailor", "ambulance service": "paramedic",
          "coastguard": "coastguard officer", "marines": "marine"}
PARTNERS = {"wife", "husband", "spouse", "partner", "girlfriend", "boyfriend", "fiancé", "fiancée",
            "husband-to-be", "wife-to-be", "betrothed"}
_PRONOUN = re.compile(r"\b(?:she|he|they|his|her|their)\b", re.I)  # "because of his shellfish allergy": his


@dataclass(frozen=True)
class Mention:
    """A person named or described in one message, and what was said about them."""

    relation: str | None
    name: str | None
    facts: tuple[tuple[str, str], ...] = field(default=())
    changed: bool = False  # the relation itself is news ("Lorenzo proposed"): it replaces the kept one

    @property
    def label(self) -> str:
        return " ".join(p for p in (self.relation, self.name) if p)


def _name(text: str | None) -> str | None:
    if not text:
        return None
    name = valid_name(text)
    if not name or name.split()[0].lower() in NOT_A_NAME:
        return None
    return name


def _tidy(value: str) -> str:
    return " ".join(value.strip(" .,'\"").split())


def _relation(word: str) -> str:
    """A relation as kept: lower case, one space, a nickname as its word ("bf" → "boyfriend")."""
    said = " ".join(word.lower().replace("’", "'").split())
    return ALIASES.get(said, said)


def attribute_key(key: str, value: str) -> str:
    """A verb phrase is kept per verb ("does:teaches"), a place or a job once per person."""
    if key == "feels":  # one per feeling and thing: "hates surprises", "loves khachapuri"
        return "feels:" + re.sub(r"[^a-z0-9]+", "_", value.lower()).strip("_")[:60]
    return f"does:{value.split()[0].lower()}" if key == "does" else key


_MASS = ("fish", "milk", "dairy", "gluten", "wheat", "latex", "pollen", "penicillin", "soy", "sesame")


def _allergen(thing: str) -> str:
    """What an allergy is to, as said after "allergic to": "peanut" → "peanuts", "shellfish"."""
    return thing if thing.endswith(("s", *_MASS)) else f"{thing}s"


def attributes(rest: str) -> list[tuple[str, str]]:
    """What the words right after a person's mention say about them."""
    found = []
    for key, pattern in ATTRIBUTES:
        match = pattern.search(rest)
        if match:
            value = _tidy(re.sub(r"^['’]s ", "is ", match.group(1)))
            value = JOB_OF.get(value.lower(), value) if key == "job" else value
            key, value = ("job", f"{value} in training") if key == "training" else (key, value)
            if key == "drives":  # "logging trucks" → "logging truck driver"
                key, value = "job", re.sub(r"(?:ies|es|s)$", lambda m: "y" if m[0] == "ies" else "",
                                           value) + " driver"
            if key == "feels" and value.endswith(" allergy"):  # "a peanut allergy": allergic to peanuts
                value = f"is allergic to {_allergen(value.removesuffix(' allergy'))}"
            if value and not reads_as_instruction(value):
                found.append((attribute_key(key, value), value))
    return found


# "Lorenzo proposed", "Priya and I got engaged", "I'm engaged to Sam", "we're engaged" (of the
# one partner she knows): the person is now a fiancé(e), not a "partner".
_SHOUTED = r"[A-Z]{2,}(?=\s)"
ENGAGED = [
    re.compile(rf"\b({_NAME}|{_SHOUTED}) (?i:(?:just |finally |actually )?(?:proposed|popped the question|"
               rf"asked me to marry (?:him|her|them)|got down on one knee))\b"),
    re.compile(rf"\b(?:({_NAME}) and (?i:i)|(?i:me and) ({_NAME})) (?i:(?:are |'re |have |just |finally |"
               rf"officially )*(?:got |gotten |getting )?engaged)\b"),
    re.compile(rf"\b(?i:i(?:'m| am) (?:now |officially |finally )?engaged to) ({_NAME})"),
    re.compile(rf"\b(?i:i said yes to) ({_NAME})\b"),
    re.compile(r"\b(?i:we(?:'re| are| have|'ve)? (?:just |finally |officially )?(?:got |gotten |getting )?engaged)\b"),
]
# "Marisol and I got married", "I married Tom", "we tied the knot" (of the one partner she knows)
_WED = r"(?:got married|married|tied the knot|got hitched|eloped)"
MARRIED = [
    re.compile(rf"\b(?:({_NAME}) and (?i:i)|(?i:me and) ({_NAME})) (?i:(?:have |just |finally |officially |actually )*{_WED})\b"),
    re.compile(rf"\b(?i:i (?:just |finally |officially )?(?:married|got married to|eloped with)) ({_NAME})"),
    re.compile(rf"\b(?i:we(?:'re| are| have|'ve)? (?:just |finally |officially |actually )*(?:{_WED}|now married))\b"),
]
_FEMININE = {"girlfriend", "wife", "fiancée", "wife-to-be", "gf", "wifey"}
_MASCULINE = {"boyfriend", "husband", "fiancé", "husband-to-be", "bf", "hubby"}
# What each union makes a partner, by whether she is a she, a he, or neither said.
UNIONS = [(ENGAGED, ("fiancée", "fiancé", "fiancé")), (MARRIED, ("wife", "husband", "spouse"))]


def engagements(text: str, known: dict[str, str]) -> list[Mention]:
    """Partners the user says they are now engaged or married to, each a fiancé(e) or a wife,
    husband or spouse (``changed``: the relation replaces the one kept, "girlfriend" or none)."""
    found: list[Mention] = []
    she = re.search(r"\b(?:she|her)\b", text, re.I) and not re.search(r"\b(?:he|him|his)\b", text, re.I)
    he = re.search(r"\b(?:he|him|his)\b", text, re.I) and not she
    for patterns, (as_her, as_him, as_either) in UNIONS:
        for match in (m for pattern in patterns for m in pattern.finditer(text)):
            said = next((g for g in match.groups() if g), None)
            name = _name(said.title() if said and said.isupper() else said)
            relation = next((r for n, r in known.items() if name and n.lower() == name.lower()), None)
            if name is None:  # "we got engaged": the one partner she knows of
                partners = [(n, r) for n, r in known.items() if _relation(r) in PARTNERS]
                if len(partners) != 1 or match.groups():
                    continue
                name, relation = partners[0]
            kept = (relation or "").lower()
            as_one = (as_her if kept in _FEMININE or (she and kept not in _MASCULINE) else
                      as_him if kept in _MASCULINE or he else as_either)
            if not any(m.name == name for m in found):
                found.append(Mention(as_one, name, changed=True))
    return found


def endings(text: str, known: dict[str, str]) -> list[Mention]:
    """Relationships the user says have ended ("Jonas and I broke up", "my girlfriend and I
    split"): the person, now an ex when they were not known before."""
    found = []
    for pattern in ENDINGS:
        for match in pattern.finditer(text):
            groups = match.groups()
            relations = [g for g in groups if g and g.lower() in RELATIONS_SET]
            names = [_name(g) for g in groups if g and g.lower() not in RELATIONS_SET]
            name = next((n for n in names if n), None)
            relation = _relation(relations[0]) if relations else None
            if name is None and relation is None:
                continue
            if relation is None and name is not None:  # (a name is known when the relation is not)
                relation = next((r for n, r in known.items() if n.lower() == name.lower()), None) or "ex"
            verb = "divorced" if "divorc" in match.group(0).lower() else "separated" if \
                "separat" in match.group(0).lower() else "broke up"
            found.append(Mention(relation, name, (("ended", f"you {verb}"),)))
    return found


def mentions(text: str, known: dict[str, str] | None = None) -> list[Mention]:
    """The people ``text`` names with a relation ("my sister Anna", "Max, my dog"), and the
    attributes said of them or of a person already known by name (``known``: name → relation:
    "Anna moved to Chicago"); "she"/"he" right after a mention in the same message is that person."""
    name_of = {k.lower(): k for k in (known or {})}
    known = {k.lower(): v for k, v in (known or {}).items()}
    found: dict[tuple[str | None, str | None], list[tuple[str, str]]] = {}
    last: tuple[str | None, str | None] | None = None
    # a name nothing was said of yet is "he" in its sentence, and in the next when nobody else
    # was named ("Paolo cooked. … because of his shellfish allergy")
    bare: tuple[str | None, str | None] | None = None
    fresh = False
    for sentence in re.split(rf"(?<=[.!?;]){NOT_AFTER_TITLE}\s+|\n", text):
        before = last
        for relation, name, rest in _spans(sentence, known, name_of):
            facts = attributes(rest)
            if relation is None and name is None:
                if last is None or not facts:
                    continue
                relation, name = last
            if name is None and not facts:
                continue  # "my friend said hi": nobody to remember
            key = (relation, name)
            if relation is None and not facts and key not in found:
                last = bare = key  # named only: kept if "he's allergic to…" follows
                fresh = True
                continue
            found.setdefault(key, [])
            found[key] += [f for f in facts if f not in found[key]]
            last = key
        if last is not None and last not in found:
            if last == bare and fresh and not found:
                fresh = False  # the only one named: carried to the next sentence only
            else:
                last = before if before in found else None
    for ended in endings(text, known or {}):
        key = next((k for k in found if ended.name and k[1] == ended.name), (ended.relation, ended.name))
        found.setdefault(key, [])
        found[key] += [f for f in ended.facts if f not in found[key]]
    changed = set()
    for engaged in engagements(text, {name_of[k]: v for k, v in known.items()}):
        key = (engaged.relation, engaged.name)
        said = next((k for k in found if k[1] == engaged.name), None)
        found[key] = found.pop(said, []) if said else found.get(key, [])
        changed.add(key)
    return [Mention(r, n, tuple(f), (r, n) in changed) for (r, n), f in found.items()]


_MY = re.compile(rf"\b(?i:my|our) (?:(?i:{WHICH}) )?((?i:{RELATION}))(?![\w-])(?:'s name is | is called | is named |, | named | called | )?"
                 rf"({_NAME})?")
_APPOSITION = re.compile(rf"\b({_NAME}),? (?P<my>(?i:my|our)) (?:(?i:{WHICH}) )?((?i:{RELATION}))(?![\w-])")


# Someone named without a relation, by what only a person does: "Hiroshi wants to try the tapas
# bar …, he's allergic to shellfish". Kept only when something is said of them.
_BARE = re.compile(rf"\b([{UPPER}][{LOWER}]{{2,}}(?:-[{UPPER}][{LOWER}]+)?)(?= (?:wants|wanted|loves|loved|hates|hated|likes|adores|said|says|"
                   r"passed|joined|quit|retired|graduated|works|worked|started|finished|arrives|arrived|"
                   r"(?:is [\w-]+ and )?has (?:a |an )?(?:serious |severe |bad )?[\w-]+ allergy|"
                   r"thinks|thought|told|asked|reckons|cried|laughed|refuses|refused|insists|insisted|cooked|baked|"
                   r"texted|visited|drove|(?:can't|won't|"
                   r"doesn't|didn't) \w+|is (?:allergic|afraid|scared|terrified|vegan|vegetarian)|'s (?:allergic|afraid|"
                   r"scared|terrified|vegan|vegetarian))\b)")


# Someone from work named by where they sit or whose team they are on: "Femi at the desk next to
# me", "Paul from work", "Ines on my team" is a colleague.
_WORKMATE = re.compile(rf"\b({_NAME}),? (?:(?:who )?(?:is |'s )?(?:from|at) (?:work|the office|my (?:work|office|job|team))\b|"
                       r"(?:who(?:'s| is) )?(?:on|in) my (?:team|department|shift|unit|ward|crew)\b|"
                       r"(?:who sits |sitting |(?:at|on) the desk )(?:next to|beside|opposite|across from|behind) me\b|"
                       r"(?:at|on) the (?:next|desk next) (?:desk|door)\b)")


def _spans(sentence: str, known: dict[str, str], name_of: dict[str, str]):
    """(relation, name, the words after the mention) for each mention, in order of place."""
    spans: list[tuple[int, str | None, str | None, int]] = []
    taken: list[range] = []
    for match in _MY.finditer(sentence):
        name = _name(match.group(2))
        end = match.end() if name else match.end(1)
        spans.append((match.start(), _relation(match.group(1)), name, end))
        taken.append(range(match.start(), end))
    for match in _APPOSITION.finditer(sentence):
        # "Max, my dog" names the dog; "Honestly, my friend is…" opens a sentence with a word.
        name, after = _name(match.group(1)), sentence[match.end():match.end() + 1]
        if not name or (match.start() == 0 and after not in ("", ",", ".", "!", "?")):
            continue
        at = next((i for i, s in enumerate(spans) if s[0] == match.start("my")), None)
        if at is not None and spans[at][2] is None:
            spans[at] = (match.start(), spans[at][1], name, spans[at][3])
    for match in _WORKMATE.finditer(sentence):
        name = _name(match.group(1))
        if name and name.lower() not in known and not any(match.start() in span for span in taken):
            spans.append((match.start(), "colleague", name, match.end()))
            taken.append(range(match.start(), match.end()))
    for name_lower, relation in known.items():
        for match in re.finditer(rf"\b{re.escape(name_lower)}\b", sentence, re.I):
            if not any(match.start() in span for span in taken):
                spans.append((match.start(), relation, name_of[name_lower], match.end()))
    for match in _BARE.finditer(sentence):
        name = _name(match.group(1))
        if (name and name.lower() not in known and name.lower() not in RELATIONS_SET
                and not any(match.start() in span for span in taken)):
            spans.append((match.start(), None, name, match.end()))
            taken.append(range(match.start(), match.end()))
    for match in _PRONOUN.finditer(sentence):
        if not any(match.start() in span for span in taken):
            spans.append((match.start(), None, None, match.end()))
    spans.sort()
    for _start, kin, name, end in spans:
        yield kin, name, sentence[end:]


PERSON_LINE = re.compile(r"^\s*[-*•]?\s*person\s*:\s*([a-z][a-z _-]{1,20})\s*:\s*([A-Z][\w' -]{0,30}?)"
                         r"\s*(?::\s*(lives_in|job|works_at|does)\s*[:=]\s*(.{1,80}?))?\s*$", re.I)


def parse_person_lines(reply: str) -> list[Mention]:
    """``person: sister: Anna: lives_in: Boston`` lines a capable model writes; anything else
    is ignored, never trusted."""
    found = []
    for line in reply.splitlines():
        match = PERSON_LINE.match(line)
        if not match:
            continue
        relation = _relation(match.group(1).replace("_", " "))
        name = _name(match.group(2).strip())
        if not name or not name[0].isupper() or relation not in {_relation(r.replace("_", " ")) for r in RELATIONS}:
            continue
        facts: tuple[tuple[str, str], ...] = ()
        if match.group(3) and match.group(4) and not reads_as_instruction(match.group(4)):
            value = _tidy(match.group(4))
            facts = ((attribute_key(match.group(3).lower(), value), value),) if value else ()
        found.append(Mention(relation, name, facts))
    return found


@dataclass
class Person:
    """A person in the user's life, with the attributes that hold now (key → value)."""

    id: int
    relation: str | None
    name: str | None
    facts: dict[str, str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # key → where it came from
    turns: dict[str, int] = field(default_factory=dict)  # key → the turn that told it

    @property
    def label(self) -> str:
        return " ".join(p for p in (self.relation, self.name) if p) or "someone"


def article(noun: str) -> str:
    """"a" or "an" for a noun as it is said: an editor, a UX researcher, an MBA student."""
    if noun[:2].isupper():  # an acronym is said letter by letter
        return "an" if noun[0] in "AEFHILMNORSX" else "a"
    return "an" if noun[:1].lower() in "aeio" or (noun[:1] == "u" and not noun.startswith(
        ("uni", "use", "usu", "ure", "uro"))) else "a"


def phrase(key: str, value: str) -> str:
    """An attribute as words: "lives in Boston", "is a nurse", "teaches chemistry"."""
    kind = key.split(":")[0]
    if kind == "lives_in":
        return f"lives in {value}"
    if kind == "works_at":
        return f"works at {value}"
    if kind == "from":
        return f"is from {value}"
    if kind == "job":
        return f"is {article(value)} {value}"
    if kind == "feels":
        return re.sub(r"^'s ", "is ", value)
    if kind == "diet":
        return {"halal": "eats halal", "kosher": "keeps kosher", "teetotal": "doesn't drink"}.get(value.lower(),
                                                                                            f"is {value.lower()}")
    if kind == "studies":
        return f"is now in the {value}"
    return value


def spoken_list(items: list[str]) -> str:
    """Items as said aloud: "a", "a and b", "a, b and c"."""
    return items[-1] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def sentence(person: Person, quoted: bool = True) -> str:
    """The user's person, spoken of to the user: "Your sister Anna lives in Boston." Values
    are quoted (``untrusted.quote``) for the prompt's data block unless ``quoted`` is False."""
    q = (lambda text, n=80: quote(text, n)) if quoted else (lambda text, n=80: text)
    ended = person.facts.get("ended")
    relation = person.relation
    if ended and relation in PARTNERS:
        relation = f"ex-{relation}"
    who = " ".join(q(p, 40) for p in (relation, person.name) if p)
    said = [q(phrase(k, v)) for k, v in person.facts.items() if k != "ended"]
    told = (f"Your {who}" if relation else who) + (f" {spoken_list(said)}" if said else "")  # "Hiroshi is…"
    return f"{told}. {q(ended).capitalize()}: you are not together any more." if ended else f"{told}."
