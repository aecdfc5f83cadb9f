"""American and British spelling: which one a text uses, and each word in the other one.

The spelling dictionary is American, so a British form is recognised by turning it into the
American one by the regular patterns (colour → color, centre → center, organise → organize,
travelled → traveled, defence → defense) and finding that in the dictionary. American forms
with a British counterpart are listed by stem, since nothing in the dictionary marks them.
Both -ize and -ise are British (Oxford spelling uses -ize), so -ize never counts as American,
while -ise counts as British (American English never uses it).

A writer's variety is one of ``VARIETIES``; Australian, New Zealand, Irish, South African and
Indian English spell as British English does ("colour", "centre", "travelled"), so each is
proofread by the British spelling and its changes are named for the writer's own variety.
"""

from __future__ import annotations

from typing import Literal, get_args

import re
from collections.abc import Callable

US, GB = "en-US", "en-GB"
English = Literal["en-US", "en-GB", "en-AU", "en-NZ", "en-IE", "en-ZA", "en-IN"]
VARIETIES: tuple[str, ...] = get_args(English)
# What each variety is called, in a change's reason and in the web app.
NAMES = {"en-US": "American", "en-GB": "British", "en-AU": "Australian", "en-NZ": "New Zealand",
         "en-IE": "Irish", "en-ZA": "South African", "en-IN": "Indian"}


def spelling(english: str) -> str:
    """The spelling a variety follows: American for en-US, British for the others."""
    return US if english == US else GB

# American stems whose British form differs; any word starting with the stem follows it
# (color → colour, colors → colours, colorful → colourful).
_OUR = ("armor", "behavior", "candor", "clamor", "color", "endeavor", "favor", "fervor",
        "flavor", "harbor", "honor", "humor", "labor", "neighbor", "odor", "parlor", "rumor",
        "savior", "savor", "splendor", "tumor", "valor", "vapor", "vigor")
_RE = {"center": "centre", "theater": "theatre", "liter": "litre", "fiber": "fibre",
       "caliber": "calibre", "somber": "sombre", "specter": "spectre", "luster": "lustre",
       "saber": "sabre", "maneuver": "manoeuvre", "kilometer": "kilometre",
       "centimeter": "centimetre", "millimeter": "millimetre"}
_ENSE = {"defense": "defence", "offense": "offence", "pretense": "pretence"}
_YZE = {"analyz": "analys", "paralyz": "paralys", "catalyz": "catalys"}
_L = ("travel", "cancel", "model", "label", "level", "fuel", "counsel", "marvel", "signal",
      "total", "quarrel", "dial", "duel", "equal", "jewel", "tunnel", "channel", "rival",
      "shovel", "snorkel", "swivel", "yodel", "pedal", "panel", "funnel", "grovel")
_WORDS = {"gray": "grey", "mom": "mum", "aluminum": "aluminium", "airplane": "aeroplane",
          "pajamas": "pyjamas", "plow": "plough", "mold": "mould", "skeptic": "sceptic",
          "skeptical": "sceptical", "jewelry": "jewellery", "catalog": "catalogue",
          "fulfill": "fulfil", "enroll": "enrol", "skillful": "skilful", "willful": "wilful",
          "cozy": "cosy", "donut": "doughnut", "mustache": "moustache", "story": "storey",
          "program": "programme", "math": "maths", "licorice": "liquorice", "tidbit": "titbit"}
_AMBIGUOUS = {"story", "program", "math", "meter"}  # British uses both, depending on meaning


def british(word: str) -> str | None:
    """The British form of an American word, or None when they are spelt alike."""
    lower = word.lower()
    found = _WORDS.get(lower) if lower not in _AMBIGUOUS else None
    if found is None:
        for stem in _OUR:
            if lower.startswith(stem):
                found = stem[:-2] + "our" + lower[len(stem):]
                break
    if found is None:
        for us, gb in {**_RE, **_ENSE, **_YZE}.items():
            if lower == us or (lower.startswith(us) and lower[len(us):] in ("s", "d", "e", "es",
                                                                            "ed", "ing", "er")):
                found = gb + lower[len(us):]
                break
    if found is None:
        match = re.fullmatch(r"(\w+?l)(ed|ing|er|ers)", lower)
        if match and match.group(1) in _L:
            found = match.group(1) + "l" + match.group(2)
    return None if found is None else _case_like(word, found)


_TO_US: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(r"^(\w+?)our(\w*)$"), r"\1or\2"),
    (re.compile(r"^(\w+?)is(e|es|ed|ing|ation|ations|er|ers)$"), r"\1iz\2"),
    (re.compile(r"^(\w+?)ys(e|es|ed|ing)$"), r"\1yz\2"),
    (re.compile(r"^(\w+?)tre(s)?$"), r"\1ter\2"),
    (re.compile(r"^(\w+?)bre(s)?$"), r"\1ber\2"),
    (re.compile(r"^(\w+?)ence(s)?$"), r"\1ense\2"),
    (re.compile(r"^(\w+?)ll(ed|ing|er|ers|ery)$"), r"\1l\2"),
    (re.compile(r"^(\w+?)ogue(s)?$"), r"\1og\2"),
    (re.compile(r"^(\w+?)ae(\w+)$"), r"\1e\2"),
    (re.compile(r"^(\w+?)oe(\w+)$"), r"\1e\2"),
)
_GB_WORDS = {gb: us for us, gb in _WORDS.items()}


def american(word: str, known: Callable[[str], bool]) -> str | None:
    """The American form of a British word the dictionary lacks (``known`` says whether a word
    is in the American dictionary), or None when the word is not a British spelling."""
    lower = word.lower()
    if lower in _GB_WORDS:
        return _case_like(word, _GB_WORDS[lower])
    if known(lower):
        return None
    for pattern, repl in _TO_US:
        candidate = pattern.sub(repl, lower)
        if candidate != lower and known(candidate):
            return _case_like(word, candidate)
    return None


def detect(words: list[str], known: Callable[[str], bool]) -> str | None:
    """The variety a text's spellings show (the one with more words only it uses), or None."""
    uk = sum(1 for w in words if w.isalpha() and american(w, known) is not None)
    us = sum(1 for w in words if w.isalpha() and british(w) is not None)
    if uk > us:
        return GB
    if us > uk:
        return US
    return None


def _case_like(model: str, word: str) -> str:
    if model.isupper() and len(model) > 1:
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word
