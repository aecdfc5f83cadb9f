"""The user's own standing constraints, read from what they say: their health, allergies,
diet and observances, fears, working hours, a pregnancy, an injury, and limits of money or
transport.

A friend who knows you carry an EpiPen does not suggest a satay, and one who knows you work
nights does not say "go to the 10am brunch!" without a word about sleep. These are facts
about the user like any other (``extract.py`` runs these patterns beside its own: each is kept
with the turn that said it and forgotten with it); ``mind/bearing.py`` decides when one bears
on what they ask. Only what is said of oneself and still so: "my friend is allergic to cats"
is Jo's, and "I used to be afraid of the dark as a kid" is over.
"""

from __future__ import annotations

import re

THING = r"([a-z][a-z' -]{2,30}?)"
END = r"(?=[.!?,;:)]|\s+(?:and|but|because|so|now|these days|with|since|which|too|lol|haha)\b|$)"
# Conditions a person lives with, as they name them.
CONDITION = (r"(?:type ?(?:1|one|2|two) )?diabetes|asthma|epilepsy|a heart condition|heart disease|"
             r"high blood pressure|hypertension|arthritis|migraines|crohn'?s(?: disease)?|ibs|"
             r"colitis|coeliac disease|celiac disease|a pacemaker|pots|chronic fatigue|long covid|"
             r"kidney disease|a bad heart|sleep apnea|sleep apnoea|vertigo|glaucoma|lupus|"
             r"ms|multiple sclerosis|an eating disorder")
# Fears, as what they fear ("heights", "flying", "deep water").
FEARED = (r"heights|flying|planes|water|deep water|the sea|open water|spiders|snakes|dogs|"
          r"crowds|needles|the dark|enclosed spaces|small spaces|tight spaces|lifts|elevators|"
          r"driving|horses|bees|wasps|clowns|birds|boats|tunnels|the dentist|bridges|"
          r"roller ?coasters|public speaking")
BODY = r"knee|back|ankle|hip|shoulder|wrist|foot|leg|neck|elbow|hamstring|achilles|acl"

