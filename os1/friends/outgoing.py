"""The check before anything leaves for another companion.

Her side answers from what the user allowed only (the model that writes to a friend never
sees the user's memory), and this check is the second wall: a message is refused when it
carries a detail from the user's memory (a fact's value, a person's name or what is known of
them, a proper name or a number the user has said, five words in a row of a memory) or
anything about health or money, unless the user allowed it: the words of their note, the
topics they picked ("health", "money", "calendar"), and the two names on the link. Nothing is
rewritten: a refused message is replaced by a plain one, and the refusal is logged."""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass

from os1.friends.consent import Scope
from os1.mail.guard import ADDRESS, URL
from os1.memory.people import NOT_A_NAME, RELATIONS_SET

HEALTH = re.compile(
    r"\b(?:health\w*|diagnos\w*|ill(?:ness)?|sick\w*|disease\w*|cancer\w*|tumou?rs?|diabet\w*|hiv|"
    r"aids|pregnan\w*|miscarr\w*|depress\w*|anxiety|anxious|panic attacks?|therap\w*|medication\w*|"
    r"meds|prescri\w*|surger\w*|operation|hospital\w*|clinic\w*|doctors?|gp|symptoms?|infect\w*|"
    r"allerg\w*|chemo\w*|psychiatr\w*|psycholog\w*|rehab\w*|addict\w*|disorders?|injur\w*|"
    r"blood pressure|cholesterol|asthma|adhd|autism|autistic|bipolar|insomnia|migraines?|"
    r"pills?|dose|vaccin\w*|covid|fertility|ivf|std|sti|biopsy|scan results?|mental)\b", re.I)
MONEY = re.compile(
    r"(?:[$€£¥₹]\s?\d|\b\d[\d,.]*\s?(?:k|grand|bucks|dollars?|euros?|pounds?|usd|eur|gbp)\b|"
    r"\b(?:salary|salaries|income|wages?|debts?|loans?|mortgage|rent|bank\w*|savings|paycheck|"
    r"payslip|owes?|owed|broke|bankrupt\w*|credit cards?|account numbers?|iban|invest\w*|"
    r"tax(?:es)?|money|inheritance|earn(?:s|ed|ings)?|pension|finances?|financial\w*|"
    r"budget\w*|afford\w*|raise)\b)", re.I)
NUMBER = re.compile(r"\d[\d,.:/-]*\d|\d")
LONG_NUMBER = re.compile(r"(?:\d[\s().-]?){7,}")  # a phone, an account, a card
MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
# Times and dates: what a free/busy answer is made of, allowed when the calendar is shared.
TIME = re.compile(r"\b\d{1,2}(?::\d{2})?\s?(?:am|pm|a\.m\.|p\.m\.)|\b\d{1,2}:\d{2}\b|"
                  rf"\b\d{{4}}-\d{{2}}-\d{{2}}\b|\b\d{{1,2}}(?:st|nd|rd|th)?(?= (?:of )?(?:{MONTHS})\b)|"
                  rf"\b(?:{MONTHS}) \d{{1,2}}\b|\b\d{{1,2}}(?:st|nd|rd|th)\b", re.I)
WORD = re.compile(r"[^\W\d_][\w'’-]*", re.U)
CAPITAL = re.compile(r"(?<![.!?:;]\s)(?<![\"“(])(?<!^)\b[A-Z][\w'’-]+")
COMMON = NOT_A_NAME | {
    "the", "a", "an", "and", "or", "but", "with", "about", "from", "that", "this", "what",
    "when", "where", "which", "who", "why", "how", "they", "them", "their", "there", "here",
    "have", "has", "had", "been", "were", "will", "would", "could", "should", "your", "yours",
    "mine", "our", "ours", "into", "over", "after", "before", "then", "than", "very", "just",
    "also", "some", "more", "most", "much", "many", "like", "well", "good", "great", "today",
    "thing", "things", "really", "maybe", "sure", "okay", "yes", "not", "for", "you", "she",
    "her", "his", "him", "its", "it's", "i'm", "i've", "i'll", "hello", "thanks", "thank",
    "sorry", "please", "friend", "friends", "companion", "os1", "am", "pm", "time", "week",
    "weekend", "morning", "afternoon", "evening", "night", "tonight", "later", "soon"}
GRAM = 5


@dataclass(frozen=True)
class Verdict:
    """Whether a message may leave, and if not, every reason (each names what it carried)."""

    reasons: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.reasons

    def summary(self) -> str:
        """What kinds of detail it carried and how many, never the details: what the log
        keeps of a blocked message ("withheld: 2 from memory, 1 health")."""
        kinds: dict[str, int] = {}
        for reason in self.reasons:
            kind = reason.split(":", 1)[0]
            kinds[kind] = kinds.get(kind, 0) + 1
        return "withheld: " + ", ".join(f"{n} {kind}" for kind, n in kinds.items())


def _fold(text: str) -> str:
    return " ".join(text.casefold().replace("’", "'").split())


def _has(text: str, phrase: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text) is not None


def _grams(text: str) -> set[tuple[str, ...]]:
    words = [w.casefold() for w in WORD.findall(text)]
    return {tuple(words[i:i + GRAM]) for i in range(len(words) - GRAM + 1)}


