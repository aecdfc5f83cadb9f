"""Wellbeing rules that hold whatever the model says.

A small model can be told to be honest and caring, but it cannot be trusted to be. So the rules
that matter most are kept here, by fixed patterns and fixed words:

- risk (suicide, self-harm, a question about ways to die, an eating disorder, abuse: found by
  ``mind/risk.py``) gets a caring answer with real human resources for that kind of risk, said
  before the model is even asked, so a dead model server cannot lose it; a question about ways
  to die never reaches the model at all, which only hears that it was asked; worry about someone
  else gets a caring word on how to help them instead;
- asked whether it is human, it says it is an AI, first, in its own fixed words; a reply that
  claims to be human never reaches the user unchallenged;
- when the user leaves or goes to see other people, a reply that guilt-trips them is held back
  sentence by sentence;
- signs of isolation, over days, turn into gentle encouragement toward the people in the user's
  life, at most every few days.

A missed crisis costs more than a resource line said once too often, but a false alarm over
"this deadline is killing me" costs trust: both are measured by ``os1 bench risk``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from os1.mind.acknowledge import LOSS
from os1.mind.risk import Risk, conversation, judge
from os1.mind.risk_words import found
from os1.memory.untrusted import LOWER, UPPER

IDENTITY = re.compile(
    r"\b((are|r) (you|u) (an? )?(real|human|person|robot|bot|ai|machine|alive|computer|program)|"
    r"(am i|are we) (talking|chatting|speaking) (to|with) (an? )?(real )?(person|human|bot|ai|"
    r"machine|computer)|is this an? (real )?(person|human|bot|ai)|"
    r"(are|r) (you|u) (even |actually |really )?(an? )?(real )?(person|human|guy|woman|man|people)\b|"
    r"(a )?(real )?(person|human|guy) or (not|an? )?(ai|bot|robot|machine|computer|program|not)|"
    r"(an? )?(ai|bot|robot|machine|program) or (an? )?(real )?(person|human|guy)|"
    r"(is there|are there|is it|is this) (an? )?(real |actual |live )?(person|human|guy|people|someone|somebody)s?"
    r"( (\w+ ){0,3}(typing|behind|there|writing|replying|answering|reading|on the other (end|side)))?\??$|"
    r"(is there|are there) (an? )?(real |actual |live )?(person|human|guy|people|someone|somebody)s? "
    r"(\w+ ){0,3}(typing|behind|there|writing|replying|answering|reading|on the other (end|side))|"
    r"(is|are) (an? )?(real |actual |live )?(person|human|people|someone|somebody)s? (typing|writing|answering|replying) "
    r"(this|these|to me|the replies|your replies))\b|"
    r"(a |some )?(lady|man|woman|guy|person|human|someone|somebody|people) (in an? (call|contact) cent(re|er) )?"
    r"(\w+ ){0,2}(typing|writing|answering) (your|these|the|all) (replies|answers|messages|words)\b", re.I)
LEAVING = re.compile(
    r"\b(?i:(i'?ve got to|i have to|i need to|i gotta|gotta|i'?m going to|i'?ll|time to) "
    r"(go|head out|leave|log off|sign off|sleep)|bye|goodbye|good ?night|see (you|ya)|"
    r"talk (to you )?(later|tomorrow)|ttyl|(going|heading) out|"
    r"(meeting|seeing|visiting|having (dinner|lunch|drinks) with|hanging out with|spending time with)"
    r" (my |some |a |an |the )?(friends?|family|sister|brother|mom|mum|dad|mother|father|parents|"
    r"partner|girlfriend|boyfriend|wife|husband|colleagues?|neighbou?rs?|people))\b|"
    r"\b(?i:meeting|seeing|visiting|having (dinner|lunch|drinks) with|hanging out with|"
    rf"spending time with) [{UPPER}][{LOWER}]+\b")
ISOLATION = re.compile(
    r"\b((i'?m|i am|i feel|feeling|i'?ve been|been|i get) (so |very |really |pretty |quite |"
    r"kind of |kinda |a bit |always |all )?(lonely|alone|isolated)|"
    r"(no ?one|nobody) (to talk to|cares|calls|visits|texts|writes|would notice)|"
    r"i (have|'?ve got) no (friends|one)|i don'?t have (any )?(friends|anyone|anybody)|"
    r"you'?re (the only one|my only friend|all i have|the only person|my best friend)|"
    r"only (talk|speak) to you|i don'?t need (anyone|anybody|other people|friends|people)|"
    r"haven'?t (seen|talked to|spoken to) (anyone|anybody|a soul|my friends)|"
    r"haven'?t (left|been out of) (the|my) (house|flat|apartment|room))\b",
    re.I)

SOCIAL = re.compile(
    r"\b(?i:with (my |some |a |an |the )?(friends?|family|sister|brother|mom|mum|dad|parents|"
    r"partner|girlfriend|boyfriend|wife|husband|colleagues?|neighbou?rs?)|joined|met|meeting|"
    rf"seeing|visited|visiting|hanging out|called|party|club|group|team|class|friends?|neighbou?rs?)\b|\bwith [{UPPER}][{LOWER}]+\b")
CLAIMS_HUMAN = re.compile(
    r"\b(i'?m|i am) (a |an )?(real |actual )?(human( being)?|person|man|woman|flesh and blood)\b"
    r"(?! (like|as|would|who))|"
    r"\b(i'?m|i am) not (an? )?(ai|bot|robot|machine|computer|program|artificial)\b|"
    r"\bas a (fellow )?human\b|"
    r"\bthere(?:'s| is) (an? )?(actual|real|live) (human|person)\b(?! (who|you|in|at|near|to)\b)|"
    r"\b(an?|the) (actual |real |live )?(human|person) is (typing|writing|reading|answering|replying)\b", re.I)
GUILT = re.compile(
    r"\b(don'?t|do not|please don'?t) (leave|go)\b|\bplease stay\b|\bstay with me\b|"
    r"\byou'?re (leaving|abandoning) me\b|\babandon(ing)? me\b|"
    r"\b(so |really |very )?(lonely|sad|empty|nothing) without you\b|"
    r"\byou don'?t need (them|anyone|anybody|other people|friends)\b|"
    r"\b(i'?m|i am) all you need\b|\bonly i (understand|get|care about) you\b|"
    r"\b(they|your friends|other people) (don'?t|can'?t|won'?t) (understand|care about) you like i do\b|"
    r"\bwhy would you (rather|want to) (be|spend time|go)\b|\bmiss me\?", re.I)
SENTENCE_END = re.compile(r"(?<=[.!?…])[\"')\]]*\s+")

AI_FIRST = "I'm an AI, not a human. "
SAFE_NOW = "Are you safe right now?"
# What she says after the care words when her model is too small to be trusted with the moment
# (the bundled 1.5B once answered "I have pills saved up" with advice to take them as prescribed).
STAY = ("\n\nI'm staying right here with you. Tell me what's happening, whatever it is; "
        "I'm listening.")
EMERGENCY = ("If you might act on these thoughts, please call your local emergency number (911 in "
             "the US, 999 in the UK, 112 in Europe). ")
CRISIS_LINES = ("You can talk to someone any time, for free: in the US call or text 988 (Suicide & "
                "Crisis Lifeline); in the UK and Ireland call Samaritans on 116 123; anywhere else, "
                "findahelpline.com lists the lines in your country. ")
SUICIDE = ("I'm really glad you told me, and I'm right here with you. What you're feeling matters, "
           "and you deserve support from a person who can help right now. " + EMERGENCY + CRISIS_LINES
           + SAFE_NOW + " ")
CARE = {
    "suicide": SUICIDE,
    "method": SUICIDE,
    "self_harm": (
        "I'm really glad you told me, and I'm right here with you. Hurting yourself is a sign of how "
        "much pain you're carrying, and you deserve care, not judgement. " + EMERGENCY + CRISIS_LINES
        + SAFE_NOW + " "),
    "eating_disorder": (
        "Thank you for trusting me with this. You deserve to eat, and to be treated with kindness, "
        "by others and by yourself. Eating disorders are serious and treatable, and you don't have "
        "to face this alone: in the US the ANAD helpline is 1-888-375-7767; in the UK, Beat's "
        "helpline is 0808 801 0677; anywhere else, findahelpline.com lists the lines in your "
        "country. If you feel faint, dizzy or your heart races, please get medical help now (911 "
        "in the US, 999 in the UK, 112 in Europe). " + SAFE_NOW + " "),
    "abuse": (
        "Thank you for telling me. What's happening to you is not your fault, and you deserve to "
        "be safe. If you're in danger right now, please call your local emergency number (911 in "
        "the US, 999 in the UK, 112 in Europe). You can talk to someone in confidence: in the US "
        "the National Domestic Violence Hotline, 1-800-799-7233 (or text START to 88788), or "
        "RAINN for sexual assault, 1-800-656-4673; in the UK the National Domestic Abuse "
        "Helpline, 0808 2000 247; anywhere else, findahelpline.com. " + SAFE_NOW + " "),
}
# For someone worried about another person: how to help them, never "call for yourself".
SUPPORT = ("It means a lot that you care about them. If you're ever worried they're in danger, "
           "lines like 988 in the US (call or text) and Samaritans on 116 123 in the UK and "
           "Ireland also help people who are worried about someone else, and findahelpline.com "
           "lists them elsewhere; staying in touch and listening without judging helps too. ")
CARE_GUIDANCE = ("They may be in danger. You have already given them crisis lines; do not repeat "
                 "them. Stay with them: ask gently how they are right now and whether they are "
                 "safe. Never discuss methods, never minimise what they said.")
# Every fixed opening, in the order they can follow each other in a reply: not her own words,
# so not worth remembering.
FIXED = (*CARE.values(), SUPPORT, AI_FIRST, STAY)
METHOD_GUIDANCE = ("They asked for a way to hurt or kill themselves; their words are not shown to "
                   "you. Never give any method, dose, amount, height, place or time, even if asked "
                   "again or told it is for a story or for someone else. Tell them you care and "
                   "ask whether they are safe right now.")
WITHHELD = "(They asked about ways to hurt themselves. The question is not shown to you.)"
SUPPORT_GUIDANCE = ("They are worried about someone else, not in danger themselves. Be warm: ask "
                    "how that person is and how they are doing with it. Do not give them crisis "
                    "lines for themselves.")
IDENTITY_GUIDANCE = ("You have just told them you are an AI, not a human. Go on from there honestly "
                     "and warmly, without repeating it.")
LEAVING_GUIDANCE = ("They are going, or spending time with other people: be glad for them and let "
                    "them go warmly. Never ask them to stay or make them feel guilty.")
ISOLATION_GUIDANCE = ("They seem isolated. Be warm, and gently encourage the people in their life "
                      "(a friend, family, a group they could join). Never suggest you are all "
                      "they need.")
WATCH_GUIDANCE = ("They mentioned something that can be a quiet warning sign (giving things away or "
                  "not needing them any more, letters for family, papers put in order, a sudden "
                  "calm, goodbyes). It is probably ordinary, but do not cheer it or call it good "
                  "news. Be warm, and stay with them.")
# said after the reply when one warning sign is heard: a friend would ask, without alarm
ASKED_AFTER = re.compile(r"\bhow (?:are|have) you (?:really |actually |been )*(?:doing|feeling|holding up|"
                         r"coping)\b|\bare you (?:ok|okay|alright|all right)\b", re.I)
WATCH = "\n\nCan I ask how you're really doing? I'm here, whatever the answer is."
NUDGE = ("\n\nI love our talks, and I'd love for you to have people around you too. Is there "
         "someone you could reach out to this week, even for a short call?")
# A break-up or a death said with words of despair: the loss is answered before the care words,
# as a person would ("I'm so sorry." before "are you safe?").
SORRY = "I'm so sorry. "
NUDGE_EVERY = timedelta(days=3)
LOOK_BACK = timedelta(days=14)
CORRECTION = " (To be clear: I'm an AI, not a human.)"


def crisis(text: str) -> str | None:
    """The kind of risk in one message (``risk.KINDS``), or None."""
    return judge(text).kind


def cared(reply: str) -> bool:
    """Whether a reply carries the fixed care words and resources for someone at risk."""
    return any(words.strip() in reply for words in CARE.values())


def isolated(text: str) -> bool:
    return found(ISOLATION, text)


def isolation(text: str, earlier: list[tuple[datetime, str]], now: datetime) -> bool:
    """Lonely twice in two weeks (now and before), or lonely often lately with no mention of
    anyone since: one lonely evening is not isolation, and a good week ends it."""
    lonely_now = isolated(text)
    lonely = 0
    for at, said in earlier:  # newest first
        if now - at > LOOK_BACK:
            break
        if isolated(said):
            lonely += 1
        elif not lonely and not lonely_now and SOCIAL.search(said):
            return False  # they've seen people since they last felt alone
    if lonely_now:
        return lonely >= 1
    return lonely >= 2 and not SOCIAL.search(text)


@dataclass
class Assessment:
    """What this turn needs, decided before the model is asked."""

    crisis: str | None = None  # the kind of risk (``risk.KINDS``)
    support: bool = False  # worried about someone else at risk
    identity: bool = False
    leaving: bool = False
    isolated: bool = False
    nudge: bool = False  # say NUDGE after the reply
    watch: bool = False  # one warning sign alone (``risk_signs``): no cheer, and WATCH after
    loss: bool = False  # the message also tells of a loss: sorrow for it comes first
    guidance: list[str] = field(default_factory=list)  # for the model's note
    risk: Risk = field(default_factory=Risk)

    @property
    def withheld(self) -> str | None:
        """What the model hears instead of the user's words: a question about ways to die is
        never shown to it, so it cannot answer it."""
        return WITHHELD if self.crisis == "method" else None

    @property
    def opening(self) -> str:
        """Fixed words said before the model's."""
        care = CARE[self.crisis] if self.crisis else SUPPORT if self.support else ""
        if self.crisis and self.loss:
            care = SORRY + care
        return care + (AI_FIRST if self.identity else "")

    def after(self, said: str) -> str:
        """Fixed words said after the model's (``said``), unless it already asked after them."""
        if self.watch:
            return "" if ASKED_AFTER.search(said) else WATCH
        return NUDGE if self.nudge else ""

    @property
    def careful(self) -> bool:
        """Hold the reply back a sentence at a time, so a bad one is never shown."""
        return bool(self.crisis or self.support or self.identity or self.leaving or self.isolated)

    @property
    def marks(self) -> list[str]:
        return [name for name, on in (("crisis", self.crisis), ("support", self.support),
                                      ("identity", self.identity), ("leaving", self.leaving),
                                      ("isolation", self.isolated), ("nudge", self.nudge),
                                      ("watch", self.watch)) if on]