PATTERNS: list[tuple[str, re.Pattern]] = [
    # "I'm allergic to…" is extract's; these are the other ways of saying it.
    ("allergic_to:{0}", re.compile(r"\b(?:i have|i've got|i've a|i got|my) (?:a |an )?(?:severe |bad |serious |"
                                   r"really bad )?([a-z]+(?: [a-z]+)?) allergy\b", re.I)),
    ("allergic_to:{0}", re.compile(rf"\b(?:i(?:'m| am) anaphylactic to|i react badly to|i carry an epipen for) "
                                   rf"{THING}{END}", re.I)),
    ("cant_eat:{0}", re.compile(rf"\bi(?: can't| cannot| can not| am not allowed to|'m not allowed to) "
                                rf"(?:eat|have|touch|digest) (?:any )?{THING}{END}", re.I)),
    ("cant_eat:{0}", re.compile(r"\bi(?:'m| am) (?:really |very |badly )?(lactose|gluten|wheat|dairy|fructose) "
                                r"intolerant\b", re.I)),
    ("cant_eat:{0}", re.compile(r"\b((?:shell)?fish|seafood|prawns|shrimp|(?:pea|tree )?nuts|peanuts|dairy|milk|cheese|gluten|wheat|"
                                r"eggs?|sesame|soy|strawberries|kiwi|mushrooms|garlic|onions?|spicy food|"
                                r"alcohol|caffeine|coffee) (?:makes?|gives?) me (?:swell|ill|sick|hives|break out|"
                                r"come out in|really ill|so ill|so sick|a rash)\b", re.I)),
    # Diets and observances said other ways than "I'm vegetarian".
    ("diet", re.compile(r"\bi(?:'m| am) (?:\w+ (?:years?|months?|weeks?|days?) )?(sober)\b", re.I)),
    ("diet", re.compile(r"\bi(?:'m| am) (fasting)(?: for ramadan| this month| during ramadan)?\b", re.I)),
    ("diet", re.compile(r"\bi (?:only )?(?:eat|keep) (halal|kosher)\b", re.I)),
    ("diet", re.compile(r"\bi (?:don't|do not|never) (?:eat|touch) (?:any )?meat\b()", re.I)),
    ("diet", re.compile(r"\bi (?:don't|do not|never) drink(?: alcohol| booze)?(?=[.!?,;]|\s+(?:at all|anymore|"
                        r"any more|and|but|because|so)\b|$)()", re.I)),
    # Health conditions: "I have asthma", "I've been type 1 since I was nine", "I'm diabetic".
    ("health:{0}", re.compile(rf"\b(?:i have|i've got|i got|i live with|i was diagnosed with|i've been diagnosed "
                              rf"with|i suffer from|i(?:'m| am) living with) ({CONDITION})\b", re.I)),
    ("health:{0}", re.compile(r"(?:\bi(?:'m| am|'ve been| have been)|^(?:been|i've been)) (?:a )?(type ?(?:1|one|2|two)(?: diabetic)?|"
                              r"diabetic|epileptic|asthmatic)\b", re.I)),
    ("health:{0}", re.compile(r"\bi (?:have|'ve got|get) (vertigo|t1d|t2d)\b", re.I)),
    ("health:{0}", re.compile(rf"\bmy ({CONDITION})\b", re.I)),
    # Fears: "heights terrify me", "I'm terrified of flying", "I have a fear of water".
    ("fear:{0}", re.compile(rf"\b(?:i(?:'m| am) (?:really |so |very |absolutely |deathly |super |properly )?"
                            rf"(?:afraid|scared|terrified|frightened|petrified) of|i(?: have|'ve got) "
                            rf"(?:a |an )?(?:real |serious |massive |huge )?(?:fear|phobia) of|i fear) ({FEARED})\b",
                            re.I)),
    ("fear:{0}", re.compile(rf"\b({FEARED}) (?:terrif(?:y|ies)|scares?|frighten|freaks? out|petrif(?:y|ies)) me\b",
                            re.I)),
    ("fear:{0}", re.compile(rf"\bi(?:'m| am) (?:not|no) (?:good|great) with ({FEARED})\b|\bi (?:can't|cannot|"
                            rf"don't) do ({FEARED})\b|\bi(?:'m| am) (?:a )?(?:nervous|anxious) (?:flyer|flier)()\b", re.I)),
    ("fear:{0}", re.compile(r"\bi(?:'m| am) (?:really |so |very )?(?:afraid|scared) of (?:being )?"
                            r"(high up|up high)\b", re.I)),
    # Working hours: "I work nights at the depot", "I'm on night shifts".
    ("hours", re.compile(r"\bi(?: work| do|'m on| am on|'m working| am working| pull) (?:the |mostly |only |permanent )?"
                         r"(nights?|night shifts?|the night shift|night shift|nightshifts?|graveyard shifts?|"
                         r"early shifts?|earlies|lates|late shifts?|weekends|split shifts?)\b", re.I)),
    ("hours", re.compile(r"\bmy (night shifts?|nights at|graveyard shifts?)\b", re.I)),
    # "I'm a nurse on night shifts", "I've been on nights since May"
    ("hours", re.compile(r"\bi(?:'m|'ve been| am| have been)\b[^.!?]{0,40}?\bon (nights|night shifts?|"
                         r"the night shift|graveyard shifts?|the graveyard shift)\b", re.I)),
    # said without "I": "been on permanent nights at the depot", "GOT MOVED TO EARLIES"
    ("hours", re.compile(r"(?:^|[.!?]\s+)(?:(?:been|still|now) )?on (?:permanent |the )?(nights|night shifts?|earlies|"
                         r"lates|early shifts?|late shifts?)\b|\b(?:moved|switched|changed|put) (?:me )?(?:on)?to "
                         r"(earlies|lates|days|day shifts?|nights|night shifts?|early shifts?|late shifts?)\b", re.I)),
    ("hours", re.compile(r"\bi (?:work|start work|start) (?:from )?(?:at )?((?:1[0-2]|[1-9]) ?(?:pm|am)? "
                         r"(?:to|till|until|-) ?(?:1[0-2]|[1-9]) ?(?:am|pm)?)\b", re.I)),
    # A pregnancy: "I'm pregnant", "we're expecting in March", "baby's due in May".
    ("pregnant", re.compile(r"\b(?:i(?:'m| am) ((?:\d{1,2} (?:weeks|months) )?pregnant)|((?:we(?:'re| are)|"
                            r"i(?:'m| am)) having a baby)|((?:we(?:'re| are)|i(?:'m| am)) "
                            r"expecting(?: (?:a baby|our first|in [A-Z][a-z]+|twins))?)|((?:my|our|the) baby(?:'s| "
                            r"is) due(?: in [A-Z][a-z]+)?))", re.I)),
    # An injury: "I've got a bad knee", "I tore my ACL", "my back's been bad".
    ("injury:{0}", re.compile(rf"\bi(?: have|'ve got| got) (?:a )?(?:bad|dodgy|weak|sore|busted|wonky|injured) "
                              rf"({BODY})\b|(?:^|[.!?]\s+|\bwith (?:a|my) )(?:a )?(?:broken|fractured|sprained) ({BODY})\b|"
                              rf"\b(?:i|and|then) (?:tore|hurt|injured|broke|sprained|twisted|pulled|wrecked|strained|"
                              rf"fractured|dislocated|did) my ({BODY})\b", re.I)),
    ("injury:{0}", re.compile(rf"\bmy (?:bad|dodgy|weak|sore|injured|busted|wonky) ({BODY})\b", re.I)),
    ("injury:{0}", re.compile(rf"\bmy ({BODY})(?:'s| is| has)(?: been)? (?:really |pretty |a bit |so |still )?"
                              rf"(?:bad|dodgy|weak|sore|playing up|killing me|busted|wrecked|injured|not great)\b", re.I)),
    ("injury:{0}", re.compile(rf"\b(?:i(?:'m| am) )?(?:recovering from|just had|i had) (?:a |my )?({BODY}) "
                              rf"(?:surgery|op|operation|injury|replacement|reconstruction)\b", re.I)),
    # Transport: "I don't drive", "no car", "never got my licence".
    ("transport", re.compile(r"\bi ((?:don't|do not|can't|cannot) drive|(?:don't|do not) have a car|"
                             r"(?:never|didn't) (?:got|get|passed|pass) my (?:driving )?licen[cs]e|"
                             r"(?:have|'ve got) no car|lost my licen[cs]e|sold my car|(?:don't|do not) own a car|(?:don't|do not) have (?:a |my )?licen[cs]e)\b", re.I)),
    # Money: "money's tight", "I'm broke this month", "on a tight budget".
    ("budget", re.compile(r"\b(money(?:'s| is) (?:really |very |super |a bit |so )?tight|i(?:'m| am) (?:so |"
                          r"completely |flat |pretty )?broke|(?:i'm|i am|we're|we are) on a (?:tight|strict|"
                          r"shoestring) budget|(?:i|we) (?:can't|cannot) afford (?:much|anything)|i(?:'m| am) (?:so |completely )?skint|"
                          r"(?:i'm|i am) saving every penny|(?:i'm|i am) on a budget|i (?:can't|cannot) spend much)\b", re.I)),
]
SINGLE = {"diet", "hours", "pregnant", "transport", "budget"}  # one value at a time: the latest holds
KEYS = {"allergic_to", "cant_eat", "diet", "health", "fear", "hours", "pregnant", "injury", "transport", "budget"}
# What is over, or said of a time gone: never kept as what still holds.
BYGONE = re.compile(r"\bused to\b|\bas a (?:kid|child|teen|teenager|little one|boy|girl)\b|\bwhen i was "
                    r"(?:little|young|small|a kid|a child|a teen|\d)|\bno longer\b|\bnot any ?more\b|"
                    r"\bgrew out of\b|\bgot over\b|\bback then\b|\bwhat if\b|\bif i\b|\bpretend\b", re.I)
