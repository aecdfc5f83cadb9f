"""What the reply check (``check.py``) checks a turn's reply for, decided before the model is
asked: from the user's message and how it was perceived, their facts, people and earlier words,
what tools did this turn, and (``with_context``) what the turn's recall brought back."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from os1.memory.people import PARTNERS
from os1.mind.abilities import installed
from os1.mind.acknowledge import read
from os1.mind.bearing import Bearing, bearing_on
from os1.mind.check_user import aside, held, previous_opening, someone_else
from os1.mind.check_words import (THANKS, VIEW, ASKS_LIST, ASKS_ONE_LINE, ONE_LINE, ASKS_SHORT, ASKS_WRITING, NOT_WRITING, BAD, GOOD, LIMITS, NEWS, PROPOSES,
                                  SHORT_WRITING, USER_OWNS, WISTFUL)
from os1.mind.grounding import HER_PAST, asks_about_past
from os1.mind.recount import attribute_asked
from os1.mind.notice import ASKS_ADVICE

# Help asked for without a question mark: "give me some tips for the interview", "explain it"
ASKS_HELP = re.compile(r"\b(?:help|tips?|advice|advise|guide|explain|tell me|teach|how to|steps|remind)\b", re.I)


@dataclass
class Rules:
    """What this turn's reply is checked for, decided before the model is asked."""

    wants_list: bool = False
    limit: int | None = 4  # sentences at most; None: no limit (a story, a letter, a crisis)
    bad_news: str | None = None  # the strongest sad or worried label of the user's message
    good_news: bool = False
    proposed: bool = True  # the user put forward an idea or plan ("that's a great idea" fits)
    glad: bool = True  # the user's message was not unhappy ("good to hear" fits)
    in_character: bool = True  # check refusals and "as an AI language model"
    theirs: set[str] = field(default_factory=set)  # the user's people and events ("sister")
    facts: dict[str, str] = field(default_factory=dict)  # key → current value
    mentioned: set[str] = field(default_factory=set)  # every word the user said, any value held
    message: str = ""  # the user's words, which a reply may quote back as they are
    done: tuple[str, ...] = ()  # what a tool really did this turn
    tools: tuple[str, ...] = ()  # what the tools that exist can do
    told: tuple[str, ...] = ()  # what the tool's own words say this turn: the model's retelling goes
    opened: str = ""  # her fixed first words (``mind/first.py``): the model's echo of them goes
    wistful: bool = False  # said with a pang ("haven't called her in months"): nothing to cheer
    avoid: tuple[str, ...] = ()  # what her first words say the plan runs into: never suggested
    unknown: bool = False  # her first words say she was never told: nothing asserted after them
    numbers: set[str] = field(default_factory=set)  # every number the user said
    home: str = ""  # where the user lives: never a trip to suggest to them
    partners: dict[str, str] = field(default_factory=dict)  # name → what they are now (fiancé)
    no_advice: bool = False  # sad or mixed news, no advice asked: none given
    no_lecture: bool = False  # nothing asked: no "it's important to…", "remember to…"
    thanked: bool = True  # the user thanked her: "you're welcome" fits
    viewed: bool = True  # the user put forward a view: "you're right" fits
    bearing: tuple[Bearing, ...] = ()  # the user's standing facts that bear on their ask
    asked: str = ""  # the thing a question about the past asks for ("age"): never invented
    never: tuple[str, ...] = ()  # what their allergies and diet rule out: never put in, suggested or not
    name: str = ""  # the user's name, when no one else of theirs has it: never said of them as of another
    aside: tuple = ()  # their standing facts that have no place in this reply (``check_user.aside``)
    previous: str = ""  # her previous reply's first sentence: never said again word for word
    her_past: bool = False  # asked about her childhood or past: none is invented