def details(texts: Iterable[str], facts: Iterable[str]) -> set[str]:
    """What of the user's memory may not leave: each fact value and name whole, with its
    distinctive words; and from every remembered text, its proper names and its numbers."""
    found: set[str] = set()
    for value in facts:
        value = _fold(value)
        if len(value) >= 3:
            found.add(value)
        found |= {w for w in WORD.findall(value) if len(w) >= 4 and w not in COMMON}
        found |= {_digits(n) for n in NUMBER.findall(value) if len(_digits(n)) >= 2}
    for text in texts:
        names = {_fold(w).removesuffix("'s") for w in CAPITAL.findall(text)}  # Amy's: Amy
        found |= {n for n in names if n not in COMMON and len(n) >= 3}
        found |= {_digits(n) for n in NUMBER.findall(text) if len(_digits(n)) >= 2}
    return found


def _digits(number: str) -> str:
    """A number as its digits alone: "85,000" and "85000" are one number."""
    return re.sub(r"\D", "", number)


def check(text: str, scope: Scope, secrets: set[str], memory_grams: set[tuple[str, ...]],
          names: Iterable[str] = (), said: set[str] | None = None,
          about_user: bool = False) -> Verdict:
    """Whether ``text`` may go to the other companion: the reasons it may not, if any.
    Any word of health or money counts, except, with ``said``, in what the user wrote
    themselves: there only those words their memory holds. ``about_user``: an answer about
    the user, where a person they have (a sister, a friend) or a proper name the user did not
    write in their note is refused too, remembered or invented."""
    allowed_text = _fold(" ".join([scope.note, *scope.topics, *names]))
    allowed_words = set(WORD.findall(allowed_text))
    folded = _fold(text)
    probe = TIME.sub(" ", folded) if scope.calendar else folded
    numbers = {_digits(n) for n in NUMBER.findall(probe)}
    allowed_numbers = {_digits(n) for n in NUMBER.findall(allowed_text)}
    reasons = []
    for secret in sorted(secrets):
        if secret in allowed_words or (" " in secret and secret in allowed_text):
            continue
        if secret.isdigit():
            if secret in numbers and secret not in allowed_numbers:
                reasons.append(f"from memory: {secret}")
        elif _has(probe, secret):
            reasons.append(f"from memory: {secret}")
    if not scope.allows("health"):
        reasons += [f"health: {m[0].lower()}" for m in HEALTH.finditer(folded)
                    if not _has(allowed_text, m[0].lower())
                    and (said is None or m[0].lower() in said)]
    if not scope.allows("money"):
        reasons += [f"money: {m[0].lower()}" for m in MONEY.finditer(folded)
                    if not _has(allowed_text, m[0].lower())
                    and (said is None or m[0].lower() in said)]
    reasons += [f"number: {m[0].strip()}" for m in LONG_NUMBER.finditer(folded)
                if not _has(allowed_text, m[0].strip())]
    reasons += [f"address: {m[0]}" for m in ADDRESS.finditer(text)]
    reasons += [f"link: {m[0]}" for m in URL.finditer(ADDRESS.sub(" ", text))]
    if about_user:
        reasons += [f"person: {w}" for w in sorted(set(WORD.findall(folded)) & RELATIONS_SET)
                    if w not in allowed_words]
        reasons += [f"name: {w}" for w in dict.fromkeys(_fold(n) for n in CAPITAL.findall(text))
                    if w not in allowed_words and w not in COMMON]
    copied = (_grams(text) & memory_grams) - _grams(allowed_text)
    if copied:
        reasons.append("copies a memory: " + " ".join(min(copied)))
    return Verdict(tuple(dict.fromkeys(reasons)))


class Checker:
    """The check for one user, with what their memory holds read once."""

    def __init__(self, texts: list[str], facts: list[str]):
        self.secrets = details(texts, facts)
        self.grams = set().union(*(_grams(t) for t in texts)) if texts else set()
        self.said = {m[0].lower() for t in texts for rx in (HEALTH, MONEY)
                     for m in rx.finditer(_fold(t))}

    @classmethod
    def of(cls, store, user_id: int) -> Checker:
        """The check for this user, read from their memory once per exchange: kept while
        what it read is unchanged (``Store.memory_version``: a new memory, an edit or a
        forget makes a new one), for at most ``CACHE_S``, for ``CACHE_USERS`` users."""
        where = store.path if store.path != ":memory:" else str(id(store))
        key, version, now = (where, user_id), store.memory_version(user_id), time.monotonic()
        with _LOCK:
            found = _CACHE.get(key)
            if found is not None and found[0] == version and now - found[1] < CACHE_S:
                _CACHE.move_to_end(key)
                return found[2]
        checker = cls(store.remembered_texts(user_id), store.remembered_details(user_id))
        with _LOCK:
            _CACHE[key] = (version, now, checker)
            _CACHE.move_to_end(key)
            while len(_CACHE) > CACHE_USERS:
                _CACHE.popitem(last=False)
        return checker

    def check(self, text: str, scope: Scope, names: Iterable[str] = (),
              by_user: bool = False, about_user: bool = False) -> Verdict:
        """``by_user``: the user wrote ``text`` (a question, a note to pass on), so a word
        of health or money counts only when their memory holds it; ``about_user``: her
        answer about the user (see ``check``)."""
        return check(text, scope, self.secrets, self.grams, names,
                     self.said if by_user else None, about_user)


CACHE_USERS = 64
CACHE_S = 120.0  # an edit of the same length is not seen in the version: read again after this
_CACHE: OrderedDict[tuple[str, int], tuple[tuple, float, Checker]] = OrderedDict()
_LOCK = threading.Lock()