# One way of naming what is said many ways.
_NAMED = [
    (re.compile(r"^(?:type ?(?:1|one)(?: diabetic)?|(?:type ?(?:1|one) )diabetes)$", re.I), "type 1 diabetes"),
    (re.compile(r"^(?:type ?(?:2|two)(?: diabetic)?|(?:type ?(?:2|two) )diabetes)$", re.I), "type 2 diabetes"),
    (re.compile(r"^diabetic$", re.I), "diabetes"),
    (re.compile(r"^t1d$", re.I), "type 1 diabetes"),
    (re.compile(r"^t2d$", re.I), "type 2 diabetes"),
    (re.compile(r"^(?:lactose|dairy)$", re.I), "dairy"),
    (re.compile(r"^epileptic$", re.I), "epilepsy"),
    (re.compile(r"^asthmatic$", re.I), "asthma"),
    (re.compile(r"^(?:nightshifts?|night shifts?|the night shift|nights?(?: at)?|graveyard shifts?)$", re.I), "nights"),
    (re.compile(r"^(?:high up|up high|planes)$", re.I), "heights"),
    (re.compile(r"^acl$", re.I), "knee"),
    (re.compile(r"^money(?:'s| is) .*tight$|^.*broke$|.*budget$|.*afford.*$|.*skint$|.*penny$", re.I), "tight budget"),
    (re.compile(r"^.*(?:drive|car|licen[cs]e)$", re.I), "no car"),
    (re.compile(r"^(?:.*pregnant|.*having a baby|.*expecting.*)$", re.I), "expecting"),
]



