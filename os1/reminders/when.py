"""When the user wants something: the time words of a request ("on Friday at 6pm", "in 20
minutes", "every other Tuesday", "tomorrow morning") turned into a time on their clock and a
repeat rule, and the words' places in the sentence, so what is left is the thing to do.

The shapes of English time phrases are found here; dates written out ("March 14th", "the
14th", "14/03/2027") are read by ``dateparser``; weekday arithmetic and repeats are
``dateutil``'s (``relativedelta``, ``rrule``). Wall times are built on the user's clock and
given its zone afterwards, so 8:00 stays 8:00 across a change of daylight saving time.

Stated defaults: "morning" is 9:00, "afternoon" 14:00, "evening" 18:00, "tonight" 20:00; a
day with no time is 9:00 for a reminder; an hour without am/pm from 1 to 7 is afternoon or
evening ("at 6" is 18:00); "next Friday" is the Friday of next week. Vague times ("after
lunch", "in a bit", "later") are not guessed: she asks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

import dateparser
from dateutil.relativedelta import relativedelta
from dateutil.rrule import rrulestr

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
DAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
WEEKDAY = r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
                "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "forty-five": 45,
                "sixty": 60, "ninety": 90, "a couple of": 2, "a few": 3, "couple of": 2,
                "other": 2, "second": 2}
NUMBER = r"(\d+|" + "|".join(sorted(map(re.escape, NUMBER_WORDS), key=len, reverse=True)) + r")"
PARTS = {"morning": 9, "afternoon": 14, "evening": 18, "tonight": 20, "night": 20}
DAY_DEFAULT = time(9, 0)  # a day without a time of day, for a reminder
UNIT = r"(minute|min|hour|hr|day|week|month|year)s?"
MONTH = (r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
         r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
VAGUE = re.compile(
    r"\b(after (lunch|dinner|breakfast|work|school|the meeting)|before (lunch|dinner|bed)|"
    r"in a (bit|while|little while|moment)|in a little|later( on| today| tonight)?|sometime|"
    r"some time|at some point|soon|one of these days|whenever|when i get (home|back|there)|"
    r"this weekend|next week|end of the (day|week))\b", re.I)


@dataclass
class When:
    """A time found in words: ``at`` on the user's clock (None if none, or only a vague one);
    ``rrule``: how it repeats; ``vague``: the vague words said instead of a time; ``spans``:
    where the time words are; ``dated``/``timed``: a day, a time of day was said."""

    at: datetime | None = None
    rrule: str | None = None
    vague: str | None = None
    spans: list[tuple[int, int]] = field(default_factory=list)
    dated: bool = False
    timed: bool = False
    day: date | None = None
    clock: time | None = None

    @property
    def found(self) -> bool:
        return self.at is not None or self.vague is not None or bool(self.rrule)


def _number(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS[word]


def wall(day: date, clock: time, zone) -> datetime:
    """A wall time on a day, in a zone; a time that does not exist (the hour skipped in
    spring) becomes the time it is once the clocks have moved."""
    naive = datetime.combine(day, clock)
    at = naive.replace(tzinfo=zone)
    return at.astimezone(timezone.utc).astimezone(zone)


def _hour(hour: int, minute: int, meridiem: str | None, part: str | None) -> time | None:
    meridiem = (meridiem or "").replace(".", "").lower()
    if hour > 23 or minute > 59:
        return None
    if meridiem:
        if hour > 12 or hour == 0:
            return None
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    elif part in ("afternoon", "evening", "tonight", "night") and hour < 12:
        hour += 12
    elif part == "morning" and hour == 12:
        hour = 0
    elif not part and 1 <= hour <= 7:
        hour += 12  # "at 6": nobody means six in the morning without saying so
    return time(hour, minute)


class _Finder:
    """Finds time phrases in one lowercased text, noting their spans."""

    def __init__(self, text: str):
        self.text = text.lower()
        self.spans: list[tuple[int, int]] = []

    def find(self, pattern: str) -> re.Match | None:
        for match in re.finditer(pattern, self.text):
            if not any(s < match.end() and match.start() < e for s, e in self.spans):
                self.spans.append(match.span())
                return match
        return None


def parse(text: str, now: datetime, default: time | None = DAY_DEFAULT) -> When:
    """The time in ``text``, relative to ``now`` (aware, the user's clock). ``default``: the
    time of day for a day said without one (None: leave it without, as an all-day event)."""
    zone = now.tzinfo or timezone.utc
    f = _Finder(text)
    found = When()
    repeat = _repeat(f)
    part, this = None, False
    if m := f.find(r"\b(?:this |in the |at )?(morning|afternoon|evening|tonight|night)\b"):
        part, this = m[1], m[0].startswith("this ")
    clock = _clock(f, part)
    if clock is None and part:
        clock = time(PARTS[part], 0)
    if m := f.find(rf"\bin {NUMBER} {UNIT}(?: and a half)?\b|\bin half an? hour\b"):
        if m[0].startswith("in half"):
            delta = timedelta(minutes=30)
        else:
            n, unit = _number(m[1]), m[2]
            half = 0.5 if m[0].endswith("and a half") else 0.0
            if unit in ("minute", "min", "hour", "hr"):
                delta = timedelta(minutes=(n + half) * (60 if unit in ("hour", "hr") else 1))
            else:
                shift = {"day": relativedelta(days=n), "week": relativedelta(weeks=n),
                         "month": relativedelta(months=n), "year": relativedelta(years=n)}[unit]
                on = now.date() + shift
                found.at = wall(on, clock or now.time().replace(second=0, microsecond=0), zone)
                found.dated = found.timed = True
                delta = None
        if delta is not None:
            found.at = (now.astimezone(timezone.utc) + delta).astimezone(zone).replace(
                second=0, microsecond=0)
            found.dated = found.timed = True
        found.spans = f.spans
        return found
    day, same_weekday = _day(f, now)
    if day is None and (this or part == "tonight"):
        day = now.date()
    vague = VAGUE.search(f.text)
    if vague and clock is None and not any(s < vague.end() and vague.start() < e for s, e in f.spans):
        found.vague = vague[0]
        f.spans.append(vague.span())
    found.spans, found.day, found.clock = f.spans, day, clock
    found.dated, found.timed = day is not None, clock is not None
    if repeat:
        found.rrule = repeat
        if found.vague:
            return found
        start_day = day or now.date()
        found.at = first(repeat, wall(start_day, clock or default or DAY_DEFAULT, zone), now)
        return found
    if found.vague or (day is None and clock is None):
        return found
    if day is None:
        assert clock is not None  # both None returned above
        at = wall(now.date(), clock, zone)
        found.at = at if at > now else wall(now.date() + timedelta(days=1), clock, zone)
    elif clock is None and default is None:
        found.at = wall(day, time(0, 0), zone)
    else:
        hour = clock or default
        assert hour is not None  # both None is the branch above
        found.at = wall(day, hour, zone)
        if same_weekday and found.at <= now:  # "on Friday", said on a Friday evening
            found.at = wall(day + timedelta(days=7), hour, zone)
    return found


HOURS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
         "twelve"]
# An hour as written or as speech recognition writes it: "6", "six".
HOUR = r"(\d{1,2}|" + "|".join(HOURS) + r")"
# Minutes said after an hour: "six thirty", "six fifteen", "six forty-five".
SAID_MINUTES = {"o'clock": 0, "oclock": 0, "fifteen": 15, "thirty": 30, "forty-five": 45,
                "forty five": 45}
MERIDIEM = r"(am|pm|a\.m\.?|p\.m\.?)"


def _hour_number(word: str) -> int:
    return int(word) if word.isdigit() else HOURS.index(word) + 1


def _clock(f: _Finder, part: str | None) -> time | None:
    if m := f.find(r"\b(?:at |by |around |about |@ ?)?(noon|midday|midnight)\b"):
        return time(12, 0) if m[1] in ("noon", "midday") else time(0, 0)
    if m := f.find(rf"\b(?:at |by |around |about )?(half past|quarter past|quarter to) {HOUR}"
                   rf"(?:\s*{MERIDIEM})?(?!\w)"):
        base = _hour(_hour_number(m[2]), 0, m[3], part)
        if base is None:
            return None
        moved = datetime.combine(date.today(), base) + timedelta(
            minutes={"half past": 30, "quarter past": 15, "quarter to": -15}[m[1]])
        return moved.time()
    said = "|".join(map(re.escape, SAID_MINUTES))
    patterns = [rf"\b(?:at |by |around |about |@ ?)?{HOUR}(?:[:.](\d{{2}})| ({said}))?\s*{MERIDIEM}(?!\w)",
                r"\b(?:at |by |around |about |@ ?)?(\d{1,2}):(\d{2})()()\b",
                rf"\b(?:at|by|around) {HOUR}(?:\.(\d{{2}})| ({said}))()(?!\w|\.\d)",
                rf"\b(?:at|by|around|@) ?{HOUR}()()()(?: o'?clock)?\b(?!\s*(?:minute|min|hour|hr|"
                r"day|week|month|year|st|nd|rd|th|/|\.\d|point|of|another|time|least|once|stage|"
                r"end|or|and|person|thing))",
                rf"\b{HOUR}()()() o'?clock\b"]
    for pattern in patterns:
        if m := f.find(pattern):
            minute = int(m[2]) if m[2] else SAID_MINUTES.get(m[3] or "", 0)
            clock = _hour(_hour_number(m[1]), minute, m[4] or None, part)
            if clock is not None:
                return clock
            f.spans.pop()
    return None


def _day(f: _Finder, now: datetime) -> tuple[date | None, bool]:
    """The day said, and whether it was today's weekday ("on Friday" on a Friday: today if
    the time is still ahead, else next week)."""
    today = now.date()
    if f.find(r"\b(?:the )?day after tomorrow\b"):
        return today + timedelta(days=2), False
    if f.find(r"\b(tomorrow|tmrw|tmr)\b"):
        return today + timedelta(days=1), False
    if f.find(r"\btoday\b"):
        return today, False
    if m := f.find(rf"\b(?:on |this |next |coming |this coming )?{WEEKDAY}\b"):
        target = WEEKDAYS.index(m[1])
        if m[0].startswith("next "):
            monday = today - timedelta(days=today.weekday()) + timedelta(days=7)
            return monday + timedelta(days=target), False
        ahead = (target - today.weekday()) % 7
        return today + timedelta(days=ahead), ahead == 0
    if m := f.find(rf"\b(?:on )?(?:the )?\d{{1,2}}(?:st|nd|rd|th)?(?: of)? {MONTH}\b(?:,? \d{{4}})?|"
                   rf"\b(?:on )?{MONTH}\.? \d{{1,2}}(?:st|nd|rd|th)?\b(?:,? \d{{4}})?|"
                   r"\b(?:on )?\d{4}-\d{2}-\d{2}\b|\b(?:on )?\d{1,2}/\d{1,2}(?:/\d{2,4})?\b"):
        words = re.sub(r"^on ", "", m[0])
        base = now.replace(tzinfo=None, hour=0, minute=0, second=0, microsecond=0)
        read = dateparser.parse(words, languages=["en"], settings={
            "PREFER_DATES_FROM": "future", "RELATIVE_BASE": base})
        if read is not None:
            day = read.date()
            return (day if day >= today else day + relativedelta(years=1)), False
        f.spans.pop()
    if m := f.find(rf"\b(?:on )?(?:the )?(\d{{1,2}})(?:st|nd|rd|th)\b(?! of {MONTH}| {MONTH})"):
        wanted = int(m[1])  # "on the 14th": this month's, else next month's
        for ahead in range(0, 3):
            month = today.replace(day=1) + relativedelta(months=ahead)
            try:
                day = month.replace(day=wanted)
            except ValueError:
                continue
            if day >= today:
                return day, False
        f.spans.pop()
    return None, False


def _repeat(f: _Finder) -> str | None:
    """The repeat rule (RFC 5545 RRULE) of "every …", "daily", "on Tuesdays"; None if none."""
    if m := f.find(rf"\b(?:every|each) {NUMBER} {WEEKDAY}s?\b"):
        return f"FREQ=WEEKLY;INTERVAL={_number(m[1])};BYDAY={DAY_CODES[WEEKDAYS.index(m[2])]}"
    if m := f.find(rf"\b(?:every|each) {WEEKDAY}( and {WEEKDAY})?\b|\bon {WEEKDAY}s( and {WEEKDAY}s)?\b"):
        days = [d for d in m.groups() if d in WEEKDAYS]
        return "FREQ=WEEKLY;BYDAY=" + ",".join(DAY_CODES[WEEKDAYS.index(d)] for d in days)
    if f.find(r"\b(?:every|each|on) (?:weekday|work ?day|week ?night)s?\b|\bon weekdays\b"):
        return "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
    if f.find(r"\b(?:every|each|on) weekends?\b|\bon weekends\b"):
        return "FREQ=WEEKLY;BYDAY=SA,SU"
    if m := f.find(r"\b(?:on )?the (\d{1,2})(?:st|nd|rd|th) of (?:every|each) month\b|"
                   r"\b(?:every|each) month on the (\d{1,2})(?:st|nd|rd|th)\b"):
        return f"FREQ=MONTHLY;BYMONTHDAY={m[1] or m[2]}"
    if m := f.find(rf"\b(?:every|each) {NUMBER} (day|week|month|year)s?\b"):
        return f"FREQ={_freq(m[2])};INTERVAL={_number(m[1])}"
    if m := f.find(r"\b(?:every|each) (day|week|month|year)\b|\b(daily|weekly|monthly|yearly|annually)\b"):
        return f"FREQ={_freq(m[1] or m[2])}"
    if f.find(r"\b(?:every|each) (?=morning|afternoon|evening|night)"):
        return "FREQ=DAILY"
    return None


def _freq(word: str) -> str:
    return {"day": "DAILY", "daily": "DAILY", "week": "WEEKLY", "weekly": "WEEKLY",
            "month": "MONTHLY", "monthly": "MONTHLY", "year": "YEARLY", "yearly": "YEARLY",
            "annually": "YEARLY"}[word]


def following(rrule: str, at: datetime, after: datetime) -> datetime | None:
    """The first time after ``after`` that a repeat starting at ``at`` falls on, on the wall
    clock of ``at``'s zone (None when the rule has run out)."""
    zone = at.tzinfo
    rule = rrulestr(rrule, dtstart=at.replace(tzinfo=None))
    wall_after = after.astimezone(zone).replace(tzinfo=None)
    nxt = rule.after(wall_after, inc=False)
    return wall(nxt.date(), nxt.time(), zone) if nxt else None