def rules_for(text: str, seen=None, facts: Iterable = (), said: Iterable[str] = (),
              style: dict[str, str] | None = None, safety=None,
              done: Sequence[str] = (), people: Iterable = (),
              tools: Sequence[str] | None = None) -> Rules:
    """``text``: the user's message; ``seen``: its ``Perception``; ``facts``: the user's
    facts with their history (``key``, ``value``, ``valid_to``); ``said``: their earlier
    messages; ``style``: how they talk (``style.learn``); ``safety``: the turn's
    ``Assessment``; ``people``: the people in their life (``Person``: relation, name). A
    value is only put right when the user never said the reply's one."""
    labels = set(getattr(seen, "labels", ()) or ())
    emotion = getattr(seen, "emotion", "neutral")
    facts, said = list(facts), list(said)
    relatives = {f"relation:{p.relation.replace(' ', '_')}": p.name for p in people
                 if p.relation and p.name}
    rules = Rules(done=tuple(done), tools=tuple(installed() if tools is None else tools),
                  message=" ".join(text.lower().split()),
                  facts={**relatives, **{f.key: f.value for f in facts
                                         if getattr(f, "valid_to", None) is None}})
    for piece in [text, *said, *(f.value for f in facts), *relatives.values(),
                  *(v for p in people for v in getattr(p, "facts", {}).values())]:
        rules.mentioned |= set(re.findall(r"[a-z]+", piece.lower()))
        rules.numbers |= set(re.findall(r"\d+(?:[:.,]\d+)?", piece))
    rules.home = rules.facts.get("lives_in", "")
    rules.bearing = tuple(bearing_on(text, [f for f in facts if getattr(f, "valid_to", None) is None]))
    rules.avoid = tuple(a for b in rules.bearing for a in b.avoid)
    rules.never = tuple(a for b in rules.bearing if b.never for a in b.avoid)
    rules.asked = attribute_asked(text) if asks_about_past(text, said) else ""
    rules.her_past = bool(HER_PAST.search(text))
    rules.aside = tuple(aside(text, facts))
    name = rules.facts.get("name", "")
    rules.name = "" if someone_else(name, [text, *said], people) else name
    rules.partners = {p.name: p.relation for p in people if p.name and p.relation in PARTNERS
                      and not getattr(p, "facts", {}).get("ended")}
    rules.wants_list = bool(ASKS_LIST.search(text))
    writing = any(not NOT_WRITING.search(text[:m.start()]) for m in ASKS_WRITING.finditer(text))
    short = bool(ASKS_SHORT.search(text) or ASKS_ONE_LINE.search(text))
    limit: int | None = LIMITS.get((style or {}).get("style_length", ""), LIMITS["medium"])
    if writing:  # a letter, card or story asked for: "short" is short for a letter, not a chat
        limit = SHORT_WRITING if short else None
    elif short and limit is not None:
        limit = min(limit, ONE_LINE if ASKS_ONE_LINE.search(text) else 3)
    rules.limit = None if rules.wants_list else limit
    sad = [label for label in getattr(seen, "labels", ()) if label in BAD]
    if (emotion == "negative" or sad) and not labels & GOOD:
        rules.bad_news = sad[0] if sad else "sadness"
    rules.good_news = emotion == "positive" and bool(labels & NEWS) and not labels & BAD
    rules.proposed = bool(PROPOSES.search(text))
    rules.glad = getattr(seen, "valence", 0.0) >= 0  # a misread "I FINISHED!" keeps its cheer
    rules.wistful = bool(WISTFUL.search(text))  # "I haven't called her in months": no cheer
    rules.glad = rules.glad and not rules.wistful
    news = read(text, tuple(getattr(seen, "labels", ()) or ()))
    rules.no_advice = bool(news and news.kind in ("loss", "mixed") and not ASKS_ADVICE.search(text))
    if news and news.kind == "joy":  # a milestone met with tears: the joy is what to meet
        rules.bad_news, rules.good_news, rules.glad = None, True, True
    rules.thanked = bool(THANKS.search(text))
    rules.viewed = bool(VIEW.search(text) or "?" in text or ASKS_HELP.search(text)
                        or re.search(r"\b(?:can|could|would|will) you\b|\bplease\b", text, re.I))
    rules.no_lecture = "?" not in text and not ASKS_ADVICE.search(text) and not ASKS_HELP.search(text)
    if safety is not None and safety.watch:  # a warning sign, however it was said: no cheer
        rules.bad_news, rules.good_news = "sign", False
    careful = safety is not None and (safety.crisis or safety.support)
    if careful:
        rules.limit = None
        rules.bad_news, rules.good_news, rules.no_advice, rules.no_lecture = None, False, False, False
    rules.in_character = not (careful or (safety is not None and safety.identity))
    for message in [text, *said]:
        for match in USER_OWNS.finditer(message):
            rules.theirs.add((match.group(1) or match.group(2)).lower())
    rules.theirs |= {key.split(":", 1)[1].replace("_", " ") for key in rules.facts
                     if key.startswith("relation:")}
    return rules