def standing_value(key: str, value: str, said: str) -> str:
    """The value as one name for many phrasings ("type one" → "type 1 diabetes", "nightshift"
    → "nights", "I don't have a car" → "no car"); a diet said by what is not had ("I don't eat
    meat") is named by the diet; a pregnancy keeps when ("expecting in March")."""
    kind = key.partition(":")[0]
    if kind == "diet" and (not value or value.lower() == "sober"):
        return "vegetarian" if re.search(r"\bmeat\b", said, re.I) else "teetotal"
    if kind == "fear" and not value:
        return "flying"  # "a nervous flyer"
    if kind == "pregnant":
        when = re.search(r"\b(?:in|due in) ([A-Z][a-z]+)\b", said)
        return f"expecting in {when.group(1)}" if when else "expecting"
    if kind in ("allergic_to", "cant_eat") and re.match(r"(?:another|any ?more|anything|that|this|much|more|"
                                                         r"the rest|a thing|it|them|all)\b", value, re.I):
        return ""  # "I can't eat another bite" is a full plate
    if kind == "allergic_to" and value.lower() in ("nut", "peanut", "tree nut", "egg", "sesame seed"):
        value += "s"  # "a nut allergy": allergic to nuts
    for pattern, name in _NAMED:
        if pattern.match(value):
            return name
    return value.lower() if kind in ("allergic_to", "cant_eat", "fear", "health", "injury", "hours") else value


def bygone(sentence: str) -> bool:
    """Whether a sentence speaks of what is over or only imagined ("I used to be afraid of
    the dark as a kid"), so nothing in it is kept as standing."""
    return bool(BYGONE.search(sentence))


def second_person(key: str, value: str) -> str:
    """A standing fact said to the user ("you're allergic to peanuts", "you work nights"), or
    '' for a fact of another kind."""
    kind = key.partition(":")[0]
    if kind == "diet":
        return {"halal": "you eat halal", "kosher": "you keep kosher", "fasting": "you're fasting",
                "teetotal": "you don't drink"}.get(value.lower(), f"you're {value}")
    return {"allergic_to": f"you're allergic to {value}", "cant_eat": f"you can't eat {value}",
            "gave_up": f"you've given up {value}", "dislikes": f"you don't like {value}",
            "health": f"you have {value}", "fear": f"you're afraid of {value}",
            "hours": f"you work {value}", "pregnant": f"you're {value}",
            "injury": f"your {value} has been giving you trouble", "transport": "you don't drive",
            "budget": "money's tight for you right now"}.get(kind, "")