def first(rrule: str, start: datetime, now: datetime) -> datetime:
    """The first time a new repeat falls on from ``start``'s day, not before now: "every
    other Tuesday at 9" said on a Wednesday begins next Tuesday."""
    day = start.replace(tzinfo=None)
    single = re.sub(r";INTERVAL=\d+", "", rrule)  # where it begins, ignoring the stride
    begin = rrulestr(single, dtstart=day).after(max(day - timedelta(seconds=1),
                                                   now.astimezone(start.tzinfo).replace(tzinfo=None)),
                                                inc=True)
    if begin is None:
        return start
    return wall(begin.date(), begin.time(), start.tzinfo)


def describe(at: datetime, now: datetime, rrule: str | None = None, all_day: bool = False) -> str:
    """A time as she says it: "today at 6 pm", "on Friday at 6 pm", "on March 14 at 9 am",
    "every other Tuesday at 9 am"."""
    clock = "" if all_day else f" at {spoken_time(at)}"
    if rrule:
        return _every(rrule, at) + clock
    soon = (at.astimezone(timezone.utc) - now.astimezone(timezone.utc)).total_seconds() / 60
    if not all_day and 0.5 < soon < 59.5:
        minutes = round(soon)
        return f"in {minutes} minute{'s' if minutes != 1 else ''}, at {spoken_time(at)}"
    days = (at.date() - now.date()).days
    if days == 0:
        day = "today"
    elif days == 1:
        day = "tomorrow"
    elif 1 < days < 7:
        day = f"on {at.strftime('%A')}"
    else:
        day = f"on {at.strftime('%A, %B')} {at.day}" + (f", {at.year}" if at.year != now.year else "")
    if not all_day and days == 0 and at.hour >= 18:
        day = "tonight"
    return day + clock


