"""How the user talks, learned from what they write, so replies can match it: length,
formality, humour and pace. Each finding is a fact in the user model whose source says why
("learned: your messages average 5 words"), so the user can see it, correct it or forget it.
What they said in the setup interview about how they like to be spoken to comes first.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from datetime import datetime

MIN_MESSAGES = 8  # fewer says too little about how someone talks
CASUAL = re.compile(r"\b(lol|lmao|omg|gonna|wanna|gotta|kinda|sorta|yeah|yep|nah|hey|u|ur|"
                    r"thx|pls|btw|idk|tbh|haha\w*|dude|cool|awesome)\b|!!|[\U0001F300-\U0001FAFF]",
                    re.I)
FORMAL = re.compile(r"\b(dear|hello|good (morning|afternoon|evening)|please|thank you|kind regards|"
                    r"would you|could you|i would|i am|i have|i shall|regards|indeed|however)\b",
                    re.I)
HUMOUR = re.compile(r"\b(ha(ha)+|he(he)+|lol|lmao|rofl|jk|kidding)\b|[;:]-?[)pP]|😂|🤣|😄|😆|😜",
                    re.I)
KEYS = ("style_length", "style_formality", "style_humour", "style_pace")


@dataclass(frozen=True)
class Finding:
    key: str
    value: str
    why: str


def learn(said: list[tuple[datetime, str]]) -> list[Finding]:
    """Findings from the user's messages (oldest first, with when they were sent)."""
    if len(said) < MIN_MESSAGES:
        return []
    texts = [text for _, text in said]
    n = len(texts)
    words = statistics.median(len(t.split()) for t in texts)
    length = "brief" if words <= 6 else "long" if words >= 15 else "medium"
    found = [Finding("style_length", length, f"your messages average {words:.0f} words")]
    casual = sum(bool(CASUAL.search(t)) or t[:1].islower() for t in texts)
    formal = sum(bool(FORMAL.search(t)) and not CASUAL.search(t) for t in texts)
    if casual >= 0.4 * n and casual > formal:
        found.append(Finding("style_formality", "casual",
                             f"{casual} of your last {n} messages were casual (slang, lower case, emoji)"))
    elif formal >= 0.4 * n:
        found.append(Finding("style_formality", "formal",
                             f"{formal} of your last {n} messages were formal"))
    else:
        found.append(Finding("style_formality", "neutral", "your messages are neither casual nor formal"))
    joking = sum(bool(HUMOUR.search(t)) for t in texts)
    found.append(Finding("style_humour", "playful" if joking >= 0.15 * n else "earnest",
                         f"{joking} of your last {n} messages joked or laughed"))
    gaps = [(b[0] - a[0]).total_seconds() for a, b in zip(said, said[1:])
            if 0 < (b[0] - a[0]).total_seconds() < 1800]
    if len(gaps) >= MIN_MESSAGES // 2:
        gap = statistics.median(gaps)
        pace = "quick" if gap < 25 else "unhurried" if gap > 120 else "steady"
        found.append(Finding("style_pace", pace, f"you answer in about {gap:.0f} s"))
    return found


# What they asked for when asked "How do you like to be spoken to?" (the setup interview)
ASKED_BRIEF = re.compile(r"\b(brief|short|concise|to the point|not (?:too )?(?:chatty|long)|few words|quick)\b", re.I)
ASKED_LONG = re.compile(r"\b(?<!not )(?<!not too )(chatty|detail(?:ed|s)?|long(?:er)?|talkative)\b", re.I)
ASKED_PLAYFUL = re.compile(r"\b(playful|funny|jokes?|joking|humou?r|banter|silly|light)\b", re.I)
ASKED_SERIOUS = re.compile(r"\b(?<!not )(?<!not too )(serious|straight|no jokes|earnest)\b", re.I)


def asked_for(answer: str) -> dict[str, str]:
    """The style they said they want ("brief and a bit playful"), as the keys learnt from how
    they write; what is said both ways ("brief or chatty, whatever") says nothing."""
    found = {}
    brief, long = bool(ASKED_BRIEF.search(answer)), bool(ASKED_LONG.search(answer))
    if brief != long:
        found["style_length"] = "brief" if brief else "long"
    playful, serious = bool(ASKED_PLAYFUL.search(answer)), bool(ASKED_SERIOUS.search(answer))
    if playful != serious:
        found["style_humour"] = "playful" if playful else "earnest"
    return found


def instructions(style: dict[str, str]) -> str:
    """How to answer, in words a small model follows: the length rule first."""
    length = {"brief": "one or two short sentences", "long": "three to five sentences"}.get(
        style.get("style_length", ""), "two or three sentences")
    extra = {"casual": " Keep it casual, like texting a friend.",
             "formal": " Keep it polite and well-formed."}.get(style.get("style_formality", ""), "")
    if style.get("style_humour") == "playful":
        extra += " A little humour is welcome."
    if style.get("style_pace") == "quick":
        extra += " Get to the point fast."
    return f"{length}, spoken, never a list.{extra}"
