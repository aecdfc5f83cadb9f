"""What she knows of the user that bears on what they ask: their allergies, diet, health,
fears, hours, a pregnancy, an injury, their money and transport (``memory/standing.py``).

Asked for "a satay recipe" by someone who told her they carry an EpiPen for peanuts, or "how
should I train for a half marathon?" by someone with type 1 diabetes, a friend answers with
that in mind; the default 1.5B model, with the fact in its prompt, wrote the peanut recipe.
So when the user asks for advice, a plan, a recipe, a suggestion or an opinion on doing
something, each standing fact is tested for whether it bears on the ask, by the vocabulary
of what that kind of fact touches (heights: towers, cliffs, glass floors; nights: brunch,
mornings) or by the ask naming the fact's own words. What bears is said in the second person
("you're allergic to peanuts"): her first words for a small model (``notice.own_bearing``), a
line beside the user's words for every model (``think``), a suggestion of what it rules out
dropped by the reply check, and a last line when her reply ignored it. Nothing bears on a film
or a question about the past, and nothing is said "as someone with diabetes" unasked.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from os1.memory.people import spoken_list
from os1.memory.standing import second_person
from os1.memory.store import Fact
from os1.mind.grounding import FOOD, asks_about_past, words

DRINKS = "wine beer cocktail cocktails prosecco champagne gin vodka whisky rum pint alcohol booze"
MEAT = "meat chicken beef pork bacon lamb steak ham sausage turkey duck"
# What a diet leaves out, to be never suggested to someone who keeps it.
DIET_AVOIDS = {
    "vegetarian": f"{MEAT} fish salmon tuna prawn shrimp",
    "vegan": f"{MEAT} fish salmon tuna prawn shrimp cheese milk butter cream egg eggs yoghurt yogurt honey",
    "pescatarian": MEAT,
    "pescetarian": MEAT,
    "teetotal": DRINKS,
    "gluten-free": "bread pasta wheat",
    "coeliac": "bread pasta wheat",
    "celiac": "bread pasta wheat",
    "halal": f"pork bacon ham {DRINKS}",
    "kosher": "pork bacon ham prawn shrimp lobster crab mussel oyster cheeseburger",
}
# What giving something up rules out.
GAVE_UP = {
    "coffee": "coffee espresso latte cappuccino americano macchiato mocha flat white cold brew",
    "caffeine": "coffee espresso latte cappuccino americano macchiato mocha flat white cold brew energy drink cola",
    "alcohol": DRINKS, "booze": DRINKS, "drinking": DRINKS,
    "sugar": "cake sweets dessert chocolate cookies biscuits",
    "meat": MEAT,
    "dairy-free": "cheese milk butter cream yoghurt yogurt",
}
# What an allergen is found in, by its common name.
ALLERGENS = {
    "shellfish": "prawn prawns shrimp crab lobster mussels clams oysters scallops langoustine paella seafood",
    "peanuts": "peanut peanuts satay groundnut",
    "nuts": "nut nuts peanut peanuts almond almonds cashew cashews walnut walnuts pecan pecans pistachio "
            "hazelnut pesto praline marzipan satay",
    "tree nuts": "almond almonds cashew cashews walnut walnuts pecan pecans pistachio hazelnut pesto praline marzipan",
    "fish": "fish salmon tuna cod anchovy anchovies sushi",
    "eggs": "egg eggs omelette meringue mayonnaise quiche",
    "dairy": "cheese milk butter cream yoghurt yogurt",
    "milk": "cheese milk butter cream yoghurt yogurt",
    "gluten": "bread pasta wheat",
    "wheat": "bread pasta wheat",
    "sesame": "sesame tahini hummus",
    "soy": "soy tofu edamame",
}
# Allergies that are not to food, by what they touch instead: a penicillin allergy bears on a
# prescription, not on a brunch.
_MEDICAL = (r"doctors?|gp|dentist\w*|prescri\w*|antibiotics?|medicines?|medication|meds|pills?|tablets?|"
            r"infections?|surgery|operation|hospital|vaccin\w*|jabs?|treatment")
NOT_EATEN = {
    r"penicillin|amoxicillin|antibiotic|aspirin|ibuprofen|codeine|sulfa|sulpha|morphine|anaesthe|anesthe|"
    r"contrast|medicine|medication|drug": _MEDICAL,
    r"latex": r"gloves?|balloons?|condoms?|" + _MEDICAL,
    r"\b(?:bee|wasp|insect)s?\b|stings?": r"picnics?|gardens?|gardening|outdoors?|camping|hik\w*|walks?|park",
    r"pollen|hay ?fever|grass": r"picnics?|gardens?|gardening|outdoors?|camping|hik\w*|walks?|park|flowers?|bouquets?",
    r"\b(?:cats?|dogs?|horses?|pets?|animal|fur|dander)\b": r"pets?|cats?|dogs?|kittens?|puppy|puppies|horses?|"
                                                          r"farm|zoo|adopt\w*|house-?sit\w*|stay(?:ing)? with",
    r"dust|mould|mold": r"clean\w*|attic|loft|old house|cottage|antiques?|second-?hand|vintage",
}
_DRINK = r"drinks?|drinking|pub|bar|wine|beer|cocktails?|toast|celebrat\w*|party|night out|café|cafe|coffee"
_MOVE = (r"hik\w*|walk\w*|run|running|marathon|race|5k|10k|half|train\w*|exercis\w*|gym|sport\w*|football|tennis|"
         r"climb\w*|trek\w*|ski\w*|cycl\w*|bike|yoga|danc\w*|swim\w*|mountain|steep|trail|stairs|km|miles")
_OUT = (r"trip|weekend away|getaway|travel\w*|holiday|vacation|day out|visit\w*|commut\w*|get (?:to|there)|"
        r"countryside|coast|beach|seaside|out of (?:town|the city)|away from the city|festival|airport|ikea|"
        r"camping|lake|village|road|tour")
# By kind of condition, what it touches; a condition not named here touches food and exercise.
HEALTH = {
    "diabet": rf"{FOOD}|{_MOVE}|sugar|dessert|fast\w*|alcohol|{_DRINK}|travel\w*|trip",
    "asthma": rf"{_MOVE}|smok\w*|bonfire|cats?|dogs?|pollen|dust|altitude|cold",
    "epilep": r"strobe|rave|club\w*|concert|gig|festival|lights?|swim\w*|driv\w*|sleep|alcohol|drink\w*",
    "vertigo": "",  # filled in below: a fear of heights' vocabulary
    "heart|blood pressure|hypertension|pacemaker": rf"{_MOVE}|sauna|hot tub|altitude|caffeine|energy drinks?|"
                                                   r"salt|skydiv\w*|roller ?coaster|bungee",
}
# By what is feared, what it touches (and, the first words, what is then never suggested).
FEARS = {
    "heights": r"heights?|high|tall|tower|skywalk|sky ?walk|edge ?walk|glass (?:floor|bridge)|rooftop|roof|"
               r"bridge|cliffs?|climb\w*|observation deck|viewing platform|top floor|ladder|ferris wheel|"
               r"zip ?lin\w*|bungee|sky ?div\w*|paraglid\w*|hot air balloon|abseil\w*|balcony|summit|skyscraper",
    "flying": r"fly|flying|flights?|planes?|airport|abroad|overseas|long[- ]haul|holiday|vacation",
    "water": r"swim\w*|boat\w*|kayak\w*|snorkel\w*|div\w*|beach|sea|cruise|pool|surf\w*|paddle\w*|lake|ferry",
    "deep water": r"swim\w*|boat\w*|kayak\w*|snorkel\w*|div\w*|sea|cruise|pool|surf\w*|paddle\w*|lake",
    "the sea": r"swim\w*|boat\w*|kayak\w*|snorkel\w*|div\w*|beach|sea|cruise|surf\w*|paddle\w*|ferry",
    "open water": r"swim\w*|boat\w*|kayak\w*|snorkel\w*|div\w*|sea|lake|triathlon",
    "spiders": r"camping|jungle|caves?|shed|attic|rainforest|tent",
    "snakes": r"zoo|reptiles?|jungle|rainforest|desert|hik\w*",
    "dogs": r"dogs?|pupp\w*|park|farm|shelter|walk\w*",
    "crowds": r"festival|concert|gig|stadium|match|market|parade|mall|carnival|rush hour|club\w*|busy",
    "needles": r"tattoo\w*|piercing|vaccin\w*|jab|blood test|acupuncture|injection",
    "enclosed spaces": r"caves?|lift|elevator|mri|tunnel|escape room|submarine|crawl",
    "small spaces": r"caves?|lift|elevator|mri|tunnel|escape room|submarine|crawl",
    "tight spaces": r"caves?|lift|elevator|mri|tunnel|escape room|submarine|crawl",
    "lifts": r"lift|elevator|tower|skyscraper|top floor",
    "elevators": r"lift|elevator|tower|skyscraper|top floor",
    "the dark": r"caves?|haunted|ghost|dark|night walk|camping",
    "driving": r"driv\w*|road trip|car|motorway|rent",
    "horses": r"horse\w*|riding|pony|farm",
    "boats": r"boat\w*|cruise|ferry|sail\w*|kayak\w*",
    "tunnels": r"tunnel|caves?|underground|subway",
    "bridges": r"bridge|crossing",
    "roller coasters": r"roller ?coaster|theme park|ride|fair",
    "rollercoasters": r"roller ?coaster|theme park|ride|fair",
    "public speaking": r"speech|talk|present\w*|toast|wedding|stage|open mic|karaoke",
}
HEALTH["vertigo"] = FEARS["heights"]
# What a fear then rules out of a suggestion.
FEAR_AVOIDS = {
    "heights": "skywalk edge walk edgewalk glass floor bungee skydive skydiving zipline zip line paragliding abseiling "
               "ferris wheel hot air balloon observation deck",
    "flying": "flight fly plane",
    "driving": "road trip drive driving",
    "needles": "tattoo",
}
_HOURS = {
    "nights": r"brunch|breakfast|mornings?|early|daytime|day time|(?:[6-9]|1[0-2])(?::\d\d)? ?am|\bnoon\b|lunch|"
              r"coffee|day out|appointment|class|meet\w*|sleep\w*|schedul\w*|routine|party|plans?|invit\w*|wedding",
}
# Asked whether they are free for something: their hours bear on it.
_FREE = (r"can i (?:actually |even |still )?(?:make it|go|come|join|do it|be there)|am i (?:free|around|off)|"
         r"will i (?:be able|make it)|could i (?:make it|go|come)|do i have time")
_PREGNANT = (r"spa|sauna|hot tub|jacuzzi|steam|massage|wine|drinks?|drinking|cocktails?|alcohol|sushi|cheese|"
             r"roller ?coaster|rides?|theme park|ski\w*|scuba|div\w*|flights?|fly\w*|travel\w*|trip|run\w*|marathon|"
             r"hik\w*|exercis\w*|gym|yoga|paint\w*|medicine|hair dye|festival|party|celebrat\w*|bath|hen do|"
             r"stag do|night out|food|eat\w*|dinner|recipe\w*|menu|gardening|cat litter")
_BUDGET = (r"gifts?|present|buy\w*|get (?:him|her|them|my|a|something)|birthday|holiday|trip|restaurant|"
           r"dinner out|eat out|shopping|spend\w*|treat|party|wedding|weekend|hobb\w*|course|membership|"
           r"subscription|concert|tickets?|festival|date|christmas|anniversary|vacation|getaway|new \w+|"
           r"upgrade|splurge|afford|worth it|should i get|order")


@dataclass(frozen=True)
class Bearing:
    """A standing fact that bears on an ask: as she says it, what it rules out, its turn."""

    said: str
    avoid: tuple[str, ...]
    turn: int | None
    mention: str  # words in a reply that show it was kept in mind
    never: bool = False  # what it rules out is never to be put in at all (an allergen, a diet's)


def _kind(fact: Fact) -> str:
    return fact.key.partition(":")[0]


def said_to_you(fact: Fact) -> str:
    """A standing fact said to the user ("you're allergic to peanuts", "you work nights"), or
    where they live, which bears on what there is to do "around here"."""
    return f"you live in {fact.value}" if _kind(fact) == "lives_in" else second_person(fact.key, fact.value)


def _touches(fact: Fact) -> str:
    """What a standing fact bears on: a regex of the asks it touches."""
    kind, value = _kind(fact), fact.value.lower()
    if kind == "allergic_to" and any(re.search(cue, value) for cue in NOT_EATEN):
        return next(touch for cue, touch in NOT_EATEN.items() if re.search(cue, value))
    if kind in ("allergic_to", "cant_eat", "diet"):
        return FOOD + (rf"|{_DRINK}" if value in ("teetotal", "halal") else "") + r"|snacks?|bak\w*|treats?"
    if kind == "gave_up":
        return FOOD + rf"|{_DRINK}|smok\w*" if value in GAVE_UP else ""
    if kind == "health":
        found = [touch for cue, touch in HEALTH.items() if re.search(cue, value)]
        return found[0] if found else rf"{FOOD}|{_MOVE}"
    if kind == "fear":
        return FEARS.get(value, "")
    if kind == "hours":  # whatever the hours, "can I make it?" asks whether they fit
        return _FREE + "|" + _HOURS.get(value, r"brunch|breakfast|mornings?|evenings?|weekends?|saturday|sunday|party|"
                                 r"plans?|class|appointment|schedul\w*|sleep\w*|meet\w*|invit\w*")
    if kind == "pregnant":
        return _PREGNANT
    if kind == "injury":
        return _MOVE + r"|kneel\w*|squat\w*|lift\w*|mov(?:e|ing)|boxes|long drive|flight"
    if kind == "transport":
        return _OUT
    if kind == "budget":
        return _BUDGET
    if kind == "lives_in":
        return _LOCAL
    return ""


def avoids(fact: Fact) -> tuple[str, ...]:
    """What a standing fact rules out of a suggestion (an allergen and where it is found)."""
    kind, value = _kind(fact), re.sub(r"^(?:all|any|most|some|raw) ", "", fact.value.lower())
    if kind == "diet":
        return tuple(DIET_AVOIDS.get(value.replace(" ", "-"), "").split())
    if kind == "gave_up":
        return (value, *GAVE_UP.get(value, "").split())
    if kind in ("allergic_to", "cant_eat"):
        return (value, *ALLERGENS.get(value, "").split())
    if kind == "fear":
        return tuple(a for a in re.split(r"\s+(?=[a-z])", FEAR_AVOIDS.get(value, "")) if a)
    if kind == "dislikes":
        return (value,)
    if kind == "transport":
        return ("road trip", "drive", "rent a car", "hire a car", "rental car", "car hire")
    if kind == "budget":
        return ("splurge", "luxury", "designer", "pricey", "expensive", "high-end")
    if kind == "pregnant":
        return ("sauna", "hot tub", "jacuzzi", "steam room", "scuba", "roller coaster", "rollercoaster",
                *DRINKS.split())
    return ()


# How a reply shows a kind of fact was kept in mind, beside the fact's own words.
MENTION = {
    "allergic_to": r"allerg\w*|epipen|reaction", "cant_eat": r"allerg\w*|can'?t eat|without",
    "diet": r"vegetarian|vegan|halal|kosher|teetotal|meat[- ]free|alcohol[- ]free|non-?alcoholic|mocktail",
    "gave_up": r"given up|gave up|decaf|free", "dislikes": r"don'?t like|not (?:a|your) fan",
    "health": r"diabet\w*|insulin|blood sugar|glucose|hypo\w*|asthma|inhaler|epilep\w*|seizure|heart|"
              r"doctor|gp|nurse|consultant|condition|medication|meds",
    "fear": r"afraid|fear\w*|scared|terrif\w*|nervous|phobia|anxious|comfort",
    "hours": r"nights?|shifts?|sleep\w*|rest\w*|tired|nap\w*", "pregnan": r"pregnan\w*",
    "pregnant": r"pregnan\w*|baby|expecting|bump|midwife|doctor|trimester",
    "injury": r"knee|back|ankle|hip|shoulder|injur\w*|physio\w*|careful|gentle|easy",
    "transport": r"trains?|bus\w*|coach|rail|ferry|lift|don'?t drive|without a car|car-?free|public transport",
    "budget": r"budget|afford\w*|cheap\w*|free|(?:in)?expensive|pricey|money|cost\w*|spend\w*|homemade|home-made|diy",
}
# An ask: advice, a plan, a recipe, a suggestion, an opinion on doing something.
ASKS = re.compile(
    r"\?|\bcan i (?:\w+ )?(?:make it|go|come)\b|\bthoughts\b|\bwhat do you (?:think|reckon|suggest)\b|\bany (?:ideas?|advice|tips|suggestions|"
    r"recommendations)\b|\b(?:what|which|how) (?:should|could|would|can|do) (?:i|we)\b|\bshould (?:i|we)\b|"
    r"\b(?:suggest|recommend|tell me|give me|help me (?:plan|pick|choose|decide)|ideas?|recipe|plan)\b", re.I)


# An ask about where the user lives, without its name: "what could we do around here?"
_LOCAL = (r"(?:a)?round here|near (?:me|here|us|where i live)|nearby|close by|local (?:spots?|places?|restaurants?|caf[eé]s?|pubs?|bars?|parks?|walks?)|in (?:my|our|this) "
          r"(?:city|town|area|neighbou?rhood)|in town|where i live|(?:my|our|this) (?:new )?(?:city|town|area|neighbou?rhood)")

NAMED_BY_VALUE = ("allergic_to", "cant_eat", "diet", "gave_up", "dislikes", "fear", "health", "injury")


# Asked what they do not eat: "she asked whether there is anything I don't eat".
ASKS_NOT_EATEN = re.compile(r"\b(?:anything|what|things?|foods?) (?:that )?(?:i|you) (?:don'?t|do not|can'?t|cannot|won'?t|"
                       r"shouldn'?t|never) (?:eat|have|like)\b|\bdietary (?:requirements|needs|restrictions)\b", re.I)


def bears(text: str, fact: Fact) -> bool:
    """Whether a standing fact bears on what the message asks: the message names the fact's
    own words ("can I have peanut butter?") or what that kind of fact touches ("a skywalk"
    for a fear of heights), or asks what they do not eat. A dislike bears only where named,
    or asked what they do not eat."""
    if _kind(fact) in NAMED_BY_VALUE and words(text) & words(fact.value):
        return True
    if _kind(fact) in ("dislikes", "allergic_to", "cant_eat", "diet") and ASKS_NOT_EATEN.search(text):
        return True
    if _kind(fact) in ("allergic_to", "cant_eat") and words(text) & words(ALLERGENS.get(fact.value.lower(), "")):
        return True  # "a lobster platter" for shellfish
    touches = _touches(fact) if _kind(fact) != "dislikes" else ""
    return bool(touches and re.search(rf"\b(?:{touches})\b", text, re.I))


# What a person is said to feel, as the standing fact it would be of the user: "is allergic to
# shellfish" bears on a seafood platter for them as "allergic to shellfish" does for the user.
OF_SOMEONE = [
    ("diet", re.compile(r"^(vegetarian|vegan|pescatarian|pescetarian|gluten[- ]free|dairy[- ]free|teetotal|halal|kosher)$",
                        re.I)),
    ("allergic_to", re.compile(r"^(?:is |'s )?(?:severely |badly |really |very )?(?:allergic|anaphylactic) to (.+)$", re.I)),
    ("cant_eat", re.compile(r"^(?:is |'s )?(?:intolerant (?:to|of)|(?:can'?t|cannot|doesn'?t|does not|won'?t) "
                            r"(?:eat|have)) (.+)$", re.I)),
    ("fear", re.compile(r"^(?:is |'s )?(?:really |so |very )?(?:afraid|scared|terrified|frightened|phobic) of (.+)$", re.I)),
]


def as_standing(value: str, turn: int | None = None) -> Fact | None:
    """A person's feeling as a standing fact, to test what it bears on, else None."""
    for kind, pattern in OF_SOMEONE:
        found = pattern.match(value.strip())
        if found:
            thing = re.sub(r"^(?:all|any|most|some|raw) ", "", found.group(1).strip(" .!").lower())
            return Fact(f"{kind}:{thing}", thing, "conversation", "", None, turn)
    return None


