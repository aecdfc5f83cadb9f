"""What a forget takes from the friends log. A message that copies something forgotten (holds
it whole, is held whole by it, or shares five words in a row with it) loses its words, and so
does the answer to it; in every other message, the forgotten details (names, numbers, a fact's
value, the words of "forget everything about X") are blotted out. What the other companion
received is in its user's log, not here: a forget reaches only this user's copy."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from os1.friends.outgoing import COMMON, NUMBER, WORD, _digits, _fold, _grams, details

FORGOTTEN = "[forgotten]"
TEXT_FIELDS = ("text", "when", "topic", "name")
SHORT = 6  # a forgotten text of up to this many words is a value (a fact, a name) whole
# capitalised in any text, never a detail of one: the days and months a plan is made of
CALENDAR = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
            "january", "february", "march", "april", "may", "june", "july", "august",
            "september", "october", "november", "december"}


class Redactor:
    """Built once per forget from the texts forgotten and the words asked about."""

    def __init__(self, texts: Iterable[str], words: Iterable[str] = ()):
        texts = [t for t in texts if t and t.strip()]
        self.texts = {_fold(t) for t in texts if len(t.strip()) >= 3}
        self.grams = set().union(*(_grams(t) for t in texts)) if texts else set()
        short = [t for t in texts if len(t.split()) <= SHORT]
        found = details(texts, short) | {_fold(w) for w in words if len(w.strip()) >= 2}
        found -= COMMON | CALENDAR
        self.numbers = {d for d in found if d.isdigit()}
        phrases = sorted((d for d in found if not d.isdigit() and d.strip()), key=len, reverse=True)
        self.pattern = re.compile("|".join(rf"(?<!\w){re.escape(p)}(?!\w)" for p in phrases),
                                  re.I) if phrases else None

    @property
    def empty(self) -> bool:
        return not (self.texts or self.numbers or self.pattern)

    def copies(self, value: str) -> bool:
        """Whether ``value`` copies a forgotten text: holds one whole, is held whole by one
        (three words or more), or shares five words in a row with one."""
        folded = _fold(value)
        if not folded:
            return False
        if any(t in folded for t in self.texts):
            return True
        if len(WORD.findall(folded)) >= 3 and any(folded.rstrip(".?!") in t for t in self.texts):
            return True
        return bool(_grams(value) & self.grams)

    def blot(self, value: str) -> str:
        """``value`` with each forgotten detail replaced."""
        if self.pattern is not None:
            value = self.pattern.sub(FORGOTTEN, value)
        if self.numbers:
            value = NUMBER.sub(lambda m: FORGOTTEN if _digits(m[0]) in self.numbers else m[0], value)
        return value

    def body(self, body: dict[str, Any]) -> tuple[dict[str, Any], bool]:
        """The body with forgotten words out, and whether it copied a forgotten text (then
        every text in it is gone)."""
        texts = {k: v for k, v in body.items() if k in TEXT_FIELDS and isinstance(v, str)}
        if any(self.copies(v) for v in texts.values()):
            return {**body, **{k: FORGOTTEN for k in texts}}, True
        return {**body, **{k: self.blot(v) for k, v in texts.items()}}, False