def spoken_time(at: datetime) -> str:
    hour = at.hour % 12 or 12
    suffix = "am" if at.hour < 12 else "pm"
    if at.hour == 12 and at.minute == 0:
        return "noon"
    if at.hour == 0 and at.minute == 0:
        return "midnight"
    return f"{hour}{':%02d' % at.minute if at.minute else ''} {suffix}"


def _every(rrule: str, at: datetime) -> str:
    parts = dict(p.split("=", 1) for p in rrule.split(";") if "=" in p)
    interval = int(parts.get("INTERVAL", "1"))
    stride = {1: "every", 2: "every other"}.get(interval, f"every {interval}")
    freq = parts.get("FREQ", "DAILY")
    if "BYDAY" in parts:
        codes = parts["BYDAY"].split(",")
        if codes == DAY_CODES[:5]:
            return "every weekday"
        if codes == DAY_CODES[5:]:
            return "every weekend day"
        names = [WEEKDAYS[DAY_CODES.index(c[-2:])].capitalize() for c in codes if c[-2:] in DAY_CODES]
        return f"{stride} {' and '.join(names)}"
    unit = {"DAILY": "day", "WEEKLY": "week", "MONTHLY": "month", "YEARLY": "year"}.get(freq, "day")
    if interval > 2:
        return f"every {interval} {unit}s"
    text = f"{stride} {unit}"
    if freq == "WEEKLY":
        text += f" on {at.strftime('%A')}"
    elif freq == "MONTHLY":
        text += f" on the {_ordinal(at.day)}"
    return text


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def cut(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` without the time words: "call Amy on Friday at 6pm" → "call Amy"."""
    keep = list(text)
    for start, end in spans:
        for i in range(start, min(end, len(keep))):
            keep[i] = " "
    out = re.sub(r"\s+", " ", "".join(keep))
    out = re.sub(r"\b(on|at|by|in|for|from|this|next|starting|around|about)(\s+(on|at|by|in|the))*\s*"
                 r"(?=[,.!?]|$)", "", out.strip(), flags=re.I)
    out = re.sub(r"\s+([,.!?])", r"\1", out)
    return out.strip(" ,.!?;:-")


def lead(minutes: int) -> str:
    """A length of time as said: "15 minutes", "an hour", "2 hours and 30 minutes", "a day"."""
    def unit(n: int, name: str) -> str:
        return (("an " if name == "hour" else "a ") + name) if n == 1 else f"{n} {name}s"

    if minutes and minutes % 1440 == 0:
        return unit(minutes // 1440, "day")
    hours, rest = divmod(minutes, 60)
    if not hours:
        return unit(rest, "minute")
    return unit(hours, "hour") + (f" and {unit(rest, 'minute')}" if rest else "")