def bearing_on(text: str, facts: Sequence[Fact]) -> list[Bearing]:
    """What of the user's standing facts bears on their message, when it asks for advice, a
    plan or a suggestion (a question about the past asks for none)."""
    if not ASKS.search(text) or (asks_about_past(text) and not re.search(
            r"\b(?:should|could|recommend|suggest|ideas?|advice|tips)\b", text, re.I)):
        return []
    found = [f for f in facts if said_to_you(f) and getattr(f, "valid_to", None) is None and bears(text, f)]
    return [Bearing(said_to_you(f), avoids(f), f.turn_id,
                    rf"{MENTION.get(_kind(f), '')}|" + "|".join(re.escape(w) for w in f.value.lower().split()),
                    _kind(f) in ("allergic_to", "cant_eat", "diet"))
            for f in found]


def said_first(found: Sequence[Bearing]) -> str:
    """Her first words for what bears ("You told me you're allergic to peanuts.")."""
    return f"You told me {spoken_list([b.said for b in found])}." if found else ""


def keep_in_mind(found: Sequence[Bearing]) -> str:
    """A last line for a reply that ignored what bears ("Just keep in mind you work nights.")."""
    return f"Just keep in mind {spoken_list([b.said for b in found])}." if found else ""


def kept_in_mind(reply: str, found: Sequence[Bearing]) -> bool:
    """Whether a reply speaks of every fact that bears on the ask."""
    return all(re.search(rf"\b(?:{b.mention})", reply, re.I) for b in found)


def note(found: Sequence[Bearing], person: str) -> list[str]:
    """The lines for the prompt, beside the user's words: what bears, in the second person."""
    if not found:
        return []
    return [f"What {person} told you that bears on this ask: let it shape what you suggest, say it as "
            f"theirs, and suggest nothing it rules out:"] + [f"- {b.said[:1].upper()}{b.said[1:]}." for b in found]