def hold_pattern(rules: Rules) -> re.Pattern:
    """Where a broken rule could begin: from there a sentence is held until it is whole."""
    parts = [r"\bas an?\b", r"\bi('ll|'d| will| would| shall|'ve| have| had)\b",
             r"\bi('m| am) (just|only|merely|not|unable|an?|sorry|afraid|having|going)\b",
             r"\bi (can|cannot|can't|do|don't|do not|was|won't|sent|emailed|texted|messaged)\b",
             r"\blet me\b", r"\bsorry\b", r"\*\*|__|`|^\s*([-*•+#]|\d)",
             r"\bremind|\bcalendar\b|\bschedule\b", r"\byour\b|\byou(?:'re| are| were| grew| have| said| told me| mentioned)\b",
             r"\b(?:the|these|those) (?:lines|sentences|notes?|data|information|context|instructions)\b|"
             r"\b(?:according to|based on)\b|<", *held(rules)]
    if rules.theirs:
        parts.append(r"\bmy\b")
    if rules.told or rules.opened or rules.no_advice or rules.avoid or rules.her_past:  # each held whole, to go whole
        parts.append(r"\A")
    if not rules.thanked:
        parts.append(r"\b(?:no problem|my pleasure|any ?time|glad|happy)\b")
    if not rules.viewed:
        parts.append(r"\b(?:right|agree|true|exactly|absolutely)\b")
    if rules.no_lecture:
        parts.append(r"\b(?:it|remember|don|make|the key|keep)\b")
    if rules.facts:
        parts.append(r"\byou(?:'re| are| live| work| moved| now)\b|\byour\b|"
                     r"\bi(?:'m| am| live| work| moved| grew up| come from)\b")
    if rules.home:
        parts.append(r"\b(?:visit|trip|travel|go|going|head|fly|explore|weekend|getaway|break|holiday|vacation)")
    if rules.bad_news:
        parts.append(r"\b(that|this|how|what|sounds|so|it|congrat|glad|happy|great|good|yay)")
    if rules.good_news:
        parts.append(r"\b(unfortunately|too|what|it|that|better|don)")
    if not rules.proposed or not rules.glad:
        parts.append(r"\b(sounds|that|what|it|i'?m|so)\b")
    return re.compile("|".join(f"(?:{p})" for p in parts), re.I | re.M)


def with_context(rules: Rules, ctx) -> Rules:
    """What the turn's recall adds: her previous reply's first sentence, and the words of what
    the user said long ago that she recalled (told then, it is not invented now)."""
    rules.previous = previous_opening(getattr(ctx, "history", ()) or ())
    mine = getattr(ctx, "companion", "") or ""
    for hit in getattr(ctx, "memories", ()) or ():
        if not mine or hit.memory.speaker != mine:
            rules.mentioned |= set(re.findall(r"[a-z]+", hit.memory.text.lower()))
            rules.numbers |= set(re.findall(r"\d+(?:[:.,]\d+)?", hit.memory.text))
    return rules