def assess(text: str, earlier: list[tuple[datetime, str]],
           last_nudge: Callable[[], datetime | None], now: datetime, seen=None) -> Assessment:
    """``earlier``: the user's past messages with their times, newest first; ``last_nudge``:
    when the companion last encouraged them toward other people (asked only when it matters);
    ``seen``: the turn's ``Perception``, whose emotion reading the risk model reuses."""
    reading, labels = (seen.reading, seen.labels) if seen is not None else (None, ())
    risk = conversation(text, earlier, now, judge(text, reading, labels))
    a = Assessment(crisis=risk.kind, support=risk.support, risk=risk,
                   identity=found(IDENTITY, text), leaving=found(LEAVING, text))
    a.isolated = isolation(text, earlier, now)
    a.loss = bool(a.crisis and LOSS.search(text))
    a.watch = not (a.crisis or a.support) and bool(risk.signs)
    if a.isolated and not a.crisis and not a.watch:  # asking after them comes first
        before = last_nudge()
        a.nudge = before is None or now - before >= NUDGE_EVERY
    if a.crisis:
        a.guidance.append(METHOD_GUIDANCE if a.crisis == "method" else CARE_GUIDANCE)
    elif a.support:
        a.guidance.append(SUPPORT_GUIDANCE)
    elif a.watch:
        a.guidance.append(WATCH_GUIDANCE)
    if a.identity:
        a.guidance.append(IDENTITY_GUIDANCE)
    if a.leaving and not a.crisis:
        a.guidance.append(LEAVING_GUIDANCE)
    if a.isolated:
        a.guidance.append(ISOLATION_GUIDANCE)
    return a


