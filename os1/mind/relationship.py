"""The relationship: how close they have grown, the moments they share, the dates that matter,
and the check-ins it owes ("how did the interview go?") — with restraint: one a day at most,
never in quiet hours, and never again once the user says to stop.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from os1.memory.store import stamp
from os1.memory.store_protocol import StoreProtocol
from os1.memory.untrusted import quote
from os1.memory.when import parse, upcoming

LEVELS = ((0.15, "just met"), (0.35, "getting to know each other"), (0.6, "friends"),
          (0.8, "close friends"), (1.01, "very close"))
EVENTS = (r"job interview|interview|exam|test|finals?|doctor'?s appointment|appointment|surgery|"
          r"operation|first date|date|presentation|meeting|flight|trip|audition|game|match|"
          r"recital|concert|wedding|funeral|hearing|performance review|review|deadline|race|"
          r"marathon|party|gig|therapy session|check-?up|scan|driving test")
PLAN = re.compile(r"\b(?:i have|i've got|i got|i'?ve a|there'?s|i'?m having|i'?m going to|"
                  r"i'?m off to|my)\s+(?:a |an |the |my |our )?(?:big |important |first |final |"
                  r")?(" + EVENTS + r")\b", re.I)
OPT_OUT = re.compile(r"\b((stop|quit|don'?t|do not) (asking|checking in|check in|bugging)|"
                     r"leave me alone|none of your business|"
                     r"(don'?t|do not) want to talk about (it|that))\b", re.I)
STOP_ALL = re.compile(r"\b(stop|quit|don'?t|do not) (asking|checking in|check in)\b", re.I)
QUIET = (22, 8)  # local hours with no check-ins
MIN_GAP = timedelta(hours=20)  # between two check-ins
STALE = timedelta(days=14)
CARE_ABOUT = "how they are"  # a check-in after a crisis: asked the next time they come, once
FOLLOW_UP = "I've been thinking about what you told me last time. How are you doing today?"
FOLLOW_UP_AFTER = timedelta(hours=1)
ASK_AFTER = timedelta(hours=18)  # into the day of the plan: by the evening it has happened  # a check-in this late is no longer asked


@dataclass(frozen=True)
class Closeness:
    value: float
    level: str
    why: str


def closeness(store: StoreProtocol, user_id: int, now: datetime) -> Closeness:
    """Grows with conversations, with what the user shared about themselves and their
    feelings, and with time known; fades slowly after a long absence."""
    talked = store.talked(user_id)
    sessions, first, last, felt = talked.sessions, talked.first, talked.last, talked.felt
    if not first or not last:
        return Closeness(0.0, LEVELS[0][1], "you haven't talked yet")
    facts = len(store.facts(user_id))
    days = max((now - datetime.fromisoformat(first)).days, 0)
    raw = (0.03 * sessions + 0.02 * min(facts, 30) + 0.02 * min(felt, 40)
           + 0.004 * min(days, 365))
    value = 1 - math.exp(-raw)
    away = max((now - datetime.fromisoformat(last)).days - 7, 0)
    value *= 0.5 ** (away / 90)
    level = next(name for bound, name in LEVELS if value < bound)
    why = (f"{sessions} conversations over {days} days, {facts} things you've told me about "
           f"yourself, {felt} moments you shared how you really felt")
    return Closeness(round(value, 3), level, why)


def moments(store: StoreProtocol, user_id: int, k: int = 5) -> list[tuple[str, str]]:
    """The times the user said most strongly how they felt: (when, what they said)."""
    return store.felt_moments(user_id, k)


def dates(store: StoreProtocol, user_id: int, now: datetime) -> list[str]:
    """Anniversaries of their first talk, and the user's birthday, when today is the day."""
    first, _ = store.acquaintance(user_id)
    found = []
    if first:
        met = datetime.fromisoformat(first).astimezone(now.tzinfo).date()
        today = now.date()
        days = (today - met).days
        if days > 0 and (today.month, today.day) == (met.month, met.day):
            years = today.year - met.year
            found.append(f"Today is {years} year{'s' * (years > 1)} since you first talked.")
        elif days in (30, 100, 200, 500, 1000):
            found.append(f"Today is {days} days since you first talked.")
    birthday = next((f.value for f in store.facts(user_id) if f.key == "birthday"), None)
    window = parse(birthday, now) if birthday else None
    if window and window.start.date() == now.date() and (window.end - window.start).days == 1:
        found.append("Today is their birthday.")
    return found


def listen(store: StoreProtocol, user_id: int, text: str, turn_id: int, now: datetime) -> None:
    """Note plans worth asking about later, and a wish not to be asked."""
    if OPT_OUT.search(text):
        store.drop_checkins(user_id, every=bool(STOP_ALL.search(text)))
        if STOP_ALL.search(text):
            store.set_setting(user_id, "checkins", "off")
        return
    plan = PLAN.search(text)
    when = upcoming(text, now) if plan else None
    if plan and when is not None:
        store.add_checkin(user_id, plan[1].lower(), stamp(when + ASK_AFTER), turn_id, stamp(now))


def follow_up(store: StoreProtocol, user_id: int, turn_id: int, now: datetime) -> None:
    """After a crisis, a gentle "how are you doing today?" the next time they come: one
    pending at a time, however many hard messages led to it, and none once they asked for no
    check-ins (``due`` keeps its quiet hours and its gap between check-ins)."""
    store.add_checkin(user_id, CARE_ABOUT, stamp(now + FOLLOW_UP_AFTER), turn_id, stamp(now),
                      once=True)


def due(store: StoreProtocol, user_id: int, now: datetime) -> tuple[int, str] | None:
    """The check-in to open with now, if any: (id, what to say). ``now`` is local time."""
    if store.setting(user_id, "checkins") == "off":
        return None
    if now.hour >= QUIET[0] or now.hour < QUIET[1]:
        return None
    last = store.last_checkin_asked(user_id)
    if last and now - datetime.fromisoformat(last) < MIN_GAP:
        return None
    row = store.due_checkin(user_id, stamp(now), stamp(now - STALE))
    if row is None:
        return None
    if row[1] == CARE_ABOUT:
        return row[0], FOLLOW_UP
    return row[0], f"How did the {row[1]} go? I've been wondering."


def mark_asked(store: StoreProtocol, user_id: int, checkin_id: int, now: datetime) -> None:
    store.checkin_asked(user_id, checkin_id, stamp(now))


def line(store: StoreProtocol, user_id: int, name: str | None, now: datetime) -> str:
    """For the prompt: how long they've known each other, how close they are, a shared moment
    and any date that matters today. It changes at most once a day (not with every new
    conversation), so the model's cache of the prompt survives."""
    first, _ = store.acquaintance(user_id)
    if not first:
        return ""
    who, subject = (name, name) if name else ("them", "they")
    days = (now.date() - datetime.fromisoformat(first).astimezone(now.tzinfo).date()).days
    since = "today" if days <= 0 else "yesterday" if days == 1 else f"{days} days ago"
    text = f"You first talked with {who} {since}."
    close = closeness(store, user_id, now.replace(hour=0, minute=0, second=0, microsecond=0))
    if days > 0:
        text += " You have just met." if close.level == "just met" else f" You are {close.level}."
    shared = moments(store, user_id, k=5)
    if shared and days > 0:
        at, said = shared[now.toordinal() % len(shared)]
        quoted = quote(said, 120)  # the prompt holds this line in its data block
        text += f" A moment you share: on {datetime.fromisoformat(at):%B %d} {subject} told you \"{quoted}\""
    for date in dates(store, user_id, now):
        text += f" {date}"
    return text
