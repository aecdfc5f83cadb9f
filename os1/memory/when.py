"""Time expressions in a question ("last week", "in May", "yesterday", "3 days ago") turned
into the window of time they point at, relative to now."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), 1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = {d: i for i, d in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())}
UNITS = {"day": 1, "week": 7, "month": 30, "year": 365}
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
           "seven": 7, "eight": 8, "nine": 9, "ten": 10, "couple of": 2, "few": 3}


@dataclass(frozen=True)
class Window:
    start: datetime
    end: datetime
    phrase: str

    def contains(self, at: datetime) -> bool:
        return self.start <= at < self.end


def _day(at: datetime) -> datetime:
    return at.replace(hour=0, minute=0, second=0, microsecond=0)


def _month(year: int, month: int) -> tuple[datetime, datetime]:
    start = datetime(year, month, 1, tzinfo=None)
    end = datetime(year + (month == 12), month % 12 + 1, 1)
    return start, end


def parse(text: str, now: datetime) -> Window | None:
    """The first time expression in ``text``, as a window in ``now``'s timezone; None if none."""
    q = text.lower()
    tz = now.tzinfo
    today = _day(now)

    def window(start: datetime, end: datetime, phrase: str) -> Window:
        return Window(start.replace(tzinfo=tz), end.replace(tzinfo=tz), phrase)

    if m := re.search(r"\b(today|this morning|this afternoon|this evening|tonight)\b", q):
        return window(today, today + timedelta(days=1), m[0])
    if m := re.search(r"\b(yesterday|last night)\b", q):
        return window(today - timedelta(days=1), today + timedelta(hours=6 if "night" in m[0] else 0), m[0])
    if m := re.search(r"\b(\d+|" + "|".join(NUMBERS) + r") (day|week|month|year)s? ago\b", q):
        n = int(m[1]) if m[1].isdigit() else NUMBERS[m[1]]
        days = n * UNITS[m[2]]
        slack = max(1, days // 4)
        point = today - timedelta(days=days)
        return window(point - timedelta(days=slack), point + timedelta(days=slack + 1), m[0])
    if m := re.search(r"\b(last|this|past) (week|month|year|weekend)\b", q):
        which, unit = m[1], m[2]
        if unit == "week" or unit == "weekend":
            monday = today - timedelta(days=today.weekday())
            start = monday - timedelta(days=7) if which == "last" else monday
            if which == "past":
                start = today - timedelta(days=7)
            if unit == "weekend":
                start = start + timedelta(days=5)
                return window(start, start + timedelta(days=2), m[0])
            return window(start, start + timedelta(days=7) if which != "past" else today + timedelta(days=1), m[0])
        if unit == "month":
            if which == "past":
                return window(today - timedelta(days=30), today + timedelta(days=1), m[0])
            year, month = (now.year, now.month) if which == "this" else (
                (now.year - 1, 12) if now.month == 1 else (now.year, now.month - 1))
            return window(*_month(year, month), m[0])
        year = now.year - (which == "last")
        if which == "past":
            return window(today - timedelta(days=365), today + timedelta(days=1), m[0])
        return window(datetime(year, 1, 1), datetime(year + 1, 1, 1), m[0])
    if m := re.search(r"\b(recently|lately|these days)\b", q):
        return window(today - timedelta(days=14), today + timedelta(days=1), m[0])
    if m := re.search(r"\b(?:last |on |this past )?(" + "|".join(WEEKDAYS) + r")\b", q):
        back = (today.weekday() - WEEKDAYS[m[1]]) % 7 or 7
        day = today - timedelta(days=back)
        return window(day, day + timedelta(days=1), m[0])
    month_names = "|".join(sorted(MONTHS, key=len, reverse=True))
    if m := re.search(r"\b(" + month_names + r")\.?(?: (\d{1,2})(?:st|nd|rd|th)?)?(?:,? (\d{4}))?\b", q):
        month = MONTHS[m[1]]
        if m[1] == "may" and not (m[2] or m[3]) and not re.search(r"\b(in|during|of|since) may\b", q):
            return None  # "may" is usually the verb
        year = int(m[3]) if m[3] else (now.year if month <= now.month else now.year - 1)
        if m[2] and 1 <= int(m[2]) <= 31:
            try:
                day = datetime(year, month, int(m[2]))
                return window(day, day + timedelta(days=1), m[0])
            except ValueError:
                pass
        return window(*_month(year, month), m[0])
    if m := re.search(r"\b(?:in|during|of|since) (19\d\d|20\d\d)\b", q):
        year = int(m[1])
        return window(datetime(year, 1, 1), datetime(year + 1, 1, 1), m[0])
    return None


def upcoming(text: str, now: datetime) -> datetime | None:
    """When a plan the user mentions will happen ("tomorrow", "on Thursday", "next week",
    "in 3 days", "tonight"): the start of that day, in ``now``'s timezone; None if no time."""
    q = text.lower()
    today = _day(now)
    if re.search(r"\b(today|tonight|this (morning|afternoon|evening))\b", q):
        return today
    if re.search(r"\b(tomorrow|tmrw)\b", q):
        return today + timedelta(days=1)
    if m := re.search(r"\bin (\d+|" + "|".join(NUMBERS) + r") (day|week|month)s?\b", q):
        n = int(m[1]) if m[1].isdigit() else NUMBERS[m[1]]
        return today + timedelta(days=n * UNITS[m[2]])
    if m := re.search(r"\bnext (week|month)\b", q):
        return today + timedelta(days=7 if m[1] == "week" else 30)
    if m := re.search(r"\b(?:on |this |next )?(" + "|".join(WEEKDAYS) + r")\b", q):
        ahead = (WEEKDAYS[m[1]] - today.weekday()) % 7 or 7
        if m[0].startswith("next ") and ahead < 7:
            ahead += 7 if ahead <= 2 else 0
        return today + timedelta(days=ahead)
    return None