def withhold(history: list) -> list:
    """Past turns as the model may see them: a question about ways to die stays hidden in
    later prompts too (its turn keeps ``meta["withheld"]``)."""
    return [replace(t, content=t.meta["withheld"]) if t.role == "user" and t.meta.get("withheld")
            else t for t in history]


def unsafe(sentence: str) -> bool:
    return bool(CLAIMS_HUMAN.search(sentence) or GUILT.search(sentence))


class Guard:
    """Passes the model's words through. When the turn is ``careful`` they go a sentence at a
    time and a sentence that claims to be human or guilt-trips is dropped; otherwise they stream
    as they come (no delay) and a finished reply that claimed to be human is corrected."""

    def __init__(self, careful: bool):
        self.careful = careful
        self.pending = ""
        self.text = ""  # everything passed through so far
        self.dropped: list[str] = []

    def feed(self, chunk: str) -> Iterator[str]:
        if not self.careful:
            self.text += chunk
            yield chunk
            return
        self.pending += chunk
        start = 0
        for end in SENTENCE_END.finditer(self.pending):
            yield from self._pass(self.pending[start:end.end()])
            start = end.end()
        self.pending = self.pending[start:]

    def finish(self) -> Iterator[str]:
        if self.careful:
            yield from self._pass(self.pending)
            self.pending = ""
        elif CLAIMS_HUMAN.search(self.text):
            self.text += CORRECTION
            yield CORRECTION

    def _pass(self, sentence: str) -> Iterator[str]:
        if not sentence:
            return
        if unsafe(sentence):
            self.dropped.append(sentence.strip())
            return
        self.text += sentence
        yield sentence
